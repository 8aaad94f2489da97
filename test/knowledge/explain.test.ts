import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { explain } from "../../src/knowledge/explain.js";
import type { FixLanguage } from "../../src/knowledge/fix-language.js";
import {
  DOTNET_CHAIN_ERROR,
  ERROR_CORPUS,
  GO_CHAIN_ERROR,
  JS_AGGREGATED_CHAIN_ERROR,
  PYTHON_CHAIN_ERROR,
  SEED_GO_AADSTS_BLOCK,
} from "../fixtures/error-corpus.js";
import { LANGUAGE_ERROR_TEXTS } from "./fixtures/language-error-texts.js";

const PERMISSION_DENIED =
  '{"error":{"code":"PermissionDenied","message":"The principal 1b2c3d4e-0000-4000-8000-000000000001 lacks the required data action Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action to perform POST /openai/deployments/{deployment-id}/chat/completions operation."}}';

function randomText(length: number): string {
  const bytes = randomBytes(length);
  const chunks: string[] = [];
  for (let i = 0; i < length; i += 8192) {
    chunks.push(String.fromCharCode(...bytes.subarray(i, Math.min(length, i + 8192))));
  }
  return chunks.join("");
}

function pairs(text: string): string[] {
  return explain(text).map((m) => `${m.code}|${m.facts.credential ?? ""}`);
}

describe("explain: the error corpus", () => {
  it("holds at least one case per verbatim shared string family and real-world printings", () => {
    expect(ERROR_CORPUS.filter((c) => c.origin === "shared").length).toBeGreaterThanOrEqual(100);
    expect(ERROR_CORPUS.filter((c) => c.origin === "real-world").length).toBeGreaterThanOrEqual(10);
    expect(new Set(ERROR_CORPUS.map((c) => c.name)).size).toBe(ERROR_CORPUS.length);
  });

  for (const c of ERROR_CORPUS) {
    it(c.name, () => {
      const matches = explain(c.text);
      if (c.codes.length === 0) {
        expect(matches).toEqual([]);
        return;
      }
      const codes = matches.map((m) => m.code);
      expect(codes[0]).toBe(c.codes[0]);
      for (const code of c.codes) expect(codes).toContain(code);
      for (const [key, value] of Object.entries(c.facts ?? {})) {
        expect(matches[0]?.facts[key as keyof (typeof matches)[0]["facts"]], key).toEqual(value);
      }
      for (const m of matches) {
        expect(m.confidence).toBeGreaterThan(0);
        expect(m.confidence).toBeLessThanOrEqual(1);
        expect(m.title).not.toBe(m.code);
        expect(m.fix.length).toBeGreaterThan(0);
      }
    });
  }
});

