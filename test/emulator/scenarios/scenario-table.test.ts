import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { listScenarioNames } from "../../../src/emulator/scenarios/index.js";
import { scenarioTable } from "../../../src/emulator/scenarios/scenario-table.js";

const DOCS = new URL("../../../docs/", import.meta.url);
const START =
  "<!-- scenario-table:start (generated from the registry by scenarioTable(); a test keeps it in sync) -->\n";
const END = "\n<!-- scenario-table:end -->";

describe("scenarioTable", () => {
  it("renders one row per scenario: name, linked cause codes (secondary ones after 'then'), description", () => {
    const table = scenarioTable({
      default: { description: "Everything works.", world: { tenants: [{ name: "t" }] } },
      "two.faults": {
        description: "A | B\nacross lines.",
        causeCode: "endpoint.regional-no-subdomain",
        secondaryCauseCodes: ["rbac.control-plane-role-only"],
        reproduce: "Send two requests.",
        world: { tenants: [{ name: "t" }] },
      },
    });
    expect(table).toBe(
      [
        "| Scenario | Cause code | What it reproduces |",
        "| --- | --- | --- |",
        "| `default` | none | Everything works. |",
        "| `two.faults` | [`endpoint.regional-no-subdomain`](causes/endpoint.regional-no-subdomain.md), then [`rbac.control-plane-role-only`](causes/rbac.control-plane-role-only.md) | A \\| B across lines. To see it: Send two requests. |",
      ].join("\n"),
    );
  });

  it("lists every built-in scenario, in registry order, by default", () => {
    const names = scenarioTable()
      .split("\n")
      .slice(2)
      .map((row) => /^\| `([^`]+)` \|/.exec(row)?.[1]);
    expect(names).toEqual(listScenarioNames());
  });

  it("links only cause pages that exist in docs/causes", () => {
    const targets = [...scenarioTable().matchAll(/\]\((causes\/[^)]+)\)/g)].map((m) => m[1] ?? "");
    expect(targets.length).toBeGreaterThan(listScenarioNames().length - 1);
    expect(targets.filter((target) => !existsSync(new URL(target, DOCS)))).toEqual([]);
  });

  it("is what docs/emulator.md shows, exactly", () => {
    const doc = readFileSync(new URL("emulator.md", DOCS), "utf8");
    const from = doc.indexOf(START);
    const to = doc.indexOf(END);
    expect(from, "docs/emulator.md has the scenario-table:start marker").toBeGreaterThan(0);
    expect(to, "docs/emulator.md has the scenario-table:end marker").toBeGreaterThan(from);
    // On a mismatch, replace the lines between the markers with scenarioTable()'s output.
    expect(doc.slice(from + START.length, to)).toBe(scenarioTable());
  });
});
