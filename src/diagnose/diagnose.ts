import { CLOUDS } from "../knowledge/clouds.js";
import { classifyEndpoint, scopeForEndpoint } from "../knowledge/endpoint-form.js";
import { explain } from "../knowledge/explain.js";
import { analyzeArm } from "./analyzers/analyze-arm.js";
import { analyzeCredentials } from "./analyzers/analyze-credentials.js";
import { analyzeDataPlane } from "./analyzers/analyze-data-plane.js";
import { analyzeEndpoint } from "./analyzers/analyze-endpoint.js";
import { analyzeEnvironment } from "./analyzers/analyze-environment.js";
import { requiredDataAction } from "./analyzers/fix-values.js";
import { callPathStage } from "./call-path.js";
import { CHAIN_CREDENTIALS, findChainCredential } from "./chain-credentials.js";
import { type CredentialRunner, createCredentialRunner } from "./credential-runner.js";
import { createDeadline, withTimeout } from "./deadline.js";
import {
  CREDENTIAL_TIMEOUT_MS,
  DEFAULT_API_KEY_VARIABLES,
  DEFAULT_DIAGNOSE_API_VERSION,
  DEFAULT_DIAGNOSE_TIMEOUT_MS,
} from "./diagnose-defaults.js";
import type { DiagnoseOptions } from "./diagnose-options.js";
import { DiagnoseOptionsError } from "./diagnose-options-error.js";
import { type DiagnosisFacts, observationFor } from "./diagnosis-facts.js";
import type {
  ArmReport,
  CredentialReport,
  DataPlaneOutcome,
  DiagnosisReport,
  Finding,
} from "./diagnosis-report.js";
import { createDoctorNetwork, type DoctorNetwork } from "./doctor-network.js";
import { probeCredentials } from "./probe-credentials.js";
import {
  type DataPlaneCaller,
  type DataPlaneObservation,
  type DataPlaneTarget,
  dataPlaneTarget,
  probeDataPlane,
} from "./probe-data-plane.js";
import { probeEndpoint } from "./probe-endpoint.js";
import { probeEnvironment } from "./probe-environment.js";
import { type ImdsFacts, imdsCause, probeImds } from "./probe-imds.js";
import { probeTenantDiscovery } from "./probe-tenant-discovery.js";
import { rankFindings } from "./rank-findings.js";
import { createRedactor, type Redactor } from "./secret-redaction.js";
import { decodeTokenIdentity } from "./token-identity.js";
import { loadTrustedCa } from "./trusted-ca.js";

const ENDPOINT_STEP_MS = 5_000;
// IMDS answers in milliseconds on a VM; a slower answer is itself the finding.
const IMDS_PROBE_MS = 3_000;
const REQUEST_TIMEOUT_MS = 10_000;

interface Context {
  /** The ARM SDKs take a while to load: loading starts with the probes and is awaited only here. */
  armModule: Promise<typeof import("./probe-arm.js")>;
  options: DiagnoseOptions;
  /** The proxy and CA certificates of `options.env` (and `options.ca`), for every request. */
  network: DoctorNetwork;
  runner: CredentialRunner;
  redact: Redactor;
  deadline: ReturnType<typeof createDeadline>;
  now: () => number;
}

/**
 * MSAL reports a failed OIDC discovery only as `endpoints_resolution_error`; Entra's own answer to
 * that discovery names the reason, so the doctor asks once and adds its AADSTS line to the reason.
 */
async function explainEndpointResolution(ctx: Context, credentials: CredentialReport[]): Promise<void> {
  const unresolved = credentials.filter((c) => /endpoints_resolution_error/.test(c.reason ?? ""));
  if (unresolved.length === 0) return;
  const answer = await probeTenantDiscovery(
    ctx.options.env,
    ctx.deadline.budget(ENDPOINT_STEP_MS),
    ctx.network,
  );
  if (answer?.aadsts === undefined) return;
  const line = ctx.redact(answer.aadsts);
  for (const report of unresolved) {
    report.reason = `${report.reason ?? ""}\nOIDC discovery ${answer.url} answered ${answer.status}: ${line}`;
    const code = explain(line)[0]?.code;
    if (code !== undefined) report.cause = code;
  }
}

