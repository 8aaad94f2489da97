import { describe, expect, it } from "vitest";
import {
  CHAIN_CREDENTIALS,
  chainForTokenCredentials,
  findChainCredential,
} from "../../src/diagnose/chain-credentials.js";

describe("chain credentials", () => {
  it("follows DefaultAzureCredential's order and AZURE_TOKEN_CREDENTIALS", () => {
    expect(chainForTokenCredentials(undefined)).toEqual({ order: [...CHAIN_CREDENTIALS], valid: true });
    expect(chainForTokenCredentials(" PROD ").order).toEqual([
      "EnvironmentCredential",
      "WorkloadIdentityCredential",
      "ManagedIdentityCredential",
    ]);
    expect(chainForTokenCredentials("dev").order[0]).toBe("VisualStudioCodeCredential");
    expect(chainForTokenCredentials("azureclicredential")).toEqual({
      order: ["AzureCliCredential"],
      valid: true,
    });
    expect(chainForTokenCredentials("cli").valid).toBe(false);
  });

  it("finds a credential by name, case-insensitively", () => {
    expect(findChainCredential("managedidentitycredential")).toBe("ManagedIdentityCredential");
    expect(findChainCredential("az")).toBeUndefined();
  });
});
