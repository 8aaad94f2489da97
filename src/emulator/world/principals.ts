import type { Group, Principal, World } from "./model.js";

/**
 * Calls `visit` for every principal of the world a token can name, in a fixed order: users,
 * applications, managed identities, then the identities attached to hosts (the same objects in a
 * resolved world, copies in one restored from `--state-dir`). Stops as soon as `visit` returns
 * true. Allocates nothing: the data plane looks principals up on every request.
 */
function someSignInPrincipal(world: World, visit: (principal: Principal) => boolean): boolean {
  for (const user of world.users) if (visit(user)) return true;
  for (const application of world.applications) if (visit(application)) return true;
  for (const identity of world.managedIdentities) if (visit(identity)) return true;
  for (const host of world.hosts) for (const identity of host.identities) if (visit(identity)) return true;
  return false;
}

/**
 * Every principal of the world a token can name: users, applications and managed identities
 * (with those attached to hosts), in that order.
 *
 * @example
 * listPrincipals(world).map((p) => p.name); // ["alice", "app", "vm-identity"]
 */
export function listPrincipals(world: World): Principal[] {
  const all: Principal[] = [];
  someSignInPrincipal(world, (principal) => {
    all.push(principal);
    return false;
  });
  return all;
}

/**
 * The principal with an object id (the `oid` of a token), compared case-insensitively. When
 * several principals share it, the one in `tenantId` wins, else the first.
 *
 * @example
 * findPrincipalByObjectId(world, claims.oid, claims.tid)?.name; // "app"
 */
export function findPrincipalByObjectId(
  world: World,
  objectId: string,
  tenantId?: string,
): Principal | undefined {
  const wanted = objectId.toLowerCase();
  const tenant = tenantId?.toLowerCase();
  let first: Principal | undefined;
  let inTenant: Principal | undefined;
  someSignInPrincipal(world, (principal) => {
    if (principal.objectId.toLowerCase() !== wanted) return false;
    first ??= principal;
    if (tenant === undefined || principal.tenantId.toLowerCase() === tenant) {
      inTenant = principal;
      return true;
    }
    return false;
  });
  return inTenant ?? first;
}

/**
 * Everything a role assignment can name: users, groups, applications and managed identities (with
 * those attached to hosts), in that order.
 *
 * @example
 * listAssignees(world).find((p) => p.name === "readers")?.objectId;
 */
export function listAssignees(world: World): (Principal | Group)[] {
  const principals = listPrincipals(world);
  const users = principals.filter((p) => p.kind === "user");
  const others = principals.filter((p) => p.kind !== "user");
  return [...users, ...world.groups, ...others];
}

/**
 * The assignee a control API request names: by name first, then by object id (case-insensitive).
 *
 * @example
 * findAssignee(world, "alice")?.objectId;
 */
export function findAssignee(world: World, nameOrId: string): Principal | Group | undefined {
  const all = listAssignees(world);
  const wanted = nameOrId.toLowerCase();
  return all.find((p) => p.name === nameOrId) ?? all.find((p) => p.objectId.toLowerCase() === wanted);
}
