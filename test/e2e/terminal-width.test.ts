import { execFile, execFileSync, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isCommandLine } from "../../src/cli/render/text-layout.js";
import type { DiagnosisReport } from "../../src/diagnose/diagnosis-report.js";
import { listScenarioNames } from "../../src/emulator/scenarios/index.js";
import { type RunningEmulator, startEmulator } from "../../src/emulator/start-emulator.js";
import { CAUSE_FAMILIES, isCauseCode } from "../../src/knowledge/causes.js";

// The CLI as a person sees it: run as a process under a pseudo-terminal (util-linux `script`, from
// bsdutils, which is Essential on Debian, with `stty cols N` inside) at 80 and 120 columns, and
// through a plain pipe (80 unless COLUMNS says otherwise). The doctor and `keyless token` run
// against the emulator started in this process, with only its printed environment and a fresh
// HOME. npm test builds first (pretest), so bin/keyless.js runs the compiled CLI.

const BIN = join(import.meta.dirname, "..", "..", "bin", "keyless.js");
const ENDPOINT = "https://contoso-openai.openai.azure.com";
const SCRIPT = findScript();
// biome-ignore lint/suspicious/noControlCharactersInRegex: colour sequences are what it removes
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
// A code ends where a word does: `credential.getToken` in a fix's JavaScript is not a cut code.
const CODE_LIKE = new RegExp(
  `\\b(?:${CAUSE_FAMILIES.join("|")})\\.[a-z0-9][a-z0-9.-]*[a-z0-9](?![A-Za-z0-9_])`,
  "g",
);
const HELPS: readonly (readonly string[])[] = [
  ["--help"],
  ["help", "doctor"],
  ["doctor", "--help"],
  ["explain", "--help"],
  ["token", "--help"],
  ["emulator", "--help"],
];

interface Output {
  code: number;
  /** What the reader sees: stdout (and, in a terminal, stderr too), colour sequences removed. */
  text: string;
}

function findScript(): string {
  try {
    return execFileSync("sh", ["-c", "command -v script"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("util-linux `script` is not installed (Debian: bsdutils); the terminal tests need it");
  }
}

const quote = (arg: string) => `'${arg.replace(/'/g, "'\\''")}'`;

/** Runs the CLI under a pseudo-terminal `columns` wide; stdout and stderr both go to it. */
function runInTerminal(
  args: readonly string[],
  columns: number,
  env: Record<string, string>,
): Promise<Output> {
  const command = `stty cols ${columns} rows 60 && exec ${[process.execPath, BIN, ...args].map(quote).join(" ")}`;
  return new Promise((resolve, reject) => {
    const child = spawn(SCRIPT, ["-qec", command, "/dev/null"], { env, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, text: out.replace(/\r\n/g, "\n").replace(ANSI, "") });
    });
  });
}

/** Runs the CLI with stdout and stderr to pipes, as in CI; `text` is stdout. */
function runInPipe(
  args: readonly string[],
  env: Record<string, string>,
): Promise<Output & { stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env, encoding: "utf8", timeout: 90_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, text: stdout, stderr });
      },
    );
  });
}

/** Lines wider than `width` that are not a command or a URL standing on its own line. */
function overWide(text: string, width: number): string[] {
  return text
    .split("\n")
    .filter((line) => [...line].length > width)
    .filter((line) => !isCommandLine(line) && !/^\s*[a-z]+:\/\/\S+$/.test(line));
}

/** Code-like words that are neither cause codes nor scenario names: what is left of a code a layout cut. */
function cutCodes(text: string): string[] {
  const scenarios = new Set(listScenarioNames());
  return [...text.matchAll(CODE_LIKE)]
    .map((m) => m[0].replace(/\.md$/, ""))
    .filter((code) => !isCauseCode(code) && !scenarios.has(code));
}

/** Every check a layout must pass at `width`. */
function expectLaidOut(output: Output, width: number, what: string): void {
  expect(overWide(output.text, width), `${what}: lines wider than ${width}`).toEqual([]);
  expect(cutCodes(output.text), `${what}: cut cause codes`).toEqual([]);
  expect(output.text, `${what}: an ellipsis`).not.toContain("…");
}

