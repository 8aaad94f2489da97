import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { describeDataPlane } from "../../src/cli/render/credential-rows.js";
import { renderDoctorMarkdown } from "../../src/cli/render/doctor-markdown.js";
import { describeProbeCall, renderDoctorText } from "../../src/cli/render/doctor-text.js";
import { bugsUrl, causePageUrl, repositoryUrl } from "../../src/cli/render/project-links.js";
import { createStyle } from "../../src/cli/render/text-layout.js";
import type { CredentialReport, DiagnosisReport, Finding } from "../../src/diagnose/diagnosis-report.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

// Regression tests for issue 8 ("Output a person reads"), each named after the case it reproduces.

const plain = createStyle({ color: false });
const HELPS = [["--help"], ["doctor", "--help"], ["token", "--help"], ["emulator", "--help"]];

const primary: Finding = {
  code: "credential.cli-not-installed",
  severity: "error",
  basis: "credential",
  title: "The Azure CLI is not installed, so AzureCliCredential cannot get a token",
  detail: "AzureCliCredential is the credential the app relies on here, and az is not on PATH.",
  evidence: ["AzureCliCredential: Azure CLI could not be found. Please visit https://aka.ms/azure-cli"],
  fix: "# Install the Azure CLI (Debian/Ubuntu)\ncurl -sL https://aka.ms/InstallAzureCLIDeb | sudo bash",
  credential: "AzureCliCredential",
};

function credential(name: string, extra: Partial<CredentialReport>): CredentialReport {
  return { name, inChain: true, available: false, selectedByChain: false, durationMs: 3, ...extra };
}

function report(extra: Partial<DiagnosisReport> = {}): DiagnosisReport {
  return {
    ok: false,
    primary,
    findings: [primary],
    endpoint: {
      input: "https://contoso-openai.openai.azure.com",
      host: "contoso-openai.openai.azure.com",
      cloud: "public",
      kind: "openai",
      acceptsEntraTokens: true,
      scope: "https://cognitiveservices.azure.com/.default",
      problems: [],
      via: "direct",
      reachable: true,
    },
    deployment: "gpt-4o",
    apiVersion: "2024-10-21",
    request: "POST /openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
    chain: { order: ["EnvironmentCredential", "AzureCliCredential"] },
    credentials: [
      credential("EnvironmentCredential", {
        reason: "EnvironmentCredential is unavailable. No underlying credential could be used.",
        cause: "credential.env-not-configured",
      }),
      credential("ManagedIdentityCredential", {
        reason: "ManagedIdentityCredential: no managed identity endpoint found.",
        cause: "credential.mi-identity-not-assigned",
      }),
      credential("AzureCliCredential", {
        reason: "Azure CLI could not be found.",
        cause: "credential.cli-not-installed",
        selectedByChain: true,
      }),
      credential("AzureDeveloperCliCredential", {
        reason:
          "Please run 'azd auth login' from a command prompt to authenticate before using this credential.",
        cause: "credential.azd-not-logged-in",
      }),
      credential("AzurePowerShellCredential", {
        available: true,
        identity: {
          principalType: "User",
          upn: "alice@contoso.onmicrosoft.com",
          oid: "dabd1db8-d35a-4131-8627-4f61f1bf9778",
        },
        dataPlane: { status: 401, code: "401" },
      }),
    ],
    apiKey: { source: "AZURE_OPENAI_API_KEY", status: 401, code: "401" },
    environment: [],
    deadlineMs: 30_000,
    durationMs: 1200,
    ...extra,
  };
}

/** Whether `narrow`'s words are `wide`'s, some split into pieces that each end in a separator. */
function brokenOnlyAtSeparators(narrow: readonly string[], wide: readonly string[]): boolean {
  let i = 0;
  for (const word of wide) {
    let joined = narrow[i++] ?? "";
    while (joined !== word && word.startsWith(joined) && /[/.\-_?&=,:;]$/.test(joined))
      joined += narrow[i++] ?? "";
    if (joined !== word) return false;
  }
  return i === narrow.length;
}

function widest(text: string): number {
  return Math.max(...text.split("\n").map((line) => [...line].length));
}

