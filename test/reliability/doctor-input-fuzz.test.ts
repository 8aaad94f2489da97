import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DiagnoseOptionsError } from "../../src/diagnose/diagnose-options-error.js";
import { validateDiagnoseOptions } from "../../src/diagnose/validate-diagnose-options.js";
import { classifyEndpoint, redactEndpoint, scopeForEndpoint } from "../../src/knowledge/endpoint-form.js";

/*
 * Property: whatever the doctor is given (endpoints as users paste them: quotes, paths, queries
 * holding keys and SAS signatures, userinfo, broken escapes, IPv6, very long runs; scopes, calls,
 * credential names, timeouts of any type), validation either accepts it or throws a
 * DiagnoseOptionsError (never anything else), classifying and redacting the endpoint never throws,
 * and no secret planted in the endpoint survives redaction, in the classification's messages
 * either. ~300 runs by default; KEYLESS_LONG_FUZZ=1 runs 100000.
 */

const LONG = process.env.KEYLESS_LONG_FUZZ === "1";
const NUM_RUNS = LONG ? 100_000 : 300;

const KEY = "fuzzEndpointKey7c2b0123456789abcd";
const SIG = "fuzzSig7c2bAbCdEf%2Bxyz";
const PASSWORD = "fuzzPw7c2bSecret";

const hosts = fc.constantFrom(
  "contoso.openai.azure.com",
  "contoso.openai.azure.us",
  "contoso.cognitiveservices.azure.cn",
  "x.services.ai.azure.com",
  "eastus.api.cognitive.microsoft.com",
  "api.openai.com",
  "127.0.0.1:8443",
  "[::1]:443",
  "localhost",
  "",
  "a".repeat(300),
);
const paths = fc.constantFrom(
  "",
  "/",
  "/openai",
  "/openai/v1",
  "/openai/deployments/gpt-4o/chat/completions",
  "/api/projects/proj",
  "/models",
  "/%E0%A4%A",
  "//..//",
  "/\u200b",
);
const queries = fc.constantFrom(
  "",
  "?api-version=2024-10-21",
  `?api-key=${KEY}`,
  `?sv=2022-11-02&sig=${SIG}`,
  `?code=${KEY}`,
  `?token=${KEY}&x=1`,
  "?%%%",
);
const schemes = fc.constantFrom("https://", "http://", "", "HTTPS://", "ftp://", '"https://', "https:/");
const userinfo = fc.constantFrom("", `user:${PASSWORD}@`, `${KEY}@`);

const endpoint = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(schemes, userinfo, hosts, paths, queries).map((parts) => parts.join("")) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(" ", "\n", "?", "%")
      .chain((c) => fc.integer({ min: 1, max: 20_000 }).map((n) => c.repeat(n))),
  },
);

const anything = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(undefined, null, true, {}, [], Number.NaN, -1, 0, 10 ** 12),
);

describe("the doctor's inputs", () => {
  it(
    "validation accepts or throws DiagnoseOptionsError; classification and redaction never throw or leak",
    () => {
      fc.assert(
        fc.property(
          endpoint,
          anything,
          anything,
          anything,
          anything,
          (input, scope, call, credential, timeoutMs) => {
            const shown = redactEndpoint(input);
            const c = classifyEndpoint(input);
            scopeForEndpoint(input);
            const said = JSON.stringify({ shown, problems: c.problems, recommended: c.recommendedEndpoint });
            for (const secret of [KEY, SIG, PASSWORD]) expect(said).not.toContain(secret);
            try {
              validateDiagnoseOptions({
                endpoint: input,
                env: {},
                scope,
                call,
                credential,
                timeoutMs,
              } as unknown as Parameters<typeof validateDiagnoseOptions>[0]);
            } catch (error) {
              expect(error).toBeInstanceOf(DiagnoseOptionsError);
              for (const secret of [KEY, SIG, PASSWORD])
                expect((error as Error).message).not.toContain(secret);
            }
          },
        ),
        { numRuns: NUM_RUNS },
      );
    },
    LONG ? 0 : 120_000,
  );
});