/** The report's cause codes: the findings' and the credentials'. */
function codesOf(report: DiagnosisReport): string[] {
  const codes = [
    ...report.findings.map((f) => f.code),
    ...report.credentials.flatMap((c) => (c.cause === undefined ? [] : [c.cause])),
  ];
  return [...new Set(codes)];
}

/** The verdict's first line: the mark and the start of the root cause's title, or the green line. */
function expectVerdict(line: string | undefined, report: DiagnosisReport): void {
  if (report.ok) {
    expect(line).toMatch(/^✓ /);
    return;
  }
  const title = report.primary?.title ?? "";
  expect(line?.startsWith("✗ ")).toBe(true);
  expect(title.startsWith(line?.slice(2) ?? "-")).toBe(true);
}

let home: string;
let baseEnv: Record<string, string>;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "keyless-terminal-width-"));
  baseEnv = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home };
});

afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

describe("help texts and --list-scenarios", () => {
  it("fit 80 columns in a pipe, and 80 and 120 in a terminal", async () => {
    for (const args of [...HELPS, ["emulator", "--list-scenarios"]]) {
      const what = `keyless ${args.join(" ")}`;
      const piped = await runInPipe(args, baseEnv);
      expect(piped.code, what).toBe(0);
      expectLaidOut(piped, 80, `${what} | cat`);
      for (const columns of [80, 120]) {
        const shown = await runInTerminal(args, columns, baseEnv);
        expect(shown.code, what).toBe(0);
        expectLaidOut(shown, columns, `${what} at ${columns}`);
      }
    }
  }, 120_000);

  it("`keyless help doctor` is the doctor's help, not the top-level one", async () => {
    const help = await runInPipe(["help", "doctor"], baseEnv);
    expect(help.text).toBe((await runInPipe(["doctor", "--help"], baseEnv)).text);
    expect(help.text.split("\n")[0]).toMatch(/^keyless doctor: /);
  });

  it("lays --list-scenarios out for COLUMNS in a pipe", async () => {
    const wide = await runInPipe(["emulator", "--list-scenarios"], { ...baseEnv, COLUMNS: "170" });
    expect(wide.text.split("\n")[0]).toMatch(/^NAME {2,}CAUSE {2,}DESCRIPTION$/);
    expectLaidOut(wide, 170, "COLUMNS=170 keyless emulator --list-scenarios");
  });
});

