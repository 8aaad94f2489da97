import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REAL_WORLD_CORPUS } from "../fixtures/real-world-corpus.js";

/*
 * Every regular expression literal in src/knowledge/ (what reads pasted text) is pumped with long
 * adversarial input: 50,000-character runs of the characters that make backtracking patterns
 * blow up (spaces, letters, digits, newlines, quotes, brackets), runs of the pattern's own literal
 * characters, and real error texts repeated to the same length. A super-linear pattern takes
 * seconds to minutes on such input; each is bounded here at 1 s per input, a bound against a hang,
 * not a speed claim (the slowest is printed for the record). KEYLESS_LONG_FUZZ=1 pumps 500,000.
 */

const LENGTH = process.env.KEYLESS_LONG_FUZZ === "1" ? 500_000 : 50_000;
const BOUND_MS = process.env.KEYLESS_LONG_FUZZ === "1" ? 10_000 : 1_000;
const ROOT = join(import.meta.dirname, "..", "..", "src", "knowledge");

interface Pattern {
  where: string;
  regex: RegExp;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

function patterns(): Pattern[] {
  const found: Pattern[] = [];
  for (const file of sourceFiles(ROOT)) {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(source);
        const end = text.lastIndexOf("/");
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        // Without g/y, so test() always starts at 0.
        found.push({
          where: `${relative(ROOT, file)}:${line}`,
          regex: new RegExp(text.slice(1, end), text.slice(end + 1).replace(/[gy]/g, "")),
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

const repeatTo = (unit: string) =>
  unit === "" ? "" : unit.repeat(Math.ceil(LENGTH / unit.length)).slice(0, LENGTH);

const GENERIC = [
  " ",
  "a",
  "0",
  "\n",
  "\t",
  "-",
  ".",
  "{",
  '"',
  "'",
  "(",
  "[",
  "\\",
  "/",
  ":",
  "=",
  "a ",
  "a\n",
  "AADSTS",
  "eyJ",
].map(repeatTo);
const REAL = REAL_WORLD_CORPUS.slice(0, 5).map((c) => repeatTo(`${c.text}\n`));

/** The pattern's own literal characters, the run most likely to make it backtrack. */
function ownRun(regex: RegExp): string {
  const literal = regex.source.replace(
    /\\[dDwWsSbBnrtfv]|\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}|[\^$*+?()[\]{}|.\\]/g,
    "",
  );
  return repeatTo(literal.slice(0, 40));
}

describe("no regular expression in src/knowledge/ is super-linear on long adversarial input", () => {
  const all = patterns();

  it("finds the patterns (at least 200 literals)", () => {
    expect(all.length).toBeGreaterThan(200);
  });

  it(`each pattern answers every ${LENGTH.toLocaleString("en")}-character input within ${BOUND_MS} ms`, () => {
    const slow: string[] = [];
    let slowest = { where: "", ms: 0 };
    for (const { where, regex } of all) {
      for (const input of [...GENERIC, ...REAL, ownRun(regex)]) {
        const started = performance.now();
        regex.test(input);
        const ms = performance.now() - started;
        if (ms > slowest.ms) slowest = { where, ms };
        if (ms > BOUND_MS) slow.push(`${where} /${regex.source.slice(0, 80)}/: ${Math.round(ms)} ms`);
      }
    }
    process.stdout.write(
      `regex bounds: ${all.length} patterns, slowest ${slowest.where} at ${slowest.ms.toFixed(1)} ms\n`,
    );
    expect(slow).toEqual([]);
  }, 600_000);
});
