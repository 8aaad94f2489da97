import type { EmulatorResponse } from "../http/emulator-response.js";
import type { Tenant, User } from "../world/model.js";
import { AADSTS } from "./aadsts-failures.js";
import { authenticateClient, clientCredentialsOf, findClient } from "./client-authentication.js";
import type { EntraFailure } from "./entra-error.js";
import { FIRST_PARTY_PUBLIC_CLIENTS } from "./public-clients.js";
import { requestedResource } from "./requested-resource.js";
import { fail, type TokenCall, tokenResponse } from "./token-call.js";
import { tokenResponseBody } from "./token-response-body.js";
import { issueEntraAccessToken } from "./token-service.js";
import { clientInfo, issueIdToken, issueRefreshToken } from "./user-tokens.js";

/**
 * Checks the client of a user flow: a first-party public client, or an application of the world
 * in the tenant (authenticated when it sends a secret or an assertion).
 *
 * @example
 * const client = await checkUserFlowClient(call, tenant);
 * if ("failure" in client) return fail(call, client.failure);
 */
export async function checkUserFlowClient(
  call: TokenCall,
  tenant: Tenant,
): Promise<{ clientId: string } | { failure: EntraFailure }> {
  const { clientId, secret } = clientCredentialsOf(call);
  if (clientId === undefined) return { failure: AADSTS.missingParameter("client_id") };
  if (FIRST_PARTY_PUBLIC_CLIENTS.has(clientId.toLowerCase())) return { clientId: clientId.toLowerCase() };
  const scoped: TokenCall = { ...call, tenant };
  if (secret !== undefined || call.form.get("client_assertion") !== null) {
    const client = await authenticateClient(scoped);
    return client.ok ? { clientId: client.app.clientId } : { failure: client.failure };
  }
  const found = findClient(scoped, clientId);
  return found.ok ? { clientId: found.app.clientId } : { failure: found.failure };
}

/**
 * Builds the user-flow token response MSAL expects: access token (v1 for Microsoft resources), ID
 * token, refresh token, `client_info` and the granted `scope`. Policies a non-interactive flow
 * cannot satisfy come first: MFA (AADSTS50076) and conditional access (AADSTS53003).
 *
 * @example
 * return userTokenResponse(call, user, tenant, clientId, "password");
 */
export async function userTokenResponse(
  call: TokenCall,
  user: User,
  tenant: Tenant,
  clientId: string,
  grant: string,
): Promise<EmulatorResponse> {
  const wanted = requestedResource(call, tenant);
  if (!wanted.ok) return fail(call, wanted.failure);
  const { scope, resource } = wanted;
  if (user.mfaRequired) return fail(call, AADSTS.mfaRequired(resource.appId ?? scope.resource));
  if (user.blockedByConditionalAccess) return fail(call, AADSTS.blockedByConditionalAccess());
  const issued = await issueEntraAccessToken(
    { world: () => call.ctx.world, clock: call.ctx.clock, keys: call.ctx.keys, newId: call.runtime.newId },
    {
      tenantId: tenant.id,
      principal: user,
      resource: scope.resource,
      scopes: scope.resourceScopes,
      version: resource.acceptsV1 ? 1 : 2,
      clientAppId: clientId,
    },
    { clientAuthentication: "0" },
  );
  const granted = scope.permissions.filter((p) => p !== ".default");
  const grantedScope = (granted.length > 0 ? granted : ["user_impersonation"])
    .map((p) => `${scope.resource.replace(/\/+$/, "")}/${p}`)
    .join(" ");
  const body = {
    ...tokenResponseBody(call, issued, scope.resource),
    scope: grantedScope,
    refresh_token: await issueRefreshToken(call, user, tenant, clientId),
    id_token: await issueIdToken(call, user, tenant, clientId),
    client_info: clientInfo(user, tenant),
  };
  return tokenResponse(
    call,
    body,
    `${grant} for user ${user.upn}, client ${clientId}, aud ${scope.resource}`,
  );
}
