import type { CauseCode } from "../../knowledge/cause.js";
import { explain } from "../../knowledge/explain.js";
import type { FixValues } from "../../knowledge/render-fix.js";
import { CHAIN_CREDENTIALS, PIPELINES_CREDENTIAL, PIPELINES_VARIABLES } from "../chain-credentials.js";
import type { DiagnosisFacts } from "../diagnosis-facts.js";
import type { CredentialReport, Finding, Severity } from "../diagnosis-report.js";
import { createFinding } from "../finding.js";
import { imdsCause } from "../probes/probe-imds.js";
import { fixValues } from "./fix-values.js";

const TIMEOUT_CAUSES: Record<string, CauseCode> = {
  ManagedIdentityCredential: "credential.mi-timeout",
  AzureCliCredential: "credential.cli-timeout",
  AzureDeveloperCliCredential: "credential.azd-timeout",
};

/** Causes that say a credential is simply not set up on this machine (nothing to fix if unused). */
const ABSENT_CAUSES: ReadonlySet<string> = new Set<CauseCode>([
  "credential.env-not-configured",
  "credential.mi-unavailable",
  "credential.mi-timeout",
  "credential.cli-not-installed",
  "credential.azd-not-installed",
  "credential.powershell-not-installed",
  "credential.powershell-module-missing",
  "credential.vscode-unavailable",
  "credential.broker-unavailable",
]);

/** Managed identity's retries can outlast the budget: the doctor's one raw IMDS request says why. */
function timedOutMiCause(facts: DiagnosisFacts, report: CredentialReport): CauseCode | undefined {
  if (report.name !== "ManagedIdentityCredential" || facts.imds === undefined) return undefined;
  return imdsCause(facts.imds);
}

/**
 * The cause of a credential's failure, refined with the environment (a half-set service principal
 * reads like "not configured" in the credential's own message).
 *
 * @example
 * credentialCause(facts, report); // "credential.cli-not-logged-in"
 */
export function credentialCause(facts: DiagnosisFacts, report: CredentialReport): CauseCode | undefined {
  if (report.available) return undefined;
  if (report.timedOut) return timedOutMiCause(facts, report) ?? TIMEOUT_CAUSES[report.name];
  if (report.name === "EnvironmentCredential" && facts.environment.environmentCredential.partial.length > 0) {
    return "credential.env-incomplete";
  }
  if (
    report.name === "WorkloadIdentityCredential" &&
    facts.environment.workloadIdentity.tokenFile === undefined
  ) {
    return undefined;
  }
  return report.cause;
}

/**
 * Whether a failed credential was meant to work here: it has configuration (variables, an
 * answering managed identity endpoint, an installed CLI), so its failure is worth fixing.
 *
 * @example
 * isConfigured(facts, cliReport); // true when az is installed but not signed in
 */
export function isConfigured(facts: DiagnosisFacts, report: CredentialReport): boolean {
  const env = facts.environment;
  switch (report.name) {
    case "EnvironmentCredential":
      return env.environmentCredential.mode !== "none" || env.environmentCredential.partial.length > 0;
    case "WorkloadIdentityCredential":
      return env.workloadIdentity.tokenFile !== undefined;
    case "VisualStudioCodeCredential":
      return false;
    case "ManagedIdentityCredential":
      // A credential that spent its whole budget retrying an endpoint IMDS explains (a gateway error,
      // dropped connections) is set up here and delays every DefaultAzureCredential call.
      // A refused connection or silence means no endpoint; one that accepts and then drops it is there.
      if (report.timedOut === true && timedOutMiCause(facts, report) !== undefined) {
        return (
          facts.imds?.status !== undefined ||
          facts.imds?.stalledStatus !== undefined ||
          /ECONNRESET|socket hang up/i.test(facts.imds?.connectionError ?? "")
        );
      }
      // An identity endpoint that answered (even with an error) exists; one that did not is absent.
      return (
        !report.timedOut &&
        !/Network unreachable|IMDS endpoint, but it is not available/i.test(report.reason ?? "") &&
        !ABSENT_CAUSES.has(credentialCause(facts, report) ?? "")
      );
    default: {
      const cause = credentialCause(facts, report);
      return cause === undefined ? !report.timedOut : !ABSENT_CAUSES.has(cause) || report.timedOut === true;
    }
  }
}

