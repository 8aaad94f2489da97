import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliShimScript, notInstalledScript } from "../../../src/emulator/control/cli-shims.js";
import { createBaseWorld } from "../../../src/emulator/scenarios/base-world.js";
import { type RunningEmulator, startEmulator } from "../../../src/emulator/start-emulator.js";

const run = promisify(execFile);

interface ShellRun {
  code: number;
  stdout: string;
  stderr: string;
  killed?: boolean;
}

/** Runs a command line the way @azure/identity does (child_process.exec: /bin/sh -c, cwd /bin). */
async function shell(command: string, path: string, timeout = 20_000): Promise<ShellRun> {
  try {
    const { stdout, stderr } = await run("/bin/sh", ["-c", command], {
      cwd: "/bin",
      env: { PATH: path, HOME: process.env.HOME ?? "/" },
      timeout,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string; killed?: boolean };
    return {
      code: failed.code ?? -1,
      stdout: failed.stdout ?? "",
      stderr: failed.stderr ?? "",
      killed: failed.killed ?? false,
    };
  }
}

/** Live processes (Linux /proc) whose command line mentions `text`. */
function processesRunning(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      if (cmdline.includes(text) && !stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) {
        found.push(`${pid}: ${cmdline}`);
      }
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

function worldWith(change: (world: ReturnType<typeof createBaseWorld>) => void) {
  const world = createBaseWorld();
  for (const app of world.applications) app.certificates = [];
  change(world);
  return world;
}

describe("az and azd shims as processes", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ world: worldWith(() => undefined), path: process.env.PATH ?? "" });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it("are written owner-only into <stateDir>/bin, which heads the printed PATH", async () => {
    const binDir = join(emulator.stateDir, "bin");
    expect(emulator.files.binDir).toBe(binDir);
    expect(emulator.files.cliShims).toEqual({ az: join(binDir, "az"), azd: join(binDir, "azd") });
    expect(emulator.env.PATH).toBe(`${binDir}${delimiter}${process.env.PATH ?? ""}`);
    for (const path of [join(binDir, "az"), join(binDir, "azd")]) {
      expect(((await stat(path)).mode & 0o777).toString(8)).toBe("700");
    }
    const script = await readFile(join(binDir, "az"), "utf8");
    expect(script).toBe(cliShimScript("az", `${emulator.urls.http}/_keyless/cli/az`, emulator.control.token));
    expect(script.startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(script.split("\n").length).toBeLessThan(90);
  });

  it("az account get-access-token prints the token JSON on stdout only", async () => {
    const result = await shell(
      "az account get-access-token --output json --resource https://cognitiveservices.azure.com",
      emulator.env.PATH ?? "",
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const body = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual([
      "accessToken",
      "expiresOn",
      "expires_on",
      "subscription",
      "tenant",
      "tokenType",
    ]);
    expect(body.tenant).toBe(emulator.world.tenants[0]?.id);
    expect(body.expiresOn).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.000000$/);
    const log = emulator.context.log.entries().at(-1);
    expect(log?.path).toBe("/_keyless/cli/az");
    expect(log?.decision).not.toContain("eyJ");
  });

  it("azd auth token prints {token, expiresOn}; an unknown subcommand exits 2 with a message", async () => {
    const token = await shell(
      "azd auth token --output json --no-prompt --scope https://cognitiveservices.azure.com/.default",
      emulator.env.PATH ?? "",
    );
    expect(token.code).toBe(0);
    expect(Object.keys(JSON.parse(token.stdout))).toEqual(["token", "expiresOn"]);
    const unknown = await shell("az group list", emulator.env.PATH ?? "");
    expect(unknown).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "ERROR: the keyless emulator's az shim answers only: az account get-access-token, az account show, az version. Got: az group list\n",
      killed: false,
    });
  });
});

