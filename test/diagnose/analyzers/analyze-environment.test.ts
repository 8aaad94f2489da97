import { describe, expect, it } from "vitest";
import { analyzeEnvironment } from "../../../src/diagnose/analyzers/analyze-environment.js";
import { probeEnvironment } from "../../../src/diagnose/probes/probe-environment.js";
import { buildFacts } from "../fixtures/facts.js";

async function codes(env: Record<string, string>) {
  const facts = buildFacts({ environment: await probeEnvironment(env) });
  return analyzeEnvironment(facts).map((f) => [f.code, f.severity]);
}

describe("analyzeEnvironment", () => {
  it("flags an AZURE_TOKEN_CREDENTIALS value DefaultAzureCredential rejects as an error", async () => {
    expect(await codes({ AZURE_TOKEN_CREDENTIALS: "cli" })).toEqual([
      ["credential.bad-token-credentials-env", "error"],
    ]);
  });

  it("warns about an empty AZURE_CLIENT_ID and a half-set service principal", async () => {
    expect(await codes({ AZURE_CLIENT_ID: "", AZURE_USERNAME: "alice@contoso.com" })).toEqual([
      ["credential.empty-client-id", "warning"],
      ["credential.env-incomplete", "warning"],
    ]);
  });

  it("warns about AZURE_OPENAI_API_KEY next to a token provider, never quoting the key", async () => {
    const facts = buildFacts({
      environment: await probeEnvironment({ AZURE_OPENAI_API_KEY: "CANARY-api-key-value" }),
    });
    const [finding] = analyzeEnvironment(facts);
    expect(finding?.code).toBe("client.key-and-token");
    expect(finding?.evidence).toEqual(["AZURE_OPENAI_API_KEY is set (value not shown)"]);
    expect(JSON.stringify(finding)).not.toContain("CANARY-api-key-value");
  });

  it("warns about OPENAI_BASE_URL next to an endpoint", async () => {
    expect(await codes({ OPENAI_BASE_URL: "https://contoso.openai.azure.com/openai" })).toEqual([
      ["client.base-url-and-endpoint", "warning"],
    ]);
  });

  it("says nothing about a clean environment", async () => {
    expect(
      await codes({ AZURE_TENANT_ID: "t", AZURE_CLIENT_ID: "c", AZURE_CLIENT_SECRET: "s3cr3t-value" }),
    ).toEqual([]);
  });
});
