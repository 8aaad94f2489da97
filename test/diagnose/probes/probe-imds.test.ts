import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { imdsCause, probeImds } from "../../../src/diagnose/probes/probe-imds.js";

let server: Server;
let base: string;
let seen: { url?: string; metadata?: string } = {};
let answer: { status: number; body: string } = { status: 200, body: "{}" };

beforeAll(async () => {
  server = createServer((req, res) => {
    seen = { url: req.url ?? "", metadata: String(req.headers.metadata) };
    if (answer.status === 0) {
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body);
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
    expect(seen).toEqual({
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

describe("imdsCause", () => {
  const url = "http://169.254.169.254/metadata/identity/oauth2/token";
  it("maps IMDS's 400 bodies and 504", () => {
    expect(imdsCause({ url, status: 400, errorDescription: "Identity not found", durationMs: 1 })).toBe(
      "credential.mi-identity-not-assigned",
    );
    expect(
      imdsCause({
        url,
        status: 400,
        errorDescription:
          "Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request",
        durationMs: 1,
      }),
    ).toBe("credential.mi-multiple-identities");
    expect(imdsCause({ url, status: 504, durationMs: 1 })).toBe("credential.mi-gateway");
    expect(imdsCause({ url, status: 404, durationMs: 1 })).toBeUndefined();
  });

  it("names the endpoint's own error statuses: 410 while IMDS updates, 429 throttled, 5xx", () => {
    for (const status of [410, 429, 500, 503]) {
      expect(imdsCause({ url, status, durationMs: 1 })).toBe("credential.mi-endpoint-error");
    }
  });
});
