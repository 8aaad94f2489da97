import { CLOUDS } from "../../knowledge/clouds.js";
import {
  type DiagnosisFacts,
  expectedScope,
  observationFor,
  selectedCredential,
} from "../diagnosis-facts.js";
import type { CredentialReport, Finding } from "../diagnosis-report.js";
import { createFinding } from "../finding.js";
import type { DataPlaneObservation } from "../probes/probe-data-plane.js";
import { decideDataPlaneCause } from "./data-plane-cause.js";
import { fixValues } from "./fix-values.js";

/**
 * One line of evidence for a data-plane answer: who called, what, and what came back.
 *
 * @example
 * describeObservation(facts, observation); // "EnvironmentCredential: POST /openai/... -> 401 PermissionDenied: The principal ..."
 */
export function describeObservation(facts: DiagnosisFacts, observation: DataPlaneObservation): string {
  const who =
    observation.via.kind === "token" ? observation.via.credential : `API key (${observation.via.source})`;
  const scope =
    observation.via.kind === "token" && observation.via.scope !== facts.endpoint.scope
      ? ` with a token for ${observation.via.scope}`
      : "";
  const request = facts.target?.display ?? "the data plane";
  if (observation.status === undefined) {
    return `${who}${scope}: ${request} -> no answer (${observation.error ?? "unknown error"})`;
  }
  const code =
    observation.serviceCode === undefined || observation.serviceCode === String(observation.status)
      ? ""
      : ` ${observation.serviceCode}`;
  const message = observation.serviceMessage === undefined ? "" : `: ${observation.serviceMessage}`;
  const id = observation.requestId === undefined ? "" : ` [request id ${observation.requestId}]`;
  return `${who}${scope}: ${request} -> ${observation.status}${code}${message}${id}`;
}

/** The proxy's message, from a JSON error or an HTML page's title (squid, corporate proxies). */
function proxySaid(observation: DataPlaneObservation): string {
  const message = observation.serviceMessage?.trim().replace(/\.+$/, "");
  if (message === undefined || message === "") return "";
  if (!message.startsWith("<")) return `: ${message}`;
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(message)?.[1]?.replace(/\s+/g, " ").trim();
  return title === undefined || title === "" ? "" : `: ${title}`;
}

/** "401", "403 ProxyHostRefused": the status, and the service's code when it says more. */
function describeStatus(observation: DataPlaneObservation): string {
  const code =
    observation.serviceCode === undefined || observation.serviceCode === String(observation.status)
      ? ""
      : ` ${observation.serviceCode}`;
  return `${observation.status ?? "no answer"}${code}`;
}

function keylessCallFinding(
  facts: DiagnosisFacts,
  credential: CredentialReport,
  observation: DataPlaneObservation,
): Finding | undefined {
  const cause = decideDataPlaneCause(facts, observation);
  if (cause.answer === "works") return undefined;
  const evidence = [describeObservation(facts, observation)];
  const base = { severity: "error", basis: "data-plane", credential: credential.name } as const;
  if (cause.answer === "no-answer") {
    return createFinding(cause.code, {
      ...base,
      detail: `The data-plane request got no complete HTTP answer${facts.endpoint.via === "proxy" ? ` through the proxy ${facts.endpoint.proxy}` : ""}: ${observation.error ?? "unknown error"}.`,
      evidence,
      values: fixValues(facts, credential.identity),
    });
  }
  if (cause.answer === "proxy") {
    return createFinding(cause.code, {
      ...base,
      detail: `The proxy ${facts.endpoint.proxy} answered ${describeStatus(observation)} instead of connecting to ${facts.endpoint.host ?? facts.endpoint.input}${proxySaid(observation)}. Through a proxy, the proxy looks the host up and connects to it, so whether it exists cannot be told from this machine: check the host name, and whether the proxy may reach it.`,
      evidence,
      values: fixValues(facts, credential.identity),
    });
  }
  const said = `${observation.status}${observation.serviceCode === undefined || observation.serviceCode === String(observation.status) ? "" : ` ${observation.serviceCode}`}${observation.serviceMessage === undefined ? "" : `: ${observation.serviceMessage}`}`;
  return createFinding(cause.code, {
    ...base,
    detail: cause.detail ?? `The keyless call (${credential.name}'s token) got ${said}`,
    evidence: [...evidence, ...cause.evidence],
    values: cause.values,
  });
}

