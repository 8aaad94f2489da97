import type { HttpClient } from "@azure/core-rest-pipeline";
import type { DoctorCredentialName } from "./chain-credentials.js";
import { createChainCredential } from "./create-chain-credential.js";

/**
 * One token request through one credential.
 *
 * @example
 * const request: CredentialAttemptRequest = { credential: "AzureCliCredential", scope: "https://cognitiveservices.azure.com/.default", timeoutMs: 15_000 };
 */
export interface CredentialAttemptRequest {
  credential: DoctorCredentialName;
  scope: string;
  /** Ask for a token in this tenant (`getToken` option). */
  tenantId?: string;
  timeoutMs: number;
  /** The DefaultAzureCredential IMDS probe; default true. */
  sendProbeRequest?: boolean;
}

/**
 * What came back: a token (kept in memory by the caller, never reported) or the error's name,
 * message and status.
 *
 * @example
 * const result: CredentialAttemptResult = { ok: false, errorName: "CredentialUnavailableError", message: "..." };
 */
export type CredentialAttemptResult =
  | { ok: true; token: string; expiresOnTimestamp: number; receivedAt: number }
  | { ok: false; errorName: string; message: string; statusCode?: number };

/**
 * Where an attempt runs: the environment the credential is built from and the HTTP client its
 * requests go through.
 *
 * @example
 * const context: CredentialAttemptContext = { env: process.env, httpClient: network.httpClient };
 */
export interface CredentialAttemptContext {
  env: Record<string, string | undefined>;
  /** Default: `@azure/identity`'s own pipeline client. */
  httpClient?: HttpClient;
  signal?: AbortSignal;
}

/** How long after the attempt's timeout a CLI the credential runs is killed. */
const PROCESS_TIMEOUT_MARGIN_MS = 5_000;

/**
 * Asks one credential for a token, with the `abortSignal` the credentials honour and
 * `processTimeoutInMs` for the ones that run a CLI. Never rejects.
 *
 * @example
 * const result = await attemptCredential({ credential: "EnvironmentCredential", scope, timeoutMs: 15_000 }, { env: process.env });
 */
export async function attemptCredential(
  request: CredentialAttemptRequest,
  context: CredentialAttemptContext,
): Promise<CredentialAttemptResult> {
  const { env, httpClient, signal } = context;
  try {
    const credential = createChainCredential(request.credential, env, {
      // A backstop past the attempt's own timeout, so that a hanging CLI is reported by the
      // runner as a timeout rather than killed first and misread as its half-written output.
      processTimeoutInMs: request.timeoutMs + PROCESS_TIMEOUT_MARGIN_MS,
      sendProbeRequest: request.sendProbeRequest ?? true,
      ...(httpClient === undefined ? {} : { httpClient }),
    });
    const token = await credential.getToken(request.scope, {
      ...(signal === undefined ? {} : { abortSignal: signal }),
      ...(request.tenantId === undefined ? {} : { tenantId: request.tenantId }),
    });
    if (token === null) {
      return {
        ok: false,
        errorName: "CredentialUnavailableError",
        message: "The credential returned no token.",
      };
    }
    return {
      ok: true,
      token: token.token,
      expiresOnTimestamp: token.expiresOnTimestamp,
      receivedAt: Date.now(),
    };
  } catch (error) {
    const e = error as { name?: unknown; message?: unknown; statusCode?: unknown };
    const result: CredentialAttemptResult = {
      ok: false,
      errorName: typeof e?.name === "string" ? e.name : "Error",
      message: typeof e?.message === "string" ? e.message : String(error),
    };
    if (typeof e?.statusCode === "number") result.statusCode = e.statusCode;
    return result;
  }
}
