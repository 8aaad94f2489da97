import { analyze } from "./analyze.js";
import { buildReport } from "./build-report.js";
import type { DiagnoseOptions } from "./diagnose-options.js";
import type { DiagnosisReport } from "./diagnosis-report.js";
import { gatherFacts } from "./gather-facts.js";
import { planProbes } from "./plan-probes.js";
import { rankFindings } from "./rank-findings.js";
import { validateDiagnoseOptions } from "./validate-diagnose-options.js";

/**
 * Runs the whole keyless checklist against a real endpoint and returns one verdict: the endpoint's
 * form and reachability, the credential variables, every `DefaultAzureCredential` member tried on
 * its own (and which one the chain picks), a cheap data-plane call with each token obtained (and the
 * API key, when given, for comparison), and what ARM says about the account and the principal's
 * roles. Analyzers turn the facts into findings with catalog cause codes; the ranking puts the root
 * cause first. Probes run concurrently, each with its own timeout; the verdict arrives within
 * `timeoutMs` (default 30 s) plus rendering time. No token, key or secret is ever in the report.
 *
 * Everything is read from `env`, never from `process.env`: the credentials run in a worker thread
 * whose environment is `env`, and every request uses `env`'s proxy and trusts `ca` (default: the
 * file `env.NODE_EXTRA_CA_CERTS` names), so an in-process run against the emulator gives the verdict
 * a process started with that environment gives.
 *
 * The chat call sends one short message with `max_tokens: 1` (about 10 tokens on a real resource).
 *
 * The stages, top to bottom: options validated once, the probes planned, the facts gathered (and
 * frozen), analyzed into findings, ranked, and the report built.
 *
 * @throws {DiagnoseOptionsError} for an unknown `credential` name, an empty endpoint, an
 * `apiKeyEnv` that `env` does not set or a `ca` that is not PEM; its `problem` says which.
 * @example
 * const report = await diagnose({ endpoint: "https://contoso.openai.azure.com", deployment: "gpt-4o", env: process.env });
 * console.log(report.ok, report.primary?.code, report.primary?.fix);
 *
 * const emulator = await startEmulator({ scenario: "seed-000" });
 * const local = await diagnose({ endpoint: "https://contoso-openai.openai.azure.com", env: emulator.env });
 * local.primary?.code; // "rbac.control-plane-role-only"
 */
export async function diagnose(options: DiagnoseOptions): Promise<DiagnosisReport> {
  const valid = validateDiagnoseOptions(options);
  const started = valid.now();
  const facts = await gatherFacts(planProbes(valid));
  const analysis = analyze(facts);
  const ranked = rankFindings(
    analysis.findings,
    analysis.observedStage === undefined ? {} : { observedStage: analysis.observedStage },
  );
  return buildReport(facts, analysis, ranked, {
    deadlineMs: valid.timeoutMs,
    durationMs: valid.now() - started,
  });
}