function outcomeOf(observation: DataPlaneObservation): DataPlaneOutcome {
  const outcome: DataPlaneOutcome = {};
  if (observation.status !== undefined) outcome.status = observation.status;
  if (observation.serviceCode !== undefined) outcome.code = observation.serviceCode;
  const cause = observation.matches[0]?.code;
  if (cause !== undefined) outcome.cause = cause;
  if (observation.serviceMessage !== undefined) outcome.message = observation.serviceMessage;
  if (observation.error !== undefined) outcome.error = observation.error;
  if (observation.requestId !== undefined) outcome.requestId = observation.requestId;
  return outcome;
}

function describeOutcome(observation: DataPlaneObservation): string {
  if (observation.status === undefined) return observation.timedOut ? "timeout" : "no answer";
  return `${observation.status}${observation.serviceCode === undefined ? "" : ` ${observation.serviceCode}`}`;
}

async function probeWith(
  ctx: Context,
  target: DataPlaneTarget,
  via: DataPlaneCaller,
  headers: Record<string, string>,
): Promise<DataPlaneObservation> {
  const label = via.kind === "token" ? via.credential : "API key";
  ctx.options.onProgress?.({ probe: "data-plane", state: "started", label });
  const observation = await probeDataPlane(target, via, headers, {
    timeoutMs: ctx.deadline.budget(REQUEST_TIMEOUT_MS),
    redact: ctx.redact,
    network: ctx.network,
  });
  ctx.options.onProgress?.({
    probe: "data-plane",
    state: "finished",
    label,
    outcome: describeOutcome(observation),
  });
  return observation;
}

async function probeArmWith(
  ctx: Context,
  facts: Pick<DiagnosisFacts, "classification" | "target" | "endpoint">,
  credential: (typeof CHAIN_CREDENTIALS)[number] | undefined,
): Promise<ArmReport> {
  if (credential === undefined) {
    return { status: "no-token", reason: "no credential produced a token, so ARM was not read" };
  }
  const cloud = facts.classification.cloud === "unknown" ? "public" : facts.classification.cloud;
  ctx.options.onProgress?.({ probe: "arm", state: "started", label: credential });
  const run = await ctx.runner.run({
    credential,
    scope: CLOUDS[cloud].armScope,
    timeoutMs: ctx.deadline.budget(CREDENTIAL_TIMEOUT_MS),
  });
  let report: ArmReport;
  if (run.timedOut || !run.result.ok) {
    const why = run.timedOut ? "no answer in time" : run.result.ok ? "" : ctx.redact(run.result.message);
    report = {
      status: "no-token",
      credential,
      reason: `${credential} could not get a token for ${CLOUDS[cloud].armScope}: ${why}`,
    };
  } else {
    const identity = decodeTokenIdentity(run.result.token);
    const { probeArm } = await ctx.armModule;
    const token = run.result.token;
    const outcome =
      identity === undefined
        ? undefined
        : await withTimeout(
            (signal) =>
              probeArm({
                token,
                identity,
                credential,
                cloud,
                classification: facts.classification,
                requiredDataAction: requiredDataAction(facts as DiagnosisFacts),
                signal,
                timeoutMs: ctx.deadline.budget(REQUEST_TIMEOUT_MS),
                redact: ctx.redact,
                now: ctx.now,
                network: ctx.network,
              }),
            ctx.deadline.budget(ctx.deadline.remaining()),
          );
    report =
      outcome === undefined
        ? { status: "failed", credential, reason: "the management token is not a JWT" }
        : outcome.status === "ok"
          ? outcome.value
          : outcome.status === "timeout"
            ? { status: "timeout", credential, reason: "ARM did not answer before the deadline" }
            : {
                status: "failed",
                credential,
                reason: ctx.redact(String((outcome.error as Error)?.message ?? outcome.error)),
              };
  }
  ctx.options.onProgress?.({ probe: "arm", state: "finished", label: credential, outcome: report.status });
  return report;
}

/** The API key compared with the keyless call, and where it came from. */
interface ComparisonKey {
  value: string;
  /** `option`, or the variable of `env` that holds it. */
  source: string;
}

