import { describe, expect, it } from "vitest";
import { explain } from "../../src/knowledge/explain.js";
import { redactText } from "../../src/knowledge/redact-text.js";

// Unique canaries: none may come back from explain, in any field, whatever slot they were pasted in.
const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJjYW5hcnkiOiJqd3QtN2Y0YSJ9.Q0FOQVJZLXNpZ25hdHVyZQ";
const KEY = "canaryKey7f4a0123456789abcdef01";
const SECRET = "canarySecret~7f4a.Qz9";
const PASSWORD = "canaryPassw0rd7f4a";

describe("redactText", () => {
  it("masks JWTs, Bearer values and named secrets, and keeps the words around them", () => {
    expect(redactText(`Authorization: Bearer ${JWT}`)).toBe("Authorization: Bearer [redacted]");
    expect(redactText(`api-key: ${KEY} sent`)).toBe("api-key: [redacted] sent");
    expect(redactText(`client_secret=${SECRET}&scope=x`)).toBe("client_secret=[redacted]&scope=x");
    expect(redactText(`{"password": "${PASSWORD}"}`)).toBe('{"password": "[redacted]"}');
    // Environment variables and prefixed headers end in a secret's name.
    expect(redactText(`AZURE_OPENAI_API_KEY=${KEY}`)).toBe("AZURE_OPENAI_API_KEY=[redacted]");
    expect(redactText(`AZURE_CLIENT_SECRET=${SECRET}`)).toBe("AZURE_CLIENT_SECRET=[redacted]");
    expect(redactText(`x-api-key: ${KEY}`)).toBe("x-api-key: [redacted]");
    expect(redactText(`KEYLESS_CONTROL_TOKEN=${KEY}`)).toBe("KEYLESS_CONTROL_TOKEN=[redacted]");
    // Found by test/reliability/explain-fuzz.test.ts: a value that is itself a secret's name.
    expect(redactText(`sig: "password": "${PASSWORD}"`)).toBe('sig: "[redacted]": "[redacted]"');
    expect(redactText("design=abcdefgh monkey: banana12")).toBe("design=abcdefgh monkey: banana12");
    expect(redactText("The principal 1b2c lacks the required data action")).toBe(
      "The principal 1b2c lacks the required data action",
    );
  });
});

describe("explain never returns a secret pasted with the error", () => {
  it.each([
    [
      "a token inside the quoted service message",
      `{"error":{"code":"PermissionDenied","message":"The principal ${JWT} lacks the required data action Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action to perform POST /openai/deployments/{deployment-id}/chat/completions operation."}}`,
    ],
    [
      "a key and a secret in a logged request",
      `POST https://x.openai.azure.com/openai/deployments/d/chat/completions api-key: ${KEY}\nclient_secret=${SECRET}\n{"statusCode": 401, "message": "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired."}`,
    ],
    [
      "a password beside an AADSTS error",
      `password=${PASSWORD} AADSTS50126: Error validating credentials due to invalid username or password.`,
    ],
  ])("%s", (_name, text) => {
    const matches = explain(text);
    expect(matches.length).toBeGreaterThan(0);
    const out = JSON.stringify(matches);
    for (const canary of [JWT, "Q0FOQVJZLXNpZ25hdHVyZQ", KEY, SECRET, PASSWORD])
      expect(out).not.toContain(canary);
  });
});

describe("redactText's quick check before the name scan", () => {
  it("still masks the value after every secret name, in each separator form", () => {
    const names = [
      "api-key",
      "api_key",
      "apikey",
      "Ocp-Apim-Subscription-Key",
      "X-IDENTITY-HEADER",
      "client_secret",
      "client-secret",
      "secret",
      "password",
      "passwd",
      "pwd",
      "access_token",
      "refresh-token",
      "id_token",
      "client_assertion",
      "assertion",
      "sig",
      "signature",
      "AccountKey",
      "SharedAccessKey",
      "key1",
      "key2",
      "AZURE_OPENAI_API_KEY",
      "KEYLESS_CONTROL_TOKEN",
    ];
    for (const name of names) {
      for (const pair of [`${name}=c4nary-v4lue`, `${name}: c4nary-v4lue`, `"${name}": "c4nary-v4lue"`]) {
        expect(redactText(`before ${pair} after`), pair).not.toContain("c4nary-v4lue");
      }
    }
  });

  it("leaves a text with no secret name or no separator as it is", () => {
    const prose = "The principal has no role that grants the data action this call needs.";
    expect(redactText(prose)).toBe(prose);
    expect(redactText("a token without a value")).toBe("a token without a value");
  });
});
