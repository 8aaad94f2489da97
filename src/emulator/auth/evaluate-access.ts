import {
  findRole,
  type RoleDefinition,
  roleGrantsAction,
  roleGrantsDataAction,
} from "../../knowledge/roles.js";
import type { EmulatorContext } from "../app/context.js";
import type { RoleAssignment, World } from "../world/model.js";
import { findPrincipalByObjectId } from "../world/principals.js";

/**
 * Why an RBAC check refused, most actionable first:
 * - `propagating`: a matching assignment exists but is younger than `world.rbacPropagationMs`;
 * - `wrong-scope`: a role granting the action is assigned, but on a scope that does not contain the resource;
 * - `control-plane-only`: every role at the scope manages the resource (Owner, Contributor, Cognitive
 *   Services Contributor, Reader...) and none holds data actions;
 * - `action-not-granted`: some role at the scope has data actions, just not this one (including one
 *   removed by `notDataActions`);
 * - `no-assignment`: no role assignment for the principal or its groups covers the resource.
 *
 * @example
 * const reason: AccessDenialReason = "control-plane-only";
 */
export type AccessDenialReason =
  | "propagating"
  | "wrong-scope"
  | "control-plane-only"
  | "action-not-granted"
  | "no-assignment";

/**
 * The outcome of an RBAC check. `detail` is a sentence for the request log (ids and role names only).
 *
 * @example
 * const decision: AccessDecision = evaluateDataAction(ctx, request);
 * if (!decision.allowed) log(decision.reason, decision.detail);
 */
export type AccessDecision =
  | { allowed: true; assignment: RoleAssignment; role: RoleDefinition; detail: string }
  | {
      allowed: false;
      reason: AccessDenialReason;
      detail: string;
      /** For `propagating`: epoch ms at which the earliest matching assignment takes effect. */
      effectiveAt?: number;
    };

/**
 * What {@link evaluateDataAction} checks.
 *
 * @example
 * const request: DataActionRequest = {
 *   principalId: oid, tenantId: tid, scope: account.resourceId,
 *   dataAction: "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action",
 * };
 */
export interface DataActionRequest {
  /** Object id (`oid`) of the caller. */
  principalId: string;
  /** Tenant of the token; picks the principal when several share an object id. */
  tenantId: string;
  /** ARM id of the resource the call targets (an account, or a project under it). */
  scope: string;
  dataAction: string;
}

/**
 * What {@link evaluateAction} checks.
 *
 * @example
 * const request: ActionRequest = {
 *   principalId: oid, tenantId: tid, scope: account.resourceId,
 *   action: "Microsoft.CognitiveServices/accounts/listKeys/action",
 * };
 */
export interface ActionRequest {
  principalId: string;
  tenantId: string;
  /** ARM scope of the operation: a subscription, resource group or resource id. */
  scope: string;
  action: string;
  /**
   * Apply `world.rbacPropagationMs` as the data plane does. Default false: the world's
   * propagation delay models the data plane (the 5 minutes Microsoft's docs describe there).
   */
  applyPropagation?: boolean;
}

function trimScope(scope: string): string {
  const trimmed = scope.trim();
  let end = trimmed.length;
  while (end > 0 && trimmed.charCodeAt(end - 1) === SLASH) end -= 1;
  return (end === trimmed.length ? trimmed : trimmed.slice(0, end)).toLowerCase();
}

const SLASH = 0x2f;

/**
 * Whether a role assignment made at `assignmentScope` applies to `resourceScope`: the assignment
 * scope is the resource itself or one of its ancestors, compared by whole path segments and
 * case-insensitively (`/subscriptions/s/resourceGroups/rg` covers `.../resourceGroups/rg/providers/...`,
 * but not `.../resourceGroups/rg2`). `/` (root) covers everything.
 *
 * @example
 * scopeCovers("/subscriptions/S", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a"); // true
 * scopeCovers("/subscriptions/s/resourceGroups/rg", "/subscriptions/s/resourceGroups/rg2"); // false
 */
export function scopeCovers(assignmentScope: string, resourceScope: string): boolean {
  const outer = trimScope(assignmentScope);
  const inner = trimScope(resourceScope);
  if (outer === "") return true;
  return inner === outer || inner.startsWith(`${outer}/`);
}

/**
 * The object ids RBAC matches for a principal: its own and those of the groups it belongs to.
 *
 * @example
 * principalIdentityIds(ctx.world, oid, tid); // [oid, ...groupIds]
 */
export function principalIdentityIds(world: World, principalId: string, tenantId: string): string[] {
  const principal = findPrincipalByObjectId(world, principalId, tenantId);
  const ids = new Set([
    principalId.toLowerCase(),
    ...(principal?.groupIds ?? []).map((g) => g.toLowerCase()),
  ]);
  return [...ids];
}

function roleOf(assignment: RoleAssignment): RoleDefinition | undefined {
  return findRole(assignment.roleDefinitionId) ?? findRole(assignment.roleName);
}

interface Candidate {
  assignment: RoleAssignment;
  role: RoleDefinition | undefined;
  covers: boolean;
  grants: boolean;
  effectiveAt: number;
}

