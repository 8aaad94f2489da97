import { describe, expect, it } from "vitest";
import { explain } from "../../src/knowledge/explain.js";
import {
  chainRanOut,
  credentialNameFallback,
} from "../../src/knowledge/matchers/credential-name-fallback.js";
import { normalizeErrorText } from "../../src/knowledge/normalize-error-text.js";

const fallback = (text: string) =>
  credentialNameFallback(normalizeErrorText(text)).map((m) => [m.code as string, m.confidence]);

// Wordings no matcher knows, written for these tests: only the credential's name says where to look.
describe("the credential name fallback narrows a failure to the named credential's usual causes", () => {
  it("one credential: its causes, most common first", () => {
    expect(fallback("AzureCliCredential.get_token failed: an unexpected reply from az")).toEqual([
      ["credential.cli-not-logged-in", 0.32],
      ["credential.cli-not-installed", 0.28],
      ["credential.cli-timeout", 0.24],
    ]);
    expect(fallback("WorkloadIdentityCredential: exchange failed with an odd reply")).toEqual([
      ["credential.workload-incomplete", 0.32],
    ]);
  });

  it("reads Go's and Python's spellings of the same credentials", () => {
    expect(fallback("AzureDeveloperCLICredential: failed to acquire a token (something new)")).toEqual([
      ["credential.azd-not-logged-in", 0.32],
      ["credential.azd-not-installed", 0.28],
    ]);
    expect(fallback("CertificateCredential: could not load the private key")).toEqual([
      ["credential.cert-invalid", 0.32],
    ]);
  });

  it("several members failed: the chain ran out, then each member's most common cause", () => {
    expect(
      fallback(
        "Authentication failed: EnvironmentCredential failed; AzureCliCredential failed; ManagedIdentityCredential failed",
      ),
    ).toEqual([
      ["credential.chain-exhausted", 0.4],
      ["credential.env-incomplete", 0.28],
      ["credential.cli-not-logged-in", 0.28],
      ["credential.mi-unavailable", 0.28],
    ]);
    expect(
      explain(
        "Authentication failed: EnvironmentCredential failed; AzureCliCredential failed; ManagedIdentityCredential failed",
      )[0]?.code,
    ).toBe("credential.chain-exhausted");
  });

  it("only the chain named: the chain ran out", () => {
    expect(fallback("DefaultAzureCredential failed: something we never saw")).toEqual([
      ["credential.chain-exhausted", 0.32],
    ]);
  });

  it("says nothing of a name it does not know, a credential that did not fail, or the one the chain chose", () => {
    expect(fallback("MyCustomCredential failed to get a token")).toEqual([]);
    expect(fallback("Using AzureCliCredential for this run")).toEqual([]);
    expect(
      fallback(
        "Azure-Identity: DefaultAzureCredential credential selected: Azure.Identity.AzureCliCredential",
      ),
    ).toEqual([]);
  });

  it("leaves a 403 after the chain chose the CLI to the identity holding the role, not to the CLI's sign-in", () => {
    expect(
      explain(
        "Azure-Identity: DefaultAzureCredential credential selected: Azure.Identity.AzureCliCredential\nError response 403 Forbidden",
      )[0]?.code,
    ).toBe("rbac.other-principal");
  });

  it("lists the chain's exhaustion beside a matcher's answer when three members failed with no chain named", () => {
    // The shape of Java's suppressed list (https://github.com/Azure/azure-sdk-for-java/issues/34255).
    const text =
      "EnvironmentCredential authentication unavailable. Environment variables are not fully configured.\nSharedTokenCacheCredential authentication unavailable. No accounts were found in the cache.\nAzureCliCredential authentication unavailable. Azure CLI not installed.";
    expect(explain(text).map((m) => m.code)).toContain("credential.chain-exhausted");
    expect(chainRanOut(normalizeErrorText(text))?.confidence).toBe(0.5);
    expect(
      chainRanOut(normalizeErrorText("EnvironmentCredential unavailable.\nAzureCliCredential failed.")),
    ).toBeUndefined();
  });
});
