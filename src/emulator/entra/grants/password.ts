import type { Tenant, User } from "../../world/model.js";
import { AADSTS } from "../aadsts-failures.js";
import { fail, type GrantHandler, type TokenCall } from "../token-call.js";
import { checkUserFlowClient, userTokenResponse } from "../user-flow.js";

/** The user named `username` in the tenant (as a member or a guest). */
function findUser(
  call: TokenCall,
  tenant: Tenant | undefined,
  username: string,
): { user: User; tenant: Tenant } | undefined {
  const wanted = username.toLowerCase();
  for (const user of call.ctx.world.users) {
    if (user.upn.toLowerCase() !== wanted) continue;
    if (tenant === undefined) {
      const home = call.ctx.world.tenants.find((t) => t.id === user.tenantId);
      if (home !== undefined) return { user, tenant: home };
    } else if (user.tenantId === tenant.id || user.guestOfTenantIds.includes(tenant.id)) {
      return { user, tenant };
    }
  }
  return undefined;
}

/**
 * `grant_type=password` (ROPC, `UsernamePasswordCredential`): unknown user AADSTS50034, wrong
 * password AADSTS50126, disabled AADSTS50057, expired password AADSTS50055, then the policies ROPC
 * cannot satisfy: MFA AADSTS50076 and conditional access AADSTS53003.
 *
 * @example
 * GRANT_HANDLERS.password === passwordGrant; // true
 */
export const passwordGrant: GrantHandler = async (call) => {
  const username = call.form.get("username");
  if (username === null || username === "") return fail(call, AADSTS.missingParameter("username"));
  const password = call.form.get("password");
  if (password === null) return fail(call, AADSTS.missingParameter("password"));
  const found = findUser(call, call.tenant, username);
  const tenant = found?.tenant ?? call.tenant;
  if (tenant === undefined) return fail(call, AADSTS.userNotFound(call.tenantSegment));
  const client = await checkUserFlowClient(call, tenant);
  if ("failure" in client) return fail(call, client.failure);
  if (found === undefined) return fail(call, AADSTS.userNotFound(tenant.id));
  const { user } = found;
  if (user.password !== password) return fail(call, AADSTS.invalidCredentials());
  if (user.disabled) return fail(call, AADSTS.userDisabled());
  if (user.passwordExpired) return fail(call, AADSTS.passwordExpired());
  return userTokenResponse(call, user, tenant, client.clientId, "password");
};