/**
 * The key to compare with: `apiKey`, else the variable `apiKeyEnv` names, else the first of
 * {@link DEFAULT_API_KEY_VARIABLES} that is set.
 *
 * @throws {DiagnoseOptionsError} when `apiKeyEnv` names a variable `env` does not set.
 */
function comparisonKey(options: DiagnoseOptions): ComparisonKey | undefined {
  const named = options.apiKeyEnv;
  if (named !== undefined && (options.env[named] ?? "") === "") {
    throw new DiagnoseOptionsError(
      named.trim() === ""
        ? "apiKeyEnv is empty; name the variable that holds the API key, e.g. AZURE_OPENAI_API_KEY"
        : `apiKeyEnv names ${named}, which is ${options.env[named] === undefined ? "not set" : "empty"} in env; set it to the API key, or name the variable that holds it`,
    );
  }
  if (options.apiKey !== undefined && options.apiKey !== "")
    return { value: options.apiKey, source: "option" };
  for (const name of named === undefined ? DEFAULT_API_KEY_VARIABLES : [named]) {
    const value = options.env[name];
    if (value !== undefined && value !== "") return { value, source: name };
  }
  return undefined;
}

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
 * @throws {DiagnoseOptionsError} for an unknown `credential` name, an empty endpoint, an
 * `apiKeyEnv` that `env` does not set or a `ca` that is not PEM.
 * @example
 * const report = await diagnose({ endpoint: "https://contoso.openai.azure.com", deployment: "gpt-4o", env: process.env });
 * console.log(report.ok, report.primary?.code, report.primary?.fix);
 *
 * const emulator = await startEmulator({ scenario: "seed-000" });
 * const local = await diagnose({ endpoint: "https://contoso-openai.openai.azure.com", env: emulator.env });
 * local.primary?.code; // "rbac.control-plane-role-only"
 */
