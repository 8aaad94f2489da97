import { createCredentialRunner } from "./credential-runner.js";
import { createDeadline } from "./deadline.js";
import type { DiagnosisFacts } from "./diagnosis-facts.js";
import { createDoctorNetwork } from "./doctor-network.js";
import type { ProbePlan } from "./plan-probes.js";
import { explainEndpointResolution } from "./probes/explain-endpoint-resolution.js";
import { imdsSettles } from "./probes/imds-settles.js";
import { probeArmWithCredential } from "./probes/probe-arm-with-credential.js";
import type { ProbeContext } from "./probes/probe-context.js";
import { probeCredentials } from "./probes/probe-credentials.js";
import { probeDataPlaneCalls } from "./probes/probe-data-plane-calls.js";
import { probeEndpoint } from "./probes/probe-endpoint.js";
import { probeEnvironment } from "./probes/probe-environment.js";
import { type ImdsFacts, probeImds } from "./probes/probe-imds.js";
import { createRedactor } from "./secret-redaction.js";
import { loadTrustedCa } from "./trusted-ca.js";

const ENDPOINT_STEP_MS = 5_000;
// IMDS answers in milliseconds on a VM; a slower answer is itself the finding.
const IMDS_PROBE_MS = 3_000;

/** Freezes the facts and what they hold one level down (reports, lists and their entries). */
function freezeFacts(facts: DiagnosisFacts): DiagnosisFacts {
  for (const value of Object.values(facts)) {
    if (Array.isArray(value)) {
      for (const entry of value) if (typeof entry === "object" && entry !== null) Object.freeze(entry);
    }
    if (typeof value === "object" && value !== null) Object.freeze(value);
  }
  return Object.freeze(facts);
}

function endpointOutcome(report: DiagnosisFacts["endpoint"]): string {
  if (report.via === "proxy") return "via proxy";
  return report.reachable ? "reachable" : "unreachable";
}

/**
 * Carries out a {@link ProbePlan} and returns what was found, once, frozen: nothing after this
 * edits a fact. Two rounds, each concurrent: the endpoint (DNS, TCP, TLS), the environment, every
 * credential and the raw IMDS request; then, with the tokens, the data-plane calls and ARM. Every
 * step has its budget from one deadline (`timeoutMs`). The credentials run in a worker whose
 * environment is `env`, and every request goes through `env`'s proxy trusting the extra CA; the
 * runner is closed (its children killed) before this resolves. Tokens are used and dropped: the
 * facts hold claims, statuses and masked messages only.
 *
 * @example
 * const facts = await gatherFacts(planProbes(validateDiagnoseOptions({ endpoint, env: process.env })));
 * facts.chain.selected; // "AzureCliCredential"
 */
export async function gatherFacts(plan: ProbePlan): Promise<DiagnosisFacts> {
  const { options } = plan;
  const { env, now } = options;
  const deadline = createDeadline(options.timeoutMs, now);
  const ca = await loadTrustedCa({ ca: options.ca, env });
  const context: ProbeContext = {
    env,
    network: createDoctorNetwork({ env, ca }),
    runner: createCredentialRunner({ env, ca }),
    redact: createRedactor(env, plan.secrets),
    deadline,
    now,
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  };
  const armModule = import("./probes/probe-arm.js");
  const host = plan.classification.host ?? options.endpoint;
  const credentialTimeoutMs = deadline.budget(plan.credentials.timeoutMs);
  try {
    context.onProgress?.({ probe: "endpoint", state: "started", label: host });
    const imdsProbe =
      plan.imds === undefined
        ? Promise.resolve<ImdsFacts | undefined>(undefined)
        : probeImds(env, plan.imds.resource, deadline.budget(IMDS_PROBE_MS), context.network);
    const [endpoint, environment, credentialProbe, imds] = await Promise.all([
      probeEndpoint(options.endpoint, {
        env,
        timeoutMs: deadline.budget(ENDPOINT_STEP_MS),
        ...(context.network.secureContext === undefined
          ? {}
          : { secureContext: context.network.secureContext }),
      }).then((result) => {
        context.onProgress?.({
          probe: "endpoint",
          state: "finished",
          label: host,
          outcome: endpointOutcome(result.report),
        });
        // The scope asked for is the plan's: the app's when given, else the endpoint's own.
        return {
          ...result.report,
          scope: plan.scope,
          expectedScope: plan.endpointScope,
          scopeSource: plan.scopeSource,
        };
      }),
      probeEnvironment(env),
      probeCredentials({
        runner: context.runner,
        scope: plan.scope,
        ...(plan.credentials.only === undefined ? {} : { only: plan.credentials.only }),
        ...(plan.credentials.besides === undefined ? {} : { besides: plan.credentials.besides }),
        ...(plan.credentials.tokenCredentials === undefined
          ? {}
          : { tokenCredentials: plan.credentials.tokenCredentials }),
        timeoutMs: credentialTimeoutMs,
        stopWaiting: { ManagedIdentityCredential: () => imdsSettles(imdsProbe) },
        redact: context.redact,
        ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      }),
      imdsProbe,
    ]);
    const { chain, tokens } = credentialProbe;
    const [credentials, observations, arm] = await Promise.all([
      explainEndpointResolution(credentialProbe.credentials, context),
      probeDataPlaneCalls(plan, tokens, chain.selected, context),
      probeArmWithCredential(plan, chain.selected, context, armModule),
    ]);
    tokens.clear();
    return freezeFacts({
      now: now(),
      classification: plan.classification,
      endpoint,
      apiVersion: options.apiVersion,
      call: plan.call,
      ...(plan.deployment === undefined ? {} : { deployment: plan.deployment }),
      ...(plan.target === undefined ? {} : { target: plan.target }),
      environment,
      chain,
      credentials,
      observations,
      arm,
      ...(imds === undefined ? {} : { imds }),
      credentialTimeoutMs,
    });
  } finally {
    await context.runner.close();
  }
}
