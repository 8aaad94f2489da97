import { PassThrough } from "node:stream";
import { runCli } from "../../src/cli/main.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in-process with captured streams; `stdin` is fed and closed. */
export async function runCliInProcess(
  argv: string[],
  options: { stdin?: string | Buffer; env?: Record<string, string | undefined> } = {},
): Promise<CliRun> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
  });
  stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString("utf8");
  });
  stdin.end(options.stdin ?? "");
  const code = await runCli(argv, { stdin, stdout, stderr, env: options.env ?? {} });
  return { code, stdout: out, stderr: err };
}
