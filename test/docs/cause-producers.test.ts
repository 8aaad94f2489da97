import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BUILT_IN_SCENARIOS } from "../../src/emulator/scenarios/index.js";
import { listCauseCodes } from "../../src/knowledge/causes.js";

// "Adding a cause code" (docs/architecture.md) asks for something that produces each code and, when
// the emulator can produce it, a scenario. These read the sources for the code's literal: a code no
// matcher, analyzer or endpoint check names can never reach a user.
const src = fileURLToPath(new URL("../../src/", import.meta.url));

function sources(dir: string, skip: readonly string[] = []): string {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return skip.includes(name) ? [] : [sources(path, skip)];
      return path.endsWith(".ts") ? [readFileSync(path, "utf8")] : [];
    })
    .join("\n");
}

const catalog = listCauseCodes().filter((code) => !code.startsWith("aadsts."));

/**
 * Codes for a client's own mistake in what it sends (a key as a bearer token, a token as a key, an
 * api-version the service does not know): the
 * emulator refuses them as Azure does, but no world makes a client send them, so no scenario can
 * reproduce them; `test/emulator/data-plane/refusals.test.ts` covers each refusal.
 */
const CLIENT_SIDE: ReadonlySet<string> = new Set([
  "key.sent-as-bearer",
  "token.in-api-key-header",
  "resource.api-version",
]);

describe("every catalog code", () => {
  it("is named by a matcher (explain), an analyzer or probe (doctor), or the endpoint check", () => {
    const producers = [
      sources(join(src, "knowledge/matchers")),
      sources(join(src, "diagnose")),
      readFileSync(join(src, "knowledge/endpoint-form.ts"), "utf8"),
    ].join("\n");
    expect(catalog.filter((code) => !producers.includes(`"${code}"`))).toEqual([]);
  });

  it("that the emulator can decide has a built-in scenario", () => {
    const emulator = sources(join(src, "emulator"), ["scenarios"]);
    const scenarioCodes = new Set(Object.values(BUILT_IN_SCENARIOS).map((s) => s.causeCode));
    const decided = catalog.filter((code) => emulator.includes(`"${code}"`) && !CLIENT_SIDE.has(code));
    expect(decided.length).toBeGreaterThan(10);
    expect(decided.filter((code) => !scenarioCodes.has(code))).toEqual([]);
  });
});
