import { beforeAll, describe, expect, it } from "vitest";
import { BASE, createTestEmulator, readEntraError, type TestEmulator } from "./test-emulator.js";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await createTestEmulator();
});

describe("OpenID Connect discovery", () => {
  it("v2: endpoints at the emulator's origin, the tenant's real issuer, the tenant id even when asked by domain", async () => {
    const response = await emu.send("/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const doc = (await response.json()) as Record<string, unknown>;
    const t = emu.tenant.id;
    expect(doc).toMatchObject({
      token_endpoint: `${BASE}/${t}/oauth2/v2.0/token`,
      jwks_uri: `${BASE}/${t}/discovery/v2.0/keys`,
      issuer: `https://login.microsoftonline.com/${t}/v2.0`,
      authorization_endpoint: `${BASE}/${t}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${BASE}/${t}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${BASE}/${t}/oauth2/v2.0/logout`,
      id_token_signing_alg_values_supported: ["RS256"],
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      cloud_instance_name: "microsoftonline.com",
    });
  });

  it("in proxy mode the endpoints name the real host; common keeps the {tenantid} placeholder", async () => {
    const doc = (await (
      await emu.send("/common/v2.0/.well-known/openid-configuration", { host: "login.microsoftonline.com" })
    ).json()) as Record<string, string>;
    expect(doc.issuer).toBe("https://login.microsoftonline.com/{tenantid}/v2.0");
    expect(doc.token_endpoint).toBe("https://login.microsoftonline.com/common/oauth2/v2.0/token");
  });

  it("v1: sts.windows.net issuer and the v1 token endpoint", async () => {
    const doc = (await (
      await emu.send(`/${emu.tenant.id}/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    expect(doc.issuer).toBe(`https://sts.windows.net/${emu.tenant.id}/`);
    expect(doc.token_endpoint).toBe(`${BASE}/${emu.tenant.id}/oauth2/token`);
    expect(doc.jwks_uri).toBe(`${BASE}/common/discovery/keys`);
  });

  it("unknown tenant: AADSTS90002 invalid_tenant in Entra's shape", async () => {
    const response = await emu.send(
      "/7d0c8e2a-5b1f-4e6a-9c3d-2f8e1a0b4c6d/v2.0/.well-known/openid-configuration",
    );
    expect(response.status).toBe(400);
    const { body, message } = await readEntraError(response);
    expect(body.error).toBe("invalid_tenant");
    expect(message).toBe(
      "AADSTS90002: Tenant '7d0c8e2a-5b1f-4e6a-9c3d-2f8e1a0b4c6d' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.",
    );
  });
});

describe("JWKS", () => {
  it("publishes the tenant's RS256 key with kid, x5t, x5c and the v2 issuer", async () => {
    const response = await emu.send(`/${emu.tenant.id}/discovery/v2.0/keys`);
    const { keys } = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    const [key] = keys;
    expect(Object.keys(key ?? {})).toEqual(["kty", "use", "kid", "x5t", "n", "e", "x5c", "issuer"]);
    expect(key).toMatchObject({
      kty: "RSA",
      use: "sig",
      e: "AQAB",
      issuer: `https://login.microsoftonline.com/${emu.tenant.id}/v2.0`,
    });
    expect(key?.kid).toBe(key?.x5t);
    const v1 = (await (await emu.send("/common/discovery/keys")).json()) as {
      keys: Record<string, unknown>[];
    };
    expect(v1.keys.map((k) => k.kid)).toEqual([key?.kid]);
    expect(v1.keys[0]?.issuer).toBeUndefined();
  });

  it("keeps the previous key published after a rotation", async () => {
    const before = emu.ctx.keys.jwks(emu.tenant.id).keys.map((k) => k.kid);
    await emu.ctx.keys.rotate(emu.tenant.id);
    const after = (
      (await (await emu.send(`/${emu.tenant.id}/discovery/v2.0/keys`)).json()) as { keys: { kid: string }[] }
    ).keys.map((k) => k.kid);
    expect(after).toHaveLength(2);
    expect(after[1]).toBe(before[0]);
    expect(after[0]).not.toBe(before[0]);
  });
});

describe("instance discovery", () => {
  it("knows Entra's hosts and returns the cloud metadata MSAL caches", async () => {
    const authority = encodeURIComponent(
      `https://login.microsoftonline.com/${emu.tenant.id}/oauth2/v2.0/authorize`,
    );
    const response = await emu.send(
      `/common/discovery/instance?api-version=1.1&authorization_endpoint=${authority}`,
      {
        host: "login.microsoftonline.com",
      },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      tenant_discovery_endpoint: string;
      metadata: { preferred_network: string; aliases: string[] }[];
    };
    expect(body.tenant_discovery_endpoint).toBe(
      `https://login.microsoftonline.com/${emu.tenant.id}/v2.0/.well-known/openid-configuration`,
    );
    expect(body.metadata[0]).toEqual({
      preferred_network: "login.microsoftonline.com",
      preferred_cache: "login.windows.net",
      aliases: ["login.microsoftonline.com", "login.windows.net", "login.microsoft.com", "sts.windows.net"],
    });
  });

  it("treats the emulator's own origin as an instance", async () => {
    const authority = encodeURIComponent(`${BASE}/${emu.tenant.id}/oauth2/v2.0/authorize`);
    const body = (await (
      await emu.send(`/common/discovery/instance?api-version=1.1&authorization_endpoint=${authority}`)
    ).json()) as {
      tenant_discovery_endpoint: string;
      metadata: { aliases: string[] }[];
    };
    expect(body.tenant_discovery_endpoint).toBe(
      `${BASE}/${emu.tenant.id}/v2.0/.well-known/openid-configuration`,
    );
    expect(body.metadata.at(-1)).toEqual({
      preferred_network: "127.0.0.1:8443",
      preferred_cache: "127.0.0.1:8443",
      aliases: ["127.0.0.1:8443"],
    });
  });

  it("puts the port back for the emulator's host name without one (what MSAL Python sends)", async () => {
    const authority = encodeURIComponent(`https://127.0.0.1/${emu.tenant.id}/oauth2/v2.0/authorize`);
    const response = await emu.send(
      `/common/discovery/instance?api-version=1.0&authorization_endpoint=${authority}`,
      { host: "login.microsoftonline.com" },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { tenant_discovery_endpoint: string };
    expect(body.tenant_discovery_endpoint).toBe(
      `${BASE}/${emu.tenant.id}/v2.0/.well-known/openid-configuration`,
    );
  });

  it("AADSTS50049 for the emulator's host name on another port, and for another loopback name", async () => {
    for (const host of ["127.0.0.1:9999", "localhost"]) {
      const authority = encodeURIComponent(`https://${host}/${emu.tenant.id}/oauth2/v2.0/authorize`);
      const response = await emu.send(
        `/common/discovery/instance?api-version=1.0&authorization_endpoint=${authority}`,
        { host: "login.microsoftonline.com" },
      );
      expect(response.status).toBe(400);
      expect((await readEntraError(response)).body.error).toBe("invalid_instance");
    }
  });

  it("AADSTS50049 invalid_instance for any other host", async () => {
    const authority = encodeURIComponent("https://login.example.com/t/oauth2/v2.0/authorize");
    const response = await emu.send(
      `/common/discovery/instance?api-version=1.1&authorization_endpoint=${authority}`,
    );
    expect(response.status).toBe(400);
    const { body, message } = await readEntraError(response);
    expect(body.error).toBe("invalid_instance");
    expect(message).toBe("AADSTS50049: Unknown or invalid instance.");
  });
});

describe("what the surface does not emulate, and faults", () => {
  it("answers interactive endpoints with a 404 that says why", async () => {
    const response = await emu.send(`/${emu.tenant.id}/oauth2/v2.0/authorize?client_id=x`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: "not_found",
      error_description: `The emulator does not emulate /${emu.tenant.id}/oauth2/v2.0/authorize: interactive sign-in needs a browser. Use a client secret, certificate, federated token, password or managed identity credential.`,
    });
  });

  it("applies an injected entra fault once, with its status, headers and a default body", async () => {
    emu.ctx.world.faults.push({
      id: "f1",
      target: "entra",
      status: 503,
      remaining: 1,
      headers: { "retry-after": "3" },
    });
    const faulted = await emu.send(`/${emu.tenant.id}/discovery/v2.0/keys`);
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get("retry-after")).toBe("3");
    expect(await faulted.json()).toEqual({
      error: "temporarily_unavailable",
      error_description: "The keyless emulator injected HTTP 503 (fault f1).",
    });
    expect((await emu.send(`/${emu.tenant.id}/discovery/v2.0/keys`)).status).toBe(200);
    expect(emu.ctx.world.faults).toEqual([]);
  });
});
