import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

// Nothing outlives its parent: a shim that the world makes hang (azureCli.hang) ends with whoever
// ran it and with the emulator, whatever the scenario. Real processes throughout: the emulator is
// `node bin/keyless.js emulator` (npm test builds first), the shims are the files on its printed
// PATH, and the doctor is `node bin/keyless.js doctor`. A shim left hanging would sleep for
// minutes; each check polls for its end for at most POLL_MS, and never asserts a duration.

const BIN = join(import.meta.dirname, "..", "..", "bin", "keyless.js");
const ENDPOINT = "https://contoso-openai.openai.azure.com";
const GET_TOKEN = ["account", "get-access-token", "--resource", "https://cognitiveservices.azure.com"];
const POLL_MS = 10_000;

const WORLD = `description: Both CLIs hang (credential.cli-timeout, credential.azd-timeout).
tenants:
  - name: contoso
users:
  - name: alice
    tenant: contoso
    password: Alice-Passw0rd!
subscriptions:
  - name: contoso-prod
    tenant: contoso
accounts:
  - name: contoso-openai
    subscription: contoso-prod
    resourceGroup: rg-ai
    deployments:
      - name: gpt-4o
        model: gpt-4o
        modelVersion: "2024-11-20"
roleAssignments:
  - principal: alice
    role: Cognitive Services OpenAI User
    scope: account:contoso-openai
azureCli:
  principal: alice
  hang: true
azureDeveloperCli:
  principal: alice
  hang: true
defaults:
  clientSecret: none
`;

interface EmulatorProcess {
  child: ChildProcess;
  /** The printed environment, loaded the documented way (`set -a; . ./emulator.env`). */
  env: Record<string, string>;
  /** The shims' directory, first on the printed PATH. */
  binDir: string;
  /** Everything the emulator has logged so far. */
  log(): string;
  exited: Promise<void>;
}

let dir: string;
let home: string;
let worldFile: string;
const started: ChildProcess[] = [];
const shimPids: number[] = [];

function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
  // Exited but not yet reaped by its (new) parent.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return true;
  }
}

/**
 * Whether a shim has opened its request to the emulator (a socket beyond stdin, stdout and
 * stderr); by then it has read who its parent is, so killing the parent orphans a running shim.
 */
function hasOpenedRequest(pid: number): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some(
      (fd) => Number(fd) > 2 && readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith("socket:"),
    );
  } catch {
    return false;
  }
}

async function waitFor(check: () => boolean, timeoutMs = POLL_MS): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** Live processes (not zombies) whose command line or environment mentions `text`. */
function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid || isGone(Number(entry))) continue;
    for (const file of ["cmdline", "environ"]) {
      try {
        const content = readFileSync(`/proc/${entry}/${file}`, "utf8");
        if (content.includes(text)) {
          found.push(`${entry}: ${readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ")}`);
          break;
        }
      } catch {
        // Gone meanwhile, or not ours to read.
      }
    }
  }
  return found;
}

/** Loads an env file as a POSIX shell does, on top of the test's own PATH. */
function loadEnvFile(file: string): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    execFile(
      "/bin/sh",
      ["-c", 'set -a; . "$1"; exec env -0', "sh", file],
      { env: { PATH: process.env.PATH ?? "", HOME: home } },
      (error, stdout) => {
        if (error !== null) return reject(error);
        const env: Record<string, string> = {};
        for (const line of stdout.split("\0")) {
          const equals = line.indexOf("=");
          if (equals > 0) env[line.slice(0, equals)] = line.slice(equals + 1);
        }
        resolve(env);
      },
    );
  });
}

async function startEmulatorProcess(): Promise<EmulatorProcess> {
  const envFile = join(await mkdtemp(join(dir, "run-")), "emulator.env");
  const child = spawn(process.execPath, [BIN, "emulator", "--world", worldFile, "--write-env", envFile], {
    env: { PATH: process.env.PATH ?? "", HOME: home },
    stdio: ["ignore", "ignore", "pipe"],
  });
  started.push(child);
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = await Promise.race([
    waitFor(() => stderr.includes("keyless emulator: ready"), 30_000),
    exited.then(() => false),
  ]);
  if (!ready) throw new Error(`the emulator did not start:\n${stderr}`);
  const env = await loadEnvFile(envFile);
  const binDir = (env.PATH ?? "").split(delimiter)[0] ?? "";
  expect(binDir).toMatch(/\/bin$/);
  return { child, env, binDir, log: () => stderr, exited };
}

