import { execFile } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DiagnosisReport } from "../../src/diagnose/diagnosis-report.js";
import { BUILT_IN_SCENARIOS } from "../../src/emulator/scenarios/index.js";
import {
  type CommandRun,
  KEYLESS_BIN,
  runInLoadedShell,
  SYSTEM_PATH,
  startEmulatorProcess,
} from "../helpers/emulator-process.js";

// docs/emulator.md, to the letter: `keyless emulator --scenario NAME --write-env emulator.env` in
// one shell; `set -a; . ./emulator.env; set +a` and `keyless doctor` in another, with no options
// but the scenario's `doctorArgs` (what its app does that plain `keyless doctor` does not: the
// Responses API, the project endpoint, another scope), typed as `--list-scenarios` prints them, so
// the shell expands `$VAR` from the loaded env. Both are real processes; the doctor knows only
// what the env file and those arguments say.

/** An argument as a user types it into the shell: double-quoted, `$VAR` left for the shell to expand. */
function shellWord(arg: string): string {
  return `"${arg.replace(/["\\`]/g, "\\$&")}"`;
}

const SEED_APP = join(import.meta.dirname, "..", "..", "examples", "seed-app.js");

describe("the documented emulator workflow: --write-env, source it, keyless doctor", () => {
  it.concurrent.each(Object.entries(BUILT_IN_SCENARIOS))(
    "%s: the doctor names the scenario's own cause first",
    async (name, scenario) => {
      const emulator = await startEmulatorProcess(["--scenario", name]);
      try {
        const args = (scenario.doctorArgs ?? []).map(shellWord).join(" ");
        const run = await runInLoadedShell(emulator, `exec node "$1" doctor --json ${args}`.trimEnd(), [
          KEYLESS_BIN,
        ]);
        let report: DiagnosisReport;
        try {
          report = JSON.parse(run.stdout) as DiagnosisReport;
        } catch {
          throw new Error(`doctor printed no JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
        }
        expect(report.primary?.code ?? null).toBe(scenario.causeCode ?? null);
        // Exit 0 whenever the keyless call works, even with a finding (a wrong key beside it, say).
        expect(run.code).toBe(report.ok ? 0 : 1);
        if (scenario.causeCode === undefined) expect(report.ok).toBe(true);
        expect(report.findings.map((f) => f.code)).not.toContain("endpoint.not-azure");
      } finally {
        await emulator.stop();
      }
    },
    120_000,
  );
});

function runKeyless(args: readonly string[]): Promise<CommandRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [KEYLESS_BIN, ...args],
      { env: { PATH: SYSTEM_PATH, HOME: "/tmp" }, encoding: "utf8", timeout: 90_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("keyless emulator -- COMMAND", () => {
  it("runs the unmodified seed app on seed-000: Azure's 401 PermissionDenied, exit 1", async () => {
    const run = await runKeyless(["emulator", "--scenario", "seed-000", "--quiet", "--", "node", SEED_APP]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /\n401 The principal [0-9a-f-]{36} lacks the required data action Microsoft\.CognitiveServices\/accounts\/OpenAI\/deployments\/chat\/completions\/action to perform POST \/openai\/deployments\/\{deployment-id\}\/chat\/completions operation\.\n$/,
    );
    expect(run.stderr).not.toContain("mutually exclusive");
    expect(run.stdout).toBe("");
  });

  it("runs the same app on the default world: the keyless call works, exit 0", async () => {
    const run = await runKeyless(["emulator", "--quiet", "--", "node", SEED_APP]);
    expect(run.stdout).toBe('This is the keyless emulator (gpt-4o). You said: "Say hello."\n');
    expect(run.code).toBe(0);
  });

  it("exits with the command's own code, and 127 naming a command that cannot be run", async () => {
    expect((await runKeyless(["emulator", "--quiet", "--", "sh", "-c", "exit 7"])).code).toBe(7);
    const missing = await runKeyless(["emulator", "--quiet", "--", "no-such-command-keyless"]);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toContain(
      'keyless emulator: cannot run "no-such-command-keyless" (ENOENT); check the command and PATH.\n',
    );
  });

  it("gives the command the printed environment, production URLs and the shims on PATH", async () => {
    const run = await runKeyless([
      "emulator",
      "--quiet",
      "--",
      "sh",
      "-c",
      'printf "%s\\n" "$AZURE_OPENAI_ENDPOINT" "$https_proxy" "$(command -v az)" "$(printenv AZURE_OPENAI_API_KEY || echo unset)"',
    ]);
    expect(run.code).toBe(0);
    const [endpoint, proxy, az, key] = run.stdout.split("\n");
    expect(endpoint).toBe("https://contoso-openai.openai.azure.com");
    expect(proxy).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(az).toMatch(/\/keyless-emulator-[^/]+\/bin\/az$/);
    expect(key).toBe("unset");
  });

  it("a command after -- is required", async () => {
    const run = await runKeyless(["emulator", "--"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'keyless emulator: nothing to run after "--"; give a command, e.g. "keyless emulator -- node app.js".\n',
    );
  });
});

describe("keyless emulator -- COMMAND never echoes a secret from the command line", () => {
  it("a header value in the command's arguments is masked in the 'running' line", async () => {
    const canary = "CANARY0123456789abcdef0123456789ab";
    const run = await runKeyless(["emulator", "--quiet", "--", "sh", "-c", "exit 0", "api-key:", canary]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("keyless emulator: running sh -c exit 0 api-key: [redacted]\n");
    expect(run.stderr).not.toContain(canary);
  });
});