function describe(c: Candidate): string {
  return `${c.role?.name ?? c.assignment.roleName} at ${c.assignment.scope} (assignment ${c.assignment.id})`;
}

function evaluate(
  ctx: EmulatorContext,
  request: { principalId: string; tenantId: string; scope: string },
  operation: string,
  grants: (role: RoleDefinition) => boolean,
  applyPropagation: boolean,
  controlPlaneOnly: (role: RoleDefinition) => boolean,
): AccessDecision {
  const { world } = ctx;
  const now = ctx.clock.now();
  const ids = new Set(principalIdentityIds(world, request.principalId, request.tenantId));
  const candidates: Candidate[] = world.roleAssignments
    .filter((a) => ids.has(a.principalId.toLowerCase()))
    .map((assignment) => {
      const role = roleOf(assignment);
      return {
        assignment,
        role,
        covers: scopeCovers(assignment.scope, request.scope),
        grants: role !== undefined && grants(role),
        effectiveAt: applyPropagation ? assignment.createdAt + world.rbacPropagationMs : assignment.createdAt,
      };
    });
  const who = `principal ${request.principalId}`;

  const effective = candidates.find((c) => c.covers && c.grants && c.effectiveAt <= now);
  if (effective?.role !== undefined) {
    return {
      allowed: true,
      assignment: effective.assignment,
      role: effective.role,
      detail: `${who} is granted ${operation} by ${describe(effective)}`,
    };
  }

  const pending = candidates
    .filter((c) => c.covers && c.grants)
    .sort((a, b) => a.effectiveAt - b.effectiveAt)[0];
  if (pending !== undefined) {
    const seconds = Math.ceil((pending.effectiveAt - now) / 1000);
    return {
      allowed: false,
      reason: "propagating",
      detail: `${who}: ${describe(pending)} grants ${operation} but takes effect in ${seconds} s`,
      effectiveAt: pending.effectiveAt,
    };
  }

  const elsewhere = candidates.find((c) => !c.covers && c.grants);
  if (elsewhere !== undefined) {
    return {
      allowed: false,
      reason: "wrong-scope",
      detail: `${who}: ${describe(elsewhere)} grants ${operation} but does not cover ${request.scope}`,
    };
  }

  const inScope = candidates.filter((c) => c.covers);
  // Control-plane-only means every role at the scope lacks data actions: Reader next to a data role
  // that lacks this one action is a missing data action, not a control-plane-only setup.
  const managing = inScope.find((c) => c.role !== undefined && controlPlaneOnly(c.role));
  const onlyManaging = inScope.every((c) => c.role === undefined || controlPlaneOnly(c.role));
  if (managing !== undefined && onlyManaging) {
    return {
      allowed: false,
      reason: "control-plane-only",
      detail: `${who}: ${describe(managing)} is a control-plane role without data actions; ${operation} is not granted`,
    };
  }
  if (inScope.length > 0) {
    return {
      allowed: false,
      reason: "action-not-granted",
      detail: `${who}: no role at ${request.scope} grants ${operation} (holds ${inScope.map(describe).join(", ")})`,
    };
  }
  return {
    allowed: false,
    reason: "no-assignment",
    detail: `${who} (or its groups) has no role assignment covering ${request.scope}`,
  };
}

/**
 * Azure RBAC for a data-plane call: is `dataAction` granted to the principal, directly or through
 * one of its groups, by a role assigned at the resource or an ancestor scope (subscription,
 * resource group, account), via the role's `dataActions` minus `notDataActions`, and is that
 * assignment older than `world.rbacPropagationMs`? Time comes from `ctx.clock`.
 *
 * @example
 * const decision = evaluateDataAction(ctx, {
 *   principalId: token.principalId, tenantId: token.tenantId, scope: account.resourceId,
 *   dataAction: "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action",
 * });
 * decision.allowed; // false with reason "control-plane-only" for a Contributor
 */
export function evaluateDataAction(ctx: EmulatorContext, request: DataActionRequest): AccessDecision {
  return evaluate(
    ctx,
    request,
    `data action ${request.dataAction}`,
    (role) => roleGrantsDataAction(role, request.dataAction),
    true,
    (role) => role.dataActions.length === 0 && role.actions.length > 0,
  );
}

/**
 * Azure RBAC for a control-plane (ARM) operation such as
 * `Microsoft.CognitiveServices/accounts/listKeys/action`, `Microsoft.CognitiveServices/accounts/read`
 * or `Microsoft.Authorization/roleAssignments/write`: granted through the role's `actions` minus
 * `notActions`, with the same scope inheritance and group membership as {@link evaluateDataAction}.
 * A `control-plane-only` refusal cannot happen here; roles without the action give `action-not-granted`.
 *
 * @example
 * evaluateAction(ctx, { principalId: oid, tenantId: tid, scope: account.resourceId,
 *   action: "Microsoft.CognitiveServices/accounts/listKeys/action" }).allowed; // true for Cognitive Services Contributor
 */
export function evaluateAction(ctx: EmulatorContext, request: ActionRequest): AccessDecision {
  return evaluate(
    ctx,
    request,
    `action ${request.action}`,
    (role) => roleGrantsAction(role, request.action),
    request.applyPropagation ?? false,
    () => false,
  );
}