describe("issue 8: help texts", () => {
  it("`keyless doctor --help` and the other help texts are hard-wrapped at about 100 columns: each fits 80 in a pipe", async () => {
    for (const argv of HELPS) {
      const run = await runCliInProcess(argv);
      expect(run.code).toBe(0);
      expect(widest(run.stdout), argv.join(" ")).toBeLessThanOrEqual(80);
    }
  });

  it("an 80-column terminal breaks lines mid-word ('reac / hability', '--crede / ntial'): narrower, only the spaces move", async () => {
    for (const argv of HELPS) {
      const at80 = (await runCliInProcess(argv)).stdout;
      const at50 = (await runCliInProcess(argv, { env: { COLUMNS: "50" } })).stdout;
      // The same words, moved only at spaces (a word longer than its column broken after a
      // separator, never inside a run of letters); lines wider than 50 are commands or URLs.
      // Example comments move above their command when the line is too narrow: compared apart.
      const words = (text: string) => text.replace(/(^|\s)# .*$/gm, "").split(/\s+/);
      const comments = (text: string) => [...text.matchAll(/(?:^|\s)# (.*)$/gm)].map((m) => m[1]).join(" ");
      expect(brokenOnlyAtSeparators(words(at50), words(at80)), argv.join(" ")).toBe(true);
      expect(comments(at50).split(/\s+/), argv.join(" ")).toEqual(comments(at80).split(/\s+/));
      for (const line of at50.split("\n").filter((l) => [...l].length > 50)) {
        expect(line, argv.join(" ")).toMatch(/^\s+(keyless |set -a|\S+:\/\/\S+$)/);
      }
    }
    const doctor = (await runCliInProcess(["doctor", "--help"])).stdout;
    expect(doctor).toContain("\n  --credential NAME   try only this credential, e.g. AzureCliCredential,\n");
    expect(doctor).toContain(" the endpoint's form and\nreachability, ");
  });

  it("35 of the 88 `--list-scenarios` lines are wider than 80: none is, in a pipe", async () => {
    const run = await runCliInProcess(["emulator", "--list-scenarios"]);
    expect(run.code).toBe(0);
    expect(widest(run.stdout)).toBeLessThanOrEqual(80);
    expect(run.stdout).toContain("seed-000  (cause: rbac.control-plane-role-only)\n");
  });

  it("`keyless help doctor` prints the top-level help: it prints the doctor's", async () => {
    for (const name of ["doctor", "token", "emulator", "explain"]) {
      const help = await runCliInProcess(["help", name]);
      expect(help.code).toBe(0);
      expect(help.stdout).toBe((await runCliInProcess([name, "--help"])).stdout);
      expect(help.stdout).toMatch(new RegExp(`^keyless ${name}: `));
    }
    const unknown = await runCliInProcess(["help", "doctr"]);
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      'keyless help: unknown command "doctr". Commands: doctor, explain, emulator, token, migrate.\n',
    ]);
    expect((await runCliInProcess(["--help"])).stdout).toContain("\n  keyless help <command>\n");
  });
});

describe("issue 8: the doctor's credential table", () => {
  const codes = [
    "credential.env-not-configured",
    "credential.mi-identity-not-assigned",
    "credential.cli-not-installed",
    "credential.azd-not-logged-in",
  ];

  it("cuts its most useful column: at 80 columns 'not installed' and 'not logged in' look alike; now every code stands whole", () => {
    const text = renderDoctorText(report(), { width: 80, style: plain });
    expect(text).not.toContain("…");
    for (const code of codes) expect(text).toMatch(new RegExp(`\\s${code.replace(/\./g, "\\.")}\\n`));
    for (const line of text.split("\n")) {
      if (!/^\s*(curl |keyless |https:\/\/)/.test(line))
        expect([...line].length, line).toBeLessThanOrEqual(80);
    }
  });

  it("at 120 it still cuts the reason: the table keeps every word of every cell", () => {
    const text = renderDoctorText(report(), { width: 120, style: plain });
    const table = text.slice(text.indexOf("Credentials"), text.indexOf("\n\n", text.indexOf("Credentials")));
    expect(table.split("\n")[1]).toMatch(/^ {2}credential {2,}result {2,}identity \/ reason {2,}data plane$/);
    expect(table).not.toContain("…");
    for (const code of codes) expect(table).toContain(` ${code} `);
    expect(table).toMatch(
      /\n {4}AzurePowerShellCredential {4}token {8}alice@contoso\.onmicrosoft\.com \(User, oid {24}401\n {46}dabd1db8-d35a-4131-8627-4f61f1bf9778\)\n/,
    );
    expect(widest(text)).toBeLessThanOrEqual(120);
  });

  it("gets a legend for its columns", () => {
    const text = renderDoctorText(report(), { width: 80, style: plain });
    const legend = text.slice(text.indexOf("\n  * marks"), text.indexOf("\n\nEndpoint"));
    expect(
      legend
        .replace(/\n {2}/g, " ")
        .trim()
        .split(/(?<=\.) (?=[a-z*]+[ /:])/),
    ).toEqual([
      "* marks the credential DefaultAzureCredential uses (or the one --credential names).",
      "result: token (it got one); unavailable (not set up here, the chain tries the next); error (it failed and stops the chain); timeout (no answer in time).",
      "identity / reason: who the token is for, or why there is none; a cause code is explained by keyless explain --code <code>.",
      "data plane: the status (and error code) the probe call got with this credential's token; - when there was no token to try.",
    ]);
    expect(renderDoctorMarkdown(report())).toContain(
      "- `*` marks the credential DefaultAzureCredential uses (or the one --credential names).\n",
    );
  });

  it("`keyless doctor --wide` shows every column in full, one line per credential", () => {
    const text = renderDoctorText(report(), { width: 80, style: plain, wide: true });
    expect(text).toContain("    AzureDeveloperCliCredential  unavailable  credential.azd-not-logged-in  ");
    expect(text).toContain("  * AzureCliCredential           unavailable  credential.cli-not-installed");
  });
});

describe("issue 8: smaller messages", () => {
  it("'Probe call GET /openai/models ... (max_tokens 1)': only the chat call says max_tokens 1", () => {
    expect(describeProbeCall("GET /openai/models?api-version=2024-10-21")).toBe(
      "GET /openai/models?api-version=2024-10-21",
    );
    expect(describeProbeCall("POST /openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21")).toBe(
      "POST /openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21 (max_tokens 1)",
    );
    const listing = renderDoctorText(
      report({ deployment: undefined, request: "GET /openai/models?api-version=2024-10-21" }),
      { width: 100, style: plain },
    );
    expect(listing).toContain("\nProbe call   GET /openai/models?api-version=2024-10-21\n");
    expect(listing).toContain(
      "\nDeployment   none given (the doctor lists models); api-version 2024-10-21\n",
    );
    expect(listing).not.toContain("max_tokens");
  });

  it("'401 401' where status and code repeat: the status is printed once", () => {
    expect(describeDataPlane({ status: 401, code: "401" })).toBe("401");
    expect(describeDataPlane({ status: 401, code: "PermissionDenied" })).toBe("401 PermissionDenied");
    const text = renderDoctorText(report(), { width: 120, style: plain });
    expect(text).not.toContain("401 401");
    expect(text).toContain("\n  API key (AZURE_OPENAI_API_KEY): 401\n");
    expect(renderDoctorMarkdown(report())).not.toContain("401 401");
  });

  it("`--timeout abc` reported as a missing endpoint: the usage error names the value", async () => {
    for (const value of ["abc", "0", "0.5", "1e3", "601", ""]) {
      const run = await runCliInProcess(["doctor", "--timeout", value], { env: {} });
      expect([run.code, run.stderr]).toEqual([
        2,
        `keyless doctor: --timeout "${value}" is not a number of seconds between 1 and 600 (keyless doctor).\n`,
      ]);
    }
  });

  it("'More: docs/causes/<code>.md', a path an installed user does not have: the page's URL and the offline command", () => {
    expect(repositoryUrl()).toBe("https://github.com/keyless-dev/keyless");
    expect(causePageUrl("credential.cli-not-installed")).toBe(
      "https://github.com/keyless-dev/keyless/blob/main/docs/causes/credential.cli-not-installed.md",
    );
    const text = renderDoctorText(report(), { width: 80, style: plain });
    expect(text).not.toContain("docs/causes/<code>.md");
    expect(text).toContain(
      "\n  More\n    keyless explain --code credential.cli-not-installed\n    https://github.com/keyless-dev/keyless/blob/main/docs/causes/credential.cli-not-installed.md\n",
    );
    expect(renderDoctorMarkdown(report())).toContain(
      "More: [credential.cli-not-installed](https://github.com/keyless-dev/keyless/blob/main/docs/causes/credential.cli-not-installed.md), or offline `keyless explain --code credential.cli-not-installed`\n",
    );
  });

  it("'please report it' with no place to report: the unexpected-failure message names the bugs URL", async () => {
    expect(bugsUrl()).toBe("https://github.com/keyless-dev/keyless/issues");
    const failing = new Writable({
      write(_chunk, _encoding, callback) {
        callback();
        throw new Error("stdout is gone");
      },
    });
    let stderr = "";
    const err = new PassThrough().on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const code = await runCli(["token", "--help"], {
      stdin: new PassThrough(),
      stdout: failing,
      stderr: err,
      env: {},
    });
    expect(code).toBe(1);
    expect(stderr).toBe(
      "keyless token: unexpected failure: stdout is gone\nThis is a bug in keyless; please report it, with the command you ran, at:\n  https://github.com/keyless-dev/keyless/issues\n",
    );
  });
});
