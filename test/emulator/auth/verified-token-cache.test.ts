import { decodeJwt, decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import {
  createVerifiedTokenCache,
  type VerifiedSignature,
} from "../../../src/emulator/auth/verified-token-cache.js";
import { verifyAccessToken } from "../../../src/emulator/auth/verify-access-token.js";
import { COGNITIVE, createHarness, type Harness } from "../data-plane/harness.js";
import { dataPlaneWorld } from "../data-plane/test-world.js";

const expectedAudiences = [COGNITIVE];

/** What the cache would hold for `token` in `h` (its tenant's current key). */
function signatureOf(h: Harness, token: string): VerifiedSignature {
  const claims = decodeJwt(token);
  const { kid } = decodeProtectedHeader(token);
  const tenantId = String(claims.tid);
  const key = h.ctx.keys.verificationKey(tenantId, String(kid));
  if (key === undefined) throw new Error("the token's key is not published");
  return { claims, tenantId, kid: String(kid), key, version: 1 };
}

describe("createVerifiedTokenCache", () => {
  it("keeps an entry until its exp (plus the skew) has passed, then drops it", async () => {
    const h = await createHarness(dataPlaneWorld());
    const token = await h.token("app");
    const entry = signatureOf(h, token);
    const exp = entry.claims.exp as number;
    const cache = createVerifiedTokenCache();
    cache.remember(token, entry);
    expect(cache.get(token, exp - 1, 0)).toBe(entry);
    expect(cache.get(token, exp + 299, 300)).toBe(entry);
    expect(cache.get(token, exp + 300, 300)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("never keeps a token without a numeric exp", async () => {
    const h = await createHarness(dataPlaneWorld());
    const token = await h.token("app");
    const entry = signatureOf(h, token);
    const cache = createVerifiedTokenCache();
    cache.remember(token, { ...entry, claims: { ...entry.claims, exp: undefined } });
    expect(cache.size).toBe(0);
  });

  it("is bounded, and lets the least recently used token go first", async () => {
    const h = await createHarness(dataPlaneWorld());
    const [a, b, c, d] = await Promise.all([h.token("app"), h.token("app"), h.token("app"), h.token("app")]);
    const now = Math.floor(h.ctx.clock.now() / 1000);
    const cache = createVerifiedTokenCache({ capacity: 2 });
    for (const token of [a, b]) cache.remember(token ?? "", signatureOf(h, token ?? ""));
    expect(cache.get(a ?? "", now, 0)).toBeDefined();
    cache.remember(c ?? "", signatureOf(h, c ?? ""));
    expect(cache.size).toBe(2);
    expect(cache.get(b ?? "", now, 0)).toBeUndefined();
    expect(cache.get(a ?? "", now, 0)).toBeDefined();
    expect(cache.get(c ?? "", now, 0)).toBeDefined();
    // A new token is never the one to go, however busy the others are.
    cache.remember(d ?? "", signatureOf(h, d ?? ""));
    expect(cache.size).toBe(2);
    expect(cache.get(d ?? "", now, 0)).toBeDefined();
  });

  it("answers only for the exact token: another payload under the same signature text misses", async () => {
    const h = await createHarness(dataPlaneWorld());
    const token = await h.token("app");
    const entry = signatureOf(h, token);
    const [header, payload, signature] = token.split(".");
    const forged = `${header}.${payload}e30.${signature}`;
    const cache = createVerifiedTokenCache();
    cache.remember(token, entry);
    expect(cache.has(token)).toBe(true);
    expect(cache.has(forged)).toBe(false);
    expect(cache.get(forged, 0, 0)).toBeUndefined();
    cache.forget(forged);
    expect(cache.get(token, 0, 0)).toBe(entry);
    cache.forget(token);
    expect(cache.has(token)).toBe(false);
  });

  it("refuses a capacity that is not a positive integer", () => {
    expect(() => createVerifiedTokenCache({ capacity: 0 })).toThrow(
      "verified token cache: capacity must be a positive integer, got 0",
    );
  });
});

describe("verifyAccessToken with a cache", () => {
  it("remembers a verified signature, keyed by the exact token", async () => {
    const h = await createHarness(dataPlaneWorld());
    const token = await h.token("app");
    const cache = createVerifiedTokenCache();
    expect(await verifyAccessToken(token, h.ctx, { expectedAudiences, cache })).toMatchObject({ ok: true });
    expect(cache.size).toBe(1);
    // Another signature on the same header and claims is another token: checked, and refused.
    const forged = `${token.slice(0, token.lastIndexOf("."))}.${"A".repeat(342)}`;
    expect(await verifyAccessToken(forged, h.ctx, { expectedAudiences, cache })).toMatchObject({
      ok: false,
      failure: "signature",
    });
    expect(cache.size).toBe(1);
  });

  it("skips the signature check (only) for a cached token", async () => {
    const h = await createHarness(dataPlaneWorld());
    const token = await h.token("app");
    // A cache entry for a token whose signature would not verify: trusted while its key is published.
    const unsigned = `${token.slice(0, token.lastIndexOf("."))}.bm90LWEtc2lnbmF0dXJl`;
    const cache = createVerifiedTokenCache();
    cache.remember(unsigned, signatureOf(h, token));
    expect(await verifyAccessToken(unsigned, h.ctx, { expectedAudiences, cache })).toMatchObject({
      ok: true,
    });
    // Everything else is checked again on every call: the audience ...
    expect(
      await verifyAccessToken(unsigned, h.ctx, { expectedAudiences: ["https://ai.azure.com"], cache }),
    ).toMatchObject({ ok: false, failure: "audience" });
    // ... and the lifetime on the emulator's clock: an expired token leaves the cache, so the
    // unsigned one is refused and a real one is refused as expired.
    const real = await h.token("app");
    expect(await verifyAccessToken(real, h.ctx, { expectedAudiences, cache })).toMatchObject({ ok: true });
    h.ctx.clock.advance(h.ctx.world.tokenLifetimeMs + 10 * 60_000);
    expect(await verifyAccessToken(unsigned, h.ctx, { expectedAudiences, cache })).toMatchObject({
      ok: false,
    });
    expect(await verifyAccessToken(real, h.ctx, { expectedAudiences, cache })).toMatchObject({
      ok: false,
      failure: "lifetime",
    });
  });

  it("stops trusting a cached token once a key rotation has dropped its key", async () => {
    const h = await createHarness(dataPlaneWorld());
    const token = await h.token("app");
    const { tid } = decodeJwt(token);
    const cache = createVerifiedTokenCache();
    expect(await verifyAccessToken(token, h.ctx, { expectedAudiences, cache })).toMatchObject({ ok: true });
    // One rotation keeps the old key published (as Entra does during a rollover) ...
    await h.ctx.keys.rotate(String(tid));
    expect(await verifyAccessToken(token, h.ctx, { expectedAudiences, cache })).toMatchObject({ ok: true });
    // ... the second drops it.
    await h.ctx.keys.rotate(String(tid));
    const refused = await verifyAccessToken(token, h.ctx, { expectedAudiences, cache });
    expect(refused).toMatchObject({ ok: false, failure: "signature" });
    expect(refused.ok ? "" : refused.reason).toMatch(/^signature: unknown kid "[^"]+" for tenant /);
    expect(cache.size).toBe(0);
  });

  it("does not trust an entry made with another emulator's key", async () => {
    const [one, two] = await Promise.all([createHarness(dataPlaneWorld()), createHarness(dataPlaneWorld())]);
    const token = await one.token("app");
    const cache = createVerifiedTokenCache();
    expect(await verifyAccessToken(token, one.ctx, { expectedAudiences, cache })).toMatchObject({ ok: true });
    expect(await verifyAccessToken(token, two.ctx, { expectedAudiences, cache })).toMatchObject({
      ok: false,
      failure: "signature",
    });
  });
});
