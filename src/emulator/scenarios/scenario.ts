import type { WorldInput } from "../world/schema.js";

/**
 * A built-in world with a name, what it reproduces, and the cause code(s) a client meets in it.
 *
 * @example
 * const scenario = getScenario("rbac.propagation-pending");
 * await startEmulator({ world: scenario.world });
 */
export interface Scenario {
  name: string;
  description: string;
  /** The root cause a client (and the doctor) meets here; undefined for `default`. */
  causeCode?: string;
  /** Further causes present in the world, ranked after `causeCode` (two-fault scenarios). */
  secondaryCauseCodes?: string[];
  /** What to do against the emulator to see the failure, when plain use does not show it. */
  reproduce?: string;
  world: WorldInput;
}