describe("explain: what the matches say", () => {
  it("reads the STS error of seeds/001: code, message without trailer, trace, correlation, timestamp", () => {
    const [top] = explain(SEED_GO_AADSTS_BLOCK);
    expect(top?.code).toBe("aadsts.7000215");
    expect(top?.confidence).toBe(0.95);
    expect(top?.facts).toEqual({
      status: 401,
      aadsts: "7000215",
      aadstsMessage:
        "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '86be4c01-505b-45e9-bfc0-9b825fd84'.",
      oauthError: "invalid_client",
      credential: "ClientSecretCredential",
      clientId: "86be4c01-505b-45e9-bfc0-9b825fd84",
      tenantId: "3c631bb7-a9f7-4343-a5ba-a615913",
      correlationId: "7b12f9bb-2eef-42e3-ad75-eee69ec9088d",
      traceId: "03da4b8e-5ffe-48ca-9754-aff4276f0100",
      timestamp: "2022-03-02 18:25:26Z",
    });
    expect(top?.fix).toContain("86be4c01-505b-45e9-bfc0-9b825fd84");
  });

  it("reads principal, data action and operation out of PermissionDenied and fills the grant command", () => {
    const [top] = explain(PERMISSION_DENIED);
    expect(top?.code).toBe("rbac.missing-data-action");
    expect(top?.confidence).toBe(0.95);
    expect(top?.facts).toEqual({
      serviceCode: "PermissionDenied",
      serviceMessage: JSON.parse(PERMISSION_DENIED).error.message,
      principalId: "1b2c3d4e-0000-4000-8000-000000000001",
      dataAction: "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action",
      operation: "POST /openai/deployments/{deployment-id}/chat/completions",
    });
    expect(top?.fix).toContain(
      'az role assignment create --role "Cognitive Services OpenAI User" --assignee-object-id 1b2c3d4e-0000-4000-8000-000000000001',
    );
    expect(top?.fix).toContain("--scope <scope>");
  });

  it("names Azure AI User in the grant command for a Foundry agents data action", () => {
    const text =
      '{"error":{"code":"PermissionDenied","message":"The principal XXXX lacks the required data action Microsoft.CognitiveServices/accounts/AIServices/agents/read to perform GET /api/projects/{projectName}/assistants/{assistantId} operation."}}';
    const [top] = explain(text);
    expect(top?.code).toBe("rbac.missing-data-action");
    expect(top?.fix).toContain('--role "Azure AI User" --assignee-object-id XXXX');
  });

  it("ranks the flat 401 causes, none confidently, each with what tells it apart", () => {
    const matches = explain(
      '{"statusCode": 401, "message": "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired."}',
    );
    expect(matches.map((m) => m.code)).toEqual([
      "token.wrong-audience",
      "token.expired",
      "key.sent-as-bearer",
      "token.in-api-key-header",
      "client.static-token",
    ]);
    for (const m of matches) {
      expect(m.confidence).toBeLessThan(0.9);
      expect(m.distinguish?.length ?? 0).toBeGreaterThan(20);
      expect(m.facts.audience).toBe("https://cognitiveservices.azure.com");
    }
    expect(matches[0]?.distinguish).toContain("aud");
    expect(matches[1]?.distinguish).toContain("exp");
    expect(matches[2]?.distinguish).toContain("header");
    expect(matches[4]?.distinguish).toContain("token provider");
  });

  it("puts wrong-audience clearly first when the expected audience is sovereign or ai.azure.com", () => {
    for (const aud of [
      "https://cognitiveservices.azure.us",
      "https://cognitiveservices.azure.cn",
      "https://ai.azure.com",
    ]) {
      const matches = explain(
        `{"statusCode": 401, "message": "Unauthorized. Access token is missing, invalid, audience is incorrect (${aud}), or have expired."}`,
      );
      expect(matches[0]?.code).toBe("token.wrong-audience");
      expect(matches[0]?.confidence).toBe(0.8);
      expect(matches[0]?.fix).not.toBe("");
      expect(matches[0]?.facts.audience).toBe(aud);
    }
  });

  it("ranks 401 status code (no body) with the flat-401 causes below it", () => {
    const matches = explain("AuthenticationError: 401 status code (no body)");
    expect(matches[0]?.code).toBe("client.status-without-body");
    expect(matches[0]?.confidence).toBe(0.6);
    const flat = matches.filter((m) => m.code.startsWith("token.") || m.code === "key.sent-as-bearer");
    expect(flat.length).toBe(4);
    for (const m of flat) expect(m.confidence).toBeLessThan(0.6);
  });

  // The one credential that is there and failed (the CLI, signed out) comes first: the others are
  // what a chain meets on every machine where they do not apply.
  it("yields one match per failing credential plus chain-exhausted for the JS aggregated error", () => {
    expect(pairs(JS_AGGREGATED_CHAIN_ERROR)).toEqual([
      "credential.cli-not-logged-in|AzureCliCredential",
      "credential.chain-exhausted|ChainedTokenCredential",
      "credential.mi-unavailable|ManagedIdentityCredential",
      "credential.azd-not-installed|AzureDeveloperCliCredential",
      "credential.env-not-configured|EnvironmentCredential",
    ]);
  });

  it("splits the Python, .NET and Go chain errors per credential", () => {
    expect(pairs(PYTHON_CHAIN_ERROR)).toEqual([
      "credential.cli-not-logged-in|AzureCliCredential",
      "credential.chain-exhausted|DefaultAzureCredential",
      "credential.mi-unavailable|ManagedIdentityCredential",
      "credential.powershell-not-installed|AzurePowerShellCredential",
      "credential.azd-not-installed|AzureDeveloperCliCredential",
      "credential.env-incomplete|EnvironmentCredential",
    ]);
    expect(pairs(DOTNET_CHAIN_ERROR)).toEqual([
      "credential.chain-exhausted|DefaultAzureCredential",
      "credential.workload-incomplete|WorkloadIdentityCredential",
      "credential.mi-timeout|ManagedIdentityCredential",
      "credential.cli-not-installed|AzureCliCredential",
      "credential.powershell-module-missing|AzurePowerShellCredential",
      "credential.azd-not-installed|AzureDeveloperCliCredential",
      "credential.env-incomplete|EnvironmentCredential",
    ]);
    expect(pairs(GO_CHAIN_ERROR)).toEqual([
      "credential.chain-exhausted|DefaultAzureCredential",
      "credential.workload-incomplete|WorkloadIdentityCredential",
      "credential.mi-timeout|ManagedIdentityCredential",
      "credential.cli-not-installed|AzureCLICredential",
      "credential.azd-not-installed|AzureDeveloperCLICredential",
      "credential.env-incomplete|EnvironmentCredential",
    ]);
  });

  it("keeps confident matches (>= 0.9) for texts that name their cause only", () => {
    for (const c of ERROR_CORPUS) {
      for (const m of explain(c.text)) {
        if (m.confidence >= 0.9) expect(c.codes, `${c.name}: ${m.code}`).toContain(m.code);
      }
    }
  });

  it("sorts by confidence, best first", () => {
    for (const c of ERROR_CORPUS) {
      const confidences = explain(c.text).map((m) => m.confidence);
      expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
    }
  });
});

