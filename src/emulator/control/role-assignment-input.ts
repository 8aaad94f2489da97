import { findRole } from "../../knowledge/roles.js";
import type { RoleAssignment, World } from "../world/model.js";
import { findAssignee } from "../world/principals.js";
import { stableId } from "../world/stable-id.js";
import { ControlInputError, describeValue } from "./control-response.js";

const MINUTE_MS = 60_000;
const FIELDS: ReadonlySet<string> = new Set(["principal", "role", "scope", "createdMinutesAgo"]);

function requiredText(body: Record<string, unknown>, field: string, example: string): string {
  const value = body[field];
  if (value === undefined) throw new ControlInputError(field, `is required, e.g. ${example}`);
  if (typeof value !== "string") {
    throw new ControlInputError(field, `must be a text value, not ${describeValue(value)}`);
  }
  if (value.trim() === "") throw new ControlInputError(field, "must not be empty");
  return value.trim();
}

function subscriptionId(world: World, nameOrId: string): string | undefined {
  const wanted = nameOrId.toLowerCase();
  return world.subscriptions.find((s) => s.name === nameOrId || s.id === wanted)?.id;
}

/** The scope as an ARM id, with the world file's forms (subscription:, resourceGroup:, account:, project:). */
function resolveScope(world: World, scope: string): string {
  if (scope.startsWith("/")) return scope;
  const colon = scope.indexOf(":");
  const kind = colon < 0 ? "" : scope.slice(0, colon);
  const rest = colon < 0 ? "" : scope.slice(colon + 1);
  const [first = "", second = ""] = rest.split("/");
  const notDeclared = (what: string, name: string, list: string) =>
    new ControlInputError("scope", `${what} "${name}" is not declared under ${list}`);
  switch (kind) {
    case "subscription": {
      const id = subscriptionId(world, rest);
      if (id === undefined) throw notDeclared("subscription", rest, "subscriptions");
      return `/subscriptions/${id}`;
    }
    case "resourceGroup": {
      if (second === "" || rest.split("/").length !== 2) {
        throw new ControlInputError(
          "scope",
          `"${scope}" must be resourceGroup:<subscription>/<resource group>`,
        );
      }
      const id = subscriptionId(world, first);
      if (id === undefined) throw notDeclared("subscription", first, "subscriptions");
      return `/subscriptions/${id}/resourceGroups/${second}`;
    }
    case "account": {
      const account = world.accounts.find((a) => a.name === rest);
      if (account === undefined) throw notDeclared("account", rest, "accounts");
      return account.resourceId;
    }
    case "project": {
      const account = world.accounts.find((a) => a.name === first);
      if (account === undefined) throw notDeclared("account", first, "accounts");
      if (!account.projects.includes(second)) {
        throw new ControlInputError(
          "scope",
          `project "${second}" is not declared in accounts "${first}" projects`,
        );
      }
      return `${account.resourceId}/projects/${second}`;
    }
    default:
      throw new ControlInputError(
        "scope",
        `"${scope}" is not a scope; use subscription:<sub>, resourceGroup:<sub>/<rg>, account:<name>, project:<account>/<project> or a full ARM id starting with "/"`,
      );
  }
}

/**
 * Turns a `POST /_keyless/role-assignments` body `{ principal, role, scope, createdMinutesAgo? }`
 * into a role assignment with the world file's rules: the principal by name (user, group,
 * application, managed identity) or object id, the role by built-in name or role definition GUID,
 * the scope as `subscription:<sub>`, `resourceGroup:<sub>/<rg>`, `account:<name>`,
 * `project:<account>/<project>` or a full ARM id. `createdMinutesAgo` defaults to 0: the assignment
 * is new and takes effect after the world's propagation delay. The id is the one the world file
 * would give the same grant.
 *
 * @throws {ControlInputError} naming the first field at fault.
 * @example
 * const assignment = roleAssignmentFromInput(world, { principal: "app", role: "Cognitive Services OpenAI User", scope: "account:contoso-openai" }, clock.now());
 */
export function roleAssignmentFromInput(
  world: World,
  body: Record<string, unknown>,
  now: number,
): RoleAssignment {
  for (const key of Object.keys(body)) {
    if (!FIELDS.has(key)) {
      throw new ControlInputError(
        key,
        "is not a known field; use principal, role, scope and createdMinutesAgo",
      );
    }
  }
  const principalText = requiredText(body, "principal", '"alice" or an object id');
  const roleText = requiredText(body, "role", '"Cognitive Services OpenAI User"');
  const scopeText = requiredText(body, "scope", '"account:contoso-openai"');
  const minutes = body.createdMinutesAgo ?? 0;
  if (typeof minutes !== "number" || !Number.isFinite(minutes) || minutes < 0) {
    throw new ControlInputError("createdMinutesAgo", `must be a number >= 0, not ${describeValue(minutes)}`);
  }
  const principal = findAssignee(world, principalText);
  if (principal === undefined) {
    throw new ControlInputError(
      "principal",
      `"${principalText}" is not a user, group, application or managed identity declared in the world (by name or objectId)`,
    );
  }
  const role = findRole(roleText);
  if (role === undefined) {
    throw new ControlInputError(
      "role",
      `"${roleText}" is not a built-in role name or role definition GUID; use e.g. "Cognitive Services OpenAI User" or 5e0bd9bd-7b93-4f28-af87-19fc36ad61bd`,
    );
  }
  const scope = resolveScope(world, scopeText);
  const principalType: RoleAssignment["principalType"] =
    "kind" in principal ? (principal.kind === "user" ? "User" : "ServicePrincipal") : "Group";
  return {
    id: stableId("role-assignment", `${principal.objectId}|${role.id}|${scope.toLowerCase()}`),
    principalId: principal.objectId,
    principalType,
    roleDefinitionId: role.id,
    roleName: role.name,
    scope,
    createdAt: now - minutes * MINUTE_MS,
  };
}
