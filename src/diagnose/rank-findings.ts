import { type CallPathStage, callPathStage, explainsSymptom } from "./call-path.js";
import type { Finding, FindingBasis, Severity } from "./diagnosis-report.js";

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const BASIS_RANK: Record<FindingBasis, number> = { "data-plane": 0, credential: 1, configuration: 2, arm: 3 };

/**
 * Options of {@link rankFindings}.
 *
 * @example
 * const options: RankOptions = { observedStage: 6 };
 */
export interface RankOptions {
  /**
   * The call-path stage at which the keyless call was refused, when the data plane answered with an
   * error: every earlier step was passed, so an inferred cause on an earlier step did not block it.
   */
  observedStage?: CallPathStage;
}

function sameCause(a: Finding, b: Finding): boolean {
  return (
    a.code === b.code &&
    (a.credential === undefined || b.credential === undefined || a.credential === b.credential)
  );
}

/** One finding per cause: evidence pooled, the stronger basis (and its detail) and severity kept. */
function merge(findings: readonly Finding[]): Finding[] {
  const merged: Finding[] = [];
  for (const finding of findings) {
    const existing = merged.find((m) => sameCause(m, finding));
    if (existing === undefined) {
      merged.push({ ...finding, evidence: [...finding.evidence] });
      continue;
    }
    const stronger = BASIS_RANK[finding.basis] < BASIS_RANK[existing.basis];
    const evidence = stronger
      ? [...finding.evidence, ...existing.evidence]
      : [...existing.evidence, ...finding.evidence];
    Object.assign(existing, stronger ? { ...finding } : {}, {
      evidence: [...new Set(evidence)],
      severity:
        SEVERITY_RANK[finding.severity] < SEVERITY_RANK[existing.severity]
          ? finding.severity
          : existing.severity,
      credential: existing.credential ?? finding.credential,
    });
    if (existing.credential === undefined) delete existing.credential;
  }
  return merged;
}

/**
 * Orders findings so the first is the root cause, the one that, fixed, lets the call get further:
 * errors before warnings before info; then along the call path, by the `stage` of each code's
 * catalog entry (endpoint, credential, token, network, key-vs-token, authorization, resource; see
 * {@link callPathStage}); on one step, a symptom after
 * the certain (error) cause that explains it (a regional endpoint before the unreachable regional
 * host; see {@link explainsSymptom}); then causes proven by a data-plane answer before those from a
 * credential's error, configuration, or ARM. Duplicates (same code, same credential) are merged. An
 * error inferred (not observed) on a step the data plane shows the call already passed is lowered
 * to a warning, with a line of evidence saying so.
 *
 * @example
 * const [primary, ...secondary] = rankFindings(findings, { observedStage: 1 });
 */
export function rankFindings(findings: readonly Finding[], options: RankOptions = {}): Finding[] {
  const merged = merge(findings);
  const { observedStage } = options;
  if (observedStage !== undefined) {
    for (const finding of merged) {
      if (
        finding.severity === "error" &&
        finding.basis === "arm" &&
        callPathStage(finding.code) < observedStage
      ) {
        finding.severity = "warning";
        finding.evidence.push("the data plane answered past this step, so it did not block this call");
      }
    }
  }
  const certain = merged.filter((f) => f.severity === "error");
  const explained = (finding: Finding): number =>
    certain.some((cause) => cause !== finding && explainsSymptom(cause.code, finding.code)) ? 1 : 0;
  return merged
    .map((finding, index) => ({
      finding,
      index,
      stage: callPathStage(finding.code),
      explained: explained(finding),
    }))
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] ||
        a.stage - b.stage ||
        a.explained - b.explained ||
        BASIS_RANK[a.finding.basis] - BASIS_RANK[b.finding.basis] ||
        a.index - b.index,
    )
    .map(({ finding }) => finding);
}
