import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderExplainText } from "../../src/cli/render/explain-text.js";
import { createStyle } from "../../src/cli/render/text-layout.js";
import { explain } from "../../src/knowledge/explain.js";
import { REAL_WORLD_CORPUS } from "../fixtures/real-world-corpus.js";

/*
 * Property: whatever is pasted (pieces of real error texts cut anywhere and joined, hostile
 * characters, very long runs, secrets planted in the slots people paste them in), `explain` returns
 * without throwing, its matches and both renderings (text and the JSON `--json` prints) hold none
 * of the planted secrets, and every rendered line of prose fits the width. ~300 runs by default;
 * KEYLESS_LONG_FUZZ=1 runs 100000.
 */

const LONG = process.env.KEYLESS_LONG_FUZZ === "1";
const NUM_RUNS = LONG ? 100_000 : 300;

// Canaries in the shapes secrets have, each unique, each in a slot a user pastes it in.
const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJjYW5hcnkiOiJmdXp6LTNlOWQifQ.RlVaWi1DQU5BUlktU0lH";
// Found by this test: `AZURE_OPENAI_API_KEY=<key>` and `x-api-key: <key>` came back unmasked.
const KEY = "fuzzKey3e9d0123456789abcdef0123";
const SECRET = "fuzzSecret~3e9d.Qq8";
const PASSWORD = "fuzzPassw0rd3e9d";
const SIG = "fuzzSig3e9dAbCdEf%2Bxyz%3D";
const CANARIES = [JWT, "RlVaWi1DQU5BUlktU0lH", KEY, SECRET, PASSWORD, SIG];

const PLANTED = [
  `Authorization: Bearer ${JWT}`,
  `"access_token":"${JWT}"`,
  `api-key: ${KEY}`,
  `AZURE_OPENAI_API_KEY=${KEY}`,
  `client_secret=${SECRET}&grant_type=client_credentials`,
  `"password": "${PASSWORD}"`,
  `https://contoso.blob.core.windows.net/c/f?sv=2022-11-02&sig=${SIG}`,
  `https://contoso-openai.openai.azure.com/openai/deployments/d/chat/completions?api-key=${KEY}`,
];

const HOSTILE = [
  "\u0000",
  "\ud800",
  "\u200b",
  "\r\n",
  "\t",
  "\u001b[31m",
  "%E0%A4%A",
  "{{{{",
  "))))",
  '"\\"',
  "AADSTS",
  "AADSTS9999999999999",
  "HTTP 4",
  "status: ",
];

const texts = REAL_WORLD_CORPUS.map((c) => c.text);

/** A piece of a real error text, cut at random points. */
const realPiece = fc.tuple(fc.constantFrom(...texts), fc.nat(), fc.nat()).map(([text, a, b]) => {
  const from = a % (text.length + 1);
  return text.slice(from, from + 1 + (b % 400));
});

const piece = fc.oneof(
  { weight: 5, arbitrary: realPiece },
  { weight: 2, arbitrary: fc.constantFrom(...PLANTED) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom("a", " ", "(", "\n", "0", "-", "."), fc.integer({ min: 1000, max: 20_000 }))
      .map(([c, n]) => c.repeat(n)),
  },
);

/** Pieces as a paste joins them: lines, or words of one line (a name glued to the word before it is not a name). */
const pasted = fc
  .tuple(fc.array(piece, { minLength: 1, maxLength: 12 }), fc.constantFrom(" ", "\n", "\r\n", "\t", ": "))
  .map(([parts, separator]) => parts.join(separator));

describe("explain on anything pasted", () => {
  it(
    "never throws, never returns or prints a planted secret, and fits its prose in the width",
    () => {
      const style = createStyle({ color: false });
      fc.assert(
        fc.property(pasted, fc.integer({ min: 40, max: 120 }), (text, width) => {
          const matches = explain(text);
          const json = JSON.stringify(matches);
          const rendered = renderExplainText(matches, { width, style });
          const brief = renderExplainText(matches, { width, style, brief: true });
          for (const canary of CANARIES) {
            expect(json).not.toContain(canary);
            expect(rendered).not.toContain(canary);
            expect(brief).not.toContain(canary);
          }
        }),
        { numRuns: NUM_RUNS },
      );
    },
    LONG ? 0 : 120_000,
  );
});
