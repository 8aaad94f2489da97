import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";
import { type ChildProcessGuard, guardChildProcesses } from "./child-process-tracker.js";
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
  | { timedOut: true; durationMs: number; stoppedBecause?: string; notStarted?: true };

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
   * Runs one attempt within `request.timeoutMs`, counted from when the worker begins it: the wait
   * for the worker to load its modules (seconds on a loaded machine) is bounded apart, by
   * `startWithinMs` (default `request.timeoutMs`), and an attempt the worker never began is
   * reported as `timedOut` with `notStarted`, not as the credential's own slowness. `stopWhen` is
   * called once the attempt has begun in the worker (its modules loaded, the credential asked), so
   * a grace period it starts is the credential's own time, however long a loaded machine took to
   * get there; when the promise it returns resolves first with a reason, the attempt is no longer
   * waited for and is reported as `timedOut` with `stoppedBecause` set to that reason. One that resolves with `undefined` changes
   * nothing: the attempt is waited for as usual.
   */
  run(
    request: CredentialAttemptRequest,
    options?: { stopWhen?: () => Promise<string | undefined>; startWithinMs?: number },
  ): Promise<CredentialRun>;
  /**
   * Terminates whatever is still running (retries, sockets, timers), and kills the child processes
   * the credentials started (the `sh -c` and the CLI under it) with all they started.
   */
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

/**
 * What the main thread sends the worker: an attempt to run; an attempt no longer waited for, whose
 * child processes are to be killed; or `stop`, to kill every child process before the worker is
 * terminated (answered by `stopped`).
 *
 * @example
 * worker.postMessage({ type: "attempt", id: 1, request } satisfies CredentialWorkerRequest);
 */
export type CredentialWorkerRequest =
  | { type: "attempt"; id: number; request: CredentialAttemptRequest }
  | { type: "abandon"; id: number }
  | { type: "stop" };

/**
 * What the worker sends back: that an attempt has begun; an attempt's result; a child process it started or that has ended
 * (the pid leads the child's process group), so the main thread can kill what is left should it
 * exit first; and `stopped`, once every child process is killed.
 *
 * @example
 * parentPort.postMessage({ type: "child-started", pid: child.pid } satisfies CredentialWorkerMessage);
 */
export type CredentialWorkerMessage =
  | { type: "started"; id: number }
  | { type: "result"; id: number; result: CredentialAttemptResult }
  | { type: "child-started"; pid: number }
  | { type: "child-ended"; pid: number }
  | { type: "stopped" };

/** How long `close()` waits for the worker to have killed its child processes before terminating it. */
const STOP_ACK_MS = 2000;

const BUILT_WORKER = new URL("./credential-worker.js", import.meta.url);
const SOURCE_WORKER = new URL("./credential-worker.ts", import.meta.url);

interface Pending {
  settle: (result: CredentialAttemptResult) => void;
  onStarted: (() => void) | undefined;
}

/** A worker's `env` holds strings only: variables set to `undefined` are left out. */
function workerEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) out[name] = value;
  return out;
}

/** Node options about the main script's input, which a worker (a file) cannot take. */
const INPUT_OPTIONS = new Set(["--input-type", "-e", "--eval", "-p", "--print"]);

/**
 * The process's `execArgv` a worker can take: a worker inherits it, and one started from
 * `node --input-type=module -e "..."` (an app run as a one-liner) fails to start with "--input-type
 * can only be used with string input". Loaders and the other options stay.
 *
 * @example
 * workerExecArgv(["--input-type=module", "--import", "tsx"]); // ["--import", "tsx"]
 */
export function workerExecArgv(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i] ?? "";
    const name = arg.split("=", 1)[0] ?? arg;
    if (!INPUT_OPTIONS.has(name)) {
      kept.push(arg);
      continue;
    }
    // `--input-type module` and `-e CODE` take the next argument as their value.
    if (!arg.includes("=") && i + 1 < execArgv.length) i++;
  }
  return kept;
}

function spawnWorker(options: WorkerOptions): Worker {
  options.execArgv ??= workerExecArgv(process.execArgv);
  if (existsSync(fileURLToPath(BUILT_WORKER))) return new Worker(BUILT_WORKER, options);
  return startSourceWorker(SOURCE_WORKER, options);
}

/**
 * Asks `running` to kill its child processes and waits for its answer, at most `boundMs` (a worker
 * busy or still loading its modules may not answer; what it reported is killed by the caller).
 */
