import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BUILT_IN_SCENARIOS, listScenarioNames } from "../../../src/emulator/scenarios/index.js";
import { doctorCommand, scenarioTable } from "../../../src/emulator/scenarios/scenario-table.js";

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

  it("ends a scenario's row with the keyless doctor arguments its app needs, when it has some", () => {
    const table = scenarioTable({
      "a.responses": {
        description: "Responses.",
        causeCode: "rbac.missing-data-action",
        doctorArgs: ["--endpoint", "$FOUNDRY_PROJECT_ENDPOINT", "--call", "responses"],
        world: { tenants: [{ name: "t" }] },
      },
    });
    expect(table.split("\n")[2]).toBe(
      "| `a.responses` | [`rbac.missing-data-action`](causes/rbac.missing-data-action.md) | Responses. Diagnose it: `keyless doctor --endpoint $FOUNDRY_PROJECT_ENDPOINT --call responses`. |",
    );
    expect(doctorCommand({})).toBe("keyless doctor");
  });

  it("gives doctorArgs to the Foundry scenarios plain keyless doctor does not describe, each a valid doctor command line", () => {
    const withArgs = Object.entries(BUILT_IN_SCENARIOS)
      .filter(([, scenario]) => scenario.doctorArgs !== undefined)
      .map(([name, scenario]) => [name, doctorCommand(scenario)]);
    expect(withArgs).toEqual([
      ["rbac.missing-data-action.responses", "keyless doctor --call responses"],
      [
        "token.wrong-audience.ml-scope",
        "keyless doctor --endpoint $AZURE_INFERENCE_ENDPOINT --scope https://ml.azure.com/.default",
      ],
      [
        "token.wrong-audience.project-cognitive-scope",
        "keyless doctor --endpoint $FOUNDRY_PROJECT_ENDPOINT --scope https://cognitiveservices.azure.com/.default",
      ],
      ["rbac.wrong-scope.other-project", "keyless doctor --endpoint $FOUNDRY_PROJECT_ENDPOINT"],
    ]);
    // Every $VAR names a variable the scenario's world prints.
    for (const [, scenario] of Object.entries(BUILT_IN_SCENARIOS)) {
      for (const arg of scenario.doctorArgs ?? []) {
        const variable = /^\$([A-Z_]+)$/.exec(arg)?.[1];
        if (variable !== undefined && variable !== "AZURE_OPENAI_ENDPOINT") {
          expect(Object.keys(scenario.world.defaults?.env ?? {})).toContain(variable);
        }
      }
    }
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
