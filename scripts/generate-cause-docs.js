// Writes docs/causes/<code>.md for every cause code and docs/causes/README.md, from the built catalog.
// Run after `npm run build`: node scripts/generate-cause-docs.js
// test/docs/cause-pages.test.ts fails when the pages and the catalog drift apart; rerun this then.
import { mkdir, readdir, readFile, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderCauseIndex, renderCausePage } from "../dist/knowledge/cause-page.js";
import { getCause, listCauseCodes } from "../dist/knowledge/causes.js";

const docsDir = join(dirname(fileURLToPath(import.meta.url)), "..", "docs", "causes");

const codes = listCauseCodes();
const entries = codes.map((code) => {
  const entry = getCause(code);
  if (entry === undefined)
    throw new Error(`listCauseCodes() returned "${code}", which getCause() does not know`);
  return entry;
});

await mkdir(docsDir, { recursive: true });

const pages = new Map(entries.map((entry) => [`${entry.code}.md`, renderCausePage(entry)]));
pages.set("README.md", renderCauseIndex(entries));

let written = 0;
for (const [name, content] of pages) {
  const path = join(docsDir, name);
  const current = await readFile(path, "utf8").catch(() => undefined);
  if (current === content) continue;
  await writeFile(path, content);
  written += 1;
}

let deleted = 0;
for (const name of await readdir(docsDir)) {
  if (name.endsWith(".md") && !pages.has(name)) {
    await unlink(join(docsDir, name));
    deleted += 1;
  }
}

console.log(
  `docs/causes: ${pages.size - 1} cause pages + README.md (${written} written, ${pages.size - written} unchanged, ${deleted} stale deleted)`,
);
