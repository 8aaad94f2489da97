import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { probeEnvironment } from "../../../src/diagnose/probes/probe-environment.js";

describe("probeEnvironment", () => {
  it("shows non-secret values and only the state of secrets", async () => {
    const facts = await probeEnvironment({
      AZURE_TENANT_ID: "t-1",
      AZURE_CLIENT_ID: "c-1",
      AZURE_CLIENT_SECRET: "CANARY-secret-value",
      AZURE_OPENAI_API_KEY: "CANARY-key",
      HTTPS_PROXY: "http://user:pw@proxy:8080",
      UNRELATED: "x",
    });
    expect(facts.variables).toEqual([
      { name: "AZURE_TENANT_ID", state: "set", value: "t-1" },
      { name: "AZURE_CLIENT_ID", state: "set", value: "c-1" },
      { name: "AZURE_CLIENT_SECRET", state: "set" },
      { name: "AZURE_OPENAI_API_KEY", state: "set" },
      { name: "HTTPS_PROXY", state: "set", value: "http://***@proxy:8080" },
    ]);
    expect(facts.environmentCredential).toEqual({ mode: "secret", partial: [], missing: [] });
    expect(facts.apiKeyVariable).toBe(true);
  });

  it("counts tenant and client id alone as no service principal (they serve workload and managed identity)", async () => {
    const facts = await probeEnvironment({ AZURE_TENANT_ID: "t", AZURE_CLIENT_ID: "c" });
    expect(facts.environmentCredential).toEqual({ mode: "none", partial: [], missing: [] });
  });

  it("reports a started but incomplete set", async () => {
    const facts = await probeEnvironment({ AZURE_CLIENT_SECRET: "s3cr3t-value", AZURE_CLIENT_ID: "c" });
    expect(facts.environmentCredential).toEqual({
      mode: "none",
      partial: ["AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"],
      missing: ["AZURE_TENANT_ID"],
    });
  });

  it("notices an empty AZURE_CLIENT_ID, a bad AZURE_TOKEN_CREDENTIALS and OPENAI_BASE_URL", async () => {
    const facts = await probeEnvironment({
      AZURE_CLIENT_ID: "",
      AZURE_TOKEN_CREDENTIALS: "cli",
      OPENAI_BASE_URL: "https://x/openai",
    });
    expect(facts.emptyClientId).toBe(true);
    expect(facts.tokenCredentials).toEqual({ value: "cli", valid: false });
    expect(facts.baseUrl).toBe("https://x/openai");
    expect(
      (await probeEnvironment({ AZURE_TOKEN_CREDENTIALS: " AzureCliCredential " })).tokenCredentials?.valid,
    ).toBe(true);
  });

  it("checks the federated token file and names the managed identity source", async () => {
    const dir = await mkdtemp(join(tmpdir(), "keyless-env-"));
    const file = join(dir, "token");
    await writeFile(file, "");
    const facts = await probeEnvironment({
      AZURE_FEDERATED_TOKEN_FILE: file,
      AZURE_CLIENT_ID: "c",
      IDENTITY_ENDPOINT: "http://x",
    });
    expect(facts.workloadIdentity).toEqual({
      tokenFile: file,
      tokenFileState: "empty",
      missing: ["AZURE_TENANT_ID"],
    });
    expect(facts.managedIdentityIncomplete).toEqual(["IDENTITY_HEADER"]);
    expect(
      (await probeEnvironment({ AZURE_POD_IDENTITY_AUTHORITY_HOST: "http://h" })).managedIdentitySource,
    ).toBe("pod-identity");
    expect(
      (await probeEnvironment({ MSI_ENDPOINT: "http://localhost:50342/oauth2/token" })).managedIdentitySource,
    ).toBe("cloud-shell");
  });
});