function credentialValues(facts: DiagnosisFacts, report: CredentialReport): FixValues {
  const values: FixValues = { ...fixValues(facts), credential: report.name };
  const match =
    report.reason === undefined ? undefined : explain(`${report.errorName ?? "Error"}: ${report.reason}`)[0];
  if (match !== undefined) Object.assign(values, match.facts, { credential: report.name });
  const tenant = facts.environment.variables.find((v) => v.name === "AZURE_TENANT_ID")?.value;
  const client = facts.environment.variables.find((v) => v.name === "AZURE_CLIENT_ID")?.value;
  if (values.tenantId === undefined && (values.resourceTenant ?? tenant) !== undefined)
    values.tenantId = values.resourceTenant ?? tenant;
  if (values.clientId === undefined && client !== undefined) values.clientId = client;
  return values;
}

/**
 * The gist of a credential's error: the AADSTS line when there is one, else its first line; for
 * `AzurePipelinesCredential`, with Azure DevOps' own `"message"` from the OIDC answer it quotes
 * further down ("No service connection found with identifier ...").
 */
function gist(report: CredentialReport): string {
  const reason = report.reason ?? "";
  const match = reason === "" ? undefined : explain(`${report.errorName ?? "Error"}: ${reason}`)[0];
  if (match?.facts.aadstsMessage !== undefined) return match.facts.aadstsMessage;
  const first = reason.split("\n", 1)[0] ?? "";
  if (report.name !== PIPELINES_CREDENTIAL) return first;
  const said = /"message":"((?:[^"\\]|\\.){1,300})"/.exec(reason.slice(first.length))?.[1];
  return said === undefined ? first : `${first.replace(/\.?$/, ".")} ${said.replace(/\.?$/, ".")}`;
}

function imdsEvidence(facts: DiagnosisFacts, report: CredentialReport): string[] {
  const imds = facts.imds;
  if (imds === undefined || timedOutMiCause(facts, report) === undefined || report.timedOut !== true)
    return [];
  if (imds.status === undefined)
    return [`one request to ${imds.url} (no retries): ${imds.connectionError ?? "no answer"}`];
  const said = [imds.error, imds.errorDescription].filter((part) => part !== undefined).join(": ");
  return [`one request to ${imds.url} (no retries): ${imds.status}${said === "" ? "" : ` ${said}`}`];
}

function failureFinding(
  facts: DiagnosisFacts,
  report: CredentialReport,
  code: CauseCode,
  severity: Severity,
  detail: string,
): Finding {
  return createFinding(code, {
    severity,
    basis: "credential",
    detail: `${detail} ${gist(report)}`.trim(),
    evidence: [`${report.name}: ${report.reason ?? "failed"}`, ...imdsEvidence(facts, report)],
    values: credentialValues(facts, report),
    credential: report.name,
  });
}

/**
 * Findings from the credential probe, following how `DefaultAzureCredential` walks its chain: the
 * error of a credential that stops the chain; when no credential yields a token, every credential
 * that is set up here but fails, then `credential.chain-exhausted` (or, when only one credential is
 * tried, `--credential` or `AZURE_TOKEN_CREDENTIALS` naming it, that one's error, set up or not);
 * when the chain works, warnings
 * for credentials before the chosen one that are set up but fail (they are skipped silently). A
 * credential tried beside the chain (`AzurePipelinesCredential` in a pipeline step) that fails is an
 * error when the chain gets no token, else a warning.
 *
 * @example
 * analyzeCredentials(facts).map((f) => f.code); // ["aadsts.7000215"]
 */
export function analyzeCredentials(facts: DiagnosisFacts): Finding[] {
  return [...chainFindings(facts), ...besideFindings(facts)];
}

/**
 * A credential tried beside the chain (`AzurePipelinesCredential` in an Azure Pipelines step whose
 * variables name a service connection) that fails with a known cause: an app in this step that uses
 * it fails so. An error when the chain gets no token either, else a warning (the chain's call works).
 */