export async function diagnose(options: DiagnoseOptions): Promise<DiagnosisReport> {
  const now = options.now ?? Date.now;
  const started = now();
  if (typeof options.endpoint !== "string" || options.endpoint.trim() === "") {
    throw new DiagnoseOptionsError(
      "no endpoint to diagnose; pass the Azure OpenAI endpoint, e.g. https://<name>.openai.azure.com",
    );
  }
  const only = options.credential === undefined ? undefined : findChainCredential(options.credential);
  if (options.credential !== undefined && only === undefined) {
    throw new DiagnoseOptionsError(
      `credential "${options.credential}" is not a DefaultAzureCredential member; use one of: ${CHAIN_CREDENTIALS.join(", ")}`,
    );
  }
  const apiKey = comparisonKey(options);
  const totalMs = options.timeoutMs ?? DEFAULT_DIAGNOSE_TIMEOUT_MS;
  const deadline = createDeadline(totalMs, now);
  const ca = await loadTrustedCa({ ca: options.ca, env: options.env });
  const ctx: Context = {
    armModule: import("./probe-arm.js"),
    options,
    network: createDoctorNetwork({ env: options.env, ca }),
    runner: createCredentialRunner({ env: options.env, ca }),
    redact: createRedactor(options.env, [options.apiKey, apiKey?.value]),
    deadline,
    now,
  };
  try {
    const apiVersion = options.apiVersion ?? DEFAULT_DIAGNOSE_API_VERSION;
    const classification = classifyEndpoint(options.endpoint);
    const scope = classification.scope ?? scopeForEndpoint(options.endpoint);
    const deployment = options.deployment ?? classification.deployment;
    const credentialTimeoutMs = ctx.deadline.budget(Math.min(CREDENTIAL_TIMEOUT_MS, Math.round(totalMs / 2)));

    options.onProgress?.({
      probe: "endpoint",
      state: "started",
      label: classification.host ?? options.endpoint,
    });
    // IMDS is asked only where ManagedIdentityCredential would ask it (no App Service, Cloud Shell,
    // Arc or Service Fabric variables), and only when the credential is probed.
    const imdsSource =
      options.env.IDENTITY_ENDPOINT === undefined &&
      options.env.MSI_ENDPOINT === undefined &&
      (only === undefined || only === "ManagedIdentityCredential");
    const resource = scope.replace(/\/\.default$/, "");
    const imdsProbe = imdsSource
      ? probeImds(options.env, resource, ctx.deadline.budget(IMDS_PROBE_MS), ctx.network)
      : Promise.resolve<ImdsFacts | undefined>(undefined);
    const [endpoint, environment, credentialProbe, imds] = await Promise.all([
      probeEndpoint(options.endpoint, {
        env: options.env,
        timeoutMs: ctx.deadline.budget(ENDPOINT_STEP_MS),
        ...(ctx.network.secureContext === undefined ? {} : { secureContext: ctx.network.secureContext }),
      }).then((result) => {
        options.onProgress?.({
          probe: "endpoint",
          state: "finished",
          label: classification.host ?? options.endpoint,
          outcome:
            result.report.via === "proxy"
              ? "via proxy"
              : result.report.reachable
                ? "reachable"
                : "unreachable",
        });
        return result;
      }),
      probeEnvironment(options.env),
      probeCredentials({
        runner: ctx.runner,
        scope,
        ...(only === undefined ? {} : { only }),
        ...(options.env.AZURE_TOKEN_CREDENTIALS === undefined
          ? {}
          : { tokenCredentials: options.env.AZURE_TOKEN_CREDENTIALS }),
        timeoutMs: credentialTimeoutMs,
        stopWaiting: { ManagedIdentityCredential: imdsSettles(imdsProbe) },
        redact: ctx.redact,
        ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      }),
      imdsProbe,
    ]);

    const target = dataPlaneTarget(classification, deployment, apiVersion);
    const partial = {
      classification,
      endpoint: endpoint.report,
      ...(target === undefined ? {} : { target }),
    };
    const { chain, credentials, tokens } = credentialProbe;
    await explainEndpointResolution(ctx, credentials);
    const selected = chain.selected;
    const publicScope = CLOUDS.public.cognitiveServicesScope;

    const dataPlaneProbes: Promise<DataPlaneObservation | undefined>[] = [];
    if (target !== undefined) {
      for (const [credential, token] of tokens) {
        dataPlaneProbes.push(
          probeWith(ctx, target, { kind: "token", credential, scope }, { authorization: `Bearer ${token}` }),
        );
      }
      // A static token in the environment is what openai-python sends: its verdict is the app's.
      const staticToken = options.env.AZURE_OPENAI_AD_TOKEN;
      if (staticToken !== undefined && staticToken !== "") {
        dataPlaneProbes.push(
          probeWith(
            ctx,
            target,
            { kind: "token", credential: "AZURE_OPENAI_AD_TOKEN", scope },
            { authorization: `Bearer ${staticToken}` },
          ),
        );
      }
      // The key the openai client would pick up from the environment (or the emulator's printed key)
      // is compared too, unasked: an app that sends it (not the token) fails on the key's verdict,
      // which no token probe can show.
      if (apiKey !== undefined) {
        dataPlaneProbes.push(
          probeWith(ctx, target, { kind: "api-key", source: apiKey.source }, { "api-key": apiKey.value }),
        );
      }
      // The common sovereign-cloud mistake is the public scope hard-coded from a sample: show what it gets.
      if (
        selected !== undefined &&
        scope !== publicScope &&
        classification.cloud !== "public" &&
        classification.cloud !== "unknown"
      ) {
        dataPlaneProbes.push(
          ctx.runner
            .run({
              credential: selected,
              scope: publicScope,
              timeoutMs: ctx.deadline.budget(CREDENTIAL_TIMEOUT_MS),
            })
            .then((run) =>
              run.timedOut || !run.result.ok
                ? undefined
                : probeWith(
                    ctx,
                    target,
                    { kind: "token", credential: selected, scope: publicScope },
                    { authorization: `Bearer ${run.result.token}` },
                  ),
            ),
        );
      }
    }
    const [observed, arm] = await Promise.all([
      Promise.all(dataPlaneProbes),
      probeArmWith(ctx, partial, selected),
    ]);
    tokens.clear();
    const observations = observed.filter((o): o is DataPlaneObservation => o !== undefined);
    const facts: DiagnosisFacts = {
      now: now(),
      classification,
      endpoint: endpoint.report,
      apiVersion,
      ...(deployment === undefined ? {} : { deployment }),
      ...(target === undefined ? {} : { target }),
      environment,
      chain,
      credentials,
      observations,
      arm,
      ...(imds === undefined ? {} : { imds }),
      credentialTimeoutMs,
    };
    for (const credential of credentials) {
      const observation = observationFor(facts, credential.name);
      if (observation !== undefined) credential.dataPlane = outcomeOf(observation);
    }
    if (endpoint.report.via === "proxy" && observations.some((o) => o.status !== undefined)) {
      endpoint.report.reachable = true;
    } else if (endpoint.report.via === "proxy" && observations.length > 0) {
      endpoint.report.reachable = false;
    }

    const findings: Finding[] = [
      ...analyzeEndpoint(facts),
      ...analyzeEnvironment(facts),
      ...analyzeCredentials(facts),
      ...analyzeDataPlane(facts),
      ...analyzeArm(facts),
    ];
    const keyless = selected === undefined ? undefined : observationFor(facts, selected);
    const observedCode =
      keyless?.status !== undefined && keyless.status >= 400 ? keyless.matches[0]?.code : undefined;
    const ranked = rankFindings(
      findings,
      observedCode === undefined ? {} : { observedStage: callPathStage(observedCode) },
    );
    // Without a data-plane request (a Foundry project endpoint), a token from the chain is as far as it can be checked.
    const works =
      target === undefined ? selected !== undefined : keyless?.status !== undefined && keyless.status < 400;
    const primary = ranked.find((f) => f.severity !== "info") ?? null;
    const apiKeyObservation = observations.find((o) => o.via.kind === "api-key");

    const report: DiagnosisReport = {
      ok: works && !ranked.some((f) => f.severity === "error"),
      primary,
      findings: ranked,
      endpoint: endpoint.report,
      apiVersion,
      ...(deployment === undefined ? {} : { deployment }),
      ...(target === undefined ? {} : { request: target.display }),
      chain: {
        order: [...chain.order],
        ...(chain.selected === undefined ? {} : { selected: chain.selected }),
        ...(chain.stoppedBy === undefined ? {} : { stoppedBy: chain.stoppedBy }),
        ...(chain.tokenCredentials === undefined ? {} : { tokenCredentials: chain.tokenCredentials }),
        ...(chain.only === undefined ? {} : { only: chain.only }),
      },
      credentials,
      ...(apiKeyObservation === undefined || apiKeyObservation.via.kind !== "api-key"
        ? {}
        : { apiKey: { source: apiKeyObservation.via.source, ...outcomeOf(apiKeyObservation) } }),
      arm,
      environment: environment.variables,
      deadlineMs: totalMs,
      durationMs: now() - started,
    };
    return report;
  } finally {
    await ctx.runner.close();
  }
}

/** ManagedIdentityCredential's own IMDS probe and first attempts fit in this; only retries run past it. */
const MI_RETRY_GRACE_MS = 4000;

/**
 * Resolves (with the reason) when the raw IMDS probe proves that ManagedIdentityCredential can only
 * fail, by dropped connections, silence or a gateway error, and the credential is still running after
 * its own first attempts: what is left are retries that end the same way. Otherwise it never resolves
 * and the credential is waited for as usual.
 */
async function imdsSettles(probe: Promise<ImdsFacts | undefined>): Promise<string> {
  const grace = new Promise((resolve) => setTimeout(resolve, MI_RETRY_GRACE_MS).unref());
  const [facts] = await Promise.all([probe, grace]);
  const cause = facts === undefined ? undefined : imdsCause(facts);
  if (facts === undefined || (cause !== "credential.mi-unavailable" && cause !== "credential.mi-gateway")) {
    return new Promise<string>(() => {});
  }
  const answer =
    facts.status !== undefined
      ? `answered HTTP ${facts.status}`
      : `gave no HTTP answer (${facts.timedOut ? "timeout" : (facts.connectionError ?? "no response")})`;
  return `one direct request to ${facts.url} ${answer} (${cause})`;
}
