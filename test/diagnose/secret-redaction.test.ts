import { describe, expect, it } from "vitest";
import { createRedactor, isSecretVariable, maskUrl } from "../../src/diagnose/secret-redaction.js";

describe("secret redaction", () => {
  it("knows which variables hold secrets", () => {
    expect(
      [
        "AZURE_CLIENT_SECRET",
        "AZURE_PASSWORD",
        "AZURE_OPENAI_API_KEY",
        "KEYLESS_CONTROL_TOKEN",
        "IDENTITY_HEADER",
        "SYSTEM_ACCESSTOKEN",
      ].map(isSecretVariable),
    ).toEqual([true, true, true, true, true, true]);
    expect(
      ["AZURE_CLIENT_ID", "AZURE_TOKEN_CREDENTIALS", "AZURE_FEDERATED_TOKEN_FILE"].map(isSecretVariable),
    ).toEqual([false, false, false]);
  });

  it("masks secret values, extra values, JWTs and header values", () => {
    const redact = createRedactor(
      { AZURE_CLIENT_SECRET: "CANARY-secret-8Q~x", AZURE_CLIENT_ID: "visible-client" },
      ["CANARY-key-123"],
    );
    expect(redact("secret CANARY-secret-8Q~x and key CANARY-key-123 for visible-client")).toBe(
      "secret *** and key *** for visible-client",
    );
    expect(redact("token eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJl end")).toBe("token <token> end");
    expect(redact("Authorization: Bearer abcdefghijklmnop")).toBe("Authorization: Bearer ***");
  });

  it("masks user info and key-like query values in URLs", () => {
    expect(maskUrl("http://user:pw@proxy:8080")).toBe("http://***@proxy:8080");
    expect(maskUrl("https://x/openai?api-key=abc&api-version=1")).toBe(
      "https://x/openai?api-key=***&api-version=1",
    );
  });
});
