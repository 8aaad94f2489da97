import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorProcess, startEmulatorProcess } from "../../helpers/emulator-process.js";
import { runClient } from "./run-client.js";

/**
 * MSAL Node's ConfidentialClientApplication with a client secret, configured from the printed
 * service principal: `auth.authority` is `<AZURE_AUTHORITY_HOST>/<AZURE_TENANT_ID>` (MSAL asks
 * login.microsoftonline.com about that authority through HTTPS_PROXY, then reads its OIDC
 * metadata), `auth.clientId` and `auth.clientSecret` from AZURE_CLIENT_ID and AZURE_CLIENT_SECRET.
 * Prints the result's fields and the token's claims (never the token), or the error's fields.
 */
const APP = `
import { ConfidentialClientApplication } from "@azure/msal-node";

const env = process.env;
const app = new ConfidentialClientApplication({
  auth: {
    clientId: env.AZURE_CLIENT_ID,
    authority: env.AZURE_AUTHORITY_HOST + "/" + env.AZURE_TENANT_ID,
    clientSecret: env.AZURE_CLIENT_SECRET,
  },
});
const request = { scopes: ["https://cognitiveservices.azure.com/.default"] };
try {
  const first = await app.acquireTokenByClientCredential(request);
  const second = await app.acquireTokenByClientCredential(request);
  const claims = JSON.parse(Buffer.from(first.accessToken.split(".")[1], "base64url").toString());
  console.log(JSON.stringify({
    ok: true,
    tokenType: first.tokenType,
    scopes: first.scopes,
    authority: first.authority,
    fromCache: [first.fromCache, second.fromCache],
    lifetimeSeconds: claims.exp - claims.iat,
    // MSAL computes expiresOn from its own clock plus expires_in: within the second the token was issued.
    expiresOnIsExp: Math.abs(first.expiresOn.getTime() / 1000 - claims.exp) <= 1,
    claims,
    expected: { tenantId: env.AZURE_TENANT_ID, clientId: env.AZURE_CLIENT_ID, authorityHost: env.AZURE_AUTHORITY_HOST },
  }));
} catch (error) {
  console.log(JSON.stringify({
    ok: false,
    name: error?.name,
    errorCode: error?.errorCode,
    errorNo: error?.errorNo,
    status: error?.status,
    subError: error?.subError,
    correlationId: error?.correlationId,
    message: String(error?.message),
    expected: { clientId: env.AZURE_CLIENT_ID },
  }));
}
`;

interface Outcome {
  ok: boolean;
  expected: { tenantId: string; clientId: string; authorityHost: string };
  [field: string]: unknown;
}

describe("@azure/msal-node ConfidentialClientApplication with the printed service principal", () => {
  let emulator: EmulatorProcess;
  beforeAll(async () => {
    emulator = await startEmulatorProcess([]);
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("acquireTokenByClientCredential: a v1 Entra token for cognitiveservices, cached on the second call", async () => {
    const outcome = await runClient<Outcome>(emulator, APP);
    const { tenantId, clientId, authorityHost } = outcome.expected;
    expect(outcome).toMatchObject({
      ok: true,
      tokenType: "Bearer",
      scopes: ["https://cognitiveservices.azure.com/.default"],
      authority: `${authorityHost}/${tenantId}/`,
      fromCache: [false, true],
      lifetimeSeconds: 3600,
      expiresOnIsExp: true,
      claims: {
        aud: "https://cognitiveservices.azure.com",
        iss: `https://sts.windows.net/${tenantId}/`,
        tid: tenantId,
        appid: clientId,
        appidacr: "1",
        idtyp: "app",
        ver: "1.0",
      },
    });
  });
});

describe("@azure/msal-node in aadsts.7000215 (AZURE_CLIENT_SECRET holds the secret's ID)", () => {
  let emulator: EmulatorProcess;
  beforeAll(async () => {
    emulator = await startEmulatorProcess(["--scenario", "aadsts.7000215"]);
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("acquireTokenByClientCredential throws ServerError invalid_client 7000215 with Entra's description", async () => {
    const outcome = await runClient<Outcome>(emulator, APP);
    const correlationId = String(outcome.correlationId);
    const { clientId } = outcome.expected;
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(outcome).toMatchObject({
      ok: false,
      name: "ServerError",
      errorCode: "invalid_client",
      errorNo: 7000215,
      status: 401,
      subError: "",
    });
    // Entra's own trace id and timestamp vary; everything else is exact (its lines end in \r\n).
    const message = String(outcome.message);
    const traceId = /Trace ID: ([0-9a-f-]{36})/.exec(message)?.[1];
    const timestamp = /Timestamp: (\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ)/.exec(message)?.[1];
    expect(message).toBe(
      `invalid_client: Error(s): 7000215 - Timestamp: ${timestamp} - Description: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp} - Correlation ID: ${correlationId} - Trace ID: ${traceId}`,
    );
  });
});
