import { describe, expect, it } from "vitest";
import { DiagnoseOptionsError } from "../../src/diagnose/diagnose-options-error.js";
import { validateDiagnoseOptions } from "../../src/diagnose/validate-diagnose-options.js";

const ENDPOINT = "https://contoso.openai.azure.com";

function problemOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    if (error instanceof DiagnoseOptionsError) return error.problem;
    throw error;
  }
  throw new Error("no DiagnoseOptionsError");
}

describe("validateDiagnoseOptions", () => {
  it("applies the defaults and spells the credential as the chain does", () => {
    const valid = validateDiagnoseOptions({ endpoint: ENDPOINT, credential: "azureclicredential", env: {} });
    expect(valid).toMatchObject({
      endpoint: ENDPOINT,
      apiVersion: "2024-10-21",
      only: "AzureCliCredential",
      timeoutMs: 30_000,
    });
    expect(valid.comparisonKey).toBeUndefined();
  });

  it("picks the key: apiKey, else the variable apiKeyEnv names, else AZURE_OPENAI_API_KEY, else KEYLESS_API_KEY", () => {
    const env = { AZURE_OPENAI_API_KEY: "a", KEYLESS_API_KEY: "k", MINE: "m" };
    expect(validateDiagnoseOptions({ endpoint: ENDPOINT, env, apiKey: "o" }).comparisonKey).toEqual({
      value: "o",
      source: "option",
    });
    expect(validateDiagnoseOptions({ endpoint: ENDPOINT, env, apiKeyEnv: "MINE" }).comparisonKey).toEqual({
      value: "m",
      source: "MINE",
    });
    expect(validateDiagnoseOptions({ endpoint: ENDPOINT, env }).comparisonKey).toEqual({
      value: "a",
      source: "AZURE_OPENAI_API_KEY",
    });
    expect(
      validateDiagnoseOptions({ endpoint: ENDPOINT, env: { KEYLESS_API_KEY: "k" } }).comparisonKey,
    ).toEqual({ value: "k", source: "KEYLESS_API_KEY" });
  });

  it("says which option is wrong, and why, as data", () => {
    expect(problemOf(() => validateDiagnoseOptions({ endpoint: " ", env: {} }))).toEqual({
      option: "endpoint",
      reason: "missing",
    });
    expect(
      problemOf(() => validateDiagnoseOptions({ endpoint: ENDPOINT, credential: "cli", env: {} })),
    ).toEqual({
      option: "credential",
      reason: "unknown",
      value: "cli",
    });
    expect(
      problemOf(() => validateDiagnoseOptions({ endpoint: ENDPOINT, apiKeyEnv: "$KEY", env: {} })),
    ).toEqual({
      option: "apiKeyEnv",
      reason: "not-a-variable-name",
      value: "$KEY",
    });
    expect(
      problemOf(() => validateDiagnoseOptions({ endpoint: ENDPOINT, apiKeyEnv: "KEY", env: { KEY: "" } })),
    ).toEqual({
      option: "apiKeyEnv",
      reason: "empty",
      value: "KEY",
    });
    expect(problemOf(() => validateDiagnoseOptions({ endpoint: ENDPOINT, ca: ["x"], env: {} }))).toEqual({
      option: "ca",
      reason: "not-pem",
      index: 0,
    });
  });

  it("a value of the wrong type (found by test/reliability/doctor-input-fuzz.test.ts: credential 0 threw a TypeError)", () => {
    const wrong = (options: Record<string, unknown>) => () =>
      validateDiagnoseOptions({ endpoint: ENDPOINT, env: {}, ...options } as never);
    expect(problemOf(wrong({ credential: 0 }))).toEqual({
      option: "type",
      reason: "wrong-type",
      name: "credential",
      expected: "string",
    });
    expect(wrong({ apiKey: 42 })).toThrow(new DiagnoseOptionsError("apiKey must be a string, not a number"));
    expect(wrong({ timeoutMs: "10s" })).toThrow(
      new DiagnoseOptionsError("timeoutMs must be a number of milliseconds above 0, not a string"),
    );
    expect(wrong({ timeoutMs: -1 })).toThrow(
      new DiagnoseOptionsError("timeoutMs must be a number of milliseconds above 0, not -1"),
    );
    expect(wrong({ env: null })).toThrow(
      new DiagnoseOptionsError("env must be an object of variables (process.env), not null"),
    );
  });

  it("quotes the bad value in the message", () => {
    expect(() => validateDiagnoseOptions({ endpoint: ENDPOINT, apiKeyEnv: "$KEY", env: {} })).toThrow(
      new DiagnoseOptionsError(
        'apiKeyEnv "$KEY" is not a variable name; name the variable that holds the API key, e.g. AZURE_OPENAI_API_KEY',
      ),
    );
  });

  it("takes the app's scope (trimmed) and call (any case); chat and the endpoint's scope by default", () => {
    expect(validateDiagnoseOptions({ endpoint: ENDPOINT, env: {} })).toMatchObject({ call: "chat" });
    expect(validateDiagnoseOptions({ endpoint: ENDPOINT, env: {} }).scope).toBeUndefined();
    expect(
      validateDiagnoseOptions({
        endpoint: ENDPOINT,
        scope: " https://ml.azure.com/.default ",
        call: "Responses",
        env: {},
      }),
    ).toMatchObject({ scope: "https://ml.azure.com/.default", call: "responses" });
    for (const scope of [
      "https://ai.azure.com/.default",
      "api://373090df-1253-436b-b7bd-153cbf43aa40/.default",
      "373090df-1253-436b-b7bd-153cbf43aa40/.default",
      "https://cognitiveservices.azure.com",
    ]) {
      expect(validateDiagnoseOptions({ endpoint: ENDPOINT, scope, env: {} }).scope).toBe(scope);
    }
    expect(validateDiagnoseOptions({ endpoint: ENDPOINT, call: "embeddings", env: {} }).call).toBe(
      "embeddings",
    );
  });

  it("refuses a scope that is empty or no scope, and a call it does not probe, naming the value", () => {
    expect(problemOf(() => validateDiagnoseOptions({ endpoint: ENDPOINT, scope: " ", env: {} }))).toEqual({
      option: "scope",
      reason: "empty",
      value: " ",
    });
    for (const scope of [
      "cognitiveservices.azure.com",
      "https://a/.default https://b/.default",
      "https://",
    ]) {
      expect(problemOf(() => validateDiagnoseOptions({ endpoint: ENDPOINT, scope, env: {} }))).toEqual({
        option: "scope",
        reason: "not-a-scope",
        value: scope,
      });
    }
    expect(() =>
      validateDiagnoseOptions({ endpoint: ENDPOINT, scope: "cognitiveservices.azure.com", env: {} }),
    ).toThrow(
      'scope "cognitiveservices.azure.com" is not a scope; pass one resource URI with /.default, the one the app requests its tokens for, e.g. https://cognitiveservices.azure.com/.default',
    );
    expect(
      problemOf(() => validateDiagnoseOptions({ endpoint: ENDPOINT, call: "completions", env: {} })),
    ).toEqual({ option: "call", reason: "unknown", value: "completions" });
    expect(() => validateDiagnoseOptions({ endpoint: ENDPOINT, call: "completions", env: {} })).toThrow(
      'call "completions" is not a call the doctor probes; use one of: chat, responses, embeddings',
    );
  });
});
