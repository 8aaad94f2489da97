import type { EmulatorContext } from "../app/context.js";
import { allow, type DecisionCode, deny, type RequestDecision } from "../app/request-decision.js";
import {
  type AccessDenialReason,
  evaluateAction,
  principalIdentityIds,
  scopeCovers,
} from "../auth/evaluate-access.js";
import { v1Issuer } from "../entra/login-hosts.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import type { EmulatorResponse } from "../http/emulator-response.js";
import type { Subscription } from "../world/model.js";
import {
  armError,
  authorizationFailedMessage,
  subscriptionNotFoundMessage,
  wrongTenantMessage,
} from "./arm-errors.js";
import type { ArmCloud } from "./arm-hosts.js";
import type { ArmCaller } from "./authenticate-arm-caller.js";

/**
 * Everything an ARM route handler works with: the request, the emulator, the authenticated
 * caller, the cloud of the ARM host, the path split into segments, and a place to put the reason
 * for the request log.
 *
 * @example
 * const route = (arm: ArmRequest) => armJson(200, { value: [] });
 */
export interface ArmRequest {
  request: EmulatorRequest;
  context: EmulatorContext;
  caller: ArmCaller;
  cloud: ArmCloud;
  /** Path segments, empty ones removed (`//subscriptions/x/` -> ["subscriptions", "x"]). */
  segments: string[];
  newId: () => string;
  /** Why the emulator answered as it did; the surface logs it (`allow` when a route sets none). */
  decision: RequestDecision | undefined;
}

/**
 * Case-insensitive equality, as ARM compares path segments and ids.
 *
 * @example
 * same("resourceGroups", "resourcegroups"); // true
 */
export function same(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}

/**
 * The subscription a request names, checked the way ARM does before anything else: it must exist
 * (404 `SubscriptionNotFound`) and belong to the token's tenant (401
 * `InvalidAuthenticationTokenTenant`, naming both issuers and the authority to use).
 *
 * @example
 * const sub = requireSubscription(arm, "0000...");
 * if (sub instanceof EmulatorResponse) return sub;
 */
export function requireSubscription(
  arm: ArmRequest,
  subscriptionId: string,
): Subscription | EmulatorResponse {
  const subscription = arm.context.world.subscriptions.find((s) => same(s.id, subscriptionId));
  if (subscription === undefined) {
    arm.decision = deny("not-found", `subscription ${subscriptionId} not found`);
    return armError(404, "SubscriptionNotFound", subscriptionNotFoundMessage(subscriptionId));
  }
  if (!same(subscription.tenantId, arm.caller.tenantId)) {
    const expectedIssuer = v1Issuer(arm.cloud.cloud, subscription.tenantId);
    const authority = `${arm.cloud.authorityBase}${subscription.tenantId}`;
    arm.decision = deny(
      "token.wrong-tenant",
      `token tenant ${arm.caller.tenantId}, subscription tenant ${subscription.tenantId}`,
    );
    return armError(
      401,
      "InvalidAuthenticationTokenTenant",
      wrongTenantMessage(arm.caller.issuer, expectedIssuer, authority),
      {
        "www-authenticate": `Bearer authorization_uri="${authority}", error="invalid_token", error_description="The access token is from the wrong issuer."`,
      },
    );
  }
  return subscription;
}

/**
 * The request log's code for each way ARM's RBAC refuses a control-plane action: the catalog's
 * cause where one fits (an assignment still propagating, or at a scope that does not contain the
 * resource), else the emulator's own reason.
 */
const ARM_RBAC_CODES: Readonly<Record<AccessDenialReason, DecisionCode>> = {
  propagating: "rbac.propagation-pending",
  "wrong-scope": "rbac.wrong-scope",
  "control-plane-only": "action-not-granted",
  "action-not-granted": "action-not-granted",
  "no-assignment": "no-role-assignment",
};

/**
 * ARM's own RBAC check for a control-plane operation at a scope: undefined when allowed, else the
 * 403 `AuthorizationFailed` to send.
 *
 * @example
 * const denied = authorize(arm, account.resourceId, "Microsoft.CognitiveServices/accounts/listKeys/action");
 * if (denied) return denied;
 */
export function authorize(arm: ArmRequest, scope: string, action: string): EmulatorResponse | undefined {
  const decision = evaluateAction(arm.context, {
    principalId: arm.caller.principalId,
    tenantId: arm.caller.tenantId,
    scope,
    action,
  });
  if (decision.allowed) {
    arm.decision = allow(decision.detail);
    return undefined;
  }
  arm.decision = deny(ARM_RBAC_CODES[decision.reason], decision.detail);
  return armError(
    403,
    "AuthorizationFailed",
    authorizationFailedMessage(arm.caller.client, arm.caller.principalId, action, scope),
    {
      "x-ms-failure-cause": "gateway",
    },
  );
}

/**
 * Whether the action is granted at the scope (no response, no log line): for filtering lists.
 *
 * @example
 * accounts.filter((a) => isAllowed(arm, a.resourceId, "Microsoft.CognitiveServices/accounts/read"));
 */
export function isAllowed(arm: ArmRequest, scope: string, action: string): boolean {
  return evaluateAction(arm.context, {
    principalId: arm.caller.principalId,
    tenantId: arm.caller.tenantId,
    scope,
    action,
  }).allowed;
}

/**
 * Whether the caller (or one of its groups) holds any role assignment at, above or below a scope:
 * what makes a subscription visible in `GET /subscriptions`.
 *
 * @example
 * hasAnyAssignmentAround(arm, "/subscriptions/abc"); // true for a user with a role on an account in it
 */
export function hasAnyAssignmentAround(arm: ArmRequest, scope: string): boolean {
  const ids = new Set(principalIdentityIds(arm.context.world, arm.caller.principalId, arm.caller.tenantId));
  return arm.context.world.roleAssignments.some(
    (a) =>
      ids.has(a.principalId.toLowerCase()) && (scopeCovers(a.scope, scope) || scopeCovers(scope, a.scope)),
  );
}

/**
 * The ARM path of a list of segments, e.g. `/subscriptions/x/resourceGroups/rg`.
 *
 * @example
 * pathOf(["subscriptions", "x"]); // "/subscriptions/x"
 */
export function pathOf(segments: readonly string[]): string {
  return `/${segments.join("/")}`;
}
