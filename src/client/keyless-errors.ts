import { APIError } from "openai";
import type { CauseCode } from "../knowledge/cause.js";

/**
 * Why a keyless call failed, as keyless reads it: the cause code (its page is
 * `docs/causes/<code>.md`), the cause's title, the explanation and the fix, rendered with what the
 * failure showed (endpoint, principal, scope). Never holds a token, key or secret.
 *
 * @example
 * const diagnosis: Diagnosis = { code: "rbac.missing-data-action", title: "...", why: "...", fix: "az role assignment create ..." };
 */
export interface Diagnosis {
  code: CauseCode;
  title: string;
  why: string;
  fix: string;
  /** What the diagnosis read besides the answer (the sent token's claims, the endpoint). */
  evidence: string[];
}

function summary(diagnosis: Diagnosis): string {
  return `${diagnosis.code}: ${diagnosis.title}`;
}

/**
 * A refusal from Azure OpenAI of a keyless call (401, 403, or a 400 about authentication), with
 * `.diagnosis` read from the response body, the endpoint and the claims of the token that was
 * sent, without another network call. An `openai` `APIError`: `status`, `headers`, `error`,
 * `requestID` are the original's. What only role assignments tell apart (a control-plane role, a
 * role at another scope, propagation) needs ARM: {@link diagnoseFurther} asks it.
 *
 * @example
 * try { await client.chat.completions.create(request); }
 * catch (error) { if (error instanceof KeylessAuthError) console.error(error.diagnosis.code, error.diagnosis.fix); }
 */
export class KeylessAuthError extends APIError {
  readonly diagnosis: Diagnosis;
  /** The endpoint the client was built for (redacted), for {@link diagnoseFurther}. */
  readonly endpoint: string;
  /** The client's deployment, when it was given one. */
  readonly deployment: string | undefined;

  constructor(original: APIError, diagnosis: Diagnosis, target: { endpoint: string; deployment?: string }) {
    super(original.status, original.error, original.message, original.headers);
    // APIError builds its message from the body; the diagnosis goes after it.
    this.message = `${original.message} [keyless: ${summary(diagnosis)}]`;
    this.name = "KeylessAuthError";
    this.diagnosis = diagnosis;
    this.endpoint = target.endpoint;
    this.deployment = target.deployment;
  }
}

/**
 * The credential could not get a token for the scope: `.diagnosis` is `explain()`'s reading of
 * the credential's error (redacted), `cause` the original error.
 *
 * @example
 * await provider().catch((error: KeylessTokenError) => console.error(error.diagnosis?.code));
 */
export class KeylessTokenError extends Error {
  readonly diagnosis: Diagnosis | undefined;
  readonly scope: string;

  constructor(message: string, scope: string, diagnosis: Diagnosis | undefined, cause: unknown) {
    super(diagnosis === undefined ? message : `${message} [keyless: ${summary(diagnosis)}]`, { cause });
    this.name = "KeylessTokenError";
    this.scope = scope;
    this.diagnosis = diagnosis;
  }
}

/**
 * A client configuration that cannot work keyless, refused when the client is built: an API key
 * variable beside the token provider, a regional endpoint, a scope the endpoint does not accept,
 * `OPENAI_BASE_URL` beside an endpoint...
 *
 * @example
 * try { createAzureOpenAI({ endpoint }); } catch (error) { if (error instanceof KeylessConfigError) console.error(error.diagnosis.fix); }
 */
export class KeylessConfigError extends Error {
  readonly diagnosis: Diagnosis;

  constructor(message: string, diagnosis: Diagnosis) {
    super(`${message} [keyless: ${summary(diagnosis)}]`);
    this.name = "KeylessConfigError";
    this.diagnosis = diagnosis;
  }
}
