import { describe, expect, it } from "vitest";
import { analyzeCredentials } from "../../../src/diagnose/analyzers/analyze-credentials.js";
import { appIdentity, buildFacts, credential, environment } from "../fixtures/facts.js";

const AADSTS_7000215 =
  "EnvironmentCredential authentication failed. To troubleshoot, visit https://aka.ms/azsdk/js/identity/environmentcredential/troubleshoot. Status code: 400\nMore details:\ninvalid_client: Error(s): 7000215 - Timestamp: 2026-01-15 12:00:00Z - Description: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '373090df-1253-436b-b7bd-153cbf43aa40'.\nTrace ID: 1\nCorrelation ID: 2\nTimestamp: 2026-01-15 12:00:00Z";

describe("analyzeCredentials", () => {
  it("reports the error that stops the chain (AADSTS7000215 from EnvironmentCredential)", () => {
    const facts = buildFacts({
      credentials: [
        credential("EnvironmentCredential", {
          errorName: "AuthenticationError",
          reason: AADSTS_7000215,
          stopsChain: true,
          cause: "aadsts.7000215",
        }),
        credential("AzureCliCredential", { available: true, identity: appIdentity() }),
      ],
      environment: environment({ environmentCredential: { mode: "secret", partial: [], missing: [] } }),
      chain: { stoppedBy: "EnvironmentCredential" },
    });
    const findings = analyzeCredentials(facts);
    expect(findings.map((f) => [f.code, f.severity, f.basis])).toEqual([
      ["aadsts.7000215", "error", "credential"],
    ]);
    expect(findings[0]?.detail).toBe(
      "DefaultAzureCredential fails at EnvironmentCredential with AuthenticationError, which stops the chain: WorkloadIdentityCredential, ManagedIdentityCredential, VisualStudioCodeCredential, AzureCliCredential, AzurePowerShellCredential, AzureDeveloperCliCredential are never tried. AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '373090df-1253-436b-b7bd-153cbf43aa40'.",
    );
  });

  it("lists the credentials that are set up but fail, then credential.chain-exhausted", () => {
    const facts = buildFacts({
      credentials: [
        credential("EnvironmentCredential", {
          reason: "EnvironmentCredential is unavailable. No underlying credential could be used.",
          cause: "credential.env-not-configured",
        }),
        credential("ManagedIdentityCredential", {
          reason:
            "ManagedIdentityCredential: Authentication failed. Message Attempted to use the IMDS endpoint, but it is not available.",
          cause: "credential.mi-unavailable",
        }),
        credential("AzureCliCredential", {
          reason: "Please run 'az login' from a command prompt to authenticate before using this credential.",
          cause: "credential.cli-not-logged-in",
        }),
        credential("AzureDeveloperCliCredential", {
          reason: "Azure Developer CLI couldn't be found.",
          cause: "credential.azd-not-installed",
        }),
      ],
    });
    const findings = analyzeCredentials(facts);
    expect(findings.map((f) => [f.code, f.severity])).toEqual([
      ["credential.cli-not-logged-in", "error"],
      ["credential.chain-exhausted", "error"],
    ]);
  });

  it("reports only credential.chain-exhausted when nothing is set up", () => {
    const facts = buildFacts({
      credentials: [
        credential("EnvironmentCredential", {
          reason: "EnvironmentCredential is unavailable.",
          cause: "credential.env-not-configured",
        }),
        credential("ManagedIdentityCredential", {
          timedOut: true,
          reason: "ManagedIdentityCredential did not answer within 15 s.",
        }),
        credential("AzureCliCredential", {
          reason: "Azure CLI could not be found.",
          cause: "credential.cli-not-installed",
        }),
      ],
    });
    expect(analyzeCredentials(facts).map((f) => f.code)).toEqual(["credential.chain-exhausted"]);
  });

  it("warns about a set-up credential the chain skips before the one it uses", () => {
    const facts = buildFacts({
      credentials: [
        credential("EnvironmentCredential", {
          reason: "EnvironmentCredential is unavailable.",
          cause: "credential.env-not-configured",
        }),
        credential("AzureCliCredential", {
          reason: "Please run 'az login' from a command prompt to authenticate before using this credential.",
          cause: "credential.cli-not-logged-in",
        }),
        credential("AzureDeveloperCliCredential", {
          available: true,
          selectedByChain: true,
          identity: appIdentity(),
        }),
      ],
    });
    expect(analyzeCredentials(facts).map((f) => [f.code, f.severity])).toEqual([
      ["credential.cli-not-logged-in", "warning"],
    ]);
  });

  it("calls a half-set service principal credential.env-incomplete", () => {
    const facts = buildFacts({
      credentials: [
        credential("EnvironmentCredential", {
          reason: "EnvironmentCredential is unavailable.",
          cause: "credential.env-not-configured",
        }),
      ],
      environment: environment({
        environmentCredential: {
          mode: "none",
          partial: ["AZURE_CLIENT_SECRET"],
          missing: ["AZURE_TENANT_ID", "AZURE_CLIENT_ID"],
        },
      }),
    });
    expect(analyzeCredentials(facts).map((f) => f.code)).toEqual([
      "credential.env-incomplete",
      "credential.chain-exhausted",
    ]);
  });
});
