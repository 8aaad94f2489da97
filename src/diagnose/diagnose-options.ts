import type { DiagnoseCall } from "./diagnose-defaults.js";

/**
 * The probes the doctor runs, for progress reporting.
 *
 * @example
 * const probe: ProbeName = "credentials";
 */
export type ProbeName = "endpoint" | "environment" | "credentials" | "data-plane" | "arm";

/**
 * A progress event: a probe (or one credential of the credential probe) started or finished.
 *
 * @example
 * const event: DiagnoseProgressEvent = { probe: "credentials", state: "finished", label: "AzureCliCredential", outcome: "token" };
 */
export interface DiagnoseProgressEvent {
  probe: ProbeName;
  state: "started" | "finished";
  /** What is being probed, e.g. a credential name or a host. */
  label: string;
  /** A short result, e.g. `token`, `unavailable`, `401 PermissionDenied`. */
  outcome?: string;
}

/**
 * Options of {@link diagnose}.
 *
 * @example
 * const options: DiagnoseOptions = {
 *   endpoint: "https://contoso.openai.azure.com",
 *   deployment: "gpt-4o",
 *   env: process.env,
 * };
 * // In-process against the emulator: its environment, and its CA trusted without NODE_EXTRA_CA_CERTS at start.
 * const local: DiagnoseOptions = { endpoint: "https://contoso-openai.openai.azure.com", env: emulator.env, ca: emulator.ca };
 */
export interface DiagnoseOptions {
  /** The Azure OpenAI endpoint the app uses. */
  endpoint: string;
  /** The deployment the app calls; without one the doctor lists models instead of calling chat. */
  deployment?: string;
  /** Default `2024-10-21`. */
  apiVersion?: string;
  /**
   * The scope the app requests its tokens for, e.g. `https://ml.azure.com/.default` (what
   * `@azure-rest/ai-inference`'s `ModelClient` asks for by default). The doctor then asks every
   * credential for this scope, calls the data plane with those tokens, and its verdict is about
   * what the app does (a scope the endpoint refuses is `token.wrong-audience`). Default: the
   * endpoint's own scope (`https://cognitiveservices.azure.com/.default`, a sovereign cloud's twin,
   * `https://ai.azure.com/.default` for a Foundry project), which the report says it used
   * (`endpoint.scopeSource: "endpoint"`). A resource URI, usually ending in `/.default`.
   */
  scope?: string;
  /**
   * The call the app makes, probed on the endpoint's form: `chat` (default; chat completions with
   * `max_tokens: 1`), `responses` (the Responses API: `/openai/v1/responses`, the dated
   * `/openai/responses`, or the project's `/openai/v1/responses`, with `max_output_tokens: 16`) or
   * `embeddings`. Its data action is what RBAC is checked against. Without a deployment every call
   * becomes the models list. Case-insensitive; anything else is a `DiagnoseOptionsError`.
   */
  call?: DiagnoseCall | string;
  /**
   * Try only this credential: a `DefaultAzureCredential` member, e.g. `AzureCliCredential`, or
   * `AzurePipelinesCredential` (built from `AZURESUBSCRIPTION_TENANT_ID`, `AZURESUBSCRIPTION_CLIENT_ID`,
   * `AZURESUBSCRIPTION_SERVICE_CONNECTION_ID` and `SYSTEM_ACCESSTOKEN`).
   */
  credential?: string;
  /** An API key to compare with (never printed); wins over {@link DiagnoseOptions.apiKeyEnv}. */
  apiKey?: string;
  /**
   * The variable of `env` that holds the API key to compare with (never printed), e.g.
   * `MY_OPENAI_KEY`; it must be set. Default: `AZURE_OPENAI_API_KEY` when set, else
   * `KEYLESS_API_KEY` (where the emulator prints the key, so that unmodified apps do not pick it up).
   */
  apiKeyEnv?: string;
  /**
   * The environment under diagnosis, and the only one read: the credentials run in a worker thread
   * whose `process.env` is this, the proxy (`HTTPS_PROXY`, `NO_PROXY`...) and `NODE_EXTRA_CA_CERTS`
   * of every request come from it, and the environment probe and secret masking read it. The
   * doctor's own `process.env` is never looked at; pass `process.env` to diagnose that.
   */
  env: Record<string, string | undefined>;
  /**
   * CA certificates (PEM) every HTTPS connection of the run trusts besides Node's bundled roots:
   * the probes, the data plane, ARM and the credentials. Default: the file `env.NODE_EXTRA_CA_CERTS`
   * names (Node itself reads that variable only when a process starts).
   */
  ca?: string | string[];
  /** The whole time budget in milliseconds; default 30 000. */
  timeoutMs?: number;
  onProgress?: (event: DiagnoseProgressEvent) => void;
  /** Clock, for tests; default `Date.now`. */
  now?: () => number;
}
