import { CLOUDS, type CloudName } from "../knowledge/clouds.js";
import {
  classifyEndpoint,
  type EndpointClassification,
  scopeForEndpoint,
} from "../knowledge/endpoint-form.js";
import {
  type DoctorCredentialName,
  PIPELINES_CREDENTIAL,
  pipelinesCredentialSetUp,
} from "./chain-credentials.js";
import { CREDENTIAL_TIMEOUT_MS, type DiagnoseCall } from "./diagnose-defaults.js";
import { type DataPlaneTarget, dataPlaneTarget } from "./probes/probe-data-plane.js";
import type { ComparisonKey, ValidDiagnoseOptions } from "./validate-diagnose-options.js";

/**
 * What the doctor will ask, decided before anything is asked: the endpoint's classification and
 * scope, the data-plane request, which credentials to try, whether to ask IMDS, which extra
 * data-plane calls to compare with, and the time budgets. Every decision that depends on the
 * environment's variables is made here, so the probes only carry it out. It holds the two secrets
 * the comparison calls send (the API key, the static token); they never reach a fact.
 *
 * @example
 * const plan: ProbePlan = planProbes(validateDiagnoseOptions({ endpoint: "https://contoso.openai.azure.com", env: process.env }));
 * plan.target?.display; // "GET /openai/models?api-version=2024-10-21"
 */
export interface ProbePlan {
  options: ValidDiagnoseOptions;
  classification: EndpointClassification;
  /**
   * The scope tokens are requested for: the app's (`scope` option) when given, else the
   * endpoint's own.
   */
  scope: string;
  /** The scope the endpoint's tokens need (its classification's). */
  endpointScope: string;
  /** Where {@link ProbePlan.scope} comes from: the `scope` option, or the endpoint. */
  scopeSource: "option" | "endpoint";
  deployment?: string;
  /** The call the app makes (`call` option), which {@link ProbePlan.target} is. */
  call: DiagnoseCall;
  /** The data-plane request; absent for an invalid URL. */
  target?: DataPlaneTarget;
  credentials: {
    only?: DoctorCredentialName;
    /**
     * Tried beside the chain, which does not include it: `AzurePipelinesCredential` in an Azure
     * Pipelines job whose variables name a service connection (and no `only`).
     */
    besides?: DoctorCredentialName[];
    /** `AZURE_TOKEN_CREDENTIALS`, as set. */
    tokenCredentials?: string;
    /** Per credential; they run concurrently. */
    timeoutMs: number;
  };
  /**
   * One raw token request to the host's managed identity endpoint (IMDS, App Service, Cloud Shell,
   * Arc, Service Fabric, Machine Learning: the one `ManagedIdentityCredential` would ask), for the
   * `resource` of the scope, only when that credential is tried.
   */
  imds?: { resource: string };
  /** The data-plane calls made besides one per credential that gets a token. */
  comparisons: {
    /** `AZURE_OPENAI_AD_TOKEN`: what openai-python sends, so its verdict is the app's. */
    staticToken?: { variable: "AZURE_OPENAI_AD_TOKEN"; token: string };
    /** The API key the openai client would pick up (or the emulator's printed key). */
    apiKey?: ComparisonKey;
    /**
     * For a sovereign endpoint, when the app's scope is not known (no `scope` option): the chain's
     * credential asked for the public scope, the common mistake, to show what it would get. Told
     * the app's scope, the doctor calls with that instead and compares nothing.
     */
    publicScope?: string;
  };
  /** Where ARM is read, with the chain's credential. */
  arm: { cloud: CloudName; scope: string };
  /** Values the redactor masks besides `env`'s secrets. */
  secrets: string[];
}

/**
 * Plans the probes for validated options: classifies the endpoint (`knowledge/`), picks the scope
 * (the app's, else the endpoint's), builds the data-plane request for the app's call, and reads
 * the variables that decide what is asked (`AZURE_TOKEN_CREDENTIALS`, `AZURE_OPENAI_AD_TOKEN`, an
 * Azure Pipelines service connection). No I/O.
 *
 * @example
 * const plan = planProbes(validateDiagnoseOptions({ endpoint: "https://contoso.openai.azure.us", env: {} }));
 * plan.comparisons.publicScope; // "https://cognitiveservices.azure.com/.default"
 */
export function planProbes(options: ValidDiagnoseOptions): ProbePlan {
  const { env, only } = options;
  const classification = classifyEndpoint(options.endpoint);
  const endpointScope = classification.scope ?? scopeForEndpoint(options.endpoint);
  const scope = options.scope ?? endpointScope;
  const deployment = options.deployment ?? classification.deployment;
  const target = dataPlaneTarget(classification, deployment, options.apiVersion, options.call);
  const cloud = classification.cloud === "unknown" ? "public" : classification.cloud;
  // One raw request to the host's identity endpoint, whichever it is (IMDS, App Service / Container
  // Apps, Cloud Shell, Arc, Service Fabric, Machine Learning: probe-imds.ts speaks each protocol).
  const askImds = only === undefined || only === "ManagedIdentityCredential";
  const staticToken = env.AZURE_OPENAI_AD_TOKEN;
  const publicScope = CLOUDS.public.cognitiveServicesScope;
  const sovereign =
    options.scope === undefined &&
    endpointScope !== publicScope &&
    classification.cloud !== "public" &&
    classification.cloud !== "unknown";
  const apiKey = options.comparisonKey;
  const besides: DoctorCredentialName[] =
    only === undefined && pipelinesCredentialSetUp(env) ? [PIPELINES_CREDENTIAL] : [];
  return {
    options,
    classification,
    scope,
    endpointScope,
    scopeSource: options.scope === undefined ? "endpoint" : "option",
    call: options.call,
    ...(deployment === undefined ? {} : { deployment }),
    ...(target === undefined ? {} : { target }),
    credentials: {
      ...(only === undefined ? {} : { only }),
      ...(besides.length === 0 ? {} : { besides }),
      ...(env.AZURE_TOKEN_CREDENTIALS === undefined ? {} : { tokenCredentials: env.AZURE_TOKEN_CREDENTIALS }),
      timeoutMs: Math.min(CREDENTIAL_TIMEOUT_MS, Math.round(options.timeoutMs / 2)),
    },
    ...(askImds ? { imds: { resource: scope.replace(/\/\.default$/, "") } } : {}),
    comparisons: {
      ...(staticToken === undefined || staticToken === ""
        ? {}
        : { staticToken: { variable: "AZURE_OPENAI_AD_TOKEN", token: staticToken } }),
      ...(apiKey === undefined ? {} : { apiKey }),
      ...(sovereign ? { publicScope } : {}),
    },
    arm: { cloud, scope: CLOUDS[cloud].armScope },
    secrets: apiKey === undefined ? [] : [apiKey.value],
  };
}
