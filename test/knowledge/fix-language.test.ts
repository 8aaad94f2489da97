import { describe, expect, it } from "vitest";
import { detectFixLanguage, FIX_LANGUAGES, parseFixLanguage } from "../../src/knowledge/fix-language.js";
import {
  DOTNET_CHAIN_ERROR,
  ERROR_CORPUS,
  GO_CHAIN_ERROR,
  GO_CHAIN_WITH_STS_ERROR,
  JS_AGGREGATED_CHAIN_ERROR,
  PYTHON_CHAIN_ERROR,
  SEED_GO_AADSTS_BLOCK,
} from "../fixtures/error-corpus.js";

function corpusText(name: string): string {
  const found = ERROR_CORPUS.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no corpus case "${name}"`);
  return found.text;
}

// azure-core's RestProxy message ("Status code " + status + ", " + quoted body) around the verbatim
// AuthenticationTypeDisabled body of error-bodies.md, as a Java app prints it uncaught.
const JAVA_HTTP_RESPONSE_EXCEPTION =
  'Exception in thread "main" com.azure.core.exception.HttpResponseException: Status code 403, "{"error":{"code":"AuthenticationTypeDisabled","message": "Key based authentication is disabled for this resource."}}"';

describe("detectFixLanguage", () => {
  it("reads Python from azure-identity's chain error and openai-python's messages", () => {
    expect(detectFixLanguage(PYTHON_CHAIN_ERROR)).toBe("python");
    expect(
      detectFixLanguage(
        corpusText(
          "https://github.com/Azure-Samples/ai-rag-chat-evaluator/issues/94 (openai-python BadRequestError)",
        ),
      ),
    ).toBe("python");
    expect(
      detectFixLanguage(
        corpusText(
          "https://github.com/Azure-Samples/azure-search-openai-demo/issues/994 (openai-python AuthenticationError, trailing slash)",
        ),
      ),
    ).toBe("python");
    expect(detectFixLanguage('Traceback (most recent call last):\n  File "/app/main.py", line 18')).toBe(
      "python",
    );
  });

  it("reads C# from Azure.Identity, RequestFailedException and its Status/ErrorCode layout", () => {
    expect(detectFixLanguage(DOTNET_CHAIN_ERROR)).toBe("csharp");
    expect(detectFixLanguage("Azure.RequestFailedException: Request is badly formated")).toBe("csharp");
    expect(
      detectFixLanguage(
        corpusText(
          "https://github.com/davrous/AzureAgentToM365/issues/3 (.NET status line and Content on one paste)",
        ),
      ),
    ).toBe("csharp");
  });

  it("reads Go from azidentity's chain error and azcore's RESPONSE block", () => {
    expect(detectFixLanguage(GO_CHAIN_ERROR)).toBe("go");
    expect(detectFixLanguage(GO_CHAIN_WITH_STS_ERROR)).toBe("go");
    expect(detectFixLanguage(SEED_GO_AADSTS_BLOCK)).toBe("go");
  });

  it("reads Java from com.azure", () => {
    expect(detectFixLanguage(JAVA_HTTP_RESPONSE_EXCEPTION)).toBe("java");
  });

  it("falls back to JavaScript, also for @azure/identity's own errors and bare bodies", () => {
    expect(detectFixLanguage(JS_AGGREGATED_CHAIN_ERROR)).toBe("js");
    expect(
      detectFixLanguage(
        '{"statusCode": 401, "message": "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired."}',
      ),
    ).toBe("js");
    expect(detectFixLanguage("POST https://contoso.openai.azure.com/openai/deployments/gpt-4o")).toBe("js");
    expect(detectFixLanguage(42 as unknown as string)).toBe("js");
  });

  it("takes the language named first when several appear", () => {
    expect(detectFixLanguage(`Traceback (most recent call last):\n${DOTNET_CHAIN_ERROR}`)).toBe("python");
    expect(detectFixLanguage(`${DOTNET_CHAIN_ERROR}\nTraceback (most recent call last):`)).toBe("csharp");
  });
});

describe("parseFixLanguage", () => {
  it("reads the names and the usual aliases, case-insensitively", () => {
    for (const language of FIX_LANGUAGES) expect(parseFixLanguage(language)).toBe(language);
    expect(["TypeScript", "ts", "javascript", "node"].map(parseFixLanguage)).toEqual([
      "js",
      "js",
      "js",
      "js",
    ]);
    expect(["py", "C#", "cs", ".NET", "dotnet", "golang"].map(parseFixLanguage)).toEqual([
      "python",
      "csharp",
      "csharp",
      "csharp",
      "csharp",
      "go",
    ]);
  });

  it("returns undefined for anything else", () => {
    expect(parseFixLanguage("rust")).toBeUndefined();
    expect(parseFixLanguage("constructor")).toBeUndefined();
    expect(parseFixLanguage("")).toBeUndefined();
  });
});
