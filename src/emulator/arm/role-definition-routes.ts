import { BUILT_IN_ROLES, findRole } from "../../knowledge/roles.js";
import { allow, deny } from "../app/request-decision.js";
import type { EmulatorResponse } from "../http/emulator-response.js";
import { armError, armJson } from "./arm-errors.js";
import { type ArmRequest, authorize } from "./arm-request.js";
import { roleDefinitionJson } from "./arm-resources.js";
import type { ArmScope } from "./arm-scope.js";

const READ = "Microsoft.Authorization/roleDefinitions/read";

/**
 * 400/404 `RoleDefinitionDoesNotExist`.
 *
 * @example
 * roleDefinitionDoesNotExistMessage("0000"); // "The specified role definition with ID '0000' does not exist."
 */
export function roleDefinitionDoesNotExistMessage(id: string): string {
  return `The specified role definition with ID '${id}' does not exist.`;
}

/**
 * `{scope}/providers/Microsoft.Authorization/roleDefinitions[/{id}]` (`tail` = the segments after
 * `roleDefinitions`): the built-in roles with their real GUIDs and permissions, listed (optionally
 * `$filter=roleName eq '…'`) or fetched by GUID. `scope` undefined means the root scope (`/`),
 * which needs no permission; any other scope needs `Microsoft.Authorization/roleDefinitions/read`.
 *
 * @example
 * return routeRoleDefinitions(arm, scope, []);
 */
export function routeRoleDefinitions(
  arm: ArmRequest,
  scope: ArmScope | undefined,
  tail: readonly string[],
): EmulatorResponse {
  if (arm.request.method !== "GET") {
    arm.decision = deny("not-implemented", `${arm.request.method} on role definitions not implemented`);
    return armError(405, "MethodNotAllowed", "The emulator serves the built-in role definitions read-only.");
  }
  if (scope !== undefined) {
    const denied = authorize(arm, scope.path, READ);
    if (denied !== undefined) return denied;
  } else {
    arm.decision = allow("built-in role definitions at the root scope");
  }
  const subscriptionId = scope?.subscription.id;
  if (tail.length === 0) {
    const filter = arm.request.url.searchParams.get("$filter")?.trim() ?? "";
    const byName = /^roleName\s+eq\s+'([^']*)'$/i.exec(filter);
    const roles =
      byName?.[1] !== undefined
        ? BUILT_IN_ROLES.filter((r) => findRole(byName[1] ?? "") === r)
        : BUILT_IN_ROLES;
    return armJson(200, { value: roles.map((r) => roleDefinitionJson(r, subscriptionId)) });
  }
  const id = tail[0] ?? "";
  const role = tail.length === 1 ? findRole(id) : undefined;
  if (role === undefined || role.id !== id.toLowerCase()) {
    arm.decision = deny("not-found", `role definition ${id} not found`);
    return armError(404, "RoleDefinitionDoesNotExist", roleDefinitionDoesNotExistMessage(id));
  }
  return armJson(200, roleDefinitionJson(role, subscriptionId));
}