function stopChildren(running: Worker, boundMs: number): Promise<void> {
  // A worker that has ended (it failed) answers nothing.
  if (running.threadId === -1) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      running.off("message", onMessage);
      running.off("exit", done);
      resolve();
    };
    const onMessage = (message: CredentialWorkerMessage) => {
      if (message.type === "stopped") done();
    };
    const timer = setTimeout(done, boundMs);
    running.on("message", onMessage);
    running.once("exit", done);
    running.postMessage({ type: "stop" } satisfies CredentialWorkerRequest);
  });
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
 * The child processes the credentials start (`sh -c az ...`, `azd`, `pwsh`) lead their own process
 * groups. The worker kills an attempt's groups when the attempt is no longer waited for (its time is
 * up, or `stopWhen` resolved), and all of them when `close()` asks it to, before it is terminated.
 * It reports each child to this thread, which kills what is left when this process exits, or
 * SIGINT, SIGTERM or SIGHUP end it, before `close()` has run.
 *
 * @example
 * const runner = createCredentialRunner({ env: emulator.env, ca: [emulator.ca] });
 * const run = await runner.run({ credential: "ManagedIdentityCredential", scope, timeoutMs: 15_000 });
 * await runner.close();
 */
export function createCredentialRunner(options: CredentialRunnerOptions): CredentialRunner {
  let worker: Worker | undefined;
  let children: ChildProcessGuard | undefined;
  let nextId = 0;
  const pending = new Map<number, Pending>();
  let failure: Error | undefined;

  const fail = (error: Error) => {
    failure = error;
    for (const entry of pending.values()) entry.settle(failed(error));
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
    const guard = guardChildProcesses();
    created.on("message", (message: CredentialWorkerMessage) => {
      switch (message.type) {
        case "started":
          pending.get(message.id)?.onStarted?.();
          break;
        case "result":
          pending.get(message.id)?.settle(message.result);
          pending.delete(message.id);
          break;
        case "child-started":
          guard.add(message.pid);
          break;
        case "child-ended":
          guard.delete(message.pid);
          break;
      }
    });
    created.on("error", fail);
    worker = created;
    children = guard;
    return created;
  };

  /** The attempt sent to the worker: `started` resolves when the worker begins it, or it settles first. */
  const inWorker = (
    request: CredentialAttemptRequest,
    id: number,
    onStarted: (() => void) | undefined,
  ): { started: Promise<void>; result: Promise<CredentialAttemptResult> } => {
    const running = start();
    if (running === undefined || failure !== undefined) {
      return {
        started: Promise.resolve(),
        result: Promise.resolve(failed(failure ?? new Error("not started"))),
      };
    }
    let begun: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      begun = resolve;
    });
    const result = new Promise<CredentialAttemptResult>((resolve) => {
      pending.set(id, {
        settle: (value) => {
          begun();
          resolve(value);
        },
        onStarted: () => {
          begun();
          onStarted?.();
        },
      });
      running.postMessage({ type: "attempt", id, request } satisfies CredentialWorkerRequest);
    });
    return { started, result };
  };

  /** The attempt is no longer waited for: its result is dropped, its child processes killed. */
  const abandon = (id: number) => {
    pending.delete(id);
    worker?.postMessage({ type: "abandon", id } satisfies CredentialWorkerRequest);
  };

  return {
    async run(request, runOptions = {}) {
      // An attempt that other evidence has already settled (IMDS drops connections or answers with a
      // gateway error, so ManagedIdentityCredential can only fail after its retries) is not waited for.
      const cancel = new AbortController();
      const { stopWhen } = runOptions;
      const onStarted =
        stopWhen === undefined
          ? undefined
          : () => {
              void stopWhen().then((reason) => {
                if (reason !== undefined) cancel.abort(reason);
              });
            };
      const id = nextId++;
      const attempt = inWorker(request, id, onStarted);
      const begun = await withTimeout(() => attempt.started, runOptions.startWithinMs ?? request.timeoutMs);
      if (begun.status !== "ok") {
        abandon(id);
        return { timedOut: true, durationMs: begun.durationMs, notStarted: true };
      }
      const outcome = await withTimeout(() => attempt.result, request.timeoutMs, cancel.signal);
      if (outcome.status === "timeout") abandon(id);
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
      const guard = children;
      worker = undefined;
      children = undefined;
      try {
        if (running !== undefined) {
          await stopChildren(running, STOP_ACK_MS);
          await running.terminate();
        }
      } finally {
        // What the worker reported and did not get to kill (it did not answer in time).
        guard?.release();
      }
    },
  };
}
