import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { entraTimestamp, responseIds } from "../../../src/emulator/entra/entra-error.js";
import {
  createTestEmulator,
  defaultWorld,
  START,
  sequentialIds,
  type TestEmulator,
} from "./test-emulator.js";

const NOW_S = Math.floor(START / 1000);
const SECRET = "app-secret";

let emu: TestEmulator;
beforeAll(async () => {
  const world = defaultWorld();
  const app = world.applications?.[0];
  if (app !== undefined) app.secrets = [{ value: SECRET }];
  emu = await createTestEmulator(world);
});

async function appToken(scope: string): Promise<string> {
  const response = await emu.token(emu.tenant.id, {
    client_id: emu.app.clientId,
    client_secret: SECRET,
    scope,
    grant_type: "client_credentials",
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

describe("access token claims", () => {
  it("an application's v1 token for cognitive services has Entra's claims and verifies with the tenant's JWKS", async () => {
    const token = await appToken("https://cognitiveservices.azure.com/.default");
    const header = decodeProtectedHeader(token);
    const kid = emu.ctx.keys.jwks(emu.tenant.id).keys[0]?.kid;
    expect(header).toEqual({ typ: "JWT", alg: "RS256", x5t: kid, kid });
    const { payload } = await jwtVerify(token, createLocalJWKSet(emu.ctx.keys.jwks(emu.tenant.id) as never), {
      algorithms: ["RS256"],
      currentDate: new Date(START),
    });
    expect(Object.keys(payload)).toEqual([
      "aud",
      "iss",
      "iat",
      "nbf",
      "exp",
      "aio",
      "appid",
      "appidacr",
      "idp",
      "idtyp",
      "oid",
      "rh",
      "sub",
      "tid",
      "uti",
      "ver",
    ]);
    expect(payload).toMatchObject({
      aud: "https://cognitiveservices.azure.com",
      iss: `https://sts.windows.net/${emu.tenant.id}/`,
      iat: NOW_S,
      nbf: NOW_S,
      exp: NOW_S + 3600,
      appid: emu.app.clientId,
      appidacr: "1",
      idp: `https://sts.windows.net/${emu.tenant.id}/`,
      idtyp: "app",
      oid: emu.app.objectId,
      sub: emu.app.objectId,
      tid: emu.tenant.id,
      ver: "1.0",
    });
    expect(payload.uti).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(payload.rh).toMatch(/^0\.A[A-Za-z0-9_-]{22}\.$/);
  });

  it("keeps the audience as requested (a trailing slash stays)", async () => {
    expect(decodeJwt(await appToken("https://management.azure.com//.default")).aud).toBe(
      "https://management.azure.com/",
    );
  });

  it("v2 tokens use the login host issuer, azp and azpacr; user tokens carry scp, name and upn", async () => {
    const issue = (version: 1 | 2, principal: typeof emu.user | typeof emu.app) =>
      emu.ctx.tokens.issueAccessToken({
        tenantId: emu.tenant.id,
        principal,
        resource: "https://cognitiveservices.azure.com",
        scopes: ["https://cognitiveservices.azure.com/.default"],
        version,
      });
    const appV2 = decodeJwt((await issue(2, emu.app)).accessToken);
    expect(appV2).toMatchObject({
      iss: `https://login.microsoftonline.com/${emu.tenant.id}/v2.0`,
      azp: emu.app.clientId,
      azpacr: "1",
      idtyp: "app",
      ver: "2.0",
    });
    expect(appV2.appid).toBeUndefined();
    const userV1 = decodeJwt((await issue(1, emu.user)).accessToken);
    expect(userV1).toMatchObject({
      appid: "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
      appidacr: "0",
      amr: ["pwd"],
      idtyp: "user",
      name: "alice",
      oid: emu.user.objectId,
      scp: "user_impersonation",
      unique_name: "alice@contoso.onmicrosoft.com",
      upn: "alice@contoso.onmicrosoft.com",
      ver: "1.0",
    });
    expect(userV1.sub).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(userV1.sub).not.toBe(emu.user.objectId);
    const userV2 = decodeJwt((await issue(2, emu.user)).accessToken);
    expect(userV2).toMatchObject({
      preferred_username: "alice@contoso.onmicrosoft.com",
      azpacr: "0",
      ver: "2.0",
    });
    expect(userV2.upn).toBeUndefined();
  });

  it("managed identity tokens are app tokens with xms_mirid, through the shared token service", async () => {
    const mi = emu.ctx.world.managedIdentities[0];
    if (mi === undefined) throw new Error("no managed identity");
    const issued = await emu.ctx.tokens.issueAccessToken({
      tenantId: emu.tenant.id,
      principal: mi,
      resource: "https://cognitiveservices.azure.com",
    });
    expect(issued).toMatchObject({
      expiresIn: 3600,
      extExpiresIn: 3600,
      refreshIn: 0,
      expiresOn: NOW_S + 3600,
      notBefore: NOW_S,
    });
    expect(decodeJwt(issued.accessToken)).toMatchObject({
      appid: mi.clientId,
      appidacr: "2",
      idtyp: "app",
      oid: mi.objectId,
      xms_mirid: mi.resourceId,
    });
  });

  it("times follow the emulated clock, and lifetimes of two hours or more get refresh_in of half", async () => {
    const world = defaultWorld();
    world.tokenLifetimeMinutes = 240;
    const app = world.applications?.[0];
    if (app !== undefined) app.secrets = [{ value: SECRET }];
    const long = await createTestEmulator(world);
    long.ctx.clock.advance(30_000);
    const response = await long.token(long.tenant.id, {
      client_id: long.app.clientId,
      client_secret: SECRET,
      scope: "https://cognitiveservices.azure.com/.default",
      grant_type: "client_credentials",
    });
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual([
      "token_type",
      "expires_in",
      "ext_expires_in",
      "refresh_in",
      "access_token",
    ]);
    expect(body).toMatchObject({ expires_in: 14400, ext_expires_in: 14400, refresh_in: 7200 });
    expect(decodeJwt(String(body.access_token))).toMatchObject({ iat: NOW_S + 30, exp: NOW_S + 30 + 14400 });
  });

  it("the v1 token endpoint takes resource and answers Entra's v1 shape (string numbers, expires_on, resource)", async () => {
    const response = await emu.send(`/${emu.tenant.id}/oauth2/token`, {
      method: "POST",
      body: new URLSearchParams({
        client_id: emu.app.clientId,
        client_secret: SECRET,
        resource: "https://cognitiveservices.azure.com",
        grant_type: "client_credentials",
      }).toString(),
    });
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      token_type: "Bearer",
      expires_in: "3600",
      ext_expires_in: "3600",
      expires_on: String(NOW_S + 3600),
      not_before: String(NOW_S),
      resource: "https://cognitiveservices.azure.com",
    });
    expect(decodeJwt(String(body.access_token)).aud).toBe("https://cognitiveservices.azure.com");
  });
});

describe("Entra response helpers", () => {
  it("formats timestamps as yyyy-mm-dd hh:mm:ssZ", () => {
    expect(entraTimestamp(Date.UTC(2022, 2, 2, 18, 25, 26, 900))).toBe("2022-03-02 18:25:26Z");
  });

  it("echoes a GUID client-request-id (header or query) as the correlation id", () => {
    const newId = sequentialIds();
    const url = new URL(
      "https://x/t/oauth2/v2.0/token?client-request-id=ABCDEF01-2345-4678-9ABC-DEF012345678",
    );
    expect(responseIds({ headers: new Headers(), url }, newId)).toEqual({
      traceId: "00000000-0000-4000-8000-000000000001",
      correlationId: "abcdef01-2345-4678-9abc-def012345678",
    });
    expect(
      responseIds(
        { headers: new Headers({ "client-request-id": "not-a-guid" }), url: new URL("https://x/") },
        newId,
      ),
    ).toEqual({
      traceId: "00000000-0000-4000-8000-000000000002",
      correlationId: "00000000-0000-4000-8000-000000000003",
    });
  });
});
