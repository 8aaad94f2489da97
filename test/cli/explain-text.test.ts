import { describe, expect, it } from "vitest";
import { renderCausePageText, renderExplainText } from "../../src/cli/render/explain-text.js";
import { bugsUrl, causePageUrl } from "../../src/cli/render/project-links.js";
import { createStyle, isCommandLine } from "../../src/cli/render/text-layout.js";
import { getCause } from "../../src/knowledge/causes.js";
import { explain } from "../../src/knowledge/explain.js";
import { isCodeLine } from "../../src/knowledge/text-blocks.js";
import { SEED_GO_AADSTS_BLOCK } from "../fixtures/error-corpus.js";
import {
  JS_AGGREGATE_AUTHENTICATION_ERROR,
  LANGUAGE_ERROR_TEXTS,
} from "../knowledge/fixtures/language-error-texts.js";

const plain = createStyle({ color: false });

const PERMISSION_DENIED_BODY_WITH_PRINCIPAL =
  '{"error":{"code":"PermissionDenied","message":"The principal 4f1c2a8e-93b5-4d6e-8a71-0c2b9e5d7f13 lacks the required data action Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action to perform POST /openai/deployments/{deployment-id}/chat/completions operation."}}';

/** Lines wider than `width` other than a command, a code line or a URL standing whole on its own line. */
function overflowing(output: string, width: number): string[] {
  return output.split("\n").filter((line) => {
    if (line.length <= width) return false;
    const content = line.trim();
    return !isCommandLine(content) && !isCodeLine(content, false) && !/^\S+$/.test(content);
  });
}

