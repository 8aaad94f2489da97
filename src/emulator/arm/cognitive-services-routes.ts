import { allow, deny } from "../app/request-decision.js";
import { EmulatorResponse } from "../http/emulator-response.js";
import type { Account, Subscription } from "../world/model.js";
import { findProject } from "../world/projects.js";
import { armError, armJson, resourceGroupNotFoundMessage, resourceNotFoundMessage } from "./arm-errors.js";
import {
  type ArmRequest,
  authorize,
  hasAnyAssignmentAround,
  isAllowed,
  pathOf,
  same,
} from "./arm-request.js";
import { accountJson, deploymentJson, projectJson } from "./arm-resources.js";

const PROVIDER = "Microsoft.CognitiveServices";
const ACCOUNT_READ = `${PROVIDER}/accounts/read`;
const LIST_KEYS = `${PROVIDER}/accounts/listKeys/action`;
const DEPLOYMENT_READ = `${PROVIDER}/accounts/deployments/read`;
const PROJECT_READ = `${PROVIDER}/accounts/projects/read`;

function methodNotAllowed(arm: ArmRequest): EmulatorResponse {
  arm.decision = deny("not-implemented", `${arm.request.method} not implemented on ${pathOf(arm.segments)}`);
  return armError(
    405,
    "MethodNotAllowed",
    `The emulator does not implement ${arm.request.method} on '${pathOf(arm.segments)}'.`,
  );
}

function listAccounts(arm: ArmRequest, scope: string, accounts: Account[]): EmulatorResponse {
  const readable = accounts.filter((a) => isAllowed(arm, a.resourceId, ACCOUNT_READ));
  if (readable.length === 0 && !hasAnyAssignmentAround(arm, scope)) {
    const denied = authorize(arm, scope, ACCOUNT_READ);
    if (denied !== undefined) return denied;
  }
  arm.decision = allow(`${readable.length} of ${accounts.length} account(s) readable at ${scope}`);
  return armJson(200, { value: readable.map(accountJson) });
}

function findAccount(
  arm: ArmRequest,
  subscription: Subscription,
  resourceGroup: string,
  name: string,
): Account | EmulatorResponse {
  if (!subscription.resourceGroups.some((rg) => same(rg, resourceGroup))) {
    arm.decision = deny("not-found", `resource group ${resourceGroup} not found`);
    return armError(404, "ResourceGroupNotFound", resourceGroupNotFoundMessage(resourceGroup));
  }
  const account = arm.context.world.accounts.find(
    (a) =>
      same(a.subscriptionId, subscription.id) && same(a.resourceGroup, resourceGroup) && same(a.name, name),
  );
  if (account === undefined) {
    arm.decision = deny("not-found", `account ${name} not found`);
    return armError(
      404,
      "ResourceNotFound",
      resourceNotFoundMessage(`${PROVIDER}/accounts/${name}`, resourceGroup),
    );
  }
  return account;
}

/**
 * The `Microsoft.CognitiveServices` routes under a subscription (`rest` = the segments after
 * `/subscriptions/{id}`): accounts list (subscription, resource group), get, `listKeys`,
 * deployments list and get, Foundry projects list and get. ARM checks its own permission first, at the requested scope (403
 * `AuthorizationFailed`), then existence (404). Lists show only what the caller may read.
 * Undefined when the path is not one of these routes.
 *
 * @example
 * const response = routeCognitiveServices(arm, subscription, ["resourceGroups", "rg", "providers", "Microsoft.CognitiveServices", "accounts"]);
 */
