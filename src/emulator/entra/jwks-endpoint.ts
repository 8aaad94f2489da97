import type { EmulatorContext } from "../app/context.js";
import { allow, withDecision } from "../app/request-decision.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import { EmulatorResponse } from "../http/emulator-response.js";
import { entraErrorResponse, responseIds } from "./entra-error.js";
import { LOGIN_HOSTS, loginOrigin, v2Issuer } from "./login-hosts.js";
import { lookupTenant } from "./tenant-lookup.js";
import type { EntraRuntime } from "./token-call.js";

/**
 * `GET /{tenant}/discovery/v2.0/keys` (and the v1 `/{tenant}/discovery/keys`): the tenant's signing
 * keys, the previous one included after a rotation. `common` and `organizations` list every tenant's
 * keys. v2 keys carry the tenant's `issuer`, as Entra's do.
 *
 * @example
 * const response = jwksEndpoint(request, ctx, runtime, tenantId, 2);
 */
export function jwksEndpoint(
  request: EmulatorRequest,
  ctx: EmulatorContext,
  runtime: EntraRuntime,
  tenantSegment: string,
  version: 1 | 2,
): EmulatorResponse {
  const lookup = lookupTenant(ctx.world, tenantSegment);
  if (lookup.kind === "failure") {
    return entraErrorResponse(
      ctx,
      responseIds(request, runtime.newId),
      loginOrigin(LOGIN_HOSTS.get(request.host) ?? "public"),
      lookup.failure,
    );
  }
  const tenants = lookup.kind === "tenant" ? [lookup.tenant] : ctx.world.tenants;
  const seen = new Set<unknown>();
  const keys: Record<string, unknown>[] = [];
  for (const tenant of tenants) {
    for (const key of ctx.keys.jwks(tenant.id).keys) {
      if (seen.has(key.kid)) continue;
      seen.add(key.kid);
      keys.push(
        version === 2
          ? { ...key, issuer: v2Issuer(tenant.cloud, lookup.kind === "tenant" ? tenant.id : "{tenantid}") }
          : key,
      );
    }
  }
  return withDecision(
    new EmulatorResponse(200, JSON.stringify({ keys }), {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "max-age=86400, private",
    }),
    allow(`jwks v${version} for ${tenantSegment}`),
  );
}
