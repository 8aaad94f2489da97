import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { causePageUrl } from "../../src/cli/render/project-links.js";
import { isCommandLine } from "../../src/cli/render/text-layout.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

const PERMISSION_DENIED =
  '{"error":{"code":"PermissionDenied","message":"The principal 4f1c2a8e-93b5-4d6e-8a71-0c2b9e5d7f13 lacks the required data action Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action to perform POST /openai/deployments/{deployment-id}/chat/completions operation."}}';
const FLAT_401 =
  '{"statusCode": 401, "message": "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired."}';

interface ExplainJson {
  matches: { code: string; title: string; confidence: number; facts: Record<string, unknown>; fix: string }[];
}

describe("keyless explain", () => {
  it("explains a PermissionDenied body given as an argument, as JSON with the extracted facts", async () => {
    const run = await runCliInProcess(["explain", "--json", PERMISSION_DENIED]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const json = JSON.parse(run.stdout) as ExplainJson;
    const [top] = json.matches;
    expect(top?.code).toBe("rbac.missing-data-action");
    expect(top?.facts.principalId).toBe("4f1c2a8e-93b5-4d6e-8a71-0c2b9e5d7f13");
    expect(top?.facts.dataAction).toBe(
      "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action",
    );
    expect(top?.fix).toContain("--assignee-object-id 4f1c2a8e-93b5-4d6e-8a71-0c2b9e5d7f13");
    expect(Object.keys(top ?? {}).slice(0, 5)).toEqual(["code", "title", "confidence", "facts", "fix"]);
  });

  it("reads standard input when no text is given, and ranks the ambiguous flat 401", async () => {
    const run = await runCliInProcess(["explain", "--json"], { stdin: FLAT_401 });
    expect(run.code).toBe(0);
    const codes = (JSON.parse(run.stdout) as ExplainJson).matches.map((m) => m.code);
    expect(codes.slice(0, 3).sort()).toEqual(["key.sent-as-bearer", "token.expired", "token.wrong-audience"]);
  });

  it("reads --file and prints the human report with the fix and the facts", async () => {
    const run = await runCliInProcess(["explain", "--file", "examples/seed-000-error.txt"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("rbac.missing-data-action");
    expect(run.stdout).toContain("az role assignment create");
    expect(run.stdout).toContain("\n  principal       4f1c2a8e-93b5-4d6e-8a71-0c2b9e5d7f13\n");
    // Commands stay on one line so they can be copied.
    expect(run.stdout).toMatch(
      /\n +az role assignment list --assignee 4f1c2a8e-93b5-4d6e-8a71-0c2b9e5d7f13 --all --query "\[\]\.\{role:roleDefinitionName, scope:scope\}" --output table\n/,
    );
    expect(run.stdout).not.toContain("\u001b[");
  });

  it("exits 1 with a plain message when nothing is recognised", async () => {
    const run = await runCliInProcess(["explain", "the build is green and everyone is happy"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("No known cause in this text.");
  });

  it("exits 1 with an empty match list in JSON for binary garbage", async () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const run = await runCliInProcess(["explain", "--json"], { stdin: garbage });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({ matches: [] });
  });

  it("exits 2 on an unknown option and suggests the closest one", async () => {
    const run = await runCliInProcess(["explain", "--jsn", "x"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'keyless explain: unknown option "--jsn" for "keyless explain"; did you mean "--json"? Run "keyless explain --help" for the options.\n',
    );
  });

  it("exits 2 when the input file does not exist, naming the path", async () => {
    const run = await runCliInProcess(["explain", "--file", "no/such/file.txt"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'keyless explain: input file "no/such/file.txt" does not exist; check the path.\n',
    );
  });

  it("exits 2 on empty input", async () => {
    const run = await runCliInProcess(["explain"], { stdin: "   \n" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no error text given");
  });

  it("prints help with examples", async () => {
    const run = await runCliInProcess(["explain", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Examples");
    expect(run.stdout).toContain("keyless explain --json --file error.log");
  });

  it("never echoes a bearer token pasted with the error", async () => {
    const canary =
      "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tIn0.Q0FOQVJZLVNJR05BVFVSRQ";
    const text = `Authorization: Bearer ${canary}\n${FLAT_401}`;
    const human = await runCliInProcess(["explain", text]);
    const json = await runCliInProcess(["explain", "--json", text]);
    expect(human.stdout).not.toContain(canary);
    expect(json.stdout).not.toContain(canary);
    expect(json.stdout).not.toContain("Q0FOQVJZLVNJR05BVFVSRQ");
  });
});

describe("keyless explain: the answer first, in the user's language", () => {
  it("prints the fix in the language --lang names, and says which in --json", async () => {
    const run = await runCliInProcess(["explain", "--json", "--lang", "csharp", FLAT_401]);
    expect(run.code).toBe(0);
    const [top] = (JSON.parse(run.stdout) as { matches: { code: string; fix: string; language: string }[] })
      .matches;
    expect(top?.code).toBe("token.wrong-audience");
    expect(top?.language).toBe("csharp");
    expect(top?.fix).toBe(
      [
        "// Pass the credential: the client asks for https://cognitiveservices.azure.com/.default itself (sovereign clouds: set AzureOpenAIClientOptions.Audience)",
        'var client = new AzureOpenAIClient(new Uri("<endpoint>"), new DefaultAzureCredential());',
      ].join("\n"),
    );
  });

  it("--lang overrides the language the text names", async () => {
    const traceback = `Traceback (most recent call last):\nopenai.AuthenticationError: Error code: 401 - ${FLAT_401}`;
    const detected = await runCliInProcess(["explain", traceback]);
    const chosen = await runCliInProcess(["explain", "--lang", "go", traceback]);
    expect(detected.stdout.split("\n").slice(2, 4)).toEqual([
      "Fix (Python):",
      '  token_provider = get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")',
    ]);
    expect(chosen.stdout.split("\n").slice(2, 3)).toEqual(["Fix (Go): Ask for the endpoint's audience"]);
    expect(chosen.stdout).toContain("   Fix (Go)\n     // Ask for the endpoint's audience");
  });

  it("exits 2 on a language it does not write fixes in, naming the ones it does", async () => {
    const run = await runCliInProcess(["explain", "--lang", "rust", FLAT_401]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'keyless explain: --lang "rust" is not a language keyless writes fixes in; use one of js, python, csharp, go, java (keyless explain).\n',
    );
  });

  it("--brief and --json do not go together", async () => {
    const run = await runCliInProcess(["explain", "--brief", "--json", FLAT_401]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "keyless explain: --brief shortens the text report; it does not apply to --json (keyless explain).\n",
    );
  });

  it("--code prints a cause's page offline, exit 0", async () => {
    const run = await runCliInProcess(["explain", "--code", "key.auth-disabled"]);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe(
      "key.auth-disabled: Key authentication is disabled on the resource, but the",
    );
    for (const heading of ["What it means", "How to confirm", "How to fix", "Example error", "Page"]) {
      expect(run.stdout).toContain(`\n${heading}\n`);
    }
    for (const label of ["JavaScript / TypeScript", "Python", "C#", "Go", "Java"]) {
      expect(run.stdout).toContain(`\n  ${label} (`);
    }
  });

  it("--code suggests the nearest code for a typo, exit 2", async () => {
    const run = await runCliInProcess(["explain", "--code", "rbac.missing-data-actoin"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `keyless explain: "rbac.missing-data-actoin" is not a cause code; did you mean "rbac.missing-data-action"? Every code is listed at ${causePageUrl("README")}.\n`,
    );
  });

  it("--code takes no error text", async () => {
    const run = await runCliInProcess(["explain", "--code", "key.auth-disabled", FLAT_401]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--code prints a cause's page and takes no error text");
  });

  it("lays help out for COLUMNS", async () => {
    const run = await runCliInProcess(["explain", "--help"], { env: { COLUMNS: "60" } });
    const long = run.stdout.split("\n").filter((line) => line.length > 60 && !isCommandLine(line));
    expect(long).toEqual([]);
    expect(run.stdout).toContain("--brief");
    expect(run.stdout).toContain("--lang LANG");
    expect(run.stdout).toContain("--code CODE");
  });
});

describe("keyless (main)", () => {
  it("lists the commands in its help", async () => {
    const run = await runCliInProcess(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("explain");
  });

  it("exits 2 on an unknown command", async () => {
    const run = await runCliInProcess(["explian"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'keyless: unknown command "explian". Commands: doctor, explain, emulator, token, migrate.\n',
    );
  });

  it("prints the package version", async () => {
    const run = await runCliInProcess(["--version"]);
    const pkg = JSON.parse(await readFile("package.json", "utf8")) as { version: string };
    expect(run.stdout).toBe(`${pkg.version}\n`);
  });
});
