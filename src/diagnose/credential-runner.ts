import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";
import type { CredentialAttemptRequest, CredentialAttemptResult } from "./credential-attempt.js";
import { withTimeout } from "./deadline.js";
import { startSourceWorker } from "./source-worker.js";

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
 * const runner = createCredentialRunner({ env: process.env });
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

/**
 * What the credentials run with.
 *
 * @example
 * const options: CredentialRunnerOptions = { env: emulator.env, ca: [emulator.ca] };
 */
export interface CredentialRunnerOptions {
  /**
   * The environment the credentials read: `process.env` inside their worker thread, so
   * `@azure/identity`, the CLIs it runs and the proxy settings see this and nothing else.
   */
  env: Record<string, string | undefined>;
  /** Extra CA certificates (PEM) the credentials' HTTPS connections trust besides Node's roots. */
  ca?: readonly string[];
}

/**
 * What the worker receives besides its environment.
 *
 * @example
 * const data: CredentialWorkerData = { ca: [caPem] };
 */
export interface CredentialWorkerData {
  ca: string[];
}

const BUILT_WORKER = new URL("./credential-worker.js", import.meta.url);
const SOURCE_WORKER = new URL("./credential-worker.ts", import.meta.url);

type Pending = (result: CredentialAttemptResult) => void;

/** A worker's `env` holds strings only: variables set to `undefined` are left out. */
function workerEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) out[name] = value;
  return out;
}

function spawnWorker(options: WorkerOptions): Worker {
  if (existsSync(fileURLToPath(BUILT_WORKER))) return new Worker(BUILT_WORKER, options);
  return startSourceWorker(SOURCE_WORKER, options);
}

function failed(error: Error): CredentialAttemptResult {
  return { ok: false, errorName: "Error", message: `credential worker failed: ${error.message}` };
}

/**
 * Creates a {@link CredentialRunner}. The attempts run in one worker thread (loading
 * `@azure/identity` once) whose `process.env` is `options.env`, terminated by `close()`, so nothing
 * a credential left running outlives the verdict and no credential reads the caller's own
 * environment. From the TypeScript sources (tests) the worker transpiles them as it loads them.
 *
 * @example
 * const runner = createCredentialRunner({ env: emulator.env, ca: [emulator.ca] });
 * const run = await runner.run({ credential: "ManagedIdentityCredential", scope, timeoutMs: 15_000 });
 * await runner.close();
 */
export function createCredentialRunner(options: CredentialRunnerOptions): CredentialRunner {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, Pending>();
  let failure: Error | undefined;

  const fail = (error: Error) => {
    failure = error;
    for (const resolve of pending.values()) resolve(failed(error));
    pending.clear();
  };

  const start = (): Worker | undefined => {
    if (worker !== undefined || failure !== undefined) return worker;
    const workerData: CredentialWorkerData = { ca: [...(options.ca ?? [])] };
    let created: Worker;
    try {
      created = spawnWorker({ env: workerEnv(options.env), workerData });
    } catch (error) {
      fail(error instanceof Error ? error : new Error(String(error)));
      return undefined;
    }
    created.unref();
    created.on("message", (message: { id: number; result: CredentialAttemptResult }) => {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    });
    created.on("error", fail);
    worker = created;
    return created;
  };

  const inWorker = (request: CredentialAttemptRequest): Promise<CredentialAttemptResult> => {
    const running = start();
    if (running === undefined || failure !== undefined) {
      return Promise.resolve(failed(failure ?? new Error("not started")));
    }
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      running.postMessage({ id, request });
    });
  };

  return {
    async run(request, runOptions = {}) {
      // An attempt that other evidence has already settled (IMDS drops connections or answers with a
      // gateway error, so ManagedIdentityCredential can only fail after its retries) is not waited for.
      const cancel = new AbortController();
      void runOptions.stopWhen?.then((reason) => cancel.abort(reason));
      const outcome = await withTimeout(() => inWorker(request), request.timeoutMs, cancel.signal);
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
