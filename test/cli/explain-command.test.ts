import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
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
    expect(run.stdout).toContain("   principal       4f1c2a8e-93b5-4d6e-8a71-0c2b9e5d7f13\n");
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
      'keyless: unknown command "explian". Commands: doctor, explain, emulator, token.\n',
    );
  });

  it("prints the package version", async () => {
    const run = await runCliInProcess(["--version"]);
    const pkg = JSON.parse(await readFile("package.json", "utf8")) as { version: string };
    expect(run.stdout).toBe(`${pkg.version}\n`);
  });
});
