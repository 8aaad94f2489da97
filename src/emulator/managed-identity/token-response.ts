import type { EmulatorContext, IssuedAccessToken } from "../app/context.js";
import { EmulatorResponse } from "../http/emulator-response.js";
import type { ManagedIdentity, Principal } from "../world/model.js";

/**
 * A JSON response the way the managed identity endpoints send it.
 *
 * @example
 * return jsonResponse(400, { error: "invalid_request", error_description: "Identity not found" });
 */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return new EmulatorResponse(status, JSON.stringify(body), {
    "content-type": "application/json; charset=utf-8",
    ...headers,
  });
}

/**
 * Issues a v1 access token for a principal through the emulator's token service: managed
 * identities get `idtyp: app`, `oid` = the identity's object id and `appid` = its client id (the
 * token service derives those from the principal).
 *
 * @example
 * const issued = await issueV1Token(ctx, identity, "https://management.azure.com/");
 */
export function issueV1Token(
  context: EmulatorContext,
  principal: Principal,
  resource: string,
): Promise<IssuedAccessToken> {
  return context.tokens.issueAccessToken({ tenantId: principal.tenantId, principal, resource, version: 1 });
}

/**
 * The IMDS token response (also Arc's and Cloud Shell's): every value a string, as the live
 * endpoint sends it; `client_id` is present for identities (not for Cloud Shell users).
 *
 * @example
 * jsonResponse(200, imdsTokenBody(issued, "https://management.azure.com/", identity));
 */
export function imdsTokenBody(
  issued: IssuedAccessToken,
  resource: string,
  identity: ManagedIdentity | undefined,
): Record<string, string> {
  const body: Record<string, string> = {
    access_token: issued.accessToken,
    refresh_token: "",
    expires_in: String(issued.expiresIn),
    expires_on: String(issued.expiresOn),
    ext_expires_in: String(issued.extExpiresIn),
    not_before: String(issued.notBefore),
    resource,
    token_type: "Bearer",
  };
  if (identity !== undefined) body.client_id = identity.clientId;
  return body;
}

/**
 * The App Service (2019-08-01) token response: `{access_token, expires_on, resource, token_type, client_id}`.
 *
 * @example
 * jsonResponse(200, appServiceTokenBody(issued, "https://vault.azure.net", identity));
 */
export function appServiceTokenBody(
  issued: IssuedAccessToken,
  resource: string,
  identity: ManagedIdentity,
): Record<string, string> {
  return {
    access_token: issued.accessToken,
    expires_on: String(issued.expiresOn),
    resource,
    token_type: "Bearer",
    client_id: identity.clientId,
  };
}

/**
 * Entra's trailer timestamp format, `2016-04-11 18:59:01Z`.
 *
 * @example
 * entraTimestamp(0); // "1970-01-01 00:00:00Z"
 */
export function entraTimestamp(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19).replace("T", " ")}Z`;
}
