import { describe, expect, it } from "vitest";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

const ENDPOINT = ["--endpoint", "https://contoso-openai.openai.azure.com"];

describe("keyless doctor --scope and --call", () => {
  it("are in the help, with examples", async () => {
    const help = (await runCliInProcess(["doctor", "--help"])).stdout;
    expect(help).toContain("[--scope SCOPE] [--call CALL]");
    expect(help).toContain("--scope SCOPE       the scope the app requests its tokens for");
    expect(help).toContain("--call CALL         the call the app makes: chat, responses, embeddings");
    expect(help).toContain("keyless doctor --call responses");
    expect(help).toContain('keyless doctor --endpoint "$FOUNDRY_PROJECT_ENDPOINT"');
    expect(help).toContain("keyless doctor --scope https://ml.azure.com/.default");
    expect(help.replace(/\s+/g, " ")).toContain(
      "(default: the endpoint's own scope, and the report says so)",
    );
  });

  it("a value diagnose() refuses is a usage error (exit 2) in the CLI's words, before anything is probed", async () => {
    const scope = await runCliInProcess(["doctor", ...ENDPOINT, "--scope", "cognitiveservices.azure.com"]);
    expect([scope.code, scope.stdout, scope.stderr]).toEqual([
      2,
      "",
      'keyless doctor: --scope "cognitiveservices.azure.com" is not a scope; pass the one the app requests its tokens for, a resource URI with /.default, e.g. --scope https://cognitiveservices.azure.com/.default (keyless doctor).\n',
    ]);
    const empty = await runCliInProcess(["doctor", ...ENDPOINT, "--scope", ""]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("--scope is empty; pass the scope the app requests its tokens for");
    const call = await runCliInProcess(["doctor", ...ENDPOINT, "--call", "completions"]);
    expect([call.code, call.stderr]).toEqual([
      2,
      'keyless doctor: --call "completions" is not a call the doctor probes; use one of: chat, responses, embeddings (the call the app makes) (keyless doctor).\n',
    ]);
  });
});