describe("explain: input handling", () => {
  it("returns nothing for garbage", () => {
    expect(explain("")).toEqual([]);
    expect(explain("   \n\t")).toEqual([]);
    expect(explain("hello")).toEqual([]);
    expect(explain(randomText(4096))).toEqual([]);
    expect(explain(undefined)).toEqual([]);
    expect(explain(null)).toEqual([]);
    expect(explain(42)).toEqual([]);
    expect(explain(Buffer.from(PERMISSION_DENIED))).toEqual([]);
    expect(explain({ error: { code: "PermissionDenied" } })).toEqual([]);
  });

  it("returns nothing for a 10 MB random string", () => {
    expect(explain(randomText(10 * 1024 * 1024))).toEqual([]);
  });

  it("still explains a PermissionDenied body at the very end of a 10 MB random paste", () => {
    const matches = explain(`${randomText(10 * 1024 * 1024)}\n${PERMISSION_DENIED}`);
    expect(matches[0]?.code).toBe("rbac.missing-data-action");
    expect(matches[0]?.facts.principalId).toBe("1b2c3d4e-0000-4000-8000-000000000001");
  });

  it("still explains an error at the end of a long log with many other lines", () => {
    const noise = "2025-06-01T10:00:00Z INFO request failed with status 500, retrying\n".repeat(60_000);
    const matches = explain(`${noise}${JS_AGGREGATED_CHAIN_ERROR}`);
    expect(matches[0]?.code).toBe("credential.cli-not-logged-in");
    expect(matches.map((m) => m.code)).toContain("credential.chain-exhausted");
  });

  it("scans inputs above maxBytes instead of dropping them", () => {
    const text = `${"x".repeat(200_000)}\n${PERMISSION_DENIED}`;
    expect(explain(text, { maxBytes: 1024 })[0]?.code).toBe("rbac.missing-data-action");
    expect(explain(text, { maxBytes: -1 })[0]?.code).toBe("rbac.missing-data-action");
  });
});

