import {
  type CryptoKey,
  decodeJwt,
  exportSPKI,
  generateKeyPair,
  importJWK,
  type JWTPayload,
  SignJWT,
} from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyAccessToken } from "../../../src/emulator/auth/verify-access-token.js";
import { COGNITIVE, createHarness, type Harness } from "../data-plane/harness.js";
import { dataPlaneWorld } from "../data-plane/test-world.js";

const expectedAudiences = [COGNITIVE];

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

describe("verifyAccessToken", () => {
  let h: Harness;
  let good: string;
  let claims: JWTPayload;
  let tenantId: string;
  let now: number;

  beforeAll(async () => {
    h = await createHarness(dataPlaneWorld());
    good = await h.token("app");
    claims = decodeJwt(good);
    tenantId = h.principal("app").tenantId;
    now = Math.floor(h.ctx.clock.now() / 1000);
  });

  const verify = (token: string, audiences = expectedAudiences) =>
    verifyAccessToken(token, h.ctx, { expectedAudiences: audiences });

  it("accepts an emulator token and names the principal", async () => {
    const result = await verify(good);
    expect(result).toMatchObject({
      ok: true,
      tenantId,
      principalId: h.principal("app").objectId,
      version: 1,
    });
    expect(result.ok && result.principal?.name).toBe("app");
  });

  it("accepts a v2 token and an audience with a trailing slash", async () => {
    const v2 = await h.token("app", `${COGNITIVE}/`, 2);
    expect(await verify(v2)).toMatchObject({ ok: true, version: 2 });
  });

  describe("JWT attack suite", () => {
    it("alg none", async () => {
      const token = `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
      expect(await verify(token)).toEqual({
        ok: false,
        failure: "algorithm",
        reason: 'algorithm: "none" is not RS256',
      });
    });

    it("HS256 signed with the tenant's public key as the HMAC secret", async () => {
      const jwk = h.ctx.keys.jwks(tenantId).keys[0] as Record<string, unknown>;
      const pem = await exportSPKI(
        (await importJWK({ kty: "RSA", n: jwk.n as string, e: jwk.e as string }, "RS256")) as CryptoKey,
      );
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: jwk.kid as string })
        .sign(new TextEncoder().encode(pem));
      expect(await verify(token)).toEqual({
        ok: false,
        failure: "algorithm",
        reason: 'algorithm: "HS256" is not RS256',
      });
    });

    it("RS256 with an unknown kid", async () => {
      const { privateKey } = await generateKeyPair("RS256");
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid: "attacker-key" })
        .sign(privateKey);
      expect(await verify(token)).toEqual({
        ok: false,
        failure: "signature",
        reason: `signature: unknown kid "attacker-key" for tenant ${tenantId}`,
      });
    });

    it("RS256 signed by our key pair under the tenant's kid", async () => {
      const { privateKey } = await generateKeyPair("RS256");
      const kid = (h.ctx.keys.jwks(tenantId).keys[0] as { kid: string }).kid;
      const token = await new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid }).sign(privateKey);
      expect(await verify(token)).toEqual({
        ok: false,
        failure: "signature",
        reason: `signature: does not verify with kid "${kid}" of tenant ${tenantId}`,
      });
    });

    it("signed with another tenant's key", async () => {
      const other = h.principal("foreign-app").tenantId;
      const token = await h.ctx.keys.sign(other, claims);
      const result = await verify(token);
      expect(result).toMatchObject({ ok: false, failure: "signature" });
      expect(!result.ok && result.reason).toMatch(/^signature: unknown kid ".+" for tenant /);
    });

    it("tampered payload (oid swapped to another principal)", async () => {
      const [header, , signature] = good.split(".");
      const token = `${header}.${b64({ ...claims, oid: h.principal("alice").objectId })}.${signature}`;
      expect(await verify(token)).toMatchObject({ ok: false, failure: "signature" });
    });

    it("expired beyond the 5 minute skew, accepted within it", async () => {
      const expired = await h.ctx.keys.sign(tenantId, { ...claims, exp: now - 301 });
      expect(await verify(expired)).toEqual({
        ok: false,
        failure: "lifetime",
        reason: `lifetime: expired at ${now - 301} (now ${now})`,
      });
      const late = await h.ctx.keys.sign(tenantId, { ...claims, exp: now - 299 });
      expect(await verify(late)).toMatchObject({ ok: true });
    });

    it("not yet valid beyond the skew", async () => {
      const future = await h.ctx.keys.sign(tenantId, { ...claims, nbf: now + 301 });
      expect(await verify(future)).toEqual({
        ok: false,
        failure: "lifetime",
        reason: `lifetime: not valid before ${now + 301} (now ${now})`,
      });
    });

    it("missing exp", async () => {
      const { exp: _exp, ...rest } = claims;
      const token = await h.ctx.keys.sign(tenantId, rest);
      expect(await verify(token)).toEqual({
        ok: false,
        failure: "lifetime",
        reason: "lifetime: missing exp",
      });
    });

    it("wrong audience, including the management audience", async () => {
      const graph = await h.token("app", "https://graph.microsoft.com");
      expect(await verify(graph)).toEqual({
        ok: false,
        failure: "audience",
        reason: 'audience: "https://graph.microsoft.com" is not one of "https://cognitiveservices.azure.com"',
      });
      const arm = await h.token("app", "https://management.azure.com/");
      expect(await verify(arm)).toMatchObject({ ok: false, failure: "audience" });
    });

    it("issuer of another tenant than tid, or not Entra's", async () => {
      const other = h.principal("foreign-app").tenantId;
      const mismatched = await h.ctx.keys.sign(tenantId, { ...claims, tid: other });
      expect(await verify(mismatched)).toEqual({
        ok: false,
        failure: "issuer",
        reason: `issuer: tid claim "${other}" does not match issuer tenant ${tenantId}`,
      });
      const foreignHost = await h.ctx.keys.sign(tenantId, {
        ...claims,
        iss: `https://evil.example/${tenantId}/`,
      });
      expect(await verify(foreignHost)).toEqual({
        ok: false,
        failure: "issuer",
        reason: `issuer: "https://evil.example/${tenantId}/" is not the issuer of tenant ${tenantId} ("https://sts.windows.net/${tenantId}/")`,
      });
      const unknown = await h.ctx.keys.sign(tenantId, {
        ...claims,
        iss: "https://sts.windows.net/00000000-0000-0000-0000-000000000001/",
      });
      expect(await verify(unknown)).toEqual({
        ok: false,
        failure: "issuer",
        reason: "issuer: unknown tenant 00000000-0000-0000-0000-000000000001",
      });
    });

    it("a key rotated out of the JWKS; the previous key stays valid for one rotation", async () => {
      const own = await createHarness(dataPlaneWorld());
      const token = await own.token("app");
      const tid = own.principal("app").tenantId;
      await own.ctx.keys.rotate(tid);
      expect(await verifyAccessToken(token, own.ctx, { expectedAudiences })).toMatchObject({ ok: true });
      await own.ctx.keys.rotate(tid);
      expect(await verifyAccessToken(token, own.ctx, { expectedAudiences })).toMatchObject({
        ok: false,
        failure: "signature",
      });
    });

    it("not a JWT at all", async () => {
      expect(await verify("0123456789abcdef")).toEqual({
        ok: false,
        failure: "malformed",
        reason: "malformed: not a compact JWS (header.payload.signature)",
      });
      expect(await verify("e30.bm90LWpzb24.c2ln")).toMatchObject({ ok: false, failure: "malformed" });
    });
  });
});
