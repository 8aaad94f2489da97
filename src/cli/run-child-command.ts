import { spawn } from "node:child_process";
import { constants } from "node:os";

/** Signals passed on to the child while it runs (Ctrl-C, `kill`, a closed terminal). */
const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * How a child command ended: its exit code, or the shell convention `128 + n` when signal `n`
 * ended it; `127` when it could not be started (not found, not executable), with the reason.
 *
 * @example
 * const result: ChildResult = { exitCode: 0 };
 */
export interface ChildResult {
  exitCode: number;
  /** Why the command could not be started (`exitCode` 127), for the error message. */
  startError?: string;
}

/**
 * Runs `command` with `args` and exactly `env` as its environment, its standard streams those of
 * this process, and resolves when it has exited. SIGINT, SIGTERM and SIGHUP that reach this
 * process while the child runs are sent on to it (as testcontainers' and LocalStack's wrappers
 * do), so Ctrl-C stops the command first and the caller cleans up after it.
 *
 * @example
 * const { exitCode } = await runChildCommand("node", ["app.js"], { ...process.env, ...emulator.env });
 * process.exitCode = exitCode;
 */
export function runChildCommand(
  command: string,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: "inherit" });
    const forward = (signal: NodeJS.Signals) => {
      child.kill(signal);
    };
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    const done = (result: ChildResult) => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
      resolve(result);
    };
    child.once("error", (error: NodeJS.ErrnoException) => {
      done({ exitCode: 127, startError: error.code ?? error.message });
    });
    child.once("exit", (code, signal) => {
      if (code !== null) done({ exitCode: code });
      else done({ exitCode: 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0)) });
    });
  });
}
