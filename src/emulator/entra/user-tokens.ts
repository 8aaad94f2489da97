import { createLocalJWKSet, jwtVerify } from "jose";
import type { Tenant, User } from "../world/model.js";
import { v2Issuer } from "./login-hosts.js";
import type { TokenCall } from "./token-call.js";

/** Refresh tokens live 90 days, like Entra's for confidential and most public clients. */
const REFRESH_LIFETIME_S = 90 * 24 * 60 * 60;
const REFRESH_TOKEN_TYPE = "keyless-refresh-token";

/**
 * What a refresh token the emulator issued stands for.
 *
 * @example
 * const grant: RefreshGrant = { tenantId, userObjectId: user.objectId, clientId };
 */
export interface RefreshGrant {
  tenantId: string;
  userObjectId: string;
  clientId: string;
}

/**
 * The `client_info` MSAL needs for user flows: base64url JSON `{"uid":<oid>,"utid":<tid>}`.
 *
 * @example
 * clientInfo(user); // "eyJ1aWQiOi..."
 */
export function clientInfo(user: User, tenant: Tenant): string {
  return Buffer.from(JSON.stringify({ uid: user.objectId, utid: tenant.id })).toString("base64url");
}

/**
 * A v2 ID token for the user and client application, signed with the tenant's key.
 *
 * @example
 * const idToken = await issueIdToken(call, user, tenant, clientId);
 */
export async function issueIdToken(
  call: TokenCall,
  user: User,
  tenant: Tenant,
  clientId: string,
): Promise<string> {
  const now = Math.floor(call.ctx.clock.now() / 1000);
  return call.ctx.keys.sign(tenant.id, {
    aud: clientId,
    iss: v2Issuer(tenant.cloud, tenant.id),
    iat: now,
    nbf: now,
    exp: now + Math.floor(call.ctx.world.tokenLifetimeMs / 1000),
    name: user.name,
    oid: user.objectId,
    preferred_username: user.upn,
    rh: "0.A.",
    sub: user.objectId,
    tid: tenant.id,
    ver: "2.0",
  });
}

/**
 * A refresh token: opaque to clients, a tenant-signed statement of user and client for the
 * emulator, so nothing has to be stored.
 *
 * @example
 * const refreshToken = await issueRefreshToken(call, user, tenant, clientId);
 */
export async function issueRefreshToken(
  call: TokenCall,
  user: User,
  tenant: Tenant,
  clientId: string,
): Promise<string> {
  const now = Math.floor(call.ctx.clock.now() / 1000);
  const jwt = await call.ctx.keys.sign(tenant.id, {
    typ: REFRESH_TOKEN_TYPE,
    tid: tenant.id,
    oid: user.objectId,
    cid: clientId,
    iat: now,
    exp: now + REFRESH_LIFETIME_S,
    jti: call.runtime.newId(),
  });
  return `1.${jwt}`;
}

/**
 * Reads a refresh token issued by {@link issueRefreshToken} for the tenant: `"expired"` when it is
 * past its lifetime, `undefined` when it is not one of ours (wrong tenant, tampered, not a refresh
 * token).
 *
 * @example
 * const grant = await readRefreshToken(call, tenant, form.get("refresh_token") ?? "");
 */
export async function readRefreshToken(
  call: TokenCall,
  tenant: Tenant,
  token: string,
): Promise<RefreshGrant | "expired" | undefined> {
  if (!token.startsWith("1.")) return undefined;
  const keys = createLocalJWKSet(call.ctx.keys.jwks(tenant.id) as Parameters<typeof createLocalJWKSet>[0]);
  try {
    const { payload } = await jwtVerify(token.slice(2), keys, {
      algorithms: ["RS256"],
      currentDate: new Date(call.ctx.clock.now()),
    });
    if (payload.typ !== REFRESH_TOKEN_TYPE || payload.tid !== tenant.id) return undefined;
    if (typeof payload.oid !== "string" || typeof payload.cid !== "string") return undefined;
    return { tenantId: tenant.id, userObjectId: payload.oid, clientId: payload.cid };
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ERR_JWT_EXPIRED") return "expired";
    return undefined;
  }
}
