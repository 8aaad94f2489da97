import { EmulatorResponse } from "../http/emulator-response.js";
/**
 * Azure Resource Manager's refusals, in its `{"error":{"code","message"}}` shape. Messages are
 * verbatim from public captures of management.azure.com (see each function).
 */

/**
 * A JSON response in ARM's style.
 *
 * @example
 * return armJson(200, { value: [] });
 */
export function armJson(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return new EmulatorResponse(status, body === undefined ? null : JSON.stringify(body), {
    "content-type": "application/json; charset=utf-8",
    ...headers,
  });
}

/**
 * An ARM error response.
 *
 * @example
 * return armError(404, "SubscriptionNotFound", "The subscription 'x' could not be found.");
 */
export function armError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return armJson(status, { error: { code, message } }, headers);
}

/**
 * 401 without an `Authorization` header.
 *
 * @example
 * AUTHORIZATION_HEADER_MISSING_MESSAGE; // "Authentication failed. The 'Authorization' header is missing."
 */
export const AUTHORIZATION_HEADER_MISSING_MESSAGE =
  "Authentication failed. The 'Authorization' header is missing.";

/**
 * 401 `InvalidAuthenticationToken` for a token that fails validation (bad signature, unknown
 * issuer, malformed...).
 *
 * @example
 * INVALID_TOKEN_MESSAGE; // "The access token is invalid."
 */
export const INVALID_TOKEN_MESSAGE = "The access token is invalid.";

/**
 * 401 `InvalidAuthenticationTokenAudience` (hashicorp/go-azure-helpers#51).
 *
 * @example
 * wrongAudienceMessage("https://graph.windows.net/", ["https://management.azure.com/"]);
 */
export function wrongAudienceMessage(audience: string, allowed: readonly string[]): string {
  return `The access token has been obtained for wrong audience or resource '${audience}'. It should exactly match with one of the allowed audiences ${allowed.map((a) => `'${a}'`).join(",")}.`;
}

/**
 * ARM's .NET-style UTC timestamp in `ExpiredAuthenticationToken` messages, e.g. `3/21/2023 12:44:36 PM`.
 *
 * @example
 * armUtcTime(Date.UTC(2023, 2, 21, 12, 44, 36)); // "3/21/2023 12:44:36 PM"
 */
export function armUtcTime(epochMs: number): string {
  const d = new Date(epochMs);
  const hours = d.getUTCHours();
  const twelve = hours % 12 === 0 ? 12 : hours % 12;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${twelve}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${hours < 12 ? "AM" : "PM"}`;
}

/**
 * 401 `ExpiredAuthenticationToken`: "The access token expiry UTC time '…' is earlier than current UTC time '…'."
 *
 * @example
 * expiredTokenMessage(expMs, nowMs);
 */
export function expiredTokenMessage(expiresAtMs: number, nowMs: number): string {
  return `The access token expiry UTC time '${armUtcTime(expiresAtMs)}' is earlier than current UTC time '${armUtcTime(nowMs)}'.`;
}

/**
 * 401 `InvalidAuthenticationTokenTenant` (reference/error-bodies.md §2.1; full text from
 * Azure/azure-sdk-for-net#49391 and Azure/pcs-cli#357).
 *
 * @example
 * wrongTenantMessage("https://sts.windows.net/A/", "https://sts.windows.net/B/", "https://login.windows.net/B");
 */
export function wrongTenantMessage(tokenIssuer: string, expectedIssuer: string, authority: string): string {
  return (
    `The access token is from the wrong issuer '${tokenIssuer}'. It must match the tenant '${expectedIssuer}' associated with this subscription. ` +
    `Please use the authority (URL) '${authority}' to get the token. ` +
    "Note, if the subscription is transferred to another tenant there is no impact to the services, but information about new tenant could take time to propagate (up to an hour). " +
    "If you just transferred your subscription and see this error message, please try back later."
  );
}

/**
 * 403 `AuthorizationFailed`. `client` is the caller's UPN for users and its object id otherwise, as
 * ARM prints it.
 *
 * @example
 * authorizationFailedMessage("oid", "oid", "Microsoft.CognitiveServices/accounts/listKeys/action", scope);
 */
export function authorizationFailedMessage(
  client: string,
  objectId: string,
  action: string,
  scope: string,
): string {
  return `The client '${client}' with object id '${objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`;
}

/**
 * 404 `SubscriptionNotFound`.
 *
 * @example
 * subscriptionNotFoundMessage("0000"); // "The subscription '0000' could not be found."
 */
export function subscriptionNotFoundMessage(subscriptionId: string): string {
  return `The subscription '${subscriptionId}' could not be found.`;
}

/**
 * 404 `ResourceGroupNotFound`.
 *
 * @example
 * resourceGroupNotFoundMessage("rg"); // "Resource group 'rg' could not be found."
 */
export function resourceGroupNotFoundMessage(resourceGroup: string): string {
  return `Resource group '${resourceGroup}' could not be found.`;
}

/**
 * 404 `ResourceNotFound`.
 *
 * @example
 * resourceNotFoundMessage("Microsoft.CognitiveServices/accounts/x", "rg");
 */
export function resourceNotFoundMessage(resourceType: string, resourceGroup: string): string {
  return `The Resource '${resourceType}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`;
}

/**
 * 400 `MissingApiVersionParameter`.
 *
 * @example
 * MISSING_API_VERSION_MESSAGE;
 */
export const MISSING_API_VERSION_MESSAGE =
  "The api-version query parameter (?api-version=) is required for all requests.";
