import { describe, expect, it } from "vitest";
import {
  codeFenceLanguage,
  isCodeLine,
  oneLineFix,
  splitTextBlocks,
} from "../../src/knowledge/text-blocks.js";

describe("splitTextBlocks", () => {
  it("groups code lines, keeps each prose line a paragraph, and ends a block at a blank line", () => {
    expect(
      splitTextBlocks("az account show\naz login\nAn error confirms it.\nSo does a 401.\n\nunset X"),
    ).toEqual([
      { kind: "code", lines: ["az account show", "az login"] },
      { kind: "prose", lines: ["An error confirms it."] },
      { kind: "prose", lines: ["So does a 401."] },
      { kind: "code", lines: ["unset X"] },
    ]);
  });
});

describe("isCodeLine", () => {
  it("knows the source lines of every fix language", () => {
    const lines = [
      'client = AzureOpenAI(azure_endpoint="<endpoint>")',
      "token_provider()",
      "var client = new AzureOpenAIClient(new Uri(endpoint), new DefaultAzureCredential());",
      "class SubscriptionKeyPolicy(string key) : PipelinePolicy",
      "{",
      "}",
      "cred, err := azidentity.NewDefaultAzureCredential(nil)",
      "_, err = cred.GetToken(ctx, opts)",
      "defer cancel()",
      "OpenAIClient client = new OpenAIClientBuilder().buildClient();",
      'String apiKey = System.getenv("AZURE_OPENAI_API_KEY").trim();',
      "go get github.com/Azure/azure-sdk-for-go/sdk/azidentity/cache",
      "dotnet add package Azure.Identity.Broker",
      "pip install azure-identity-broker",
      "# a comment",
      "// a comment",
    ];
    expect(lines.filter((line) => !isCodeLine(line, false))).toEqual([]);
  });

  it("keeps sentences prose, even one that starts with a command", () => {
    expect(isCodeLine("az ad app credential list --id <client-id> lists the app's secrets.", false)).toBe(
      false,
    );
    expect(isCodeLine("No output confirms it.", false)).toBe(false);
    expect(
      isCodeLine("Compare the tenant in the message with AZURE_TENANT_ID; a difference confirms it", false),
    ).toBe(false);
  });
});

describe("codeFenceLanguage", () => {
  it("fences a language's source as that language and its shell steps as sh", () => {
    expect(codeFenceLanguage(["# pass only the provider", "client = AzureOpenAI()"], "python")).toBe(
      "python",
    );
    expect(codeFenceLanguage(["# Sign in", "az login"], "python")).toBe("sh");
    expect(
      codeFenceLanguage(["// and pin it", "cred, err := azidentity.NewDefaultAzureCredential(nil)"], "go"),
    ).toBe("go");
    expect(codeFenceLanguage(["var credential = new AzureCliCredential();"], "csharp")).toBe("csharp");
    expect(codeFenceLanguage(["TokenCredential c = new AzureCliCredentialBuilder().build();"], "java")).toBe(
      "java",
    );
  });

  it("keeps the JavaScript rule: ts for JavaScript, yaml for YAML, sh otherwise", () => {
    expect(codeFenceLanguage(["const credential = new DefaultAzureCredential();"])).toBe("ts");
    expect(codeFenceLanguage(["- script: node app.js", "  env:"])).toBe("yaml");
    expect(codeFenceLanguage(["unset AZURE_OPENAI_API_KEY"])).toBe("sh");
  });
});

describe("oneLineFix", () => {
  it("is the command when the first step is one command", () => {
    expect(
      oneLineFix("# Sign in for local development\naz login --tenant 72f9\n# and then\nexport A=b"),
    ).toEqual({
      kind: "code",
      text: "az login --tenant 72f9",
    });
    expect(oneLineFix("unset AZURE_OPENAI_API_KEY\n\n// pass only the token provider\nconst c = 1;")).toEqual(
      {
        kind: "code",
        text: "unset AZURE_OPENAI_API_KEY",
      },
    );
  });

  it("is the leading comment, without its colon, when the first step takes several lines", () => {
    expect(
      oneLineFix(
        "# Nothing to fix, or for a service principal set all three:\nexport AZURE_TENANT_ID=t\nexport AZURE_CLIENT_ID=c\nexport AZURE_CLIENT_SECRET=s",
      ),
    ).toEqual({ kind: "prose", text: "Nothing to fix, or for a service principal set all three" });
  });

  it("is the text of a fix written as prose", () => {
    expect(oneLineFix("Retry with backoff. If it persists, open a support ticket.")).toEqual({
      kind: "prose",
      text: "Retry with backoff. If it persists, open a support ticket.",
    });
  });
});