function besideFindings(facts: DiagnosisFacts): Finding[] {
  const { chain } = facts;
  if (chain.only !== undefined) return [];
  const chainMembers: ReadonlySet<string> = new Set(CHAIN_CREDENTIALS);
  const findings: Finding[] = [];
  for (const report of facts.credentials) {
    if (chainMembers.has(report.name) || report.available) continue;
    const code = credentialCause(facts, report);
    if (code === undefined) continue;
    const setUp =
      report.name === PIPELINES_CREDENTIAL
        ? `This Azure Pipelines step sets up ${report.name} (SYSTEM_OIDCREQUESTURI and ${PIPELINES_VARIABLES.serviceConnectionId} are set), which DefaultAzureCredential does not include`
        : `${report.name} is set up here, though DefaultAzureCredential does not include it`;
    const chainSays =
      chain.selected === undefined
        ? "and the chain gets no token either."
        : `while the chain gets its token from ${chain.selected}.`;
    findings.push(
      failureFinding(
        facts,
        report,
        code,
        chain.selected === undefined ? "error" : "warning",
        `${setUp}: it cannot get a token, ${chainSays}`,
      ),
    );
  }
  return findings;
}

function chainFindings(facts: DiagnosisFacts): Finding[] {
  const { chain } = facts;
  if (chain.invalidTokenCredentials !== undefined) return [];
  const byName = new Map(facts.credentials.map((c) => [c.name, c]));
  const inOrder = chain.order.map((n) => byName.get(n)).filter((c): c is CredentialReport => c !== undefined);
  const findings: Finding[] = [];

  if (chain.stoppedBy !== undefined) {
    const report = byName.get(chain.stoppedBy);
    if (report === undefined) return findings;
    const code = credentialCause(facts, report) ?? "credential.chain-exhausted";
    const later = chain.order.slice(chain.order.indexOf(chain.stoppedBy) + 1);
    findings.push(
      failureFinding(
        facts,
        report,
        code,
        "error",
        chain.only === undefined
          ? `DefaultAzureCredential fails at ${report.name} with ${report.errorName ?? "an error"}${later.length > 0 ? `, which stops the chain: ${later.join(", ")} ${later.length === 1 ? "is" : "are"} never tried` : ""}.`
          : `${report.name} fails with ${report.errorName ?? "an error"}.`,
      ),
    );
    return findings;
  }

  if (chain.selected !== undefined) {
    for (const report of inOrder) {
      if (report.name === chain.selected) break;
      const code = credentialCause(facts, report);
      if (code === undefined || !isConfigured(facts, report)) continue;
      findings.push(
        failureFinding(
          facts,
          report,
          code,
          "warning",
          `${report.name} is set up here but fails, so DefaultAzureCredential skips it and uses ${chain.selected}.`,
        ),
      );
    }
    return findings;
  }

  // One credential to try (`--credential`, or AZURE_TOKEN_CREDENTIALS naming one): the app has
  // chosen it, so its failure is the verdict even when it is merely not set up (az not installed),
  // and there is no chain to exhaust.
  const [single] = chain.order.length === 1 ? inOrder : [];
  if (single !== undefined) {
    const fails = isConfigured(facts, single)
      ? `${single.name} is set up here but cannot get a token.`
      : `${single.name} cannot get a token.`;
    const pinned =
      chain.only === undefined
        ? `AZURE_TOKEN_CREDENTIALS=${chain.tokenCredentials?.trim() ?? single.name} limits DefaultAzureCredential to ${single.name}. ${fails}`
        : fails;
    findings.push(
      failureFinding(
        facts,
        single,
        credentialCause(facts, single) ?? "credential.chain-exhausted",
        "error",
        pinned,
      ),
    );
    return findings;
  }
  for (const report of inOrder) {
    const code = credentialCause(facts, report);
    if (code === undefined || !isConfigured(facts, report)) continue;
    findings.push(
      failureFinding(facts, report, code, "error", `${report.name} is set up here but cannot get a token.`),
    );
  }
  findings.push(
    createFinding("credential.chain-exhausted", {
      severity: "error",
      basis: "credential",
      detail: `None of the ${inOrder.length} credentials DefaultAzureCredential tries can get a token for ${facts.endpoint.scope} on this machine.`,
      evidence: inOrder.map((c) => `${c.name}: ${c.reason ?? "no token"}`),
      values: fixValues(facts),
    }),
  );
  return findings;
}
