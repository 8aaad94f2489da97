import { decodeJwt } from "jose";

/**
 * The claims of an access token that say who it is for and who holds it, kept for diagnosis.
 * Never the token itself.
 *
 * @example
 * const claims: TokenClaims = { aud: "https://cognitiveservices.azure.com", tid: "72f9...", oid: "1b2c...", exp: 1767225600 };
 */
export interface TokenClaims {
  aud?: string;
  tid?: string;
  oid?: string;
  appid?: string;
  upn?: string;
  /** `app` for an application's (or managed identity's) token, `user` for a user's. */
  idtyp?: string;
  scp?: string;
  roles?: string[];
  iat?: number;
  exp?: number;
}

const STRING_CLAIMS = ["aud", "tid", "oid", "appid", "upn", "idtyp", "scp"] as const;

/**
 * The {@link TokenClaims} of a JWT access token, or `undefined` when it is not one (an opaque
 * token). Reads the payload only; the signature is the service's to check.
 *
 * @example
 * readTokenClaims(accessToken)?.aud; // "https://cognitiveservices.azure.com"
 */
export function readTokenClaims(token: string): TokenClaims | undefined {
  let payload: Record<string, unknown>;
  try {
    payload = decodeJwt(token) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const claims: TokenClaims = {};
  for (const name of STRING_CLAIMS) {
    const value = payload[name];
    if (typeof value === "string") claims[name] = value;
  }
  const azp = payload.azp;
  if (claims.appid === undefined && typeof azp === "string") claims.appid = azp;
  if (Array.isArray(payload.roles)) claims.roles = payload.roles.filter((r) => typeof r === "string");
  if (typeof payload.iat === "number") claims.iat = payload.iat;
  if (typeof payload.exp === "number") claims.exp = payload.exp;
  return claims;
}
