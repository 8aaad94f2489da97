import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getScenario } from "../../src/emulator/scenarios/index.js";
import { loadWorld, validateWorld } from "../../src/emulator/world/load-world.js";
import { WorldFileError } from "../../src/emulator/world/world-file-error.js";

/*
 * Property: a world file broken anywhere (any field of the default world replaced by any JSON
 * value, hostile text, or a canary secret; random YAML-ish text) either loads or is refused with a
 * WorldFileError (never another error), and no canary placed in a secret field (a password, a
 * client secret's value) appears in the message. ~300 runs by default; KEYLESS_LONG_FUZZ=1 runs
 * 100000.
 */

const LONG = process.env.KEYLESS_LONG_FUZZ === "1";
const NUM_RUNS = LONG ? 100_000 : 300;
const CANARY = "wrldCanary9d3e";

const base = (() => {
  const scenario = getScenario("default");
  if (scenario === undefined) throw new Error("no default scenario");
  return JSON.parse(JSON.stringify(scenario.world)) as Record<string, unknown>;
})();

type Path = (string | number)[];

/** Every path to a value in the document. */
function paths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== "object") return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, inner]) => paths(inner, [...prefix, key]))];
}

const ALL_PATHS = paths(base).filter((p) => p.length > 0);

function replaced(doc: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1);
  if (last !== undefined) node[last] = value;
  return copy;
}

const hostile = fc.constantFrom(
  "",
  "\u0000",
  "\ud800",
  "%E0%A4%A",
  "a\r\nb",
  "x".repeat(10_000),
  -1,
  1e308,
  Number.NaN,
  null,
  [],
  {},
  { value: CANARY },
  CANARY,
);
const replacement = fc.oneof(fc.jsonValue({ maxDepth: 2 }), hostile);

const SECRET_PATH = /(password|secrets,\d+,value)$/;

describe("world files broken anywhere", () => {
  it(
    "load or are refused with a WorldFileError that never shows a secret field's value",
    () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.constantFrom(...ALL_PATHS), replacement), { minLength: 1, maxLength: 4 }),
          (edits) => {
            let doc: unknown = base;
            for (const [path, value] of edits) {
              try {
                doc = replaced(doc, path, value);
              } catch {
                // An earlier edit removed the path's parent: skip this one.
              }
            }
            try {
              validateWorld(doc, "world.yaml");
            } catch (error) {
              expect(error).toBeInstanceOf(WorldFileError);
              // Only when every canary went into a secret field: elsewhere the value is what to fix.
              const holds = (value: unknown) => JSON.stringify(value ?? null).includes(CANARY);
              const inSecret = edits.filter(
                ([path, value]) => SECRET_PATH.test(path.join(",")) && holds(value),
              );
              const elsewhere = edits.filter(
                ([path, value]) => !SECRET_PATH.test(path.join(",")) && holds(value),
              );
              const canaryInSecret = inSecret.length > 0 && elsewhere.length === 0;
              if (canaryInSecret) expect((error as Error).message).not.toContain(CANARY);
            }
          },
        ),
        { numRuns: NUM_RUNS },
      );
    },
    LONG ? 0 : 120_000,
  );

  it(
    "as text: YAML and JSON fragments load or are refused with a WorldFileError",
    () => {
      const fragment = fc.constantFrom(
        "tenants:\n",
        "  - name: contoso\n",
        "users: [",
        '{"tenants": [{"name": ',
        "&a [*a, *a]\n",
        "!!js/function 'x'\n",
        "key: |\n  block\n",
        "\t- tab\n",
        ": :\n",
        "'unterminated\n",
        `password: ${CANARY}\n`,
      );
      fc.assert(
        fc.property(
          fc.array(fc.oneof(fragment, fc.string({ maxLength: 30 })), { maxLength: 10 }),
          (parts) => {
            try {
              loadWorld(parts.join(""), "world.yaml");
            } catch (error) {
              expect(error).toBeInstanceOf(WorldFileError);
            }
          },
        ),
        { numRuns: NUM_RUNS },
      );
    },
    LONG ? 0 : 120_000,
  );
});
