import type { Host, HostKind, ManagedIdentity, World } from "../world/model.js";

/**
 * The host whose endpoint of a kind answers: the world's default host when it has that kind,
 * otherwise the first host of the kind. Undefined when the world has no such host.
 *
 * @example
 * const host = hostForKind(world, "imds");
 */
export function hostForKind(world: World, kind: HostKind): Host | undefined {
  const preferred =
    world.defaults.host === undefined ? undefined : world.hosts.find((h) => h.name === world.defaults.host);
  if (preferred?.kind === kind) return preferred;
  return world.hosts.find((h) => h.kind === kind);
}

/**
 * Which user-assigned identity a token request names, by the query variable it used.
 *
 * @example
 * const selector: IdentitySelector = { by: "client_id", value: "0f6b…" };
 */
export interface IdentitySelector {
  by: "client_id" | "object_id" | "resource_id";
  value: string;
}

/**
 * The selector in a query: `client_id`, then `object_id`, then the resource id under the names the
 * endpoint accepts (`msi_res_id` for IMDS, `mi_res_id` for the others). Undefined when none is set.
 *
 * @example
 * readSelector(new URLSearchParams("client_id=abc"), ["msi_res_id"]); // { by: "client_id", value: "abc" }
 */
export function readSelector(
  query: URLSearchParams,
  resourceIdNames: readonly string[],
  extraObjectIdNames: readonly string[] = [],
): IdentitySelector | undefined {
  const clientId = query.get("client_id");
  if (clientId) return { by: "client_id", value: clientId };
  for (const name of ["object_id", ...extraObjectIdNames]) {
    const objectId = query.get(name);
    if (objectId) return { by: "object_id", value: objectId };
  }
  for (const name of resourceIdNames) {
    const resourceId = query.get(name);
    if (resourceId) return { by: "resource_id", value: resourceId };
  }
  return undefined;
}

/**
 * The outcome of choosing the identity a request is for.
 *
 * @example
 * const choice: IdentityChoice = { ok: false, reason: "multiple-user-assigned" };
 */
export type IdentityChoice =
  | { ok: true; identity: ManagedIdentity }
  | { ok: false; reason: "not-found" | "multiple-user-assigned" };

function matches(identity: ManagedIdentity, selector: IdentitySelector): boolean {
  const wanted = selector.value.trim().toLowerCase();
  switch (selector.by) {
    case "client_id":
      return identity.clientId.toLowerCase() === wanted;
    case "object_id":
      return identity.objectId.toLowerCase() === wanted;
    case "resource_id":
      return identity.resourceId.toLowerCase() === wanted;
  }
}

/**
 * Picks the identity a token request is for, the way the host's token service does. A selector
 * must name an identity attached to the host. Without one the system-assigned identity answers;
 * when there is none, `singleUserAssignedDefault` decides whether a lone user-assigned identity
 * answers (IMDS does, App Service does not); several user-assigned identities are ambiguous.
 *
 * @example
 * const choice = chooseIdentity(host, undefined, { singleUserAssignedDefault: true });
 */
export function chooseIdentity(
  host: Host,
  selector: IdentitySelector | undefined,
  options: { singleUserAssignedDefault: boolean },
): IdentityChoice {
  if (selector !== undefined) {
    const identity = host.identities.find((i) => matches(i, selector));
    return identity === undefined ? { ok: false, reason: "not-found" } : { ok: true, identity };
  }
  const system = host.identities.find((i) => i.identityKind === "system");
  if (system !== undefined) return { ok: true, identity: system };
  const userAssigned = host.identities.filter((i) => i.identityKind === "user");
  if (userAssigned.length > 1) return { ok: false, reason: "multiple-user-assigned" };
  const only = userAssigned[0];
  if (only !== undefined && options.singleUserAssignedDefault) return { ok: true, identity: only };
  return { ok: false, reason: "not-found" };
}
