import { type ChildProcess, execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCredentialRunner } from "../../src/diagnose/credential-runner.js";

// Nothing outlives its parent: the `/bin/sh -c az ...` that AzureCliCredential starts from the
// credential worker, and the CLI under it, end with the doctor. The `az` here is a real process, a
// shell script first on PATH that writes its pid and its parent's (the `sh -c`) and then sleeps for
// five minutes (`exec sleep`, so the pid stays the same); nothing else is faked: the other
// credentials fail or are unavailable on their own. Each check polls for the end for at most
// POLL_MS and never asserts a duration. npm test builds first (pretest), so bin/keyless.js and
// dist/ hold the compiled doctor.

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "keyless.js");
const BUILT_RUNNER = pathToFileURL(join(ROOT, "dist", "diagnose", "credential-runner.js")).href;
const BUILT_TRACKER = pathToFileURL(join(ROOT, "dist", "diagnose", "child-process-tracker.js")).href;
const ENDPOINT = "https://contoso-openai.openai.azure.com";
const SCOPE = "https://cognitiveservices.azure.com/.default";
const POLL_MS = 10_000;

/** What the fake `az` wrote: its own pid and its parent's. */
interface FakeAz {
  pid: number;
  parent: number;
}

let dir: string;
let home: string;
let binDir: string;
let pidFile: string;
const started: ChildProcess[] = [];
const fakePids: number[] = [];

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
    return false;
  }
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = POLL_MS): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** The pids the fake `az` wrote, once it has written them (it is running then). */
async function fakeAzStarted(timeoutMs = 60_000): Promise<FakeAz> {
  let found: FakeAz | undefined;
  const ok = await waitFor(async () => {
    const text = await readFile(pidFile, "utf8").catch(() => "");
    const match = /^(\d+) (\d+)\n$/.exec(text);
    if (match === null) return false;
    found = { pid: Number(match[1]), parent: Number(match[2]) };
    fakePids.push(found.pid, found.parent);
    return true;
  }, timeoutMs);
  if (!ok || found === undefined) throw new Error("the fake az did not start");
  return found;
}

/** The environment every run gets: the fake `az` first on the system PATH, a fresh HOME. */
function env(): Record<string, string> {
  return { PATH: `${binDir}${delimiter}${process.env.PATH ?? ""}`, HOME: home };
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

/**
 * A Node.js process that runs one AzureCliCredential attempt through the built runner and then,
 * once the fake `az` runs and the runner has heard of it (it guards the process's exit and signals
 * only while it knows of a child), either exits at once without closing the runner (`exit`) or
 * says "running" and waits to be stopped (`wait`).
 */
async function startRunnerProcess(mode: "exit" | "wait"): Promise<ChildProcess> {
  const script = join(dir, `runner-${mode}.mjs`);
  await writeFile(
    script,
    `import { existsSync } from "node:fs";
const { createCredentialRunner } = await import(${JSON.stringify(BUILT_RUNNER)});
const runner = createCredentialRunner({ env: process.env });
void runner.run({ credential: "AzureCliCredential", scope: ${JSON.stringify(SCOPE)}, timeoutMs: 120_000 });
const poll = setInterval(() => {
  if (!existsSync(${JSON.stringify(pidFile)}) || process.listenerCount("SIGINT") === 0) return;
  clearInterval(poll);
  ${mode === "exit" ? "process.exit(0);" : 'process.stdout.write("running\\n"); setInterval(() => undefined, 60_000);'}
}, 50);
`,
  );
  const child = spawn(process.execPath, [script], { env: env(), stdio: ["ignore", "pipe", "inherit"] });
  started.push(child);
  return child;
}

/** What `exec` gave the callback, as the tracking script prints it. */
interface ExecOutcome {
  code?: number;
  killed?: boolean;
  signal?: string | null;
  stdout: string;
  stderr: string;
}

/**
 * A Node.js process that tracks its children as the credential worker does and runs, through
 * child_process.exec: a command that prints and exits 3, then `az` with exec's `timeout`. It prints
 * each outcome as a JSON line, then the pids of the groups still tracked, and waits to be stopped.
 */
async function startTrackingProcess(): Promise<ChildProcess> {
  const script = join(dir, "tracking.mjs");
  await writeFile(
    script,
    `import childProcess from "node:child_process";
const { trackChildProcesses } = await import(${JSON.stringify(BUILT_TRACKER)});
const tracker = trackChildProcesses();
const run = (command, options) =>
  new Promise((resolve) => {
    childProcess.exec(command, options, (error, stdout, stderr) => {
      resolve({ code: error?.code, killed: error?.killed, signal: error?.signal, stdout, stderr });
    });
  });
const print = (value) => process.stdout.write(JSON.stringify(value) + "\\n");
print(await run("echo out; echo err >&2; exit 3", {}));
print(await run("az account get-access-token", { timeout: 1000 }));
print(tracker.pids());
setInterval(() => undefined, 60_000);
`,
  );
  const child = spawn(process.execPath, [script], { env: env(), stdio: ["ignore", "pipe", "inherit"] });
  started.push(child);
  return child;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "keyless-children-"));
  home = await mkdtemp(join(dir, "home-"));
  binDir = join(dir, "bin");
  pidFile = join(dir, "az.pid");
  await mkdir(binDir);
  const az = join(binDir, "az");
  await writeFile(az, `#!/bin/sh\necho "$$ $PPID" > '${pidFile}'\nexec sleep 300\n`);
  await chmod(az, 0o755);
});

