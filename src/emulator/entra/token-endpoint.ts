import type { EmulatorContext } from "../app/context.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import type { EmulatorResponse } from "../http/emulator-response.js";
import { requestBaseUrl } from "../http/request-base-url.js";
import { AADSTS } from "./aadsts-failures.js";
import { entraErrorResponse, responseIds } from "./entra-error.js";
import { GRANT_HANDLERS } from "./grants/grant-handlers.js";
import { LOGIN_HOSTS, loginOrigin } from "./login-hosts.js";
import { lookupTenant } from "./tenant-lookup.js";
import type { EntraRuntime, TokenCall } from "./token-call.js";
import { fail } from "./token-call.js";

/**
 * `POST /{tenant}/oauth2/v2.0/token` (and the v1 `/{tenant}/oauth2/token`): resolves the tenant
 * (AADSTS90002 / AADSTS900023; a tenant of another cloud than the login host is not found either),
 * requires POST (AADSTS900561) and a `grant_type` (AADSTS900144), and hands the call to the grant's
 * handler (AADSTS70003 for unsupported grants).
 *
 * @example
 * return handleTokenEndpoint(request, ctx, runtime, "contoso.onmicrosoft.com", 2);
 */
export async function handleTokenEndpoint(
  request: EmulatorRequest,
  ctx: EmulatorContext,
  runtime: EntraRuntime,
  tenantSegment: string,
  endpointVersion: 1 | 2,
): Promise<EmulatorResponse> {
  const ids = responseIds(request, runtime.newId);
  const requestCloud = LOGIN_HOSTS.get(request.host);
  const lookup = lookupTenant(ctx.world, tenantSegment);
  if (lookup.kind === "failure")
    return entraErrorResponse(ctx, ids, loginOrigin(requestCloud ?? "public"), lookup.failure);
  const tenant = lookup.kind === "tenant" ? lookup.tenant : undefined;
  if (tenant !== undefined && requestCloud !== undefined && tenant.cloud !== requestCloud) {
    return entraErrorResponse(ctx, ids, loginOrigin(requestCloud), AADSTS.tenantNotFound(tenantSegment));
  }
  const call: TokenCall = {
    request,
    ctx,
    runtime,
    form: new URLSearchParams(request.body),
    tenantSegment,
    ...(tenant === undefined ? {} : { tenant }),
    ids,
    loginOrigin: loginOrigin(tenant?.cloud ?? requestCloud ?? "public"),
    baseUrl: requestBaseUrl(request, ctx),
    endpointVersion,
  };
  if (request.method !== "POST") return fail(call, AADSTS.postRequired(request.method));
  const grantType = call.form.get("grant_type");
  if (grantType === null || grantType === "") return fail(call, AADSTS.missingParameter("grant_type"));
  const handler = Object.hasOwn(GRANT_HANDLERS, grantType) ? GRANT_HANDLERS[grantType] : undefined;
  if (handler === undefined) return fail(call, AADSTS.unsupportedGrantType(grantType));
  return handler(call);
}