describe("shims for the world's sign-in state", () => {
  it("not logged in: the exact stderr and exit 1; not installed: a stand-in answers like a missing command", async () => {
    const emulator = await startEmulator({
      world: worldWith((world) => {
        world.azureCli = { installed: false };
        world.azureDeveloperCli = {};
      }),
      path: process.env.PATH ?? "",
    });
    try {
      const azd = await shell(
        "azd auth token --output json --no-prompt --scope https://cognitiveservices.azure.com/.default",
        emulator.env.PATH ?? "",
      );
      expect(azd).toEqual({
        code: 1,
        stdout: "",
        stderr: "ERROR: not logged in, run `azd login` to login\n",
        killed: false,
      });
      // The printed PATH goes on to the machine's own PATH, which may hold a real az: the stand-in wins.
      const az = await shell(
        "az account get-access-token --output json --resource https://cognitiveservices.azure.com",
        emulator.env.PATH ?? "",
      );
      expect(az).toEqual({ code: 127, stdout: "", stderr: "az: not found\n", killed: false });
      expect(await readFile(emulator.files.cliShims.az ?? "", "utf8")).toBe(notInstalledScript("az"));
    } finally {
      await emulator.close();
    }
  });

  it("hang: the shim outlives a short process timeout", async () => {
    const emulator = await startEmulator({
      world: worldWith((world) => {
        world.azureCli = { principal: "alice", hang: true };
      }),
      path: process.env.PATH ?? "",
    });
    try {
      const started = Date.now();
      const result = await shell(
        "exec az account get-access-token --output json --resource https://cognitiveservices.azure.com",
        emulator.env.PATH ?? "",
        1500,
      );
      expect(result.killed).toBe(true);
      expect(result.stdout).toBe("");
      expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    } finally {
      await emulator.close();
    }
  });

  it.skipIf(!existsSync("/proc/self/stat"))(
    "hang: a process timeout that kills only the shell (sh -c, as @azure/identity runs az) ends the shim too",
    async () => {
      const emulator = await startEmulator({
        world: worldWith((world) => {
          world.azureCli = { principal: "alice", hang: true };
        }),
        path: process.env.PATH ?? "",
      });
      try {
        // The shell forks the shim (dash always does; "; exit" keeps any shell from exec-ing it) and the
        // timeout's SIGTERM reaches only the shell; exec's callback comes back at once (it drops the
        // pipes), the orphaned shim must end on its own.
        const result = await shell(
          "az account get-access-token --output json --resource https://cognitiveservices.azure.com; exit $?",
          emulator.env.PATH ?? "",
          1500,
        );
        expect(result.killed).toBe(true);
        const binDir = emulator.files.binDir;
        expect(emulator.context.log.entries().at(-1)?.decision).toEqual({
          outcome: "fault",
          code: "credential.cli-timeout",
          detail: "hang az account get-access-token: azureCli.hang is set",
        });
        let left = processesRunning(binDir);
        for (let i = 0; i < 100 && left.length > 0; i += 1) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          left = processesRunning(binDir);
        }
        expect(left).toEqual([]);
      } finally {
        await emulator.close();
      }
    },
  );

  it("a caller-owned state dir keeps everything but the shims, which hold the control token", async () => {
    const stateDir = await mkdtemp(join(tmpdir(), "keyless-shims-"));
    try {
      const emulator = await startEmulator({ world: worldWith(() => undefined), stateDir, path: "" });
      expect(emulator.env.PATH).toBe(join(stateDir, "bin"));
      await emulator.close();
      expect(existsSync(join(stateDir, "bin", "az"))).toBe(false);
      expect(existsSync(join(stateDir, "ca.pem"))).toBe(true);
      const gone = await shell("az version", join(stateDir, "bin"));
      expect(gone.code).toBe(127);
    } finally {
      await rm(stateDir, { recursive: true, force: true });
    }
  });

  it("a shim whose emulator has stopped says so and exits 1", async () => {
    const emulator = await startEmulator({ world: worldWith(() => undefined), path: process.env.PATH ?? "" });
    const script = await readFile(emulator.files.cliShims.az ?? "", "utf8");
    await emulator.close();
    const dir = await mkdtemp(join(tmpdir(), "keyless-shim-copy-"));
    try {
      const { writeFile } = await import("node:fs/promises");
      await writeFile(join(dir, "az"), script, { mode: 0o700 });
      const result = await shell("az version", `${dir}${delimiter}${dirname(process.execPath)}`);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(
        new RegExp(
          `^keyless az shim: cannot reach the emulator at ${emulator.urls.http.replace(/\./g, "\\.")}/_keyless/cli/az \\(connect ECONNREFUSED [^)]+\\); is it still running\\?\\n$`,
        ),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
