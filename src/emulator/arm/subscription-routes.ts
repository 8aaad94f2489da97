import { allow, deny } from "../app/request-decision.js";
import type { EmulatorResponse } from "../http/emulator-response.js";
import type { Subscription } from "../world/model.js";
import { armError, armJson, subscriptionNotFoundMessage } from "./arm-errors.js";
import { type ArmRequest, hasAnyAssignmentAround, same } from "./arm-request.js";
import { subscriptionJson, tenantJson } from "./arm-resources.js";

/**
 * `GET /subscriptions`: the subscriptions of the token's tenant in which the caller (or one of its
 * groups) holds any role assignment.
 *
 * @example
 * return listSubscriptions(arm);
 */
export function listSubscriptions(arm: ArmRequest): EmulatorResponse {
  const visible = arm.context.world.subscriptions.filter(
    (s) => same(s.tenantId, arm.caller.tenantId) && hasAnyAssignmentAround(arm, `/subscriptions/${s.id}`),
  );
  arm.decision = allow(`${visible.length} subscription(s) visible in tenant ${arm.caller.tenantId}`);
  return armJson(200, {
    value: visible.map(subscriptionJson),
    count: { type: "Total", value: visible.length },
  });
}

/**
 * `GET /subscriptions/{id}`: the subscription when the caller has any role assignment in it, else
 * 404 `SubscriptionNotFound` (ARM does not reveal subscriptions the caller cannot see).
 *
 * @example
 * return getSubscription(arm, subscription);
 */
export function getSubscription(arm: ArmRequest, subscription: Subscription): EmulatorResponse {
  if (!hasAnyAssignmentAround(arm, `/subscriptions/${subscription.id}`)) {
    arm.decision = deny("no-role-assignment", `no role assignment in subscription ${subscription.id}`);
    return armError(404, "SubscriptionNotFound", subscriptionNotFoundMessage(subscription.id));
  }
  arm.decision = allow(`subscription ${subscription.id}`);
  return armJson(200, subscriptionJson(subscription));
}

/**
 * `GET /tenants`: the tenants the caller's principal exists in (its home tenant, guest tenants for
 * users, additional service-principal tenants for applications).
 *
 * @example
 * return listTenants(arm);
 */
export function listTenants(arm: ArmRequest): EmulatorResponse {
  const { world } = arm.context;
  const principal = arm.caller.principal;
  const home = principal?.tenantId ?? arm.caller.tenantId;
  const others =
    principal === undefined
      ? []
      : principal.kind === "user"
        ? principal.guestOfTenantIds
        : principal.kind === "application"
          ? principal.alsoInTenantIds
          : [];
  const ids = [home, ...others.filter((t) => !same(t, home))];
  const tenants = ids.flatMap((id) => world.tenants.filter((t) => same(t.id, id)));
  arm.decision = allow(`${tenants.length} tenant(s)`);
  return armJson(200, { value: tenants.map((t) => tenantJson(t, same(t.id, home))) });
}
