import { AADSTS } from "../aadsts-failures.js";
import { authenticateClient } from "../client-authentication.js";
import { requestedResource } from "../requested-resource.js";
import { fail, type GrantHandler, tokenResponse } from "../token-call.js";
import { tokenResponseBody } from "../token-response-body.js";
import { issueEntraAccessToken } from "../token-service.js";

/**
 * `grant_type=client_credentials`: an application authenticates with a secret, a certificate
 * assertion or a federated assertion and gets an app-only token. The v2 scope must be one
 * resource's `/.default` (AADSTS1002012 otherwise).
 *
 * @example
 * GRANT_HANDLERS.client_credentials === clientCredentialsGrant; // true
 */
export const clientCredentialsGrant: GrantHandler = async (call) => {
  const client = await authenticateClient(call);
  if (!client.ok) return fail(call, client.failure);
  const wanted = requestedResource(call, client.tenant);
  if (!wanted.ok) return fail(call, wanted.failure);
  const { scope, resource } = wanted;
  if (call.endpointVersion === 2 && (scope.permissions.length !== 1 || scope.permissions[0] !== ".default")) {
    const offending =
      scope.resourceScopes.find((s) => !s.endsWith("/.default")) ?? call.form.get("scope") ?? "";
    return fail(call, AADSTS.clientCredentialsScopeNotDefault(offending));
  }
  const issued = await issueEntraAccessToken(
    { world: () => call.ctx.world, clock: call.ctx.clock, keys: call.ctx.keys, newId: call.runtime.newId },
    {
      tenantId: client.tenant.id,
      principal: client.app,
      resource: scope.resource,
      scopes: scope.resourceScopes,
      version: resource.acceptsV1 ? 1 : 2,
    },
    { clientAuthentication: client.level },
  );
  return tokenResponse(
    call,
    tokenResponseBody(call, issued, scope.resource),
    `client_credentials (${client.kind}) for application ${client.app.name} (${client.app.clientId}), aud ${scope.resource}`,
  );
};
