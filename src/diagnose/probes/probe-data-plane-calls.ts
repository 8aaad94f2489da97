import type { DoctorCredentialName } from "../chain-credentials.js";
import { CREDENTIAL_TIMEOUT_MS } from "../diagnose-defaults.js";
import type { ProbePlan } from "../plan-probes.js";
import type { ProbeContext } from "./probe-context.js";
import {
  type DataPlaneCaller,
  type DataPlaneObservation,
  type DataPlaneTarget,
  probeDataPlane,
} from "./probe-data-plane.js";

const REQUEST_TIMEOUT_MS = 10_000;

function describeOutcome(observation: DataPlaneObservation): string {
  if (observation.status === undefined) return observation.timedOut ? "timeout" : "no answer";
  return `${observation.status}${observation.serviceCode === undefined ? "" : ` ${observation.serviceCode}`}`;
}

async function call(
  target: DataPlaneTarget,
  via: DataPlaneCaller,
  headers: Record<string, string>,
  context: ProbeContext,
): Promise<DataPlaneObservation> {
  const label = via.kind === "token" ? via.credential : "API key";
  context.onProgress?.({ probe: "data-plane", state: "started", label });
  const observation = await probeDataPlane(target, via, headers, {
    timeoutMs: context.deadline.budget(REQUEST_TIMEOUT_MS),
    redact: context.redact,
    network: context.network,
  });
  context.onProgress?.({
    probe: "data-plane",
    state: "finished",
    label,
    outcome: describeOutcome(observation),
  });
  return observation;
}

/**
 * Makes the planned data-plane calls, concurrently: one with each credential's token (the
 * endpoint's scope), the static `AZURE_OPENAI_AD_TOKEN`, the API key (an app that sends it fails
 * on the key's verdict, which no token probe shows), and, for a sovereign endpoint, the chain's
 * credential with a token for the public scope. Resolves to the observations in that order; the
 * tokens are used only for the requests.
 *
 * @example
 * const observations = await probeDataPlaneCalls(plan, tokens, chain.selected, context);
 * observations[0]?.status; // 401
 */
export async function probeDataPlaneCalls(
  plan: Pick<ProbePlan, "target" | "scope" | "comparisons">,
  tokens: ReadonlyMap<string, string>,
  selected: DoctorCredentialName | undefined,
  context: ProbeContext,
): Promise<DataPlaneObservation[]> {
  const { target, scope, comparisons } = plan;
  if (target === undefined) return [];
  const calls: Promise<DataPlaneObservation | undefined>[] = [];
  for (const [credential, token] of tokens) {
    calls.push(
      call(target, { kind: "token", credential, scope }, { authorization: `Bearer ${token}` }, context),
    );
  }
  const { staticToken, apiKey, publicScope } = comparisons;
  if (staticToken !== undefined) {
    calls.push(
      call(
        target,
        { kind: "token", credential: staticToken.variable, scope },
        { authorization: `Bearer ${staticToken.token}` },
        context,
      ),
    );
  }
  if (apiKey !== undefined) {
    calls.push(
      call(target, { kind: "api-key", source: apiKey.source }, { "api-key": apiKey.value }, context),
    );
  }
  if (publicScope !== undefined && selected !== undefined) {
    calls.push(
      context.runner
        .run({
          credential: selected,
          scope: publicScope,
          timeoutMs: context.deadline.budget(CREDENTIAL_TIMEOUT_MS),
        })
        .then((run) =>
          run.timedOut || !run.result.ok
            ? undefined
            : call(
                target,
                { kind: "token", credential: selected, scope: publicScope },
                { authorization: `Bearer ${run.result.token}` },
                context,
              ),
        ),
    );
  }
  const observed = await Promise.all(calls);
  return observed.filter((o): o is DataPlaneObservation => o !== undefined);
}
