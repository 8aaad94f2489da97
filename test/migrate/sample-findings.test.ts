import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../../src/index.js";
import type { MigrateResult } from "../../src/migrate/migrate-types.js";
import { copyFixture, FIXTURES, type FixtureCopy } from "./copy-fixture.js";

// Each sample app's findings, exactly: file, line and kind, in report order. The apps also hold
// noise that must not be reported (already-keyless code, the public OpenAI API, Azure AI Search
// and Maps keys, comments, strings, docs, placeholders, node_modules/ and a virtualenv, storage
// listKeys, accounts with local auth off): an extra finding fails the exact comparison.

const copies: FixtureCopy[] = [];
async function scan(app: string): Promise<MigrateResult> {
  const copy = await copyFixture(app);
  copies.push(copy);
  return migrate({ path: copy.dir });
}
function triples(result: MigrateResult): [string, number, string][] {
  return result.findings.map((f) => [f.file, f.line, f.kind]);
}
afterAll(async () => {
  await Promise.all(copies.map((c) => c.remove()));
});

describe("the Python sample", () => {
  let result: MigrateResult;
  beforeAll(async () => {
    result = await scan("python-app");
  });

  it("finds openai v1, v0, LangChain, azure-ai-inference and requests, and nothing else", () => {
    expect(triples(result)).toEqual([
      ["app.py", 7, "client-api-key"],
      ["broken.py", 6, "client-api-key"],
      ["chains.py", 11, "client-api-key"],
      ["chains.py", 16, "key-credential"],
      ["chains.py", 24, "api-key-header"],
      ["legacy_v0.py", 6, "client-api-key"],
      ["legacy_v0.py", 6, "key-literal"],
      ["sovereign.py", 3, "client-api-key"],
    ]);
  });

  it("marks rewritable only the openai v1 clients in files that parse", () => {
    expect(result.findings.filter((f) => f.rewrite).map((f) => f.file)).toEqual(["app.py", "sovereign.py"]);
    expect(result.findings.map((f) => f.library)).toEqual([
      "openai",
      "openai",
      "langchain",
      "azure-ai-inference",
      "requests",
      "openai-v0",
      "openai-v0",
      "openai",
    ]);
  });

  it("takes the scope from the endpoint the code shows (a US Government endpoint)", () => {
    expect(result.findings.find((f) => f.file === "sovereign.py")?.scope).toBe(
      "https://cognitiveservices.azure.us/.default",
    );
    expect(result.findings.find((f) => f.file === "app.py")?.scope).toBe(
      "https://cognitiveservices.azure.com/.default",
    );
  });

  it("notes the syntax error and skips docs, the virtualenv and node_modules", () => {
    expect(result.notes).toEqual([
      {
        file: "broken.py",
        message: "syntax error at line 3: findings come from what parsed, and the file is not rewritten",
      },
    ]);
    expect(result.scannedFiles).toBe(6);
  });

  it("quotes code, never a literal key", () => {
    expect(result.findings[0]?.message).toBe(
      'AzureOpenAI(...) is given api_key=os.environ["AZURE_OPENAI_API_KEY"]',
    );
    expect(result.findings[5]?.message).toBe(
      'openai<1 is configured for Azure with openai.api_key = "[redacted]"',
    );
    expect(JSON.stringify(result)).not.toContain("0123456789abcdef0123456789abcdef");
  });
});

describe("the JavaScript / TypeScript sample", () => {
  it("finds openai, @azure/openai v1, LangChain, the AI SDK, ai-inference and api-key headers, and nothing else", async () => {
    const result = await scan("js-app");
    expect(triples(result)).toEqual([
      ["chains.ts", 5, "key-literal"],
      ["chains.ts", 8, "client-api-key"],
      ["chains.ts", 14, "client-api-key"],
      ["chains.ts", 20, "api-key-header"],
      ["index.mjs", 7, "client-api-key"],
      ["inference.ts", 4, "key-credential"],
      ["inference.ts", 8, "api-key-header"],
      ["legacy.cjs", 3, "key-credential"],
      ["legacy.cjs", 8, "api-key-header"],
      ["project.ts", 4, "client-api-key"],
    ]);
    expect(result.findings.filter((f) => f.rewrite).map((f) => f.file)).toEqual(["index.mjs", "project.ts"]);
    expect(result.findings.map((f) => f.library)).toEqual([
      "javascript",
      "langchain",
      "ai-sdk",
      "axios",
      "openai",
      "@azure-rest/ai-inference",
      "fetch",
      "@azure/openai",
      "fetch",
      "openai",
    ]);
    // A Foundry project endpoint takes the ai.azure.com audience.
    expect(result.findings.at(-1)?.scope).toBe("https://ai.azure.com/.default");
    expect(result.notes).toEqual([]);
    expect(JSON.stringify(result)).not.toContain(
      "Zq3mB8xN2vL6pR1tY9wK4sD7fH0jG5cA3eU8iO2nM6bV1xZ4qW7rT9yP3kL5sJ8dF2gH6aQ0wE4rT7yUaAbC",
    );
  });
});

