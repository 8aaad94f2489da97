/**
 * The process edges a command may touch. The bin passes the real ones; tests pass their own.
 *
 * @example
 * const code = await runCli(["explain", "--json", text], { stdin, stdout, stderr, env: {} });
 */
export interface CliIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: Record<string, string | undefined>;
}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, problem: 1, usage: 2 } as const;
