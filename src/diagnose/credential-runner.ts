import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { CredentialAttemptRequest, CredentialAttemptResult } from "./credential-attempt.js";
import { withTimeout } from "./deadline.js";

/**
 * A credential attempt with its timing: the result, or `timedOut` when it did not settle in time.
 *
 * @example
 * const run: CredentialRun = { timedOut: true, durationMs: 15_000 };
 */
export type CredentialRun =
  | { timedOut: false; result: CredentialAttemptResult; durationMs: number }
  | { timedOut: true; durationMs: number; stoppedBecause?: string };

/**
 * Runs credential attempts, each within its own timeout, and stops everything they started on
 * {@link CredentialRunner.close}.
 *
 * @example
 * const runner = createCredentialRunner();
 * try { await runner.run({ credential: "AzureCliCredential", scope, timeoutMs: 15_000 }); } finally { await runner.close(); }
 */
export interface CredentialRunner {
  /**
   * Runs one attempt within `request.timeoutMs`; when `stopWhen` resolves first, stops waiting and
   * reports the attempt as `timedOut` with `stoppedBecause` set to the resolved reason.
   */
  run(request: CredentialAttemptRequest, options?: { stopWhen?: Promise<string> }): Promise<CredentialRun>;
  /** Terminates whatever is still running (retries, sockets, timers, child processes' waits). */
  close(): Promise<void>;
}

const WORKER = new URL("./credential-worker.js", import.meta.url);

type Pending = (result: CredentialAttemptResult) => void;

/**
 * Creates a {@link CredentialRunner}. In the built package the attempts run in one worker thread
 * (loading `@azure/identity` once), terminated by `close()`, so nothing a credential left running
 * outlives the verdict; from TypeScript sources (no built worker file) they run in-process.
 * `process.env` is what the credentials read, as `@azure/identity` always does.
 *
 * @example
 * const runner = createCredentialRunner();
 * const run = await runner.run({ credential: "ManagedIdentityCredential", scope, timeoutMs: 15_000 });
 * await runner.close();
 */
export function createCredentialRunner(): CredentialRunner {
  const isolated = existsSync(fileURLToPath(WORKER));
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, Pending>();
  let failure: Error | undefined;

  const start = (): Worker => {
    if (worker !== undefined) return worker;
    const created = new Worker(WORKER);
    created.unref();
    created.on("message", (message: { id: number; result: CredentialAttemptResult }) => {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    });
    created.on("error", (error) => {
      failure = error;
      for (const resolve of pending.values()) {
        resolve({ ok: false, errorName: "Error", message: `credential worker failed: ${error.message}` });
      }
      pending.clear();
    });
    worker = created;
    return created;
  };

  const inWorker = (request: CredentialAttemptRequest): Promise<CredentialAttemptResult> => {
    if (failure !== undefined) {
      return Promise.resolve({
        ok: false,
        errorName: "Error",
        message: `credential worker failed: ${failure.message}`,
      });
    }
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      start().postMessage({ id, request });
    });
  };

  return {
    async run(request, options = {}) {
      // An attempt that other evidence has already settled (IMDS drops connections or answers with a
      // gateway error, so ManagedIdentityCredential can only fail after its retries) is not waited for.
      const cancel = new AbortController();
      void options.stopWhen?.then((reason) => cancel.abort(reason));
      const outcome = await withTimeout(
        async (signal) =>
          isolated
            ? inWorker(request)
            : (await import("./credential-attempt.js")).attemptCredential(request, process.env, signal),
        request.timeoutMs,
        cancel.signal,
      );
      if (outcome.status === "timeout" && outcome.cancelledBecause !== undefined) {
        return { timedOut: true, durationMs: outcome.durationMs, stoppedBecause: outcome.cancelledBecause };
      }
      if (outcome.status === "timeout") return { timedOut: true, durationMs: outcome.durationMs };
      if (outcome.status === "error") {
        const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
        return {
          timedOut: false,
          result: { ok: false, errorName: "Error", message },
          durationMs: outcome.durationMs,
        };
      }
      return { timedOut: false, result: outcome.value, durationMs: outcome.durationMs };
    },
    async close() {
      pending.clear();
      const running = worker;
      worker = undefined;
      if (running !== undefined) await running.terminate();
    },
  };
}
