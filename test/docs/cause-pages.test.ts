import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { CauseEntry } from "../../src/knowledge/cause.js";
import { renderCauseIndex, renderCausePage } from "../../src/knowledge/cause-page.js";
import { getCause, listCauseCodes } from "../../src/knowledge/causes.js";

// The pages are generated (node scripts/generate-cause-docs.js after npm run build); these tests fail
// when the catalog changes and the pages were not regenerated.
const docsDir = fileURLToPath(new URL("../../docs/causes/", import.meta.url));
const codes = listCauseCodes();

function entryFor(code: string): CauseEntry {
  const entry = getCause(code);
  if (entry === undefined) throw new Error(`getCause("${code}") is undefined`);
  return entry;
}

describe("docs/causes", () => {
  it.each(codes)("%s.md matches the catalog", (code) => {
    const path = `${docsDir}${code}.md`;
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, "utf8")).toBe(renderCausePage(entryFor(code)));
  });

  it("README.md is the generated index and links every code", () => {
    const index = readFileSync(`${docsDir}README.md`, "utf8");
    expect(index).toBe(renderCauseIndex(codes.map(entryFor)));
    expect(codes.filter((code) => !index.includes(`| [\`${code}\`](${code}.md) |`))).toEqual([]);
  });

  it("holds no page for a code that is no longer listed", () => {
    const listed = new Set([...codes.map((code) => `${code}.md`), "README.md"]);
    expect(readdirSync(docsDir).filter((name) => !listed.has(name))).toEqual([]);
  });
});
