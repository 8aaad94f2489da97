import { analyzeArm } from "./analyzers/analyze-arm.js";
import { analyzeCredentials } from "./analyzers/analyze-credentials.js";
import { analyzeDataPlane } from "./analyzers/analyze-data-plane.js";
import { analyzeEndpoint } from "./analyzers/analyze-endpoint.js";
import { analyzeEnvironment } from "./analyzers/analyze-environment.js";
import { type DataPlaneCause, decideDataPlaneCause } from "./analyzers/data-plane-cause.js";
import { type CallPathStage, callPathStage } from "./call-path.js";
import { type DiagnosisFacts, observationFor } from "./diagnosis-facts.js";
import type { Finding } from "./diagnosis-report.js";

/**
 * What the analyzers made of the facts: the findings (unranked), and the cause decided for each
 * data-plane answer, which the ranking and the report read instead of deciding it again.
 *
 * @example
 * const { findings, keyless, observedStage } = analyze(facts);
 */
export interface Analysis {
  findings: Finding[];
  /** The cause of each answer, in `facts.observations` order. */
  answers: readonly DataPlaneCause[];
  /** The keyless call's (the chain's credential's token for the endpoint's scope), when made. */
  keyless?: DataPlaneCause;
  /**
   * Where on the call path the service refused the keyless call: every earlier step was passed
   * (see `rankFindings`). Absent when the call worked, got no answer, or only the proxy answered.
   */
  observedStage?: CallPathStage;
}

/**
 * Runs every analyzer on the facts (endpoint, environment, credentials, data plane, ARM) and
 * decides each data-plane answer's cause once ({@link decideDataPlaneCause}). Pure: the facts are
 * read, never changed.
 *
 * @example
 * const analysis = analyze(facts);
 * analysis.findings.map((f) => f.code); // ["rbac.control-plane-role-only", ...]
 */
export function analyze(facts: DiagnosisFacts): Analysis {
  const findings = [
    ...analyzeEndpoint(facts),
    ...analyzeEnvironment(facts),
    ...analyzeCredentials(facts),
    ...analyzeDataPlane(facts),
    ...analyzeArm(facts),
  ];
  const answers = facts.observations.map((observation) => decideDataPlaneCause(facts, observation));
  const selected = facts.chain.selected;
  const call = selected === undefined ? undefined : observationFor(facts, selected);
  const keyless = call === undefined ? undefined : answers[facts.observations.indexOf(call)];
  return {
    findings,
    answers,
    ...(keyless === undefined ? {} : { keyless }),
    ...(keyless?.answer === "refused" && keyless.recognized
      ? { observedStage: callPathStage(keyless.code) }
      : {}),
  };
}