for (const scenario of ["seed-000", "credential.cli-not-logged-in", "default"]) {
  describe(`keyless doctor on ${scenario}`, () => {
    let emulator: RunningEmulator;
    let env: Record<string, string>;
    let report: DiagnosisReport;
    const args = ["doctor", "--endpoint", ENDPOINT];

    beforeAll(async () => {
      emulator = await startEmulator({ scenario, port: 0 });
      env = { ...emulator.env, HOME: home };
      const json = await runInPipe([...args, "--json"], env);
      report = JSON.parse(json.text) as DiagnosisReport;
    }, 120_000);

    afterAll(async () => {
      await emulator?.close();
    });

    it("in a pipe: the verdict first, at most 80 columns, every cause code whole, the fix whole on its lines", async () => {
      const run = await runInPipe(args, env);
      expect(run.code).toBe(report.ok ? 0 : 1);
      expect(run.stderr).toBe("");
      const lines = run.text.split("\n");
      expectVerdict(lines[0], report);
      expectLaidOut(run, 80, `${scenario} | cat`);
      for (const code of codesOf(report)) expect(run.text).toMatch(new RegExp(`(^|\\s)${code}(\\s|$)`, "m"));
      const commands = (report.primary?.fix ?? "")
        .split("\n")
        .filter((l) => l !== "" && !/^\s*(#|\/\/)/.test(l));
      for (const command of commands) expect(lines.map((l) => l.trim())).toContain(command.trim());
    }, 120_000);

    it("in a terminal at 80 and 120 columns: no line wider, no code cut, the verdict right after the progress", async () => {
      for (const columns of [80, 120]) {
        const shown = await runInTerminal(args, columns, env);
        expect(shown.code).toBe(report.ok ? 0 : 1);
        expectLaidOut(shown, columns, `${scenario} at ${columns}`);
        // The progress lines go to stderr, the same terminal: they end with a blank line.
        const lines = shown.text.split("\n");
        const blank = lines.indexOf("");
        expect(lines[0]).toBe(`keyless doctor: probing ${ENDPOINT} ...`);
        for (const line of lines.slice(1, blank)) expect(line).toMatch(/^ {2}\S/);
        expectVerdict(lines[blank + 1], report);
        for (const code of codesOf(report)) expect(shown.text).toContain(code);
      }
    }, 120_000);

    it("honours COLUMNS in a pipe and shows every column with --wide", async () => {
      const wide = await runInPipe(args, { ...env, COLUMNS: "120" });
      expectLaidOut(wide, 120, `COLUMNS=120 ${scenario}`);
      expect(wide.text).toMatch(/\n {2}credential {2,}result {2,}identity \/ reason {2,}data plane\n/);
      const full = await runInPipe([...args, "--wide"], env);
      expect(full.text).toMatch(/\n {2}credential {2,}result {2,}identity \/ reason {2,}data plane\n/);
      for (const credential of report.credentials) {
        expect(full.text).toMatch(
          new RegExp(`\\n {2}[* ] ${credential.name}(?: \\(not in chain\\))? {2,}\\S`),
        );
      }
    }, 120_000);
  });
}

describe("keyless token on default", () => {
  let emulator: RunningEmulator;
  let env: Record<string, string>;

  beforeAll(async () => {
    emulator = await startEmulator({ scenario: "default", port: 0 });
    env = { ...emulator.env, HOME: home };
  }, 60_000);

  afterAll(async () => {
    await emulator?.close();
  });

  it("fits 80 in a pipe and 80 and 120 in a terminal, names and codes whole", async () => {
    const piped = await runInPipe(["token"], env);
    expect(piped.code).toBe(0);
    expect(piped.text.split("\n")[0]).toBe(
      "keyless token: a token for https://cognitiveservices.azure.com/.default from",
    );
    expectLaidOut(piped, 80, "keyless token | cat");
    for (const columns of [80, 120]) {
      const shown = await runInTerminal(["token"], columns, env);
      expect(shown.code).toBe(0);
      expectLaidOut(shown, columns, `keyless token at ${columns}`);
      expect(shown.text).toContain("credential.mi-identity-not-assigned");
    }
  }, 120_000);
});

describe("keyless explain on a real AggregateAuthenticationError and a Python traceback", () => {
  const AGGREGATE = [
    "AggregateAuthenticationError: ChainedTokenCredential authentication failed.",
    "CredentialUnavailableError: EnvironmentCredential is unavailable. No underlying credential could be used. To troubleshoot, visit https://aka.ms/azsdk/js/identity/environmentcredential/troubleshoot.",
    "CredentialUnavailableError: ManagedIdentityCredential: Authentication failed. Message Attempted to use the IMDS endpoint, but it is not available.",
    "CredentialUnavailableError: Azure CLI could not be found. Please visit https://aka.ms/azure-cli for installation instructions and then, once installed, authenticate to your Azure account using 'az login'.",
  ].join("\n");
  const PYTHON = [
    "Traceback (most recent call last):",
    '  File "/app/main.py", line 12, in <module>',
    "    response = client.chat.completions.create(model=deployment, messages=messages)",
    "openai.AuthenticationError: Error code: 401 - {'statusCode': 401, 'message': 'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.'}",
  ].join("\n");

  it("starts with the cause, and fits 80 in a pipe and 80 and 120 in a terminal", async () => {
    for (const [name, text] of [
      ["aggregate", AGGREGATE],
      ["python", PYTHON],
    ] as const) {
      const piped = await runInPipe(["explain", text], { PATH: process.env.PATH ?? "" });
      expect(piped.code, name).toBe(0);
      expect(isCauseCode(piped.text.split(":")[0] ?? ""), `${name}: first line is a cause`).toBe(true);
      expectLaidOut(piped, 80, `keyless explain (${name}) | cat`);
      for (const columns of [80, 120]) {
        const shown = await runInTerminal(["explain", text], columns, { PATH: process.env.PATH ?? "" });
        expect(shown.code, name).toBe(0);
        expect(isCauseCode(shown.text.split(":")[0] ?? ""), `${name} at ${columns}: first line`).toBe(true);
        expectLaidOut(shown, columns, `keyless explain (${name}) at ${columns}`);
      }
    }
    const python = await runInPipe(["explain", PYTHON], { PATH: process.env.PATH ?? "" });
    expect(python.text).toContain("get_bearer_token_provider(");
  }, 120_000);
});
