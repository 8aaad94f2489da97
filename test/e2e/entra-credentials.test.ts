import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import https from "node:https";
import { join } from "node:path";
import { promisify } from "node:util";
import { createLocalJWKSet, decodeProtectedHeader, type JWTPayload, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintFederatedToken } from "../../src/emulator/entra/federated-token.js";
import { WORKLOAD_ISSUER, WORKLOAD_SUBJECT } from "../../src/emulator/scenarios/base-world.js";
import { type RunningEmulator, startEmulator } from "../../src/emulator/start-emulator.js";
import type { Application, Tenant, User } from "../../src/emulator/world/model.js";

const SCOPE = "https://cognitiveservices.azure.com/.default";
const AZURE_CLI_CLIENT_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
const FIXTURE = join(import.meta.dirname, "fixtures", "get-token.mjs");

interface CredentialOutcome {
  ok: boolean;
  tokens?: { token: string; expiresOnTimestamp: number; refreshAfterTimestamp?: number }[];
  name?: string;
  message?: string;
  statusCode?: number;
}

let emulator: RunningEmulator;
let tenant: Tenant;
let app: Application;
let alice: User;

/** A clean child environment: no proxy settings or Azure variables of the machine running the tests. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(https?_proxy|no_proxy|azure_|node_extra_ca_certs|node_options)/i.test(name)) env[name] = value;
  }
  return { ...env, NODE_EXTRA_CA_CERTS: emulator.files.caCertificate, ...extra };
}

async function runCredential(
  spec: Record<string, unknown>,
  env: Record<string, string> = {},
): Promise<CredentialOutcome> {
  const { stdout } = await promisify(execFile)(process.execPath, [FIXTURE, JSON.stringify(spec)], {
    env: childEnv(env),
    timeout: 60_000,
  });
  return JSON.parse(stdout) as CredentialOutcome;
}

const direct = () => ({ authorityHost: emulator.urls.base, disableInstanceDiscovery: true, scope: SCOPE });

function getJson(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    https
      .get(url, caOption(), (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on("end", () => resolve(JSON.parse(body)));
      })
      .on("error", reject);
  });
}

let caPem = "";
function caOption(): https.RequestOptions {
  return { ca: caPem };
}

/** Verifies the token with the keys the emulator publishes at the jwks_uri of its OIDC discovery document. */
async function verifyWithPublishedKeys(token: string): Promise<JWTPayload> {
  const discovery = (await getJson(
    `${emulator.urls.base}/${tenant.id}/v2.0/.well-known/openid-configuration`,
  )) as {
    jwks_uri: string;
  };
  const jwks = (await getJson(discovery.jwks_uri)) as Parameters<typeof createLocalJWKSet>[0];
  const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
    algorithms: ["RS256"],
    issuer: `https://sts.windows.net/${tenant.id}/`,
    audience: "https://cognitiveservices.azure.com",
  });
  return payload;
}

function onlyToken(outcome: CredentialOutcome): string {
  expect(outcome).toMatchObject({ ok: true });
  const token = outcome.tokens?.[0]?.token;
  if (token === undefined) throw new Error(`no token: ${JSON.stringify(outcome)}`);
  return token;
}

beforeAll(async () => {
  emulator = await startEmulator({ scenario: "default" });
  const { readFile } = await import("node:fs/promises");
  caPem = await readFile(emulator.files.caCertificate, "utf8");
  tenant = emulator.world.tenants[0] as Tenant;
  app = emulator.world.applications.find((a) => a.name === "app") as Application;
  alice = emulator.world.users.find((u) => u.name === "alice") as User;
});

afterAll(async () => {
  await emulator.close();
});

