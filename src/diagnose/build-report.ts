import type { Analysis } from "./analyze.js";
import type { DataPlaneCause } from "./analyzers/data-plane-cause.js";
import { type DiagnosisFacts, observationFor } from "./diagnosis-facts.js";
import type { DataPlaneOutcome, DiagnosisReport, EndpointReport, Finding } from "./diagnosis-report.js";
import type { DataPlaneObservation } from "./probes/probe-data-plane.js";

/**
 * What {@link buildReport} needs besides the facts and the analysis.
 *
 * @example
 * const timing: ReportTiming = { deadlineMs: 30_000, durationMs: 4_210 };
 */
export interface ReportTiming {
  /** The time budget the run worked within. */
  deadlineMs: number;
  /** From `diagnose()` being called to the report. */
  durationMs: number;
}

function outcomeOf(observation: DataPlaneObservation, cause: DataPlaneCause | undefined): DataPlaneOutcome {
  const outcome: DataPlaneOutcome = {};
  if (observation.status !== undefined) outcome.status = observation.status;
  if (observation.serviceCode !== undefined) outcome.code = observation.serviceCode;
  if (cause !== undefined && cause.answer !== "works") outcome.cause = cause.code;
  if (observation.serviceMessage !== undefined) outcome.message = observation.serviceMessage;
  if (observation.error !== undefined) outcome.error = observation.error;
  if (observation.requestId !== undefined) outcome.requestId = observation.requestId;
  return outcome;
}

/**
 * The endpoint as the report shows it. Through a proxy the endpoint is not probed directly, so the
 * data-plane answers tell: it is reachable when the service answered one of them (with success or
 * a refusal of its own), not when only the proxy did (a refused `CONNECT`, a bad gateway).
 */
function endpointOf(facts: DiagnosisFacts, analysis: Analysis): EndpointReport {
  if (facts.endpoint.via !== "proxy" || analysis.answers.length === 0) return { ...facts.endpoint };
  const reached = analysis.answers.some((a) => a.answer === "works" || a.answer === "refused");
  return { ...facts.endpoint, reachable: reached };
}

/**
 * Puts the report together: the verdict (`ok` when the chain's token works on the data plane and no
 * finding is an error; without a data-plane request, when the chain gets a token), the ranked
 * findings with the first that is not `info` as `primary`, and what was found, each credential
 * with its data-plane outcome and the cause decided for it. Copies what it takes from the facts.
 *
 * @example
 * const report = buildReport(facts, analysis, rankFindings(analysis.findings, { observedStage: analysis.observedStage }), { deadlineMs: 30_000, durationMs: 4_210 });
 * report.primary?.code; // "rbac.control-plane-role-only"
 */
export function buildReport(
  facts: DiagnosisFacts,
  analysis: Analysis,
  ranked: readonly Finding[],
  timing: ReportTiming,
): DiagnosisReport {
  const { chain } = facts;
  const causeOf = (observation: DataPlaneObservation) =>
    analysis.answers[facts.observations.indexOf(observation)];
  const credentials = facts.credentials.map((credential) => {
    const observation = observationFor(facts, credential.name);
    return observation === undefined
      ? { ...credential }
      : { ...credential, dataPlane: outcomeOf(observation, causeOf(observation)) };
  });
  // Without a data-plane request (an invalid URL), a token from the chain is as far as it can be checked.
  const works =
    facts.target === undefined ? chain.selected !== undefined : analysis.keyless?.answer === "works";
  const apiKey = facts.observations.find((o) => o.via.kind === "api-key");
  return {
    ok: works && !ranked.some((f) => f.severity === "error"),
    primary: ranked.find((f) => f.severity !== "info") ?? null,
    findings: [...ranked],
    endpoint: endpointOf(facts, analysis),
    apiVersion: facts.apiVersion,
    ...(facts.deployment === undefined ? {} : { deployment: facts.deployment }),
    ...(facts.call === undefined ? {} : { call: facts.call }),
    ...(facts.target === undefined ? {} : { request: facts.target.display }),
    chain: {
      order: [...chain.order],
      ...(chain.selected === undefined ? {} : { selected: chain.selected }),
      ...(chain.stoppedBy === undefined ? {} : { stoppedBy: chain.stoppedBy }),
      ...(chain.tokenCredentials === undefined ? {} : { tokenCredentials: chain.tokenCredentials }),
      ...(chain.only === undefined ? {} : { only: chain.only }),
    },
    credentials,
    ...(apiKey === undefined || apiKey.via.kind !== "api-key"
      ? {}
      : { apiKey: { source: apiKey.via.source, ...outcomeOf(apiKey, causeOf(apiKey)) } }),
    ...(facts.arm === undefined ? {} : { arm: facts.arm }),
    environment: [...facts.environment.variables],
    deadlineMs: timing.deadlineMs,
    durationMs: timing.durationMs,
  };
}
