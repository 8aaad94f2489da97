import { createBaseWorld } from "./base-world.js";
import type { Scenario } from "./scenario.js";

function seedWorld() {
  const world = createBaseWorld();
  // Every principal can list keys (a control-plane action) but holds no data action.
  world.roleAssignments = world.roleAssignments.map((assignment) =>
    assignment.role === "Cognitive Services OpenAI User"
      ? { ...assignment, role: "Cognitive Services Contributor" }
      : assignment,
  );
  world.defaults.apiKey = "valid";
  world.description =
    "seed-000: the API key works, but tokens get 401 PermissionDenied (Cognitive Services Contributor has no data actions)";
  return world;
}

/**
 * `seed-000`, the seed case: the app's API key works because its principals hold "Cognitive Services
 * Contributor" (which can list keys), but that role has no data actions, so every Entra ID token gets
 * 401 PermissionDenied on chat completions.
 *
 * @example
 * SEED_000_SCENARIO.causeCode; // "rbac.control-plane-role-only"
 */
export const SEED_000_SCENARIO: Scenario = {
  description:
    "The API key works, but the token gets 401 PermissionDenied: the principals hold Cognitive Services Contributor (can list keys, no data actions) instead of Cognitive Services OpenAI User.",
  causeCode: "rbac.control-plane-role-only",
  world: seedWorld(),
};
