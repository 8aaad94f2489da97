import type { IssuedAccessToken } from "../app/context.js";
import type { TokenCall } from "./token-call.js";

/**
 * The fields of a token response that describe the access token, in the endpoint's format: v2
 * (`expires_in`, `ext_expires_in` and `refresh_in` as numbers, the last only for lifetimes of two
 * hours or more) or v1 (every value a string, plus `expires_on`, `not_before` and `resource`).
 *
 * @example
 * tokenResponseBody(call, issued, "https://cognitiveservices.azure.com");
 * // { token_type: "Bearer", expires_in: 3600, ext_expires_in: 3600, access_token: "eyJ..." }
 */
export function tokenResponseBody(
  call: TokenCall,
  issued: IssuedAccessToken,
  resource: string,
): Record<string, unknown> {
  if (call.endpointVersion === 1) {
    return {
      token_type: "Bearer",
      expires_in: String(issued.expiresIn),
      ext_expires_in: String(issued.extExpiresIn),
      expires_on: String(issued.expiresOn),
      not_before: String(issued.notBefore),
      resource,
      access_token: issued.accessToken,
    };
  }
  return {
    token_type: "Bearer",
    expires_in: issued.expiresIn,
    ext_expires_in: issued.extExpiresIn,
    ...(issued.refreshIn > 0 ? { refresh_in: issued.refreshIn } : {}),
    access_token: issued.accessToken,
  };
}
