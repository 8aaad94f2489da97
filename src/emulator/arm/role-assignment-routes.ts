import { findRole } from "../../knowledge/roles.js";
import { allow, deny } from "../app/request-decision.js";
import { principalIdentityIds, scopeCovers } from "../auth/evaluate-access.js";
import { EmulatorResponse } from "../http/emulator-response.js";
import type { RoleAssignment, World } from "../world/model.js";
import { armError, armJson } from "./arm-errors.js";
import { type ArmRequest, authorize, same } from "./arm-request.js";
import { roleAssignmentJson } from "./arm-resources.js";
import type { ArmScope } from "./arm-scope.js";
import { parseRoleAssignmentFilter } from "./role-assignment-filter.js";
import { roleDefinitionDoesNotExistMessage } from "./role-definition-routes.js";

const READ = "Microsoft.Authorization/roleAssignments/read";
const WRITE = "Microsoft.Authorization/roleAssignments/write";
const DELETE = "Microsoft.Authorization/roleAssignments/delete";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type PrincipalType = RoleAssignment["principalType"];

function findDirectoryObject(world: World, objectId: string, tenantId: string): PrincipalType | undefined {
  const id = objectId.toLowerCase();
  const inTenant = (t: string, guestOf: readonly string[] = []) =>
    same(t, tenantId) || guestOf.some((g) => same(g, tenantId));
  const user = world.users.find((u) => u.objectId === id && inTenant(u.tenantId, u.guestOfTenantIds));
  if (user !== undefined) return "User";
  const app = world.applications.find((a) => a.objectId === id && inTenant(a.tenantId, a.alsoInTenantIds));
  if (app !== undefined) return "ServicePrincipal";
  const identities = [...world.managedIdentities, ...world.hosts.flatMap((h) => h.identities)];
  if (identities.some((m) => m.objectId === id && inTenant(m.tenantId))) return "ServicePrincipal";
  if (world.groups.some((g) => g.objectId === id && inTenant(g.tenantId))) return "Group";
  return undefined;
}

function listRoleAssignments(arm: ArmRequest, scope: ArmScope): EmulatorResponse {
  const denied = authorize(arm, scope.path, READ);
  if (denied !== undefined) return denied;
  const filter = parseRoleAssignmentFilter(arm.request.url.searchParams.get("$filter"));
  if (filter === undefined) {
    arm.decision = deny("invalid-request", "unsupported $filter");
    return armError(
      400,
      "UnsupportedQuery",
      "The $filter is not supported. Use atScope(), assignedTo('{objectId}') or principalId eq '{objectId}'.",
    );
  }
  const { world } = arm.context;
  const assignedTo =
    filter.assignedTo === undefined
      ? undefined
      : new Set(principalIdentityIds(world, filter.assignedTo, scope.subscription.tenantId));
  const value = world.roleAssignments.filter((a) => {
    const above = scopeCovers(a.scope, scope.path);
    const below = scopeCovers(scope.path, a.scope);
    if (filter.atScope ? !above : !(above || below)) return false;
    if (assignedTo !== undefined && !assignedTo.has(a.principalId.toLowerCase())) return false;
    if (filter.principalId !== undefined && !same(a.principalId, filter.principalId)) return false;
    return true;
  });
  return armJson(200, { value: value.map(roleAssignmentJson) });
}

function findAssignment(world: World, scope: ArmScope, name: string): RoleAssignment | undefined {
  return world.roleAssignments.find((a) => same(a.id, name) && same(a.scope, scope.path));
}

function notFound(arm: ArmRequest, name: string): EmulatorResponse {
  arm.decision = deny("not-found", `role assignment ${name} not found`);
  return armError(404, "RoleAssignmentNotFound", `The role assignment '${name}' is not found.`);
}

interface CreateBody {
  roleDefinitionId?: unknown;
  principalId?: unknown;
  principalType?: unknown;
}

function readCreateBody(text: string): CreateBody | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const properties = (parsed as { properties?: unknown }).properties;
    return typeof properties === "object" && properties !== null ? (properties as CreateBody) : undefined;
  } catch {
    return undefined;
  }
}

