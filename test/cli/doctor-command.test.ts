import { describe, expect, it } from "vitest";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

describe("keyless doctor: arguments", () => {
  it("prints help with examples and exits 0", async () => {
    const run = await runCliInProcess(["doctor", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "keyless doctor --endpoint https://contoso.openai.azure.com --deployment gpt-4o",
    );
    expect(run.stdout).toContain(
      "\nExit codes\n  0  the keyless call works\n  1  a problem was found\n  2  usage error\n",
    );
  });

  it("exits 2 and says how to pass the endpoint when there is none", async () => {
    const run = await runCliInProcess(["doctor"], { env: {} });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "keyless doctor: no endpoint to diagnose; pass --endpoint https://<name>.openai.azure.com or set AZURE_OPENAI_ENDPOINT (keyless doctor).\n",
    );
  });

  it("refuses --json with --markdown, an unknown credential, a bad timeout and a missing key", async () => {
    const endpoint = ["--endpoint", "https://contoso.openai.azure.com"];
    const both = await runCliInProcess(["doctor", ...endpoint, "--json", "--markdown"]);
    expect([both.code, both.stderr]).toEqual([
      2,
      "keyless doctor: choose one of --json and --markdown (keyless doctor).\n",
    ]);
    const credential = await runCliInProcess(["doctor", ...endpoint, "--credential", "cli"]);
    expect(credential.code).toBe(2);
    expect(credential.stderr).toContain(
      '--credential "cli" is not a credential the doctor can try; use a DefaultAzureCredential member (EnvironmentCredential,',
    );
    expect(credential.stderr).toContain(") or AzurePipelinesCredential (keyless doctor).\n");
    const timeout = await runCliInProcess(["doctor", ...endpoint, "--timeout", "0"]);
    expect(timeout.stderr).toBe(
      'keyless doctor: --timeout "0" is not a number of seconds between 1 and 600 (keyless doctor).\n',
    );
    const key = await runCliInProcess(["doctor", ...endpoint, "--api-key-from-env"], { env: {} });
    expect(key.stderr).toBe(
      "keyless doctor: --api-key-from-env was given but AZURE_OPENAI_API_KEY is not set (keyless doctor).\n",
    );
    const typo = await runCliInProcess(["doctor", "--endpont", "x"]);
    expect(typo.stderr).toContain('did you mean "--endpoint"?');
  });
});

describe("keyless token: arguments", () => {
  it("prints help and refuses --endpoint with --scope or a value that is not a scope", async () => {
    expect((await runCliInProcess(["token", "--help"])).stdout).toContain(
      "\n  keyless token [--credential NAME] [--endpoint URL | --scope SCOPE] [--json]\n                [--show-token]\n",
    );
    const both = await runCliInProcess([
      "token",
      "--endpoint",
      "https://x.openai.azure.com",
      "--scope",
      "https://x/.default",
    ]);
    expect([both.code, both.stderr]).toEqual([
      2,
      "keyless token: pass either --endpoint or --scope, not both (keyless token).\n",
    ]);
    const scope = await runCliInProcess(["token", "--scope", "cognitiveservices"]);
    expect(scope.code).toBe(2);
    expect(scope.stderr).toContain('--scope "cognitiveservices" is not a scope');
  });
});

describe("keyless help", () => {
  it("lists doctor first", async () => {
    const run = await runCliInProcess(["--help"]);
    const commands =
      run.stdout
        .split("Commands\n")[1]
        ?.split("\n")
        .filter((l) => l.startsWith("  ")) ?? [];
    expect(commands[0]).toMatch(/^ {2}doctor /);
    expect(run.stdout).toMatch(/\n {2}token +get a token like your app does/);
  });
});
