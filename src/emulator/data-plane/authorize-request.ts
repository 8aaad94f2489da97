import type { CauseCode } from "../../knowledge/cause.js";
import type { RequiredDataAction } from "../../knowledge/data-actions.js";
import type { EmulatorContext } from "../app/context.js";
import { err, ok, type Result } from "../app/result.js";
import { type AccessDenialReason, evaluateDataAction } from "../auth/evaluate-access.js";
import type { Account } from "../world/model.js";
import { findProject, projectResourceId } from "../world/projects.js";
import { type Caller, tokenGate } from "./authenticate-request.js";
import { permissionDenied, type Refusal, resourceNotFound } from "./refusal.js";
import type { DataPlaneRoute } from "./route-request.js";

/**
 * The ARM scope RBAC evaluates for a route: the account, or the Foundry project under it (in the
 * world's spelling of its name). Azure evaluates a project call at the project, so a role assigned
 * on the account (or above) applies to every project, and a role assigned on a project applies to
 * that project only: not to the account's own endpoints, nor to its other projects.
 *
 * @example
 * rbacScope(account, route); // "/subscriptions/.../accounts/contoso"
 */
export function rbacScope(account: Account, route: DataPlaneRoute): string {
  if (route.projectName === undefined) return account.resourceId;
  return projectResourceId(account, findProject(account, route.projectName) ?? route.projectName);
}

/**
 * 404 for `/api/projects/<project>/...` naming a project the account does not have. No public
 * capture shows Azure's body for an unknown project name; the one reported answer on a Foundry
 * host for a path it does not serve is the gateway's `Resource not found` (microsoft/mcp#862, a
 * project API called at the account endpoint), so the emulator answers that body,
 * `{"error":{"code":"404","message": "Resource not found"}}`.
 */
function projectNotFound(account: Account, projectName: string): Refusal {
  return resourceNotFound(`account ${account.name} has no project "${projectName}"`, "not-found");
}

const RBAC_CAUSES: Readonly<Record<AccessDenialReason, CauseCode>> = {
  propagating: "rbac.propagation-pending",
  "wrong-scope": "rbac.wrong-scope",
  "control-plane-only": "rbac.control-plane-role-only",
  "action-not-granted": "rbac.missing-data-action",
  "no-assignment": "rbac.missing-data-action",
};

/**
 * Authorizes an authenticated caller. A Foundry project route must name one of the account's
 * projects (404 otherwise, for keys and tokens alike). Then the account's key may do everything;
 * a token's principal needs the route's data action through Azure RBAC at the account (or the
 * Foundry project, see {@link rbacScope}), with
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
  if (route.projectName !== undefined && findProject(account, route.projectName) === undefined) {
    return err(projectNotFound(account, route.projectName));
  }
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
      // The Foundry wording (with the permissions link) on every project route.
      foundry: tokenGate(route) === "project",
      code: RBAC_CAUSES[access.reason],
      detail: access.detail,
    }),
  );
}