export function routeCognitiveServices(
  arm: ArmRequest,
  subscription: Subscription,
  rest: readonly string[],
): EmulatorResponse | undefined {
  const { method } = arm.request;
  const { world } = arm.context;
  const inSubscription = world.accounts.filter((a) => same(a.subscriptionId, subscription.id));

  if (
    rest.length === 3 &&
    same(rest[0], "providers") &&
    same(rest[1], PROVIDER) &&
    same(rest[2], "accounts")
  ) {
    if (method !== "GET") return methodNotAllowed(arm);
    return listAccounts(arm, `/subscriptions/${subscription.id}`, inSubscription);
  }

  if (
    !(
      same(rest[0], "resourceGroups") &&
      same(rest[2], "providers") &&
      same(rest[3], PROVIDER) &&
      same(rest[4], "accounts")
    )
  ) {
    return undefined;
  }
  const resourceGroup = rest[1] ?? "";
  const scope = pathOf(arm.segments);

  if (rest.length === 5) {
    if (method !== "GET") return methodNotAllowed(arm);
    const groupScope = `/subscriptions/${subscription.id}/resourceGroups/${resourceGroup}`;
    if (!hasAnyAssignmentAround(arm, groupScope)) {
      const denied = authorize(arm, groupScope, ACCOUNT_READ);
      if (denied !== undefined) return denied;
    }
    if (!subscription.resourceGroups.some((rg) => same(rg, resourceGroup))) {
      arm.decision = deny("not-found", `resource group ${resourceGroup} not found`);
      return armError(404, "ResourceGroupNotFound", resourceGroupNotFoundMessage(resourceGroup));
    }
    return listAccounts(
      arm,
      groupScope,
      inSubscription.filter((a) => same(a.resourceGroup, resourceGroup)),
    );
  }

  const accountName = rest[5] ?? "";
  const accountScope = pathOf(arm.segments.slice(0, 2 + 6));
  const tail = rest.slice(6);

  if (tail.length === 0) {
    if (method !== "GET") return methodNotAllowed(arm);
    const denied = authorize(arm, scope, ACCOUNT_READ);
    if (denied !== undefined) return denied;
    const account = findAccount(arm, subscription, resourceGroup, accountName);
    return account instanceof EmulatorResponse ? account : armJson(200, accountJson(account));
  }

  if (tail.length === 1 && same(tail[0], "listKeys")) {
    if (method !== "POST") return methodNotAllowed(arm);
    const denied = authorize(arm, accountScope, LIST_KEYS);
    if (denied !== undefined) return denied;
    const account = findAccount(arm, subscription, resourceGroup, accountName);
    if (account instanceof EmulatorResponse) return account;
    return armJson(200, { key1: account.keys[0], key2: account.keys[1] });
  }

  if (same(tail[0], "deployments") && tail.length <= 2) {
    if (method !== "GET") return methodNotAllowed(arm);
    const denied = authorize(arm, scope, DEPLOYMENT_READ);
    if (denied !== undefined) return denied;
    const account = findAccount(arm, subscription, resourceGroup, accountName);
    if (account instanceof EmulatorResponse) return account;
    if (tail.length === 1)
      return armJson(200, { value: account.deployments.map((d) => deploymentJson(account, d)) });
    const deployment = account.deployments.find((d) => same(d.name, tail[1] ?? ""));
    if (deployment === undefined) {
      arm.decision = deny("not-found", `deployment ${tail[1]} not found`);
      return armError(
        404,
        "ResourceNotFound",
        resourceNotFoundMessage(
          `${PROVIDER}/accounts/${account.name}/deployments/${tail[1]}`,
          account.resourceGroup,
        ),
      );
    }
    return armJson(200, deploymentJson(account, deployment));
  }

  if (same(tail[0], "projects") && tail.length <= 2) {
    if (method !== "GET") return methodNotAllowed(arm);
    const denied = authorize(arm, scope, PROJECT_READ);
    if (denied !== undefined) return denied;
    const account = findAccount(arm, subscription, resourceGroup, accountName);
    if (account instanceof EmulatorResponse) return account;
    if (tail.length === 1)
      return armJson(200, { value: account.projects.map((p) => projectJson(account, p)) });
    const project = findProject(account, tail[1] ?? "");
    if (project === undefined) {
      arm.decision = deny("not-found", `project ${tail[1]} not found`);
      return armError(
        404,
        "ResourceNotFound",
        resourceNotFoundMessage(
          `${PROVIDER}/accounts/${account.name}/projects/${tail[1]}`,
          account.resourceGroup,
        ),
      );
    }
    return armJson(200, projectJson(account, project));
  }
  return undefined;
}