/**
 * Findings from the data-plane answers: the keyless call (the chain's credential) refined with the
 * token's claims and ARM (the flat 401's three causes told apart, PermissionDenied turned into the
 * RBAC cause that explains it, the resource tenant found for a tenant mismatch); the API key
 * comparison as a warning; for a sovereign endpoint whose app's scope the doctor was not told, the
 * public scope's 401 as the trap it is (a warning: the doctor's own call used the right scope).
 *
 * @example
 * analyzeDataPlane(facts).map((f) => f.code); // ["rbac.control-plane-role-only"]
 */
export function analyzeDataPlane(facts: DiagnosisFacts): Finding[] {
  const findings: Finding[] = [];
  const selected = selectedCredential(facts);
  const keyless = selected === undefined ? undefined : observationFor(facts, selected.name);
  if (selected !== undefined && keyless !== undefined) {
    const finding = keylessCallFinding(facts, selected, keyless);
    if (finding !== undefined) findings.push(finding);
  }

  const keyWorks = keyless !== undefined && decideDataPlaneCause(facts, keyless).answer === "works";
  for (const observation of facts.observations) {
    if (observation.via.kind !== "api-key") continue;
    const cause = decideDataPlaneCause(facts, observation);
    if (cause.answer !== "refused" || !cause.recognized) continue;
    findings.push(
      createFinding(cause.code, {
        severity: "warning",
        basis: "data-plane",
        detail: `The API key from ${observation.via.source} is refused (${describeStatus(observation)})${keyWorks ? ", while the keyless call works" : ""}; an app that still sends it fails this way.`,
        evidence: [describeObservation(facts, observation)],
        values: cause.values,
      }),
    );
  }

  const staticToken = facts.environment.staticToken;
  const staticCall = facts.observations.find(
    (o) => o.via.kind === "token" && o.via.credential === staticToken?.variable,
  );
  const staticCause = staticCall === undefined ? undefined : decideDataPlaneCause(facts, staticCall);
  if (staticToken !== undefined && staticCall !== undefined && staticCause?.answer === "refused") {
    findings.push(
      createFinding(staticCause.code, {
        severity: "error",
        basis: "data-plane",
        detail:
          staticCause.detail ??
          `The static token in ${staticToken.variable} is refused (${staticCall.status}${staticCall.serviceCode === undefined ? "" : ` ${staticCall.serviceCode}`}).`,
        evidence: [describeObservation(facts, staticCall), ...staticCause.evidence],
        values: staticCause.values,
      }),
    );
  }

  // The doctor calls once per token, concurrently, so a deployment that allows one request a minute
  // refuses whichever call comes second: a 429 on any call is the resource's verdict, not the
  // credential's, and the app (which calls more than once) meets it too.
  const throttled = facts.observations.find((o) => {
    const cause = decideDataPlaneCause(facts, o);
    return o.status === 429 && cause.answer === "refused" && cause.code === "resource.rate-limited";
  });
  if (throttled !== undefined && !findings.some((f) => f.code === "resource.rate-limited")) {
    findings.push(
      createFinding("resource.rate-limited", {
        severity: "error",
        basis: "data-plane",
        detail: `The deployment is throttled: one of the doctor's few concurrent calls got 429${throttled.serviceMessage === undefined ? "" : ` (${throttled.serviceMessage})`}; an app calling at its usual rate meets it too.`,
        evidence: [describeObservation(facts, throttled)],
        values: { ...throttled.matches[0]?.facts, ...fixValues(facts, selected?.identity) },
      }),
    );
  }

  // A comparison, made only when the app's scope is not known: what the public scope would get. It
  // is a warning (never an error), so it ranks after anything wrong with the call the app makes.
  const publicScope = CLOUDS.public.cognitiveServicesScope;
  if (
    selected !== undefined &&
    facts.endpoint.scope !== publicScope &&
    facts.endpoint.scopeSource !== "option"
  ) {
    const comparison = facts.observations.find(
      (o) => o.via.kind === "token" && o.via.credential === selected.name && o.via.scope === publicScope,
    );
    const cause = comparison === undefined ? undefined : decideDataPlaneCause(facts, comparison);
    if (comparison !== undefined && cause?.answer === "refused" && cause.code === "token.wrong-audience") {
      findings.push(
        createFinding("token.wrong-audience", {
          severity: "warning",
          basis: "data-plane",
          detail: `This ${facts.endpoint.cloud} endpoint expects tokens for ${expectedScope(facts)}, which the doctor requested (it was not told the app's scope); a token requested with the public-cloud scope ${publicScope} (the value most samples hard-code) is refused with 401. Pass the scope the app requests (--scope) to check the app itself.`,
          evidence: [describeObservation(facts, comparison)],
          values: fixValues(facts, selected.identity),
          credential: selected.name,
        }),
      );
    }
  }
  return findings;
}
