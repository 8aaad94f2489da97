/**
 * The doctor's time budget when none is given (milliseconds). Credentials get at most
 * {@link CREDENTIAL_TIMEOUT_MS} of it, in parallel; the data plane and ARM share the rest.
 *
 * @example
 * await diagnose({ endpoint, env: process.env, timeoutMs: DEFAULT_DIAGNOSE_TIMEOUT_MS });
 */
export const DEFAULT_DIAGNOSE_TIMEOUT_MS = 30_000;

/**
 * The longest any one credential may take (it is also the az/azd/pwsh process timeout).
 *
 * @example
 * Math.min(CREDENTIAL_TIMEOUT_MS, totalMs / 2);
 */
export const CREDENTIAL_TIMEOUT_MS = 15_000;

/**
 * The API version of the probe call when none is given (the GA data-plane spec).
 *
 * @example
 * `...chat/completions?api-version=${DEFAULT_DIAGNOSE_API_VERSION}`;
 */
export const DEFAULT_DIAGNOSE_API_VERSION = "2024-10-21";

/**
 * Where the doctor looks for the API key to compare with when none is named, in order:
 * `AZURE_OPENAI_API_KEY` (what the `openai` client reads), then `KEYLESS_API_KEY` (where the
 * emulator prints the key, so that unmodified apps do not send it).
 *
 * @example
 * const name = DEFAULT_API_KEY_VARIABLES.find((n) => env[n]);
 */
export const DEFAULT_API_KEY_VARIABLES = ["AZURE_OPENAI_API_KEY", "KEYLESS_API_KEY"] as const;

/**
 * The data-plane calls the doctor can probe, as `--call` / `diagnose({ call })` names them: chat
 * completions (the default), the Responses API, embeddings.
 *
 * @example
 * DIAGNOSE_CALLS.includes("responses"); // true
 */
export const DIAGNOSE_CALLS = ["chat", "responses", "embeddings"] as const;

/**
 * The call the app makes, which the doctor probes; see {@link DIAGNOSE_CALLS}.
 *
 * @example
 * const call: DiagnoseCall = "responses";
 */
export type DiagnoseCall = (typeof DIAGNOSE_CALLS)[number];

/**
 * The call the doctor probes when none is named.
 *
 * @example
 * validateDiagnoseOptions({ endpoint, env: {} }).call === DEFAULT_DIAGNOSE_CALL; // true
 */
export const DEFAULT_DIAGNOSE_CALL: DiagnoseCall = "chat";

/**
 * The api-version of a Responses API probe on the dated form (`/openai/responses`) when the one
 * given predates the Responses API (2025-03-01-preview): `OPENAI_API_VERSION` usually names the
 * chat GA version, which has no `/openai/responses`.
 *
 * @example
 * `/openai/responses?api-version=${RESPONSES_API_VERSION}`;
 */
export const RESPONSES_API_VERSION = "2025-04-01-preview";
