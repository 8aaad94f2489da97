import { createPrivateKey, generateKeyPairSync } from "node:crypto";
import { type JWTPayload, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { FEDERATED_ISSUER_KEY_SET, mintFederatedToken } from "../../../src/emulator/entra/federated-token.js";
import {
  PIPELINES_ISSUER,
  PIPELINES_SUBJECT,
  WORKLOAD_ISSUER,
  WORKLOAD_SUBJECT,
} from "../../../src/emulator/scenarios/base-world.js";
import {
  BASE,
  createTestEmulator,
  defaultWorld,
  readEntraError,
  START,
  type TestEmulator,
} from "./test-emulator.js";

const SCOPE = "https://cognitiveservices.azure.com/.default";
const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

let emu: TestEmulator;
beforeAll(async () => {
  const world = defaultWorld();
  const app = world.applications?.[0];
  if (app === undefined) throw new Error("no app");
  app.secrets = [
    { value: "chat-app-secret-value-9Q~local" },
    { id: "7a1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d", value: "old-secret", expiresInMinutes: -1 },
  ];
  world.applications?.push(
    { name: "expired-app", tenant: "contoso", secrets: [{ value: "only-expired", expiresInMinutes: -10 }] },
    { name: "disabled-app", tenant: "contoso", secrets: [{ value: "s" }], disabled: true },
  );
  emu = await createTestEmulator(world);
});

async function certificateAssertion(
  emulator: TestEmulator,
  overrides: { header?: Record<string, unknown>; payload?: JWTPayload; key?: string } = {},
): Promise<string> {
  const cert = emulator.app.certificates[0];
  if (cert?.privateKeyPem === undefined) throw new Error("no generated certificate");
  const now = Math.floor(START / 1000);
  return new SignJWT({
    aud: `${BASE}/${emulator.tenant.id}/oauth2/v2.0/token`,
    iss: emulator.app.clientId,
    sub: emulator.app.clientId,
    jti: "c1b8d0f2-6d0e-4c1f-9a53-0d8a2e7f4b61",
    nbf: now,
    exp: now + 600,
    ...overrides.payload,
  })
    .setProtectedHeader({ alg: "PS256", typ: "JWT", "x5t#S256": cert.x5tS256, ...overrides.header })
    .sign(createPrivateKey(overrides.key ?? cert.privateKeyPem));
}

describe("client credentials with a secret", () => {
  it("issues a v1 app token for the cognitive services resource", async () => {
    const response = await emu.token(emu.tenant.id, {
      client_id: emu.app.clientId,
      client_secret: "chat-app-secret-value-9Q~local",
      scope: SCOPE,
      grant_type: "client_credentials",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store, no-cache");
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(["token_type", "expires_in", "ext_expires_in", "access_token"]);
    expect(body.token_type).toBe("Bearer");
    expect(body.expires_in).toBe(3600);
    expect(body.ext_expires_in).toBe(3600);
  });

  it("accepts the secret through HTTP Basic authentication and the tenant's domain", async () => {
    const basic = Buffer.from(
      `${emu.app.clientId}:${encodeURIComponent("chat-app-secret-value-9Q~local")}`,
    ).toString("base64");
    const response = await emu.token(
      "contoso.onmicrosoft.com",
      { scope: SCOPE, grant_type: "client_credentials" },
      { headers: { authorization: `Basic ${basic}` } },
    );
    expect(response.status).toBe(200);
  });

  it("AADSTS7000215 for a wrong secret (e.g. the secret ID), with Entra's trailer and error_uri", async () => {
    const response = await emu.token(
      emu.tenant.id,
      {
        client_id: emu.app.clientId,
        client_secret: "7a1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d",
        scope: SCOPE,
        grant_type: "client_credentials",
      },
      { headers: { "client-request-id": "9F1E2D3C-4B5A-4697-8877-665544332211" } },
    );
    expect(response.status).toBe(401);
    const { body, message, trailer } = await readEntraError(response);
    expect(Object.keys(body)).toEqual([
      "error",
      "error_description",
      "error_codes",
      "timestamp",
      "trace_id",
      "correlation_id",
      "error_uri",
    ]);
    expect(body.error).toBe("invalid_client");
    expect(message).toBe(
      `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${emu.app.clientId}'.`,
    );
    expect(body.error_codes).toEqual([7000215]);
    expect(body.timestamp).toBe("2025-06-01 12:00:00Z");
    expect(body.correlation_id).toBe("9f1e2d3c-4b5a-4697-8877-665544332211");
    expect(body.trace_id).toMatch(/^00000000-0000-4000-8000-\d{12}$/);
    expect(trailer).toBe(
      `\r\nTrace ID: ${String(body.trace_id)}\r\nCorrelation ID: 9f1e2d3c-4b5a-4697-8877-665544332211\r\nTimestamp: 2025-06-01 12:00:00Z`,
    );
    expect(body.error_uri).toBe("https://login.microsoftonline.com/error?code=7000215");
    expect(response.headers.get("x-ms-request-id")).toBe(body.trace_id);
  });

  it("AADSTS7000222 for an expired secret, and when every secret of the app has expired", async () => {
    for (const [clientName, secret] of [
      ["app", "old-secret"],
      ["expired-app", "anything"],
    ] as const) {
      const app = emu.ctx.world.applications.find((a) => a.name === clientName);
      const response = await emu.token(emu.tenant.id, {
        client_id: app?.clientId ?? "",
        client_secret: secret,
        scope: SCOPE,
        grant_type: "client_credentials",
      });
      expect(response.status).toBe(401);
      const { body, message } = await readEntraError(response);
      expect(body.error).toBe("invalid_client");
      expect(message).toBe(
        `AADSTS7000222: The provided client secret keys for app '${app?.clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
      );
    }
  });

  it("AADSTS700016 for an unknown client id, naming the directory", async () => {
    const response = await emu.token(emu.tenant.id, {
      client_id: "11111111-2222-4333-8444-555555555555",
      client_secret: "x",
      scope: SCOPE,
      grant_type: "client_credentials",
    });
    expect(response.status).toBe(400);
    const { body, message } = await readEntraError(response);
    expect(body.error).toBe("unauthorized_client");
    expect(message).toBe(
      `AADSTS700016: Application with identifier '11111111-2222-4333-8444-555555555555' was not found in the directory '${emu.tenant.id}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  });

  it("AADSTS7000112 for a disabled application", async () => {
    const app = emu.ctx.world.applications.find((a) => a.name === "disabled-app");
    const response = await emu.token(emu.tenant.id, {
      client_id: app?.clientId ?? "",
      client_secret: "s",
      scope: SCOPE,
      grant_type: "client_credentials",
    });
    expect(response.status).toBe(400);
    const { body, message } = await readEntraError(response);
    expect(body.error).toBe("unauthorized_client");
    expect(message).toBe(`AADSTS7000112: Application '${app?.clientId}'(disabled-app) is disabled.`);
  });

  it("AADSTS7000218 without a credential, AADSTS900144 without client_id, scope or grant_type", async () => {
    const noCredential = await readEntraError(
      await emu.token(emu.tenant.id, {
        client_id: emu.app.clientId,
        scope: SCOPE,
        grant_type: "client_credentials",
      }),
    );
    expect(noCredential.message).toBe(
      "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
    const noClient = await readEntraError(
      await emu.token(emu.tenant.id, { scope: SCOPE, grant_type: "client_credentials" }),
    );
    expect(noClient.message).toBe(
      "AADSTS900144: The request body must contain the following parameter: 'client_id'.",
    );
    const noScope = await readEntraError(
      await emu.token(emu.tenant.id, {
        client_id: emu.app.clientId,
        client_secret: "chat-app-secret-value-9Q~local",
        grant_type: "client_credentials",
      }),
    );
    expect(noScope.message).toBe(
      "AADSTS900144: The request body must contain the following parameter: 'scope'.",
    );
    const noGrant = await readEntraError(await emu.token(emu.tenant.id, { client_id: emu.app.clientId }));
    expect(noGrant.body.error).toBe("invalid_request");
    expect(noGrant.message).toBe(
      "AADSTS900144: The request body must contain the following parameter: 'grant_type'.",
    );
  });

  it("AADSTS70003 for an unsupported grant type and AADSTS900561 for a GET", async () => {
    const unsupported = await readEntraError(await emu.token(emu.tenant.id, { grant_type: "device_code" }));
    expect(unsupported.body.error).toBe("unsupported_grant_type");
    expect(unsupported.message).toBe(
      "AADSTS70003: The app requested an unsupported grant type 'device_code'.",
    );
    const get = await emu.send(`/${emu.tenant.id}/oauth2/v2.0/token`);
    expect(get.status).toBe(400);
    expect((await readEntraError(get)).message).toBe(
      "AADSTS900561: The endpoint only accepts POST requests. Received a GET request.",
    );
  });

  it("AADSTS1002012 for a client-credentials scope without /.default, AADSTS70011 for a malformed one, AADSTS28000 for two resources", async () => {
    const form = {
      client_id: emu.app.clientId,
      client_secret: "chat-app-secret-value-9Q~local",
      grant_type: "client_credentials",
    };
    const notDefault = await emu.token(emu.tenant.id, {
      ...form,
      scope: "https://cognitiveservices.azure.com/user_impersonation",
    });
    expect(notDefault.status).toBe(400);
    const a = await readEntraError(notDefault);
    expect(a.body.error).toBe("invalid_scope");
    expect(a.message).toBe(
      "AADSTS1002012: The provided value for scope https://cognitiveservices.azure.com/user_impersonation is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).",
    );
    const bare = await readEntraError(
      await emu.token(emu.tenant.id, { ...form, scope: "https://cognitiveservices.azure.com" }),
    );
    expect(bare.message).toBe(
      "AADSTS1002012: The provided value for scope https://cognitiveservices.azure.com is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).",
    );
    const malformed = await readEntraError(
      await emu.token(emu.tenant.id, { ...form, scope: "cognitiveservices.azure.com/.default" }),
    );
    expect(malformed.body.error).toBe("invalid_scope");
    expect(malformed.message).toBe(
      "AADSTS70011: The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope cognitiveservices.azure.com/.default is not valid. The scope format is invalid. Scope must be in a valid URI form <https://example/scope> or a valid Guid <guid/scope>.",
    );
    const two = await readEntraError(
      await emu.token(emu.tenant.id, { ...form, scope: `${SCOPE} https://management.azure.com/.default` }),
    );
    expect(two.message).toBe(
      `AADSTS28000: Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${SCOPE} https://management.azure.com/.default is not valid.`,
    );
  });

  it("AADSTS500011 for a resource the tenant does not know, including another cloud's audience", async () => {
    const form = {
      client_id: emu.app.clientId,
      client_secret: "chat-app-secret-value-9Q~local",
      grant_type: "client_credentials",
    };
    for (const resource of ["https://contoso.example.com", "https://cognitiveservices.azure.us"]) {
      const response = await emu.token(emu.tenant.id, { ...form, scope: `${resource}/.default` });
      expect(response.status).toBe(400);
      const { body, message } = await readEntraError(response);
      expect(body.error).toBe("invalid_resource");
      expect(message).toBe(
        `AADSTS500011: The resource principal named ${resource} was not found in the tenant named contoso. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      );
    }
    expect(
      (await emu.token(emu.tenant.id, { ...form, scope: `api://${emu.app.clientId}/.default` })).status,
    ).toBe(200);
    for (const known of [
      "https://management.azure.com//.default",
      "https://ai.azure.com/.default",
      // @azure-rest/ai-inference's default scope: Entra issues it; the data plane refuses it.
      "https://ml.azure.com/.default",
      "https://vault.azure.net/.default",
    ]) {
      expect((await emu.token(emu.tenant.id, { ...form, scope: known })).status).toBe(200);
    }
  });

  it("AADSTS90002 for an unknown tenant id or domain, AADSTS900023 for a malformed one", async () => {
    const form = {
      client_id: emu.app.clientId,
      client_secret: "x",
      scope: SCOPE,
      grant_type: "client_credentials",
    };
    for (const tenant of ["0b0c0d0e-0000-4000-8000-000000000001", "fabrikam.onmicrosoft.com"]) {
      const response = await emu.token(tenant, form);
      expect(response.status).toBe(400);
      const { body, message } = await readEntraError(response);
      expect(body.error).toBe("invalid_tenant");
      expect(message).toBe(
        `AADSTS90002: Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
      );
    }
    const malformed = await emu.token("some%20tenant%20ID", form);
    const { body, message } = await readEntraError(malformed);
    expect(body.error).toBe("invalid_request");
    expect(message).toBe(
      "AADSTS900023: Specified tenant identifier 'some tenant ID' is neither a valid DNS name, nor a valid external domain.",
    );
  });

  it("does not find a public-cloud tenant at the US Government login host", async () => {
    const response = await emu.token(
      emu.tenant.id,
      {
        client_id: emu.app.clientId,
        client_secret: "chat-app-secret-value-9Q~local",
        scope: SCOPE,
        grant_type: "client_credentials",
      },
      { host: "login.microsoftonline.us" },
    );
    const { body } = await readEntraError(response);
    expect(body.error_codes).toEqual([90002]);
    expect(body.error_uri).toBe("https://login.microsoftonline.us/error?code=90002");
  });
});

describe("client credentials with a certificate assertion", () => {
  const form = (assertion: string, clientId = emu.app.clientId) => ({
    client_id: clientId,
    client_assertion: assertion,
    client_assertion_type: ASSERTION_TYPE,
    scope: SCOPE,
    grant_type: "client_credentials",
  });

  it("accepts PS256 + x5t#S256 (what MSAL sends) and RS256 + x5t, with audience at the emulator or Entra's host", async () => {
    const cert = emu.app.certificates[0];
    const ps256 = await certificateAssertion(emu);
    expect((await emu.token(emu.tenant.id, form(ps256))).status).toBe(200);
    const rs256 = await certificateAssertion(emu, {
      header: { alg: "RS256", "x5t#S256": undefined, x5t: cert?.x5t },
      payload: { aud: `https://login.microsoftonline.com/${emu.tenant.domain}/oauth2/v2.0/token` },
    });
    expect((await emu.token(emu.tenant.id, form(rs256))).status).toBe(200);
  });

  it("AADSTS700021 when iss/sub is not the client id", async () => {
    const assertion = await certificateAssertion(emu, { payload: { sub: "someone-else" } });
    const response = await emu.token(emu.tenant.id, form(assertion));
    expect(response.status).toBe(401);
    const { body, message } = await readEntraError(response);
    expect(body.error).toBe("invalid_client");
    expect(message).toBe(
      "AADSTS700021: Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .",
    );
  });

  it("AADSTS700023 when aud is not the tenant's token endpoint", async () => {
    const assertion = await certificateAssertion(emu, {
      payload: { aud: "https://login.microsoftonline.com/common/oauth2/v2.0/token" },
    });
    const { message } = await readEntraError(await emu.token(emu.tenant.id, form(assertion)));
    expect(message).toBe(
      "AADSTS700023: Client assertion audience claim does not match Realm issuer. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .",
    );
  });

  it("AADSTS700024 when the assertion has expired", async () => {
    const now = Math.floor(START / 1000);
    const assertion = await certificateAssertion(emu, { payload: { nbf: now - 3600, exp: now - 1200 } });
    const { message } = await readEntraError(await emu.token(emu.tenant.id, form(assertion)));
    expect(message).toBe(
      "AADSTS700024: Client assertion is not within its valid time range. Current time: 2025-06-01T12:00:00.0000000Z, assertion valid from 2025-06-01T11:00:00.0000000Z, expiry time of assertion 2025-06-01T11:40:00.0000000Z. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .",
    );
  });

  it("AADSTS700027 for an unregistered thumbprint and for a signature by another key", async () => {
    const unknown = await certificateAssertion(emu, {
      header: { "x5t#S256": Buffer.alloc(32, 0xab).toString("base64url") },
    });
    const notFound = await readEntraError(await emu.token(emu.tenant.id, form(unknown)));
    expect(notFound.message).toBe(
      `AADSTS700027: Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '${"AB".repeat(32)}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${emu.app.clientId}'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments to determine the corresponding service endpoint and https://docs.microsoft.com/en-us/graph/api/application-get?view=graph-rest-1.0&tabs=http to build a query request URL, such as 'https://graph.microsoft.com/beta/applications/${emu.app.clientId}']`,
    );
    const { generateKeyPairSync } = await import("node:crypto");
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 })
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();
    const forged = await certificateAssertion(emu, { key: other });
    const bad = await readEntraError(await emu.token(emu.tenant.id, form(forged)));
    expect(bad.body.error).toBe("invalid_client");
    expect(bad.message).toMatch(
      /^AADSTS700027: Client assertion contains an invalid signature\. \[Reason - Key was found, but use of the key to verify the signature failed\., Thumbprint of key used by client: '[0-9A-F]{64}', Found key 'Start=\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d, End=\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d', Please visit the Azure Portal/,
    );
  });

  it("AADSTS50027 for an assertion that is not a JWT", async () => {
    const response = await emu.token(emu.tenant.id, form("not-a-jwt"));
    expect(response.status).toBe(400);
    expect((await readEntraError(response)).message).toBe("AADSTS50027: JWT token is invalid or malformed.");
  });
});

describe("client credentials with a federated assertion", () => {
  const form = (assertion: string) => ({
    client_id: emu.app.clientId,
    client_assertion: assertion,
    client_assertion_type: ASSERTION_TYPE,
    scope: SCOPE,
    grant_type: "client_credentials",
  });

  it("exchanges workload identity and Azure Pipelines tokens the emulator minted", async () => {
    for (const [issuer, subject] of [
      [WORKLOAD_ISSUER, WORKLOAD_SUBJECT],
      [PIPELINES_ISSUER, PIPELINES_SUBJECT],
    ] as const) {
      const assertion = await mintFederatedToken(emu.ctx, { issuer, subject });
      expect((await emu.token(emu.tenant.id, form(assertion))).status).toBe(200);
    }
  });

  it("AADSTS700211 issuer, AADSTS700213 subject, AADSTS700212 audience mismatches", async () => {
    const cases = [
      [
        { issuer: "https://token.actions.githubusercontent.com", subject: WORKLOAD_SUBJECT },
        700211,
        "issuer 'https://token.actions.githubusercontent.com'",
      ],
      [
        { issuer: WORKLOAD_ISSUER, subject: "system:serviceaccount:default:Chat-App" },
        700213,
        "subject 'system:serviceaccount:default:Chat-App'",
      ],
      [
        { issuer: WORKLOAD_ISSUER, subject: WORKLOAD_SUBJECT, audience: "api://AKSIdentityBinding" },
        700212,
        "audience 'api://AKSIdentityBinding'",
      ],
    ] as const;
    for (const [options, code, what] of cases) {
      const response = await emu.token(emu.tenant.id, form(await mintFederatedToken(emu.ctx, options)));
      expect(response.status).toBe(401);
      const { body, message } = await readEntraError(response);
      expect(body.error).toBe("invalid_client");
      expect(message).toBe(
        `AADSTS${code}: No matching federated identity record found for presented assertion ${what}. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`,
      );
    }
  });

  it("AADSTS700024 for an expired federated token, AADSTS700027 for a tampered one of ours", async () => {
    const expired = await mintFederatedToken(emu.ctx, {
      issuer: WORKLOAD_ISSUER,
      subject: WORKLOAD_SUBJECT,
      offsetMs: -2 * 3_600_000,
    });
    expect((await readEntraError(await emu.token(emu.tenant.id, form(expired)))).body.error_codes).toEqual([
      700024,
    ]);
    const genuine = await mintFederatedToken(emu.ctx, { issuer: WORKLOAD_ISSUER, subject: WORKLOAD_SUBJECT });
    const [header, payload, signature] = genuine.split(".");
    const tampered = `${header}.${payload}.${(signature ?? "").slice(0, -4)}AAAA`;
    const { message } = await readEntraError(await emu.token(emu.tenant.id, form(tampered)));
    expect(message).toBe(
      "AADSTS700027: Client assertion contains an invalid signature. [Reason - The provided signature value did not match the expected signature value.]",
    );
  });
});

describe("issue 12: forged client assertions get real tokens", () => {
  const form = (assertion: string) => ({
    client_id: emu.app.clientId,
    client_assertion: assertion,
    client_assertion_type: ASSERTION_TYPE,
    scope: SCOPE,
    grant_type: "client_credentials",
  });
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(START / 1000);
  const claims = (issuer: string, subject: string) => ({
    iss: issuer,
    sub: subject,
    aud: "api://AzureADTokenExchange",
    nbf: now,
    iat: now,
    exp: now + 600,
  });
  const ISSUERS = [
    [WORKLOAD_ISSUER, WORKLOAD_SUBJECT],
    [PIPELINES_ISSUER, PIPELINES_SUBJECT],
  ] as const;
  // AzureAD/microsoft-authentication-library-for-dotnet#4712.
  const UNSUPPORTED_ALG = "AADSTS5002730: Invalid JWT token. Unsupported key for the signing algorithm.";
  // Azure/azure-workload-identity#1232.
  const keyNotFound = (kid: string, issuer: string) =>
    `AADSTS7000272: The certificate with identifier ${kid} used to sign the federated credential could not be found in the metadata of identity provider ${issuer}. Please validate that your Identity Provider's metadata exposes the key used to sign the incoming token.`;

  async function expectRefusal(
    assertion: string,
    status: number,
    error: string,
    code: number,
    message: string,
  ) {
    const response = await emu.token(emu.tenant.id, form(assertion));
    expect(response.status).toBe(status);
    const { body, message: text } = await readEntraError(response);
    expect(body.error).toBe(error);
    expect(body.error_codes).toEqual([code]);
    expect(text).toBe(message);
    expect(body.access_token).toBeUndefined();
  }

  it("refuses alg none for the workload identity and Azure Pipelines issuers (AADSTS5002730), with or without the emulator's kid", async () => {
    await mintFederatedToken(emu.ctx, { issuer: WORKLOAD_ISSUER, subject: WORKLOAD_SUBJECT });
    const ownKid = String(emu.ctx.keys.jwks(FEDERATED_ISSUER_KEY_SET).keys[0]?.kid);
    for (const [issuer, subject] of ISSUERS) {
      for (const header of [
        { alg: "none", typ: "JWT" },
        { alg: "none", typ: "JWT", kid: ownKid },
      ]) {
        const unsigned = `${b64(header)}.${b64(claims(issuer, subject))}.`;
        await expectRefusal(unsigned, 400, "invalid_request", 5002730, UNSUPPORTED_ALG);
      }
    }
  });

  it("refuses HMAC and EC algorithms the issuer's RSA keys cannot verify (AADSTS5002730)", async () => {
    const hs256 = await new SignJWT(claims(WORKLOAD_ISSUER, WORKLOAD_SUBJECT))
      .setProtectedHeader({ alg: "HS256" })
      .sign(new Uint8Array(32));
    await expectRefusal(hs256, 400, "invalid_request", 5002730, UNSUPPORTED_ALG);
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const es256 = await new SignJWT(claims(PIPELINES_ISSUER, PIPELINES_SUBJECT))
      .setProtectedHeader({ alg: "ES256", kid: "attacker" })
      .sign(ec.privateKey);
    await expectRefusal(es256, 400, "invalid_request", 5002730, UNSUPPORTED_ALG);
  });

  it("refuses an RS256 token whose kid the issuer does not publish, or that names none (AADSTS7000272)", async () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
    for (const [issuer, subject] of ISSUERS) {
      const foreign = await new SignJWT(claims(issuer, subject))
        .setProtectedHeader({ alg: "RS256", kid: "attacker-key" })
        .sign(rsa.privateKey);
      await expectRefusal(foreign, 401, "invalid_client", 7000272, keyNotFound("attacker-key", issuer));
      const kidless = await new SignJWT(claims(issuer, subject))
        .setProtectedHeader({ alg: "RS256" })
        .sign(rsa.privateKey);
      await expectRefusal(kidless, 401, "invalid_client", 7000272, keyNotFound("", issuer));
    }
  });

  it("refuses a token that claims the emulator's kid but is signed by another key (AADSTS700027)", async () => {
    await mintFederatedToken(emu.ctx, { issuer: WORKLOAD_ISSUER, subject: WORKLOAD_SUBJECT });
    const ownKid = String(emu.ctx.keys.jwks(FEDERATED_ISSUER_KEY_SET).keys[0]?.kid);
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
    for (const alg of ["RS256", "PS256"]) {
      const forged = await new SignJWT(claims(WORKLOAD_ISSUER, WORKLOAD_SUBJECT))
        .setProtectedHeader({ alg, kid: ownKid })
        .sign(rsa.privateKey);
      await expectRefusal(
        forged,
        401,
        "invalid_client",
        700027,
        "AADSTS700027: Client assertion contains an invalid signature. [Reason - The provided signature value did not match the expected signature value.]",
      );
    }
  });

  it("refuses certificate assertions with alg none or an EC algorithm for a registered certificate (AADSTS5002730)", async () => {
    const cert = emu.app.certificates[0];
    const payload = {
      aud: `${BASE}/${emu.tenant.id}/oauth2/v2.0/token`,
      iss: emu.app.clientId,
      sub: emu.app.clientId,
      nbf: now,
      exp: now + 600,
    };
    const unsigned = `${b64({ alg: "none", typ: "JWT", "x5t#S256": cert?.x5tS256 })}.${b64(payload)}.`;
    await expectRefusal(unsigned, 400, "invalid_request", 5002730, UNSUPPORTED_ALG);
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const es256 = await new SignJWT(payload)
      .setProtectedHeader({ alg: "ES256", "x5t#S256": cert?.x5tS256 ?? "" })
      .sign(ec.privateKey);
    await expectRefusal(es256, 400, "invalid_request", 5002730, UNSUPPORTED_ALG);
  });

  it("still exchanges what the emulator's issuer signed (RS256 with its kid)", async () => {
    for (const [issuer, subject] of ISSUERS) {
      const genuine = await mintFederatedToken(emu.ctx, { issuer, subject });
      expect((await emu.token(emu.tenant.id, form(genuine))).status).toBe(200);
    }
  });
});