describe("real @azure/identity credentials against the emulator (direct mode)", () => {
  it("ClientSecretCredential gets an app token that verifies against the emulator's JWKS", async () => {
    const token = onlyToken(
      await runCredential({
        ...direct(),
        credential: "ClientSecretCredential",
        tenantId: tenant.id,
        clientId: app.clientId,
        clientSecret: app.secrets[0]?.value,
      }),
    );
    const header = decodeProtectedHeader(token);
    expect(header.alg).toBe("RS256");
    expect(header.kid).toBe(emulator.context.keys.jwks(tenant.id).keys[0]?.kid);
    const claims = await verifyWithPublishedKeys(token);
    expect(claims).toMatchObject({
      aud: "https://cognitiveservices.azure.com",
      iss: `https://sts.windows.net/${tenant.id}/`,
      appid: app.clientId,
      appidacr: "1",
      idtyp: "app",
      oid: app.objectId,
      sub: app.objectId,
      tid: tenant.id,
      ver: "1.0",
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
  });

  it("ClientCertificateCredential signs with the generated certificate written to the state dir", async () => {
    const certificatePath = emulator.files.clientCertificates["app/app-cert"];
    expect(certificatePath).toBe(join(emulator.stateDir, "app-app-cert.pem"));
    const token = onlyToken(
      await runCredential({
        ...direct(),
        credential: "ClientCertificateCredential",
        tenantId: tenant.id,
        clientId: app.clientId,
        certificatePath,
      }),
    );
    expect(await verifyWithPublishedKeys(token)).toMatchObject({
      appid: app.clientId,
      appidacr: "2",
      idtyp: "app",
    });
    const log = emulator.context.log.entries().filter((e) => e.path.includes("/oauth2/v2.0/token"));
    expect(log.at(-1)?.decision).toEqual({
      outcome: "allow",
      code: "ok",
      detail: `client_credentials (certificate) for application app (${app.clientId}), aud https://cognitiveservices.azure.com`,
    });
  });

  it("ClientAssertionCredential exchanges a federated token minted by the emulator", async () => {
    const assertion = await mintFederatedToken(emulator.context, {
      issuer: WORKLOAD_ISSUER,
      subject: WORKLOAD_SUBJECT,
    });
    const token = onlyToken(
      await runCredential({
        ...direct(),
        credential: "ClientAssertionCredential",
        tenantId: tenant.id,
        clientId: app.clientId,
        assertion,
      }),
    );
    expect(await verifyWithPublishedKeys(token)).toMatchObject({
      appid: app.clientId,
      appidacr: "2",
      oid: app.objectId,
    });
    const tokenCalls = emulator.context.log.entries().filter((e) => e.path.includes("/oauth2/v2.0/token"));
    expect(tokenCalls.at(-1)?.decision).toEqual({
      outcome: "allow",
      code: "ok",
      detail: `client_credentials (federated) for application app (${app.clientId}), aud https://cognitiveservices.azure.com`,
    });
  });

  it("WorkloadIdentityCredential reads the federated token file", async () => {
    const tokenFilePath = join(emulator.stateDir, "workload-token.jwt");
    await writeFile(
      tokenFilePath,
      await mintFederatedToken(emulator.context, { issuer: WORKLOAD_ISSUER, subject: WORKLOAD_SUBJECT }),
    );
    const token = onlyToken(
      await runCredential({
        ...direct(),
        credential: "WorkloadIdentityCredential",
        tenantId: tenant.id,
        clientId: app.clientId,
        tokenFilePath,
      }),
    );
    expect(await verifyWithPublishedKeys(token)).toMatchObject({ appid: app.clientId, idtyp: "app" });
  });

  it("UsernamePasswordCredential signs alice in (password grant, then the cache) with a user token", async () => {
    const outcome = await runCredential({
      ...direct(),
      credential: "UsernamePasswordCredential",
      tenantId: tenant.id,
      clientId: AZURE_CLI_CLIENT_ID,
      username: alice.upn,
      password: alice.password,
      times: 2,
    });
    const token = onlyToken(outcome);
    expect(outcome.tokens).toHaveLength(2);
    expect(await verifyWithPublishedKeys(token)).toMatchObject({
      appid: AZURE_CLI_CLIENT_ID,
      appidacr: "0",
      idtyp: "user",
      name: "alice",
      oid: alice.objectId,
      scp: "user_impersonation",
      upn: "alice@contoso.onmicrosoft.com",
      unique_name: "alice@contoso.onmicrosoft.com",
      ver: "1.0",
    });
  });

  it("a wrong secret fails with the real client's AuthenticationRequiredError carrying AADSTS7000215", async () => {
    const outcome = await runCredential({
      ...direct(),
      credential: "ClientSecretCredential",
      tenantId: tenant.id,
      clientId: app.clientId,
      clientSecret: app.secrets[0]?.id,
    });
    expect(outcome.ok).toBe(false);
    // @azure/identity 4.13 wraps MSAL's ServerError for invalid_client in AuthenticationRequiredError.
    expect(outcome.name).toBe("AuthenticationRequiredError");
    expect(outcome.message).toMatch(
      /^invalid_client: Error\(s\): 7000215 - Timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ - Description: /,
    );
    expect(outcome.message).toContain(
      `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
    );
  });
});

describe("proxy mode", () => {
  // MSAL knows login.microsoftonline.com's instance and endpoint metadata by heart, so the token call is the only request.
  it("ClientSecretCredential with the real authority and instance discovery on reaches the emulator through HTTPS_PROXY", async () => {
    const before = emulator.context.log.entries().length;
    const token = onlyToken(
      await runCredential(
        {
          credential: "ClientSecretCredential",
          tenantId: tenant.id,
          clientId: app.clientId,
          clientSecret: app.secrets[0]?.value,
          scope: SCOPE,
        },
        { HTTPS_PROXY: emulator.urls.http, NO_PROXY: "127.0.0.1,localhost" },
      ),
    );
    const calls = emulator.context.log.entries().slice(before);
    expect(await verifyWithPublishedKeys(token)).toMatchObject({ appid: app.clientId, tid: tenant.id });
    expect(calls.map((e) => `${e.method} ${e.host}${e.path.replace(/\?.*$/, "")} ${e.status}`)).toEqual([
      `POST login.microsoftonline.com/${tenant.id}/oauth2/v2.0/token 200`,
    ]);
  });

  it("instance discovery goes through the proxy for the emulator's own authority (the printed AZURE_AUTHORITY_HOST)", async () => {
    const before = emulator.context.log.entries().length;
    const token = onlyToken(
      await runCredential(
        {
          credential: "ClientSecretCredential",
          authorityHost: emulator.urls.base,
          tenantId: tenant.id,
          clientId: app.clientId,
          clientSecret: app.secrets[0]?.value,
          scope: SCOPE,
        },
        { HTTPS_PROXY: emulator.urls.http, NO_PROXY: "127.0.0.1,localhost" },
      ),
    );
    const calls = emulator.context.log.entries().slice(before);
    expect(await verifyWithPublishedKeys(token)).toMatchObject({ appid: app.clientId });
    const authority = `${emulator.urls.base}/${tenant.id}/oauth2/v2.0/authorize`;
    expect(
      calls.map(
        (e) => `${e.method} ${e.host}${e.path.replace(/[?&]client-request-id=[^&]*/, "")} ${e.status}`,
      ),
    ).toEqual([
      `GET login.microsoftonline.com/common/discovery/instance?api-version=1.1&authorization_endpoint=${authority} 200`,
      `GET emulator/${tenant.id}/v2.0/.well-known/openid-configuration 200`,
      `POST emulator/${tenant.id}/oauth2/v2.0/token 200`,
    ]);
  });

  it("UsernamePasswordCredential against login.microsoftonline.com through the proxy", async () => {
    const token = onlyToken(
      await runCredential(
        {
          credential: "UsernamePasswordCredential",
          tenantId: "contoso.onmicrosoft.com",
          clientId: AZURE_CLI_CLIENT_ID,
          username: alice.upn,
          password: alice.password,
          scope: SCOPE,
        },
        { HTTPS_PROXY: emulator.urls.http, NO_PROXY: "127.0.0.1,localhost" },
      ),
    );
    expect(await verifyWithPublishedKeys(token)).toMatchObject({ oid: alice.objectId, idtyp: "user" });
  });
});
