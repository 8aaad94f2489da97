import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { causePageUrl } from "../../src/cli/render/project-links.js";
import { isCommandLine } from "../../src/cli/render/text-layout.js";
import { isCodeLine } from "../../src/knowledge/text-blocks.js";
import {
  JS_AGGREGATE_AUTHENTICATION_ERROR,
  LANGUAGE_ERROR_TEXTS,
} from "../knowledge/fixtures/language-error-texts.js";

// `keyless explain` as a user runs it: the built bin (npx tsc -p tsconfig.build.json first), its
// output in a pipe, COLUMNS unset, so the width is the 80 columns of pipes and CI logs.
function explainInPipe(args: string[], input: string, columns?: number) {
  const { COLUMNS: _unset, ...env } = process.env;
  const result = spawnSync(process.execPath, ["bin/keyless.js", "explain", ...args], {
    input,
    encoding: "utf8",
    timeout: 20_000,
    env: columns === undefined ? env : { ...env, COLUMNS: String(columns) },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Lines wider than `width`, except a command, a code line or a URL standing whole on its own line. */
function overflowing(output: string, width: number): string[] {
  return output.split("\n").filter((line) => {
    if (line.length <= width) return false;
    const content = line.trim();
    return !isCommandLine(content) && !isCodeLine(content, false) && !/^\S+$/.test(content);
  });
}

describe("keyless explain in a pipe: the answer first, in the user's language", () => {
  it("explain's first line is a count: now it is the most likely cause, its code and title", () => {
    for (const { text, topCode } of Object.values(LANGUAGE_ERROR_TEXTS)) {
      const run = explainInPipe([], text);
      expect(run.status).toBe(0);
      const [first = ""] = run.stdout.split("\n");
      expect(first.startsWith(`${topCode}: `), first).toBe(true);
      expect(first).not.toMatch(/possible causes|^keyless explain/);
    }
  });

  it("a Python traceback gets a JavaScript fix: it gets the Python one", () => {
    const run = explainInPipe([], LANGUAGE_ERROR_TEXTS.python.text);
    expect(run.stdout.split("\n").slice(0, 4)).toEqual([
      "token.wrong-audience: The token was issued for another audience than the",
      "  endpoint expects",
      "Fix (Python):",
      '  token_provider = get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")',
    ]);
    expect(run.stdout).toContain(
      [
        "   Fix (Python)",
        "     # Ask for the endpoint's audience",
        "     # (https://cognitiveservices.azure.com/.default on public Azure), not ARM",
        "     # or Graph",
        '     token_provider = get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")',
      ].join("\n"),
    );
    // No JavaScript fix anywhere in the report (its prose may still name the JS helper).
    expect(run.stdout).not.toMatch(/const azureADTokenProvider|new AzureOpenAI\(/);
  });

  it("gives a .NET Azure.RequestFailedException the C# fix", () => {
    const run = explainInPipe([], LANGUAGE_ERROR_TEXTS.csharp.text);
    expect(run.stdout.split("\n").slice(0, 4)).toEqual([
      "token.wrong-audience: The token was issued for another audience than the",
      "  endpoint expects",
      "Fix (C#):",
      '  var client = new AzureOpenAIClient(new Uri("<endpoint>"), new DefaultAzureCredential());',
    ]);
    expect(run.stdout).toContain(
      [
        "   Fix (C#)",
        "     // Pass the credential: the client asks for",
        "     // https://cognitiveservices.azure.com/.default itself (sovereign clouds:",
        "     // set AzureOpenAIClientOptions.Audience)",
        '     var client = new AzureOpenAIClient(new Uri("<endpoint>"), new DefaultAzureCredential());',
      ].join("\n"),
    );
  });

  it("gives an azidentity (Go) chain error the Go fix", () => {
    const run = explainInPipe([], LANGUAGE_ERROR_TEXTS.go.text);
    expect(run.stdout.split("\n").slice(0, 3)).toEqual([
      "credential.chain-exhausted: No credential in the DefaultAzureCredential chain",
      "  could get a token",
      "Fix: az login",
    ]);
    expect(run.stdout).toContain(
      [
        "3. credential.mi-timeout: The managed identity endpoint did not answer in time",
        "   confidence 85%",
      ].join("\n"),
    );
    expect(run.stdout).toContain(
      [
        "   Fix (Go)",
        "     // Production: use managed identity directly, without the",
        "     // DefaultAzureCredential probe",
        '     cred, err := azidentity.NewManagedIdentityCredential(&azidentity.ManagedIdentityCredentialOptions{ID: azidentity.ClientID("<client-id>")})',
      ].join("\n"),
    );
  });

  it("gives a Java com.azure.core.exception.HttpResponseException the Java fix", () => {
    const run = explainInPipe([], LANGUAGE_ERROR_TEXTS.java.text);
    expect(run.stdout.split("\n").slice(0, 3)).toEqual([
      "key.auth-disabled: Key authentication is disabled on the resource, but the",
      "  request carried an api-key",
      "Fix: unset AZURE_OPENAI_API_KEY",
    ]);
    expect(run.stdout).toContain(
      [
        "   Fix (Java)",
        "     unset AZURE_OPENAI_API_KEY",
        "     // pass the token credential, not an AzureKeyCredential",
        '     OpenAIClient client = new OpenAIClientBuilder().credential(new DefaultAzureCredentialBuilder().build()).endpoint("<endpoint>").buildClient();',
      ].join("\n"),
    );
  });

  it("gives an openai-node error the JavaScript fix", () => {
    const run = explainInPipe([], LANGUAGE_ERROR_TEXTS.js.text);
    expect(run.stdout.split("\n").slice(0, 4)).toEqual([
      "token.wrong-audience: The token was issued for another audience than the",
      "  endpoint expects",
      "Fix (JavaScript):",
      '  const azureADTokenProvider = getBearerTokenProvider(new DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default");',
    ]);
  });

  it("--lang overrides the language the text came from", () => {
    const run = explainInPipe(["--lang", "java"], LANGUAGE_ERROR_TEXTS.python.text);
    expect(run.stdout.split("\n").slice(2, 4)).toEqual([
      "Fix (Java):",
      '  OpenAIClient client = new OpenAIClientBuilder().credential(new DefaultAzureCredentialBuilder().build()).endpoint("<endpoint>").buildClient();',
    ]);
    expect(run.stdout).not.toContain("get_bearer_token_provider");
  });

  it("keeps every line within 80 columns in a pipe, and within COLUMNS when set, except commands and URLs", () => {
    for (const text of [
      ...Object.values(LANGUAGE_ERROR_TEXTS).map((c) => c.text),
      JS_AGGREGATE_AUTHENTICATION_ERROR,
    ]) {
      for (const args of [[], ["--brief"]]) {
        expect(overflowing(explainInPipe(args, text).stdout, 80)).toEqual([]);
        expect(overflowing(explainInPipe(args, text, 120).stdout, 120)).toEqual([]);
      }
    }
    // The one page URL per cause stands alone, whole.
    expect(explainInPipe([], LANGUAGE_ERROR_TEXTS.java.text).stdout).toContain(
      `\n     ${causePageUrl("key.auth-disabled")}\n`,
    );
  });

  it("an AggregateAuthenticationError gives 8 causes in about 150 lines, with no short form: --brief gives one entry per cause", () => {
    const full = explainInPipe([], JS_AGGREGATE_AUTHENTICATION_ERROR);
    const brief = explainInPipe(["--brief"], JS_AGGREGATE_AUTHENTICATION_ERROR);
    expect(brief.status).toBe(0);
    expect(brief.stdout).toBe(
      [
        "credential.cli-not-logged-in: The Azure CLI has no signed-in account (or its",
        "  sign-in expired)",
        "  Fix: az login --tenant <tenant-id>",
        "credential.chain-exhausted: No credential in the DefaultAzureCredential chain",
        "  could get a token",
        "  Fix: az login",
        "credential.mi-unavailable: No managed identity endpoint is available on this",
        "  machine",
        "  Fix (JavaScript): Local development: use a developer credential and skip",
        "                    managed identity",
        "credential.vscode-unavailable: VisualStudioCodeCredential is not available",
        "  Fix: az login",
        "credential.powershell-not-installed: PowerShell is not installed (no pwsh on",
        "  PATH)",
        "  Fix: Install PowerShell 7 (Windows: winget install --id Microsoft.PowerShell",
        "       --source winget), then the Az module",
        "credential.azd-not-installed: The Azure Developer CLI (azd) is not installed",
        "  or not on the app's PATH",
        "  Fix: Install azd (macOS: brew tap azure/azd && brew install azd; Windows:",
        "       winget install microsoft.azd), then sign in",
        "credential.env-not-configured: EnvironmentCredential is not configured (no",
        "  service principal variables set)",
        "  Fix: Nothing to fix if another credential in the chain should sign in; for a",
        "       service principal set all three",
        "",
      ].join("\n"),
    );
    expect(full.stdout.split("\n").length).toBeGreaterThan(5 * brief.stdout.split("\n").length);
  });

  it("prints a cause's page offline with --code, the doctor's pointer", () => {
    const run = explainInPipe(["--code", "credential.mi-timeout"], "");
    expect(run.status).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe(
      "credential.mi-timeout: The managed identity endpoint did not answer in time",
    );
    expect(run.stdout).toContain(
      [
        "  Go (azidentity, openai-go)",
        "    // Production: use managed identity directly, without the",
        "    // DefaultAzureCredential probe",
        '    cred, err := azidentity.NewManagedIdentityCredential(&azidentity.ManagedIdentityCredentialOptions{ID: azidentity.ClientID("<client-id>")})',
      ].join("\n"),
    );
    expect(overflowing(run.stdout, 80)).toEqual([]);
  });
});
