import { AADSTS } from "../aadsts-failures.js";
import { fail, type GrantHandler } from "../token-call.js";
import { checkUserFlowClient, userTokenResponse } from "../user-flow.js";
import { readRefreshToken } from "../user-tokens.js";

/**
 * `grant_type=refresh_token`, what MSAL uses to renew a user's token silently: the refresh token
 * must be one this tenant issued to the same client (AADSTS9002313 otherwise), within its lifetime
 * (AADSTS70008), for a user who can still sign in (AADSTS50057 when disabled since).
 *
 * @example
 * GRANT_HANDLERS.refresh_token === refreshTokenGrant; // true
 */
export const refreshTokenGrant: GrantHandler = async (call) => {
  const token = call.form.get("refresh_token");
  if (token === null || token === "") return fail(call, AADSTS.missingParameter("refresh_token"));
  const tenants = call.tenant === undefined ? call.ctx.world.tenants : [call.tenant];
  for (const tenant of tenants) {
    const grant = await readRefreshToken(call, tenant, token);
    if (grant === undefined) continue;
    if (grant === "expired") return fail(call, AADSTS.refreshTokenExpired());
    const client = await checkUserFlowClient(call, tenant);
    if ("failure" in client) return fail(call, client.failure);
    if (client.clientId !== grant.clientId) return fail(call, AADSTS.invalidGrant());
    const user = call.ctx.world.users.find((u) => u.objectId === grant.userObjectId);
    if (user === undefined) return fail(call, AADSTS.invalidGrant());
    if (user.disabled) return fail(call, AADSTS.userDisabled());
    return userTokenResponse(call, user, tenant, client.clientId, "refresh_token");
  }
  return fail(call, AADSTS.invalidGrant());
};