afterEach(async () => {
  // Only what this file started, by id.
  for (const pid of fakePids.splice(0)) if (!isGone(pid)) process.kill(pid, "SIGKILL");
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  await rm(pidFile, { force: true });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform === "win32")("the CLIs a credential runs end with the doctor", () => {
  it("leaves no az, and no sh -c that ran it, once keyless doctor has exited", async () => {
    const doctor = execFile(
      process.execPath,
      [BIN, "doctor", "--json", "--endpoint", ENDPOINT, "--timeout", "5"],
      { env: env(), encoding: "utf8", timeout: 90_000 },
    );
    started.push(doctor);
    let stdout = "";
    doctor.stdout?.on("data", (chunk: string) => {
      stdout += chunk;
    });
    const az = await fakeAzStarted();
    const end = await exited(doctor);
    expect(end.signal).toBeNull();
    const report = JSON.parse(stdout) as { credentials?: { name: string; timedOut?: boolean }[] };
    expect(report.credentials?.find((c) => c.name === "AzureCliCredential")?.timedOut).toBe(true);

    expect(await waitFor(() => isGone(az.pid))).toBe(true);
    // `sh -c` ran az as its child (rather than exec-ing it): that shell is gone too.
    if (az.parent !== doctor.pid) expect(await waitFor(() => isGone(az.parent))).toBe(true);
  }, 120_000);

  it("ends a hanging CLI when the runner closes", async () => {
    const runner = createCredentialRunner({ env: env() });
    try {
      void runner.run({ credential: "AzureCliCredential", scope: SCOPE, timeoutMs: 120_000 });
      const az = await fakeAzStarted();
      expect(isGone(az.pid)).toBe(false);
      await runner.close();
      expect(await waitFor(() => isGone(az.pid))).toBe(true);
      expect(await waitFor(() => isGone(az.parent))).toBe(true);
    } finally {
      await runner.close();
    }
  }, 90_000);

  it("ends the CLI of an attempt that is no longer waited for, while the runner stays open", async () => {
    const runner = createCredentialRunner({ env: env() });
    try {
      let running: (az: FakeAz) => void = () => undefined;
      const az = new Promise<FakeAz>((resolve) => {
        running = resolve;
      });
      const run = runner.run(
        { credential: "AzureCliCredential", scope: SCOPE, timeoutMs: 120_000 },
        { stopWhen: () => az.then(() => "the test stopped waiting") },
      );
      running(await fakeAzStarted());
      const result = await run;
      expect(result).toMatchObject({ timedOut: true, stoppedBecause: "the test stopped waiting" });
      const { pid, parent } = await az;
      expect(await waitFor(() => isGone(pid))).toBe(true);
      expect(await waitFor(() => isGone(parent))).toBe(true);

      // The runner still runs attempts.
      const next = await runner.run({ credential: "EnvironmentCredential", scope: SCOPE, timeoutMs: 30_000 });
      expect(next).toMatchObject({ timedOut: false, result: { ok: false } });
    } finally {
      await runner.close();
    }
  }, 90_000);

  it("starts an attempt's stopWhen once the worker has begun it, not while the worker is still loading", async () => {
    // A loaded machine can take seconds to load @azure/identity in the worker: a grace period
    // started with the request would run out before the credential had tried anything.
    const runner = createCredentialRunner({ env: env() });
    try {
      let calls = 0;
      const run = runner.run(
        { credential: "EnvironmentCredential", scope: SCOPE, timeoutMs: 60_000 },
        {
          stopWhen: () => {
            calls += 1;
            return Promise.resolve(undefined);
          },
        },
      );
      await new Promise((resolve) => setImmediate(resolve));
      expect(calls).toBe(0);
      expect(await run).toMatchObject({ timedOut: false, result: { ok: false } });
      expect(calls).toBe(1);
    } finally {
      await runner.close();
    }
  }, 90_000);

  it("reports an attempt the worker had not begun within startWithinMs as not started, and runs the next one", async () => {
    // A worker thread cannot load @azure/identity within a millisecond: the attempt is reported as
    // never begun (the machine's slowness), not as the credential's own timeout.
    const runner = createCredentialRunner({ env: env() });
    try {
      const first = await runner.run(
        { credential: "EnvironmentCredential", scope: SCOPE, timeoutMs: 60_000 },
        { startWithinMs: 1 },
      );
      expect(first).toMatchObject({ timedOut: true, notStarted: true });
      const next = await runner.run({ credential: "EnvironmentCredential", scope: SCOPE, timeoutMs: 60_000 });
      expect(next).toMatchObject({
        timedOut: false,
        result: { ok: false, errorName: "CredentialUnavailableError" },
      });
    } finally {
      await runner.close();
    }
  }, 90_000);

  it("kills the CLI under the shell when exec's timeout ends the shell, and changes nothing exec reports", async () => {
    const child = await startTrackingProcess();
    let out = "";
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      out += chunk;
    });
    const az = await fakeAzStarted();
    expect(await waitFor(() => out.split("\n").length > 3, 60_000)).toBe(true);
    const [plain, timedOut, left] = out.split("\n").map((line) => JSON.parse(line || "null")) as [
      ExecOutcome,
      ExecOutcome,
      number[],
    ];
    expect(plain).toEqual({ code: 3, killed: false, signal: null, stdout: "out\n", stderr: "err\n" });
    expect(timedOut).toEqual({ code: null, killed: true, signal: "SIGTERM", stdout: "", stderr: "" });
    expect(left).toEqual([]);
    // The process that ran them still runs: the tracker, not its exit, ended az.
    expect(await waitFor(() => isGone(az.pid))).toBe(true);
    expect(isGone(az.parent)).toBe(true);
    expect(child.exitCode).toBeNull();
  }, 90_000);

  it("ends a hanging CLI when the process exits without closing the runner", async () => {
    const child = await startRunnerProcess("exit");
    const az = await fakeAzStarted();
    expect(await exited(child)).toEqual({ code: 0, signal: null });
    expect(await waitFor(() => isGone(az.pid))).toBe(true);
    expect(await waitFor(() => isGone(az.parent))).toBe(true);
  }, 90_000);

  it("ends a hanging CLI when the process is stopped with SIGINT, which still ends the process", async () => {
    const child = await startRunnerProcess("wait");
    let out = "";
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      out += chunk;
    });
    const az = await fakeAzStarted();
    expect(await waitFor(() => out === "running\n", 60_000)).toBe(true);
    expect(isGone(az.pid)).toBe(false);
    child.kill("SIGINT");
    expect(await exited(child)).toEqual({ code: null, signal: "SIGINT" });
    expect(await waitFor(() => isGone(az.pid))).toBe(true);
    expect(await waitFor(() => isGone(az.parent))).toBe(true);
  }, 90_000);
});
