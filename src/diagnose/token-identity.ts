import { decodeJwt } from "jose";
import type { TokenIdentity } from "./diagnosis-report.js";

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function number(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/**
 * The claims of an access token that say who it is and what it is for, decoded without verifying
 * (the doctor is not the audience; the service verifies). Returns `undefined` for a value that is not
 * a JWT. The token itself is not kept.
 *
 * `principalType` follows `idtyp` (`app` is a service principal) and, without it, the presence of
 * delegated claims (`scp`, `upn`).
 *
 * @example
 * decodeTokenIdentity(accessToken)?.aud; // "https://cognitiveservices.azure.com"
 */
export function decodeTokenIdentity(token: string): TokenIdentity | undefined {
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(token) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const idtyp = text(claims.idtyp);
  const scp = text(claims.scp);
  const upn = text(claims.upn);
  const isUser = idtyp !== undefined ? idtyp === "user" : scp !== undefined || upn !== undefined;
  const identity: TokenIdentity = { principalType: isUser ? "User" : "ServicePrincipal" };
  const aud = Array.isArray(claims.aud) ? text(claims.aud[0]) : text(claims.aud);
  if (aud !== undefined) identity.aud = aud;
  const fields: Array<[keyof TokenIdentity, string | undefined]> = [
    ["iss", text(claims.iss)],
    ["tid", text(claims.tid)],
    ["oid", text(claims.oid)],
    ["upn", upn],
    ["username", text(claims.preferred_username) ?? text(claims.unique_name)],
    ["name", text(claims.name)],
    ["appid", text(claims.appid) ?? text(claims.azp)],
    ["idtyp", idtyp],
    ["scp", scp],
    ["ver", text(claims.ver)],
  ];
  for (const [key, value] of fields) {
    if (value !== undefined) (identity as unknown as Record<string, unknown>)[key] = value;
  }
  if (Array.isArray(claims.roles))
    identity.roles = claims.roles.filter((r): r is string => typeof r === "string");
  for (const key of ["iat", "nbf", "exp"] as const) {
    const value = number(claims[key]);
    if (value !== undefined) identity[key] = value;
  }
  return identity;
}

/**
 * A one-line description of who a token belongs to, for tables and evidence.
 *
 * @example
 * describeIdentity({ principalType: "User", upn: "alice@contoso.com", oid: "1b2c" }); // "alice@contoso.com (User, oid 1b2c)"
 */
export function describeIdentity(identity: TokenIdentity): string {
  const who =
    identity.upn ?? identity.username ?? (identity.appid !== undefined ? `app ${identity.appid}` : undefined);
  const oid = identity.oid === undefined ? "" : `, oid ${identity.oid}`;
  return who === undefined
    ? `${identity.principalType}${identity.oid === undefined ? "" : ` ${identity.oid}`}`
    : `${who} (${identity.principalType}${oid})`;
}
