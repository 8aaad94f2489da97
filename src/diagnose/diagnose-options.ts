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
 */
export interface DiagnoseOptions {
  /** The Azure OpenAI endpoint the app uses. */
  endpoint: string;
  /** The deployment the app calls; without one the doctor lists models instead of calling chat. */
  deployment?: string;
  /** Default `2024-10-21`. */
  apiVersion?: string;
  /** Try only this credential (a `DefaultAzureCredential` member, e.g. `AzureCliCredential`). */
  credential?: string;
  /** An API key to compare with (never printed). */
  apiKey?: string;
  /**
   * The environment, read by the environment probe and for masking secrets. The credentials
   * themselves read `process.env` through `@azure/identity`, which owns that.
   */
  env: Record<string, string | undefined>;
  /** The whole time budget in milliseconds; default 30 000. */
  timeoutMs?: number;
  onProgress?: (event: DiagnoseProgressEvent) => void;
  /** Clock, for tests; default `Date.now`. */
  now?: () => number;
}