describe("the C# sample", () => {
  it("finds AzureOpenAIClient + AzureKeyCredential and Semantic Kernel's apiKey, not Azure AI Search", async () => {
    const result = await scan("csharp-app");
    expect(triples(result)).toEqual([
      ["Literal.cs", 11, "key-credential"],
      ["Literal.cs", 11, "key-literal"],
      ["Program.cs", 11, "key-credential"],
      ["Program.cs", 14, "client-api-key"],
    ]);
    expect(result.findings.map((f) => [f.library, f.rewrite])).toEqual([
      ["Azure.AI.OpenAI", true],
      ["Azure.AI.OpenAI", false],
      ["Azure.AI.OpenAI", true],
      ["semantic-kernel", false],
    ]);
  });
});

describe("the Java sample", () => {
  it("finds AzureKeyCredential on the OpenAI and inference builders (directly and through a variable), not on Search", async () => {
    const result = await scan("java-app");
    expect(triples(result)).toEqual([
      ["src/main/java/com/contoso/App.java", 12, "key-credential"],
      ["src/main/java/com/contoso/App.java", 15, "key-credential"],
      ["src/main/java/com/contoso/App.java", 15, "key-literal"],
    ]);
    expect(result.findings.map((f) => f.library)).toEqual([
      "azure-ai-openai",
      "azure-ai-inference",
      "azure-ai-inference",
    ]);
  });
});

describe("the configuration sample", () => {
  it("finds keys in .env, appsettings, local.settings and compose; not placeholders, Search or Redis keys, comments", async () => {
    const result = await scan("config-app");
    expect(triples(result)).toEqual([
      [".env", 3, "key-env"],
      [".env", 5, "key-env"],
      ["appsettings.json", 5, "key-env"],
      ["docker-compose.yml", 6, "key-env"],
      ["docker-compose.yml", 11, "key-env"],
      ["local.settings.json", 6, "key-env"],
    ]);
    expect(result.findings.map((f) => f.message)).toEqual([
      "AZURE_OPENAI_API_KEY is an Azure OpenAI / Azure AI key: the configuration holds it (redacted)",
      "AZURE_AI_INFERENCE_KEY is an Azure OpenAI / Azure AI key: the configuration holds it (redacted)",
      "AzureOpenAI:ApiKey is an Azure OpenAI / Azure AI key: the configuration holds it (redacted)",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the compose file's own ${VAR} reference
      "services:api:environment:AZURE_OPENAI_API_KEY is an Azure OpenAI / Azure AI key: the configuration takes it from ${AZURE_OPENAI_API_KEY}",
      "AZURE_OPENAI_KEY is an Azure OpenAI / Azure AI key: the configuration holds it (redacted)",
      "Values:AZURE_OPENAI_API_KEY is an Azure OpenAI / Azure AI key: the configuration holds it (redacted)",
    ]);
    expect(result.findings.every((f) => !f.rewrite)).toBe(true);
  });
});

describe("the infrastructure sample", () => {
  it("finds listKeys and local auth left on in Bicep, ARM and Terraform; not storage keys, keyless accounts, comments", async () => {
    const result = await scan("iac-app");
    expect(triples(result)).toEqual([
      ["azuredeploy.json", 10, "local-auth-enabled"],
      ["azuredeploy.json", 23, "iac-list-keys"],
      ["main.bicep", 4, "local-auth-enabled"],
      ["main.bicep", 21, "local-auth-enabled"],
      ["main.bicep", 44, "iac-list-keys"],
      ["main.tf", 8, "local-auth-enabled"],
      ["main.tf", 11, "local-auth-enabled"],
      ["main.tf", 29, "iac-list-keys"],
    ]);
  });
});

describe("already-keyless code", () => {
  it("a tree with only keyless clients has no findings and an empty plan", async () => {
    const copy = await copyFixture("emulator-app");
    copies.push(copy);
    const keyless = await readFile(join(FIXTURES, "js-app", "keyless.js.fixture"), "utf8");
    await writeFile(join(copy.dir, "app.mjs"), keyless);
    const result = await migrate({ path: copy.dir });
    expect(result.findings).toEqual([]);
    expect(result.plan).toEqual({ steps: [], roleAssignments: [] });
  });
});