describe("renderExplainText", () => {
  it("opens with the most likely cause, its code first, then its one-line fix", () => {
    const out = renderExplainText(explain(PERMISSION_DENIED_BODY_WITH_PRINCIPAL), {
      width: 80,
      style: plain,
    });
    expect(out.split("\n").slice(0, 4)).toEqual([
      "rbac.missing-data-action: The principal has no role that grants the data",
      "  action this call needs",
      "Fix:",
      '  az role assignment create --role "Cognitive Services OpenAI User" --assignee-object-id 4f1c2a8e-93b5-4d6e-8a71-0c2b9e5d7f13 --assignee-principal-type <principal-type> --scope <scope>',
    ]);
  });

  it("ranks the causes after the answer, then the facts, then each cause in full", () => {
    const out = renderExplainText(explain(PERMISSION_DENIED_BODY_WITH_PRINCIPAL), {
      width: 80,
      style: plain,
    });
    expect(out).toContain(
      [
        "",
        "5 possible causes, most likely first",
        "  1. rbac.missing-data-action      95%",
        "  2. rbac.control-plane-role-only  40%",
        "  3. rbac.propagation-pending      30%",
        "  4. rbac.wrong-scope              25%",
        "  5. rbac.other-principal          20%",
        "",
        "Read from the text",
        "  service code    PermissionDenied",
        "  principal       4f1c2a8e-93b5-4d6e-8a71-0c2b9e5d7f13",
        "  data action     Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/",
        "                  completions/action",
        "",
      ].join("\n"),
    );
    expect(out.indexOf("\n1. rbac.missing-data-action:")).toBeGreaterThan(out.indexOf("Read from the text"));
  });

  it("lays prose out for the width it is given and never wraps a command", () => {
    for (const width of [80, 120]) {
      const out = renderExplainText(explain(JS_AGGREGATE_AUTHENTICATION_ERROR), { width, style: plain });
      expect(overflowing(out, width), `width ${width}`).toEqual([]);
      // A long command stays on one line.
      expect(out).toContain(
        '\n     curl -s -o /dev/null -w "%{http_code}\\n" -H "Metadata: true" "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://cognitiveservices.azure.com"\n',
      );
    }
    const narrow = renderExplainText(explain(JS_AGGREGATE_AUTHENTICATION_ERROR), { width: 80, style: plain });
    const wide = renderExplainText(explain(JS_AGGREGATE_AUTHENTICATION_ERROR), { width: 120, style: plain });
    expect(narrow.split("\n").length).toBeGreaterThan(wide.split("\n").length);
  });

  it("lifts a long command quoted in a sentence onto its own line, whole", () => {
    const out = renderExplainText(explain(SEED_GO_AADSTS_BLOCK), { width: 80, style: plain });
    expect(out.split("\n").slice(0, 6)).toEqual([
      "aadsts.7000215: The client secret is invalid (the secret ID may have been",
      "  pasted instead of its value)",
      "Fix: Create a new secret and use its value (shown once):",
      "       az ad app credential reset --id 86be4c01-505b-45e9-bfc0-9b825fd84 --append --display-name keyless",
      "     and put the returned `password` in AZURE_CLIENT_SECRET; better, replace the",
      "     secret with a managed identity or workload identity federation.",
    ]);
  });

  it("labels the fix with the language it is written in", () => {
    const out = renderExplainText(explain(LANGUAGE_ERROR_TEXTS.go.text), { width: 80, style: plain });
    expect(out).toContain(
      [
        "   Fix (Go)",
        "     // Production: use managed identity directly, without the",
        "     // DefaultAzureCredential probe",
        '     cred, err := azidentity.NewManagedIdentityCredential(&azidentity.ManagedIdentityCredentialOptions{ID: azidentity.ClientID("<client-id>")})',
      ].join("\n"),
    );
  });

  it("explain: 'More: docs/causes/<code>.md', a path an installed user does not have: the offline command and the page's URL", () => {
    const out = renderExplainText(explain(PERMISSION_DENIED_BODY_WITH_PRINCIPAL), {
      width: 80,
      style: plain,
    });
    expect(out).not.toMatch(/More: docs\//);
    expect(out).toContain(
      `   More: keyless explain --code rbac.missing-data-action\n     ${causePageUrl("rbac.missing-data-action")}\n`,
    );
  });

  it("'please report it' with no place to report: names the bugs URL", () => {
    const out = renderExplainText([], { width: 80, style: plain });
    expect(out.startsWith("No known cause in this text.\n")).toBe(true);
    expect(out.endsWith(`please report it at:\n  ${bugsUrl()}\n`)).toBe(true);
    expect(overflowing(out, 80)).toEqual([]);
  });

  it("gives no page URL for an AADSTS code without a page", () => {
    const out = renderExplainText(explain("AADSTS9999999: Something new happened."), {
      width: 80,
      style: plain,
    });
    expect(out).toContain("More: keyless explain --code aadsts.9999999\n");
    expect(out).not.toContain(causePageUrl("aadsts.9999999"));
  });
});

describe("renderCausePageText", () => {
  it("prints the page offline: title, meaning, confirmation, the fix in every language, example, URL", () => {
    const out = renderCausePageText(getCause("client.token-provider-not-string") ?? fail(), {
      width: 80,
      style: plain,
    });
    expect(out).toBe(
      [
        "client.token-provider-not-string: The token provider returned something other",
        "  than a token string",
        "",
        "What it means",
        "  The `openai` client expects the provider to resolve to a non-empty string. A",
        "  provider that returns the `AccessToken` object from `credential.getToken()`",
        "  (instead of its `.token`), `undefined` or an empty string fails before the",
        "  request is sent.",
        "",
        "How to confirm",
        '  grep -rn "azureADTokenProvider" --include=*.ts --include=*.js .',
        "  A provider that returns `getToken(...)` itself, or may return nothing,",
        "  confirms it.",
        "",
        "How to fix",
        "  JavaScript / TypeScript (@azure/identity, openai)",
        "    // getBearerTokenProvider returns a function that resolves to the token",
        "    // string",
        '    const azureADTokenProvider = getBearerTokenProvider(new DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default");',
        "",
        "  Python (azure-identity, openai)",
        "    # get_bearer_token_provider returns a function that returns the token string",
        '    token_provider = get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")',
        "",
        "  C# (Azure.Identity, Azure.AI.OpenAI)",
        "    // Pass the credential itself; the client gets and refreshes the token",
        '    var client = new AzureOpenAIClient(new Uri("<endpoint>"), new DefaultAzureCredential());',
        "",
        "  Go (azidentity, openai-go)",
        "    // Pass the credential itself; the client gets and refreshes the token",
        "    cred, err := azidentity.NewDefaultAzureCredential(nil)",
        '    client := openai.NewClient(azure.WithEndpoint("<endpoint>", "<api-version>"), azure.WithTokenCredential(cred))',
        "",
        "  Java (azure-identity, azure-ai-openai)",
        "    // Pass the credential itself; the client gets and refreshes the token",
        '    OpenAIClient client = new OpenAIClientBuilder().credential(new DefaultAzureCredentialBuilder().build()).endpoint("<endpoint>").buildClient();',
        "",
        "Example error",
        "  Expected 'apiKey' function argument to return a string but it returned [object",
        "  Object]",
        "",
        "Page",
        `  ${causePageUrl("client.token-provider-not-string")}`,
        "",
      ].join("\n"),
    );
  });

  it("shows one language's fix when asked", () => {
    const out = renderCausePageText(getCause("token.expired") ?? fail(), {
      width: 80,
      style: plain,
      language: "java",
    });
    const fix = out.slice(out.indexOf("How to fix"), out.indexOf("Example error"));
    expect(fix).toBe(
      [
        "How to fix",
        "  Java (azure-identity, azure-ai-openai)",
        "    // Pass the credential, which refreshes before exp, never a token string",
        '    OpenAIClient client = new OpenAIClientBuilder().credential(new DefaultAzureCredentialBuilder().build()).endpoint("<endpoint>").buildClient();',
        "",
        "",
      ].join("\n"),
    );
  });
});

function fail(): never {
  throw new Error("missing catalog entry");
}
