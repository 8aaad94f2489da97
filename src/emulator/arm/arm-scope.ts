import type { EmulatorResponse } from "../http/emulator-response.js";
import type { Subscription, World } from "../world/model.js";
import { armError, resourceGroupNotFoundMessage, resourceNotFoundMessage } from "./arm-errors.js";
import { same } from "./arm-request.js";

/**
 * A scope the emulator knows, in the world's canonical spelling: a subscription, a resource group,
 * a Cognitive Services account or a Foundry project under one.
 *
 * @example
 * const scope: ArmScope = { path: "/subscriptions/s", subscription };
 */
export interface ArmScope {
  /** Canonical ARM id of the scope. */
  path: string;
  subscription: Subscription;
}

/**
 * Resolves the segments after `/subscriptions/{id}` to a known scope, or the 404 ARM answers for a
 * resource group or resource that does not exist.
 *
 * @example
 * const scope = resolveArmScope(world, subscription, ["resourceGroups", "rg"]);
 * if (scope instanceof EmulatorResponse) return scope;
 */
export function resolveArmScope(
  world: World,
  subscription: Subscription,
  rest: readonly string[],
): ArmScope | EmulatorResponse {
  const base = `/subscriptions/${subscription.id}`;
  if (rest.length === 0) return { path: base, subscription };
  if (!same(rest[0], "resourceGroups") || rest[1] === undefined) {
    return armError(
      400,
      "InvalidScope",
      `The scope '${base}/${rest.join("/")}' is not valid for this operation.`,
    );
  }
  const group = subscription.resourceGroups.find((rg) => same(rg, rest[1] ?? ""));
  if (group === undefined)
    return armError(404, "ResourceGroupNotFound", resourceGroupNotFoundMessage(rest[1]));
  const groupPath = `${base}/resourceGroups/${group}`;
  if (rest.length === 2) return { path: groupPath, subscription };

  const [, , providers, namespace, type, name, child, childName] = rest;
  const resourceType = `${namespace ?? ""}/${type ?? ""}/${name ?? ""}`;
  const account =
    same(providers, "providers") && same(namespace, "Microsoft.CognitiveServices") && same(type, "accounts")
      ? world.accounts.find(
          (a) =>
            same(a.subscriptionId, subscription.id) &&
            same(a.resourceGroup, group) &&
            same(a.name, name ?? ""),
        )
      : undefined;
  if (account === undefined)
    return armError(404, "ResourceNotFound", resourceNotFoundMessage(resourceType, group));
  if (rest.length === 6) return { path: account.resourceId, subscription };
  if (rest.length === 8 && same(child, "projects")) {
    const project = account.projects.find((p) => same(p, childName ?? ""));
    if (project !== undefined) return { path: `${account.resourceId}/projects/${project}`, subscription };
  }
  return armError(
    404,
    "ResourceNotFound",
    resourceNotFoundMessage(`${resourceType}/${rest.slice(6).join("/")}`, group),
  );
}
