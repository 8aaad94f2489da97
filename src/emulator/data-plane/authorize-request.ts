import type { CauseCode } from "../../knowledge/cause.js";
import type { RequiredDataAction } from "../../knowledge/data-actions.js";
import type { EmulatorContext } from "../app/context.js";
import { err, ok, type Result } from "../app/result.js";
import { type AccessDenialReason, evaluateDataAction } from "../auth/evaluate-access.js";
import type { Account } from "../world/model.js";
import type { Caller } from "./authenticate-request.js";
import { permissionDenied, type Refusal } from "./refusal.js";
import type { DataPlaneRoute } from "./route-request.js";

/**
 * The ARM scope RBAC evaluates for a route: the account, or the Foundry project under it.
 *
 * @example
 * rbacScope(account, route); // "/subscriptions/.../accounts/contoso"
 */
export function rbacScope(account: Account, route: DataPlaneRoute): string {
  return route.projectName === undefined
    ? account.resourceId
    : `${account.resourceId}/projects/${route.projectName}`;
}

const RBAC_CAUSES: Readonly<Record<AccessDenialReason, CauseCode>> = {
  propagating: "rbac.propagation-pending",
  "wrong-scope": "rbac.wrong-scope",
  "control-plane-only": "rbac.control-plane-role-only",
  "action-not-granted": "rbac.missing-data-action",
  "no-assignment": "rbac.missing-data-action",
};

/**
 * Authorizes an authenticated caller: the account's key may do everything; a token's principal
 * needs the route's data action through Azure RBAC at the account (or the Foundry project), with
 * the world's propagation delay (`evaluateDataAction`, on every request: the control API changes
 * role assignments and the clock). The value is the log's reason for allowing; a refusal is 401
 * `PermissionDenied` naming the data action.
 *
 * @example
 * const allowed = authorizeRequest(ctx, caller.value, account, route, required);
 * if (allowed.ok) allowed.value; // "principal ... is granted data action ... by Cognitive Services OpenAI User at ..."
 */
export function authorizeRequest(
  ctx: EmulatorContext,
  caller: Caller,
  account: Account,
  route: DataPlaneRoute,
  required: RequiredDataAction,
): Result<string, Refusal> {
  if (caller.kind === "key") return ok(`api-key of account ${caller.account}`);
  const { token } = caller;
  const access = evaluateDataAction(ctx, {
    principalId: token.principalId,
    tenantId: token.tenantId,
    scope: rbacScope(account, route),
    dataAction: required.dataAction,
  });
  if (access.allowed) return ok(access.detail);
  return err(
    permissionDenied({
      principalId: token.principalId,
      required,
      foundry: route.form === "project",
      code: RBAC_CAUSES[access.reason],
      detail: access.detail,
    }),
  );
}
