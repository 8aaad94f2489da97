import type { GrantHandler } from "../token-call.js";
import { clientCredentialsGrant } from "./client-credentials.js";
import { passwordGrant } from "./password.js";
import { refreshTokenGrant } from "./refresh-token.js";

/**
 * The token endpoint's grant types, one handler each. Anything else is AADSTS70003.
 *
 * @example
 * const handler = GRANT_HANDLERS[form.get("grant_type") ?? ""];
 */
export const GRANT_HANDLERS: Readonly<Record<string, GrantHandler>> = Object.freeze({
  client_credentials: clientCredentialsGrant,
  password: passwordGrant,
  refresh_token: refreshTokenGrant,
});
