import { decodeJwt } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestEmulator, defaultWorld, readEntraError, type TestEmulator } from "./test-emulator.js";

const SCOPE = "https://cognitiveservices.azure.com/.default";
const AZURE_CLI = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

let emu: TestEmulator;
beforeAll(async () => {
  const world = defaultWorld();
  world.users?.push(
    { name: "dave", tenant: "contoso", password: "pw", disabled: true },
    { name: "erin", tenant: "contoso", password: "pw", passwordExpired: true },
    { name: "mallory", tenant: "contoso", password: "pw", mfaRequired: true },
    { name: "oscar", tenant: "contoso", password: "pw", blockedByConditionalAccess: true },
  );
  emu = await createTestEmulator(world);
});

function password(username: string, pass: string, extra: Record<string, string> = {}) {
  return emu.token(emu.tenant.id, {
    client_id: AZURE_CLI,
    username,
    password: pass,
    scope: `${SCOPE} openid profile offline_access`,
    grant_type: "password",
    client_info: "1",
    ...extra,
  });
}

describe("password grant (ROPC)", () => {
  it("returns what MSAL needs for a user: access, refresh and ID tokens, client_info and the granted scope", async () => {
    const response = await password("Alice@contoso.onmicrosoft.com", "Alice-Passw0rd!");
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, string | number>;
    expect(Object.keys(body)).toEqual([
      "token_type",
      "expires_in",
      "ext_expires_in",
      "access_token",
      "scope",
      "refresh_token",
      "id_token",
      "client_info",
    ]);
    expect(body.scope).toBe("https://cognitiveservices.azure.com/user_impersonation");
    expect(String(body.refresh_token)).toMatch(/^1\./);
    expect(JSON.parse(Buffer.from(String(body.client_info), "base64url").toString())).toEqual({
      uid: emu.user.objectId,
      utid: emu.tenant.id,
    });
    expect(decodeJwt(String(body.id_token))).toEqual({
      aud: AZURE_CLI,
      iss: `https://login.microsoftonline.com/${emu.tenant.id}/v2.0`,
      iat: 1748779200,
      nbf: 1748779200,
      exp: 1748782800,
      name: "alice",
      oid: emu.user.objectId,
      preferred_username: "alice@contoso.onmicrosoft.com",
      rh: "0.A.",
      sub: emu.user.objectId,
      tid: emu.tenant.id,
      ver: "2.0",
    });
  });

  it("accepts the world's own application as a public client, and authenticates it when it sends a secret", async () => {
    expect(
      (await password("alice@contoso.onmicrosoft.com", "Alice-Passw0rd!", { client_id: emu.app.clientId }))
        .status,
    ).toBe(200);
    const wrongSecret = await password("alice@contoso.onmicrosoft.com", "Alice-Passw0rd!", {
      client_id: emu.app.clientId,
      client_secret: "nope",
    });
    expect((await readEntraError(wrongSecret)).body.error_codes).toEqual([7000215]);
    const unknownClient = await password("alice@contoso.onmicrosoft.com", "Alice-Passw0rd!", {
      client_id: "11111111-2222-4333-8444-555555555555",
    });
    expect((await readEntraError(unknownClient)).body.error_codes).toEqual([700016]);
  });

  it("AADSTS50034 for an unknown user, AADSTS50126 for a wrong password", async () => {
    const unknown = await readEntraError(await password("zed@contoso.onmicrosoft.com", "x"));
    expect(unknown.body.error).toBe("invalid_grant");
    expect(unknown.message).toBe(
      `AADSTS50034: The user account {EUII Hidden} does not exist in the ${emu.tenant.id} directory. To sign into this application, the account must be added to the directory.`,
    );
    const wrong = await password("alice@contoso.onmicrosoft.com", "Alice-Passw0rd");
    expect(wrong.status).toBe(400);
    const { body, message } = await readEntraError(wrong);
    expect(body.error).toBe("invalid_grant");
    expect(message).toBe("AADSTS50126: Error validating credentials due to invalid username or password.");
  });

  it("AADSTS50057 disabled, AADSTS50055 expired password, AADSTS50076 MFA (basic_action), AADSTS53003 conditional access", async () => {
    const cases = [
      ["dave", "AADSTS50057: The user account is disabled."],
      ["erin", "AADSTS50055: The password is expired."],
      [
        "mallory",
        "AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '7d312290-28c8-473c-a0ed-8e53749b6d6d'.",
      ],
      [
        "oscar",
        "AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.",
      ],
    ] as const;
    for (const [name, expected] of cases) {
      const response = await password(`${name}@contoso.onmicrosoft.com`, "pw");
      expect(response.status).toBe(400);
      const { body, message } = await readEntraError(response);
      expect(body.error).toBe("invalid_grant");
      expect(message).toBe(expected);
      if (name === "mallory") expect(body.suberror).toBe("basic_action");
      else expect(body.suberror).toBeUndefined();
    }
  });

  it("finds the user's tenant from the username at organizations", async () => {
    const response = await emu.token("organizations", {
      client_id: AZURE_CLI,
      username: "alice@contoso.onmicrosoft.com",
      password: "Alice-Passw0rd!",
      scope: SCOPE,
      grant_type: "password",
    });
    expect(response.status).toBe(200);
    const claims = decodeJwt(String(((await response.json()) as { access_token: string }).access_token));
    expect(claims.tid).toBe(emu.tenant.id);
  });
});

describe("refresh token grant", () => {
  async function refreshToken(): Promise<string> {
    const body = (await (await password("alice@contoso.onmicrosoft.com", "Alice-Passw0rd!")).json()) as {
      refresh_token: string;
    };
    return body.refresh_token;
  }

  it("renews the user's token, for another resource too", async () => {
    const response = await emu.token(emu.tenant.id, {
      client_id: AZURE_CLI,
      refresh_token: await refreshToken(),
      scope: "https://management.azure.com/.default openid offline_access",
      grant_type: "refresh_token",
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string; scope: string };
    expect(body.scope).toBe("https://management.azure.com/user_impersonation");
    expect(decodeJwt(body.access_token)).toMatchObject({
      aud: "https://management.azure.com",
      oid: emu.user.objectId,
    });
  });

  it("AADSTS9002313 for a token it did not issue or another client's, AADSTS70008 once expired", async () => {
    const token = await refreshToken();
    const forged = await emu.token(emu.tenant.id, {
      client_id: AZURE_CLI,
      refresh_token: "1.not-a-token",
      scope: SCOPE,
      grant_type: "refresh_token",
    });
    expect((await readEntraError(forged)).message).toBe(
      "AADSTS9002313: Invalid request. Request is malformed or invalid.",
    );
    const otherClient = await emu.token(emu.tenant.id, {
      client_id: "1950a258-227b-4e31-a9cf-717495945fc2",
      refresh_token: token,
      scope: SCOPE,
      grant_type: "refresh_token",
    });
    expect((await readEntraError(otherClient)).body.error_codes).toEqual([9002313]);
    emu.ctx.clock.advance(91 * 24 * 60 * 60 * 1000);
    const expired = await emu.token(emu.tenant.id, {
      client_id: AZURE_CLI,
      refresh_token: token,
      scope: SCOPE,
      grant_type: "refresh_token",
    });
    const { body, message } = await readEntraError(expired);
    expect(body.error).toBe("invalid_grant");
    expect(message).toBe(
      "AADSTS70008: The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
    );
  });
});
