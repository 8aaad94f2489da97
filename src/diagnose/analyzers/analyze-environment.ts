import type { DiagnosisFacts } from "../diagnosis-facts.js";
import type { Finding } from "../diagnosis-report.js";
import { createFinding } from "../finding.js";
import { fixValues } from "./fix-values.js";

function value(facts: DiagnosisFacts, name: string): string | undefined {
  return facts.environment.variables.find((v) => v.name === name)?.value;
}

/**
 * Findings from the environment variables alone: an invalid `AZURE_TOKEN_CREDENTIALS` (the
 * `DefaultAzureCredential` constructor throws), an empty `AZURE_CLIENT_ID`, half-set service
 * principal, workload identity or App Service variables, and client variables that clash with a
 * token provider (`AZURE_OPENAI_API_KEY`, `OPENAI_BASE_URL`). Values of secrets are never quoted.
 *
 * @example
 * analyzeEnvironment(facts).map((f) => f.code); // ["client.key-and-token"]
 */
export function analyzeEnvironment(facts: DiagnosisFacts): Finding[] {
  const env = facts.environment;
  const findings: Finding[] = [];
  const base = fixValues(facts);
  const tenantId = value(facts, "AZURE_TENANT_ID");
  const clientId = value(facts, "AZURE_CLIENT_ID");
  const ids = {
    ...(tenantId === undefined ? {} : { tenantId }),
    ...(clientId === undefined ? {} : { clientId }),
  };

  if (env.tokenCredentials !== undefined && !env.tokenCredentials.valid) {
    findings.push(
      createFinding("credential.bad-token-credentials-env", {
        severity: "error",
        basis: "configuration",
        detail: `AZURE_TOKEN_CREDENTIALS is "${env.tokenCredentials.value}", which DefaultAzureCredential rejects in its constructor, so no token is ever requested.`,
        evidence: [`AZURE_TOKEN_CREDENTIALS=${env.tokenCredentials.value}`],
        values: { ...base, envVar: "AZURE_TOKEN_CREDENTIALS" },
      }),
    );
  }
  if (env.emptyClientId) {
    findings.push(
      createFinding("credential.empty-client-id", {
        severity: "warning",
        basis: "configuration",
        detail:
          "AZURE_CLIENT_ID is set to an empty string; credentials that read it see a missing client id instead of no variable.",
        evidence: ["AZURE_CLIENT_ID is set but empty"],
        values: { ...base, ...ids, envVar: "AZURE_CLIENT_ID" },
      }),
    );
  }
  const ec = env.environmentCredential;
  if (ec.mode === "none" && ec.partial.length > 0) {
    findings.push(
      createFinding("credential.env-incomplete", {
        severity: "warning",
        basis: "configuration",
        detail: `${ec.partial.join(", ")} ${ec.partial.length === 1 ? "is" : "are"} set but ${ec.missing.join(", ")} ${ec.missing.length === 1 ? "is" : "are"} not, so EnvironmentCredential is unavailable and the chain moves on to the next credential.`,
        evidence: [`set: ${ec.partial.join(", ")}`, `missing: ${ec.missing.join(", ")}`],
        values: { ...base, ...ids },
        credential: "EnvironmentCredential",
      }),
    );
  }
  const wi = env.workloadIdentity;
  if (wi.tokenFile !== undefined && (wi.missing.length > 0 || wi.tokenFileState !== "ok")) {
    const problems = [
      ...wi.missing.map((n) => `${n} is not set`),
      ...(wi.tokenFileState !== "ok"
        ? [`AZURE_FEDERATED_TOKEN_FILE (${wi.tokenFile}) is ${wi.tokenFileState}`]
        : []),
    ];
    findings.push(
      createFinding("credential.workload-incomplete", {
        severity: "warning",
        basis: "configuration",
        detail: `Workload identity is configured (AZURE_FEDERATED_TOKEN_FILE is set) but ${problems.join("; ")}.`,
        evidence: problems,
        values: { ...base, ...ids },
        credential: "WorkloadIdentityCredential",
      }),
    );
  }
  if (env.managedIdentityIncomplete.length > 0) {
    findings.push(
      createFinding("credential.mi-app-service-env-missing", {
        severity: "warning",
        basis: "configuration",
        detail: `${env.managedIdentityIncomplete.join(", ")} ${env.managedIdentityIncomplete.length === 1 ? "is" : "are"} missing, so ManagedIdentityCredential cannot use the App Service identity endpoint.`,
        evidence: env.managedIdentityIncomplete.map((n) => `${n} is not set`),
        values: base,
        credential: "ManagedIdentityCredential",
      }),
    );
  }
  if (facts.environment.authorityHost !== undefined && /^http:\/\//i.test(facts.environment.authorityHost)) {
    findings.push(
      createFinding("credential.authority-not-https", {
        severity: "warning",
        basis: "configuration",
        detail: `AZURE_AUTHORITY_HOST is ${facts.environment.authorityHost}; @azure/identity refuses an authority that is not https.`,
        evidence: [`AZURE_AUTHORITY_HOST=${facts.environment.authorityHost}`],
        values: base,
      }),
    );
  }
  if (env.apiKeyVariable) {
    findings.push(
      createFinding("client.key-and-token", {
        severity: "warning",
        basis: "configuration",
        detail:
          'AZURE_OPENAI_API_KEY is set: the openai AzureOpenAI client reads it as apiKey, and throws "The `apiKey` and `azureADTokenProvider` arguments are mutually exclusive" when a token provider is passed too (other clients quietly send the key instead of the token).',
        evidence: ["AZURE_OPENAI_API_KEY is set (value not shown)"],
        values: { ...base, envVar: "AZURE_OPENAI_API_KEY" },
      }),
    );
  }
  if (env.baseUrl !== undefined) {
    findings.push(
      createFinding("client.base-url-and-endpoint", {
        severity: "warning",
        basis: "configuration",
        detail: `OPENAI_BASE_URL is set (${env.baseUrl}) next to the endpoint ${facts.endpoint.input}: the AzureOpenAI client reads it as baseURL and throws "baseURL and endpoint are mutually exclusive".`,
        evidence: [`OPENAI_BASE_URL=${env.baseUrl}`],
        values: { ...base, envVar: "OPENAI_BASE_URL" },
      }),
    );
  }
  return findings;
}
