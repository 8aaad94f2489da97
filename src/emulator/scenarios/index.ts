import { CAUSE_SCENARIOS } from "./built-in-scenarios.js";
import { DEFAULT_SCENARIO } from "./default.js";
import { FOUNDRY_SCENARIOS } from "./foundry-scenarios.js";
import type { Scenario } from "./scenario.js";
import { SEED_000_SCENARIO } from "./seed-000.js";

/**
 * Every built-in scenario by name: `default`, the seed case `seed-000`, one world per cause
 * code, and the Foundry worlds (`<cause code>.<variant>`). To add one, export a {@link Scenario} from its own file and list it here.
 *
 * @example
 * BUILT_IN_SCENARIOS["seed-000"]?.causeCode; // "rbac.control-plane-role-only"
 */
export const BUILT_IN_SCENARIOS: Readonly<Record<string, Scenario>> = Object.freeze({
  default: DEFAULT_SCENARIO,
  "seed-000": SEED_000_SCENARIO,
  ...CAUSE_SCENARIOS,
  ...FOUNDRY_SCENARIOS,
});

/**
 * The built-in scenario with that name, or `undefined`.
 *
 * @example
 * getScenario("default")?.world.tenants; // [{ name: "contoso", cloud: "public" }]
 */
export function getScenario(name: string): Scenario | undefined {
  return Object.hasOwn(BUILT_IN_SCENARIOS, name) ? BUILT_IN_SCENARIOS[name] : undefined;
}

/**
 * The names of every built-in scenario, for help texts and error messages.
 *
 * @example
 * listScenarioNames().includes("seed-000"); // true
 */
export function listScenarioNames(): string[] {
  return Object.keys(BUILT_IN_SCENARIOS);
}
