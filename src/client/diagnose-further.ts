import type { Diagnosis, KeylessAuthError } from "./keyless-errors.js";

/**
 * Options of {@link diagnoseFurther}: what the doctor runs with.
 *
 * @example
 * const options: DiagnoseFurtherOptions = { env: process.env, timeoutMs: 30_000 };
 */
export interface DiagnoseFurtherOptions {
  /** The environment the app's credential reads. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Extra CA certificates (PEM) to trust. */
  ca?: string[];
  /** The doctor's deadline. Default its own (30 s). */
  timeoutMs?: number;
  /** Another call than chat completions: `responses`, `embeddings`. */
  call?: string;
}

/**
 * A refusal's diagnosis refined by what the error body cannot say: runs the doctor (`keyless
 * doctor`'s `diagnose()`: the credential chain, the data plane, and ARM's role assignments and
 * account settings) for the error's endpoint and deployment, and returns its verdict, e.g.
 * `rbac.control-plane-role-only` (Owner, no data role), `rbac.wrong-scope`,
 * `rbac.propagation-pending`, where the body only says the data action is missing. It makes
 * network calls (Entra ID, ARM, the data plane) and takes seconds: call it once, on a refusal,
 * never on the hot path. Keeps the error's own diagnosis when the doctor finds nothing to add.
 *
 * @example
 * catch (error) { if (error instanceof KeylessAuthError) console.error((await diagnoseFurther(error)).code); }
 */
export async function diagnoseFurther(
  error: KeylessAuthError,
  options: DiagnoseFurtherOptions = {},
): Promise<Diagnosis> {
  // Loaded only here: the doctor (its workers, the ARM SDKs) costs nothing to apps that never call it.
  const { diagnose } = await import("../diagnose/diagnose.js");
  const report = await diagnose({
    endpoint: error.endpoint,
    ...(error.deployment === undefined ? {} : { deployment: error.deployment }),
    env: options.env ?? process.env,
    ...(options.ca === undefined ? {} : { ca: options.ca }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.call === undefined ? {} : { call: options.call }),
  });
  const primary = report.primary;
  if (primary === undefined || primary === null) return error.diagnosis;
  return {
    code: primary.code,
    title: primary.title,
    why: primary.detail,
    fix: primary.fix,
    evidence: primary.evidence,
  };
}
