import type { CauseCode } from "../../knowledge/cause.js";
import type { WorldInput } from "../world/schema.js";

/**
 * A built-in world: `default` (everything works) and one per cause code the emulator can produce.
 * Scenarios are registered by name in `scenarios/index.ts`.
 *
 * @example
 * const scenario: Scenario = { description: "everything works", world: { tenants: [{ name: "contoso" }] } };
 */
export interface Scenario {
  /** One sentence: what the world is and what a client sees. */
  description: string;
  world: WorldInput;
  /** The cause code a client of this world runs into (absent for `default`). */
  causeCode?: CauseCode;
  /** Further causes present in the world, ranked after `causeCode` (two-fault scenarios). */
  secondaryCauseCodes?: CauseCode[];
  /** What to do against the emulator to see the failure, when plain use does not show it. */
  reproduce?: string;
  /**
   * The arguments of `keyless doctor` that say what the scenario's app does, when plain
   * `keyless doctor` (the printed env's endpoint, the endpoint's scope, a chat call) is not it:
   * e.g. `["--call", "responses"]`, or
   * `["--endpoint", "$FOUNDRY_PROJECT_ENDPOINT", "--scope", "https://cognitiveservices.azure.com/.default"]`.
   * `$VAR` names a variable of the printed env, which the shell that loaded it expands.
   */
  doctorArgs?: string[];
}