function createRoleAssignment(arm: ArmRequest, scope: ArmScope, name: string): EmulatorResponse {
  const denied = authorize(arm, scope.path, WRITE);
  if (denied !== undefined) return denied;
  if (!GUID.test(name)) {
    arm.decision = deny("invalid-request", `role assignment name ${name} is not a GUID`);
    return armError(
      400,
      "InvalidRoleAssignmentId",
      `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`,
    );
  }
  const body = readCreateBody(arm.request.body);
  if (
    body === undefined ||
    typeof body.roleDefinitionId !== "string" ||
    typeof body.principalId !== "string"
  ) {
    arm.decision = deny("invalid-request", "invalid role assignment body");
    return armError(
      400,
      "InvalidRequestContent",
      "The request content was invalid and could not be deserialized: 'properties.roleDefinitionId' and 'properties.principalId' are required.",
    );
  }
  const role = findRole(body.roleDefinitionId);
  if (role === undefined) {
    const id = body.roleDefinitionId.split("/").pop() ?? body.roleDefinitionId;
    arm.decision = deny("not-found", `role definition ${id} does not exist`);
    return armError(400, "RoleDefinitionDoesNotExist", roleDefinitionDoesNotExistMessage(id));
  }
  const { world } = arm.context;
  const tenantId = scope.subscription.tenantId;
  const principalId = body.principalId.toLowerCase();
  const kind = findDirectoryObject(world, principalId, tenantId);
  if (kind === undefined) {
    arm.decision = deny("not-found", `principal ${principalId} not in tenant ${tenantId}`);
    return armError(
      400,
      "PrincipalNotFound",
      `Principal ${principalId} does not exist in the directory ${tenantId}.`,
    );
  }
  const principalType =
    body.principalType === "User" ||
    body.principalType === "ServicePrincipal" ||
    body.principalType === "Group"
      ? body.principalType
      : kind;

  const existing = findAssignment(world, scope, name);
  const sameGrant = (a: RoleAssignment) =>
    same(a.principalId, principalId) && same(a.roleDefinitionId, role.id) && same(a.scope, scope.path);
  if (existing !== undefined) {
    if (sameGrant(existing)) {
      arm.decision = allow(`role assignment ${name} unchanged`);
      return armJson(200, roleAssignmentJson(existing));
    }
    arm.decision = deny("conflict", `role assignment ${name} exists with other properties`);
    return armError(
      400,
      "RoleAssignmentUpdateNotPermitted",
      "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.",
    );
  }
  if (world.roleAssignments.some(sameGrant)) {
    arm.decision = deny("conflict", "the same role assignment already exists");
    return armError(409, "RoleAssignmentExists", "The role assignment already exists.");
  }
  const assignment: RoleAssignment = {
    id: name.toLowerCase(),
    principalId,
    principalType,
    roleDefinitionId: role.id,
    roleName: role.name,
    scope: scope.path,
    createdAt: arm.context.clock.now(),
  };
  world.roleAssignments.push(assignment);
  arm.decision = allow(
    `${arm.decision?.detail ?? ""}; created ${role.name} for ${principalId} at ${scope.path}`,
  );
  return armJson(201, roleAssignmentJson(assignment));
}

function deleteRoleAssignment(arm: ArmRequest, scope: ArmScope, name: string): EmulatorResponse {
  const denied = authorize(arm, scope.path, DELETE);
  if (denied !== undefined) return denied;
  const { world } = arm.context;
  const existing = findAssignment(world, scope, name);
  if (existing === undefined) {
    arm.decision = allow(`${arm.decision?.detail ?? ""}; role assignment ${name} did not exist`);
    return new EmulatorResponse(204);
  }
  world.roleAssignments.splice(world.roleAssignments.indexOf(existing), 1);
  arm.decision = allow(
    `${arm.decision?.detail ?? ""}; deleted ${existing.roleName} for ${existing.principalId} at ${existing.scope}`,
  );
  return armJson(200, roleAssignmentJson(existing));
}

/**
 * `{scope}/providers/Microsoft.Authorization/roleAssignments[/{name}]` (`tail` = the segments
 * after `roleAssignments`): list (with `atScope()`, `assignedTo('{oid}')`, `principalId eq '{oid}'`),
 * get, create (PUT, needs `Microsoft.Authorization/roleAssignments/write`; the new assignment is
 * `createdOn` the emulator's clock and then subject to the world's propagation delay on the data
 * plane) and delete. Each checks the caller's own permission at the scope first.
 *
 * @example
 * return routeRoleAssignments(arm, scope, [name]);
 */
export function routeRoleAssignments(
  arm: ArmRequest,
  scope: ArmScope,
  tail: readonly string[],
): EmulatorResponse {
  const { method } = arm.request;
  if (tail.length === 0) {
    if (method === "GET") return listRoleAssignments(arm, scope);
  } else if (tail.length === 1) {
    const name = tail[0] ?? "";
    if (method === "GET") {
      const denied = authorize(arm, scope.path, READ);
      if (denied !== undefined) return denied;
      const existing = findAssignment(arm.context.world, scope, name);
      return existing === undefined ? notFound(arm, name) : armJson(200, roleAssignmentJson(existing));
    }
    if (method === "PUT") return createRoleAssignment(arm, scope, name);
    if (method === "DELETE") return deleteRoleAssignment(arm, scope, name);
  } else {
    return notFound(arm, tail.join("/"));
  }
  arm.decision = deny("not-implemented", `${method} on role assignments not implemented`);
  return armError(405, "MethodNotAllowed", `The emulator does not implement ${method} on role assignments.`);
}
