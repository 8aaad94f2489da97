import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { imdsCause, probeImds } from "../../../src/diagnose/probes/probe-imds.js";

let server: Server;
let base: string;
let seen: {
  method?: string;
  url?: string;
  metadata?: string;
  headers?: Record<string, string | string[] | undefined>;
  body?: string;
} = {};
let answer: { status: number; body: string } = { status: 200, body: "{}" };

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      seen = {
        method: req.method ?? "",
        url: req.url ?? "",
        metadata: String(req.headers.metadata),
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      if (answer.status === 0) {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("probeImds", () => {
  it("asks once with Metadata: true and the client id, and reads a gateway error", async () => {
    answer = {
      status: 502,
      body: JSON.stringify({
        error: "bad_gateway",
        error_description: "The request failed due to a gateway error.",
      }),
    };
    const facts = await probeImds(
      { AZURE_POD_IDENTITY_AUTHORITY_HOST: base, AZURE_CLIENT_ID: "c1" },
      "https://cognitiveservices.azure.com",
      3_000,
    );
    expect(seen).toMatchObject({
      method: "GET",
      url: "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fcognitiveservices.azure.com&client_id=c1",
      metadata: "true",
    });
    expect(facts).toMatchObject({
      url: `${base}/metadata/identity/oauth2/token`,
      status: 502,
      error: "bad_gateway",
      errorDescription: "The request failed due to a gateway error.",
    });
    expect(imdsCause(facts)).toBe("credential.mi-gateway");
  });

  it("keeps nothing of a token answer", async () => {
    answer = { status: 200, body: JSON.stringify({ access_token: "eyJhbGciOi.secret.token" }) };
    const facts = await probeImds({ AZURE_POD_IDENTITY_AUTHORITY_HOST: base }, "https://x", 3_000);
    expect(JSON.stringify(facts)).not.toContain("eyJ");
    expect(imdsCause(facts)).toBeUndefined();
  });

  it("reports a dropped connection as credential.mi-unavailable", async () => {
    answer = { status: 0, body: "" };
    const facts = await probeImds({ AZURE_POD_IDENTITY_AUTHORITY_HOST: base }, "https://x", 3_000);
    expect(facts.status).toBeUndefined();
    expect(facts.connectionError).toMatch(/socket hang up|ECONNRESET/);
    expect(imdsCause(facts)).toBe("credential.mi-unavailable");
  });
});

describe("probeImds on every managed identity host (msal-node's source order)", () => {
  const resource = "https://cognitiveservices.azure.com";
  const encoded = "resource=https%3A%2F%2Fcognitiveservices.azure.com";

  it("Service Fabric: GET with the secret header, api-version 2019-07-01-preview, no client id", async () => {
    answer = { status: 500, body: JSON.stringify({ error: { code: "SecretHeaderNotFound", message: "x" } }) };
    const facts = await probeImds(
      {
        IDENTITY_ENDPOINT: `${base}/sf/token`,
        IDENTITY_HEADER: "sf-secret-canary",
        IDENTITY_SERVER_THUMBPRINT: "ABCDEF",
        AZURE_CLIENT_ID: "c1",
      },
      resource,
      3_000,
    );
    expect(seen).toMatchObject({ method: "GET", url: `/sf/token?api-version=2019-07-01-preview&${encoded}` });
    expect(seen.headers?.secret).toBe("sf-secret-canary");
    expect(facts).toMatchObject({ source: "service-fabric", status: 500, error: "SecretHeaderNotFound" });
    expect(JSON.stringify(facts)).not.toContain("sf-secret-canary");
    expect(imdsCause(facts)).toBe("credential.mi-endpoint-error");
  });

  it("App Service: GET with X-IDENTITY-HEADER and the client id", async () => {
    answer = { status: 503, body: "{}" };
    const facts = await probeImds(
      { IDENTITY_ENDPOINT: `${base}/msi/token`, IDENTITY_HEADER: "h", AZURE_CLIENT_ID: "c1" },
      resource,
      3_000,
    );
    expect(seen).toMatchObject({
      method: "GET",
      url: `/msi/token?api-version=2019-08-01&${encoded}&client_id=c1`,
    });
    expect(seen.headers?.["x-identity-header"]).toBe("h");
    expect(facts).toMatchObject({ source: "app-service", status: 503 });
  });

  it("Azure Machine Learning: GET with Metadata and secret, the client id as clientid", async () => {
    answer = { status: 200, body: "{}" };
    const facts = await probeImds(
      { MSI_ENDPOINT: `${base}/ml/token`, MSI_SECRET: "ml-secret", AZURE_CLIENT_ID: "c1" },
      resource,
      3_000,
    );
    expect(seen).toMatchObject({
      method: "GET",
      url: `/ml/token?api-version=2017-09-01&${encoded}&clientid=c1`,
      metadata: "true",
    });
    expect(seen.headers?.secret).toBe("ml-secret");
    expect(facts.source).toBe("machine-learning");
  });

  it("Cloud Shell: a form POST of the resource; AudienceNotSupported is credential.mi-audience-not-supported", async () => {
    answer = {
      status: 400,
      body: JSON.stringify({
        error: {
          code: "AudienceNotSupported",
          message:
            "Audience https://cognitiveservices.azure.com is not a supported MSI token audience. Supported audiences: https://management.core.windows.net/,https://management.azure.com/",
        },
      }),
    };
    const facts = await probeImds(
      { MSI_ENDPOINT: `${base}/oauth2/token`, AZURE_CLIENT_ID: "c1" },
      resource,
      3_000,
    );
    expect(seen).toMatchObject({ method: "POST", url: "/oauth2/token", metadata: "true", body: encoded });
    expect(seen.headers?.["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(facts).toMatchObject({ source: "cloud-shell", status: 400, error: "AudienceNotSupported" });
    expect(facts.errorDescription).toMatch(
      /^Audience https:\/\/cognitiveservices\.azure\.com is not a supported MSI token audience\./,
    );
    expect(imdsCause(facts)).toBe("credential.mi-audience-not-supported");
  });

  it("Azure Arc: GET with Metadata, api-version 2019-11-01; its 401 challenge is no fault", async () => {
    answer = { status: 401, body: "" };
    const facts = await probeImds(
      { IDENTITY_ENDPOINT: `${base}/arc/token`, IMDS_ENDPOINT: base, AZURE_CLIENT_ID: "c1" },
      resource,
      3_000,
    );
    expect(seen).toMatchObject({
      method: "GET",
      url: `/arc/token?api-version=2019-11-01&${encoded}`,
      metadata: "true",
    });
    expect(facts).toMatchObject({ source: "arc", status: 401 });
    expect(imdsCause(facts)).toBeUndefined();
    answer = { status: 500, body: "{}" };
    const failing = await probeImds(
      { IDENTITY_ENDPOINT: `${base}/arc/token`, IMDS_ENDPOINT: base },
      resource,
      3_000,
    );
    expect(imdsCause(failing)).toBe("credential.mi-endpoint-error");
  });
});

describe("imdsCause", () => {
  const url = "http://169.254.169.254/metadata/identity/oauth2/token";
  it("maps IMDS's 400 bodies and 504", () => {
    expect(
      imdsCause({ url, source: "imds", status: 400, errorDescription: "Identity not found", durationMs: 1 }),
    ).toBe("credential.mi-identity-not-assigned");
    expect(
      imdsCause({
        url,
        source: "imds",
        status: 400,
        errorDescription:
          "Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request",
        durationMs: 1,
      }),
    ).toBe("credential.mi-multiple-identities");
    expect(imdsCause({ url, source: "imds", status: 504, durationMs: 1 })).toBe("credential.mi-gateway");
    expect(imdsCause({ url, source: "imds", status: 404, durationMs: 1 })).toBeUndefined();
  });

  it("names the endpoint's own error statuses: 410 while IMDS updates, 429 throttled, 5xx", () => {
    for (const status of [410, 429, 500, 503]) {
      expect(imdsCause({ url, source: "imds", status, durationMs: 1 })).toBe("credential.mi-endpoint-error");
    }
  });
});
