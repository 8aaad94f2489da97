import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The repository's CLI entry (runs the compiled dist/, which `npm test` builds first). */
export const KEYLESS_BIN = join(import.meta.dirname, "..", "..", "bin", "keyless.js");

/** A PATH with only the system directories and this Node, as a new shell on the machine has. */
export const SYSTEM_PATH = [join(process.execPath, ".."), "/usr/local/bin", "/usr/bin", "/bin"].join(":");

/**
 * `keyless emulator` running as its own process, as docs/emulator.md has a user start it, with the
 * environment written to `envFile` (`--write-env`).
 */
export interface EmulatorProcess {
  envFile: string;
  /** A temporary directory for this run: HOME of the commands run against it. */
  dir: string;
  /** What the emulator printed on stdout once ready. */
  stdout: string;
  child: ChildProcess;
  /** SIGTERM, then waits for it to exit; removes `dir`. */
  stop(): Promise<number | null>;
}

/**
 * Starts `node bin/keyless.js emulator <args> --write-env <tmp>/emulator.env --quiet` with only
 * PATH and a fresh HOME, and resolves once it has written the env file and said so on stdout.
 */
export async function startEmulatorProcess(args: readonly string[]): Promise<EmulatorProcess> {
  const dir = await mkdtemp(join(tmpdir(), "keyless-emulator-process-"));
  const envFile = join(dir, "emulator.env");
  const child = spawn(
    process.execPath,
    [KEYLESS_BIN, "emulator", ...args, "--write-env", envFile, "--quiet"],
    {
      env: { PATH: SYSTEM_PATH, HOME: dir },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (stderr.includes(" ready in ") && stdout.includes("Wrote ")) resolve();
    };
    child.stdout.on("data", check);
    child.stderr.on("data", check);
    void exited.then((code) =>
      reject(new Error(`keyless emulator exited ${code} before it was ready:\n${stderr}`)),
    );
  });
  return {
    envFile,
    dir,
    stdout,
    child,
    async stop() {
      child.kill("SIGTERM");
      const code = await exited;
      await rm(dir, { recursive: true, force: true });
      return code;
    },
  };
}

/** What a command printed, and how it exited. */
export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `script` with /bin/sh after `set -a; . <envFile>; set +a`, exactly the docs' way of loading
 * the env in another shell; the shell starts with only PATH and HOME. `args` become "$@".
 */
export function runInLoadedShell(
  emulator: EmulatorProcess,
  script: string,
  args: readonly string[] = [],
  timeoutMs = 90_000,
): Promise<CommandRun> {
  return new Promise((resolve) => {
    execFile(
      "/bin/sh",
      ["-c", `set -a; . "$KEYLESS_TEST_ENV_FILE"; set +a; ${script}`, "sh", ...args],
      {
        env: { PATH: SYSTEM_PATH, HOME: emulator.dir, KEYLESS_TEST_ENV_FILE: emulator.envFile },
        encoding: "utf8",
        timeout: timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