describe("explain: fixes in the user's language", () => {
  const fixOf = (text: string, code: string, options = {}) => {
    const match = explain(text, options).find((m) => m.code === code);
    return { language: match?.language, fix: match?.fix };
  };

  it("a Python traceback gets a JavaScript fix: now it gets the Python one", () => {
    const { text, fixCode, topCode } = LANGUAGE_ERROR_TEXTS.python;
    expect(explain(text)[0]?.code).toBe(topCode);
    expect(fixOf(text, fixCode)).toEqual({
      language: "python",
      fix: [
        "# Ask for the endpoint's audience (https://cognitiveservices.azure.com/.default on public Azure), not ARM or Graph",
        'token_provider = get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")',
      ].join("\n"),
    });
  });

  it("gives a .NET Azure.RequestFailedException the C# fix", () => {
    const { text, fixCode, topCode } = LANGUAGE_ERROR_TEXTS.csharp;
    expect(explain(text)[0]?.code).toBe(topCode);
    expect(fixOf(text, fixCode)).toEqual({
      language: "csharp",
      fix: [
        "// Pass the credential: the client asks for https://cognitiveservices.azure.com/.default itself (sovereign clouds: set AzureOpenAIClientOptions.Audience)",
        'var client = new AzureOpenAIClient(new Uri("<endpoint>"), new DefaultAzureCredential());',
      ].join("\n"),
    });
  });

  it("gives an azidentity (Go) chain error the Go fix", () => {
    const { text, fixCode, topCode } = LANGUAGE_ERROR_TEXTS.go;
    expect(explain(text)[0]?.code).toBe(topCode);
    expect(fixOf(text, fixCode)).toEqual({
      language: "go",
      fix: [
        "// Production: use managed identity directly, without the DefaultAzureCredential probe",
        'cred, err := azidentity.NewManagedIdentityCredential(&azidentity.ManagedIdentityCredentialOptions{ID: azidentity.ClientID("<client-id>")})',
      ].join("\n"),
    });
  });

  it("gives a Java com.azure.core.exception.HttpResponseException the Java fix", () => {
    const { text, fixCode, topCode } = LANGUAGE_ERROR_TEXTS.java;
    expect(explain(text)[0]?.code).toBe(topCode);
    expect(fixOf(text, fixCode)).toEqual({
      language: "java",
      fix: [
        "unset AZURE_OPENAI_API_KEY",
        "",
        "// pass the token credential, not an AzureKeyCredential",
        'OpenAIClient client = new OpenAIClientBuilder().credential(new DefaultAzureCredentialBuilder().build()).endpoint("<endpoint>").buildClient();',
      ].join("\n"),
    });
  });

  it("gives an openai-node error the JavaScript fix", () => {
    const { text, fixCode, topCode } = LANGUAGE_ERROR_TEXTS.js;
    expect(explain(text)[0]?.code).toBe(topCode);
    expect(fixOf(text, fixCode)).toEqual({
      language: "js",
      fix: [
        "// Ask for the endpoint's audience (https://cognitiveservices.azure.com/.default on public Azure), not ARM or Graph",
        'const azureADTokenProvider = getBearerTokenProvider(new DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default");',
      ].join("\n"),
    });
  });

  it("writes the fix in options.language whatever the text says, and ignores a language it does not know", () => {
    const { text } = LANGUAGE_ERROR_TEXTS.python;
    expect(fixOf(text, "token.expired", { language: "go" })).toEqual({
      language: "go",
      fix: [
        "// Pass the credential, which refreshes before exp, never a token string",
        "cred, err := azidentity.NewDefaultAzureCredential(nil)",
        'client := openai.NewClient(azure.WithEndpoint("<endpoint>", "<api-version>"), azure.WithTokenCredential(cred))',
      ].join("\n"),
    });
    expect(explain(text, { language: "rust" as FixLanguage })[0]?.language).toBe("python");
  });

  it("fills the scope from the audience the 401 names, in every language", () => {
    const text = LANGUAGE_ERROR_TEXTS.python.text.replace(
      "(https://cognitiveservices.azure.com)",
      "(https://cognitiveservices.azure.us)",
    );
    expect(fixOf(text, "token.wrong-audience").fix).toContain(
      'get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.us/.default")',
    );
  });

  it("keeps a command fix the same in every language", () => {
    const [python] = explain(`Traceback (most recent call last):\n${PERMISSION_DENIED}`);
    const [js] = explain(PERMISSION_DENIED);
    expect(python?.language).toBe("python");
    expect(python?.fix).toBe(js?.fix);
  });
});
