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