/** Runs the shim directly, detached (its own process group), so only its own logic can end it. */
function runShim(
  emulator: EmulatorProcess,
  args: string[],
): { pid: number; stderr: () => string; closed: Promise<void> } {
  const shim = spawn(join(emulator.binDir, "az"), args, {
    env: emulator.env,
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
  });
  if (shim.pid === undefined) throw new Error("the shim did not start");
  shimPids.push(shim.pid);
  let stderr = "";
  shim.stderr?.setEncoding("utf8");
  shim.stderr?.on("data", (chunk: string) => {
    stderr += chunk;
  });
  const closed = new Promise<void>((resolve) => shim.once("close", () => resolve()));
  return { pid: shim.pid, stderr: () => stderr, closed };
}

const hangLogged = (emulator: EmulatorProcess) => () =>
  emulator.log().includes("hang az account get-access-token: azureCli.hang is set");

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "keyless-lifetime-"));
  home = await mkdtemp(join(dir, "home-"));
  worldFile = join(dir, "world.yaml");
  await writeFile(worldFile, WORLD);
});

afterEach(() => {
  // Only what this file started, by id.
  for (const pid of shimPids.splice(0)) if (!isGone(pid)) process.kill(pid, "SIGKILL");
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const linux = existsSync("/proc/self/stat");

describe.skipIf(!linux)("a hanging shim ends with the emulator", () => {
  for (const signal of ["SIGTERM", "SIGKILL"] as const) {
    it(`when the emulator is stopped with ${signal}`, async () => {
      const emulator = await startEmulatorProcess();
      const shim = runShim(emulator, GET_TOKEN);
      expect(await waitFor(hangLogged(emulator))).toBe(true);
      expect(isGone(shim.pid)).toBe(false);

      emulator.child.kill(signal);
      expect(
        await waitFor(() => emulator.child.exitCode !== null || emulator.child.signalCode !== null),
      ).toBe(true);
      expect(await waitFor(() => isGone(shim.pid))).toBe(true);
      await shim.closed;
      expect(shim.stderr()).toMatch(
        /^keyless az shim: stopped hanging: the emulator at http:\/\/127\.0\.0\.1:\d+ has stopped\n$/,
      );
    });
  }
});

describe.skipIf(!linux)("a hanging shim ends with whoever ran it", () => {
  it("leaves nothing behind once the doctor has exited (the emulator still running)", async () => {
    const emulator = await startEmulatorProcess();
    const run = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        [BIN, "doctor", "--json", "--endpoint", ENDPOINT],
        { env: { ...emulator.env, HOME: home }, encoding: "utf8", timeout: 90_000 },
        (error, stdout) => {
          resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout });
        },
      );
    });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { primary?: { code?: string } };
    expect(report.primary?.code).toBe("credential.cli-timeout");
    expect(hangLogged(emulator)()).toBe(true);
    expect(emulator.log()).toContain("hang azd auth token: azureDeveloperCli.hang is set");

    // The shims, and the `/bin/sh -c` each was run through (its environment names the shims' dir).
    let left: string[] = [];
    const clean = await waitFor(() => {
      left = processesMentioning(emulator.binDir);
      return left.length === 0;
    });
    expect(left).toEqual([]);
    expect(clean).toBe(true);
    expect(emulator.child.exitCode).toBeNull();
  }, 120_000);

  it("when its parent spawns it and exits at once", async () => {
    const emulator = await startEmulatorProcess();
    const errFile = join(dir, "orphan-stderr.txt");
    const err = await open(errFile, "w");
    const parent = spawn(
      process.execPath,
      [
        "-e",
        `const child = require("node:child_process").spawn(process.argv[1], process.argv.slice(2), { detached: true, stdio: ["ignore", "ignore", "inherit"] });
child.unref();
process.stdout.write(String(child.pid));`,
        join(emulator.binDir, "az"),
        ...GET_TOKEN,
      ],
      { env: emulator.env, stdio: ["ignore", "pipe", err.fd] },
    );
    started.push(parent);
    let out = "";
    parent.stdout?.setEncoding("utf8");
    parent.stdout?.on("data", (chunk: string) => {
      out += chunk;
    });
    await new Promise((resolve) => parent.once("close", resolve));
    await err.close();
    const pid = Number(out);
    expect(pid).toBeGreaterThan(0);
    shimPids.push(pid);

    expect(await waitFor(() => isGone(pid))).toBe(true);
    expect(hangLogged(emulator)()).toBe(true);
    expect(await readFile(errFile, "utf8")).toBe(
      "keyless az shim: stopped hanging: the process that ran az is gone\n",
    );
    expect(emulator.child.exitCode).toBeNull();
  });

  it("when its parent is killed while the emulator does not answer (stopped with SIGSTOP)", async () => {
    const emulator = await startEmulatorProcess();
    emulator.child.kill("SIGSTOP");
    const parent = spawn(
      process.execPath,
      [
        "-e",
        `const child = require("node:child_process").spawn(process.argv[1], process.argv.slice(2), { stdio: ["ignore", "ignore", "inherit"] });
process.stdout.write(String(child.pid));
setInterval(() => undefined, 60_000);`,
        join(emulator.binDir, "az"),
        ...GET_TOKEN,
      ],
      { env: emulator.env, stdio: ["ignore", "pipe", "pipe"] },
    );
    started.push(parent);
    let out = "";
    let err = "";
    parent.stdout?.setEncoding("utf8");
    parent.stdout?.on("data", (chunk: string) => {
      out += chunk;
    });
    parent.stderr?.setEncoding("utf8");
    parent.stderr?.on("data", (chunk: string) => {
      err += chunk;
    });
    expect(await waitFor(() => Number(out) > 0)).toBe(true);
    const pid = Number(out);
    shimPids.push(pid);
    // Killed before the shim has started, the parent would leave it with a reaper as its parent
    // from the outset (a case of its own, above); this one is about a shim already waiting.
    expect(await waitFor(() => hasOpenedRequest(pid))).toBe(true);

    parent.kill("SIGKILL");
    expect(await waitFor(() => isGone(pid))).toBe(true);
    expect(await waitFor(() => err.endsWith("\n"))).toBe(true);
    expect(err).toBe("keyless az shim: stopped waiting for the emulator: the process that ran az is gone\n");
    emulator.child.kill("SIGCONT");
  });

  it("when its parent is killed while it hangs", async () => {
    const emulator = await startEmulatorProcess();
    const parent = spawn(
      process.execPath,
      [
        "-e",
        `const child = require("node:child_process").spawn(process.argv[1], process.argv.slice(2), { stdio: ["ignore", "ignore", "inherit"] });
process.stdout.write(String(child.pid));
setInterval(() => undefined, 60_000);`,
        join(emulator.binDir, "az"),
        ...GET_TOKEN,
      ],
      { env: emulator.env, stdio: ["ignore", "pipe", "pipe"] },
    );
    started.push(parent);
    let out = "";
    let err = "";
    parent.stdout?.setEncoding("utf8");
    parent.stdout?.on("data", (chunk: string) => {
      out += chunk;
    });
    parent.stderr?.setEncoding("utf8");
    parent.stderr?.on("data", (chunk: string) => {
      err += chunk;
    });
    expect(await waitFor(() => Number(out) > 0 && hangLogged(emulator)())).toBe(true);
    const pid = Number(out);
    shimPids.push(pid);

    parent.kill("SIGKILL");
    expect(await waitFor(() => isGone(pid))).toBe(true);
    // The shim's stderr is the pipe the dead parent shared with it; the test still reads it.
    expect(await waitFor(() => err.endsWith("\n"))).toBe(true);
    expect(err).toBe("keyless az shim: stopped hanging: the process that ran az is gone\n");
    expect(emulator.child.exitCode).toBeNull();
  });
});
