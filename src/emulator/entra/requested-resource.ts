import type { Tenant } from "../world/model.js";
import { AADSTS } from "./aadsts-failures.js";
import type { EntraFailure } from "./entra-error.js";
import { findResource, type KnownResource } from "./known-resources.js";
import { parseScopeParameter, type ScopeRequest } from "./scope-request.js";
import type { TokenCall } from "./token-call.js";

/**
 * The resource a token call asks for and the tenant knows, or the failure: the `scope` parameter on
 * the v2 endpoint (AADSTS900144 when missing, AADSTS70011 / AADSTS28000 when malformed), the
 * `resource` parameter on the v1 endpoint, then AADSTS500011 when the tenant has no such resource.
 *
 * @example
 * const wanted = requestedResource(call, tenant);
 * if (!wanted.ok) return fail(call, wanted.failure);
 */
export function requestedResource(
  call: TokenCall,
  tenant: Tenant,
): { ok: true; scope: ScopeRequest; resource: KnownResource } | { ok: false; failure: EntraFailure } {
  let scope: ScopeRequest;
  if (call.endpointVersion === 1) {
    const resource = call.form.get("resource");
    if (resource === null || resource.trim() === "")
      return { ok: false, failure: AADSTS.missingParameter("resource") };
    scope = {
      ok: true,
      resource: resource.trim(),
      permissions: [".default"],
      oidc: [],
      resourceScopes: [resource.trim()],
    };
  } else {
    const raw = call.form.get("scope");
    if (raw === null || raw.trim() === "") return { ok: false, failure: AADSTS.missingParameter("scope") };
    const parsed = parseScopeParameter(raw);
    if (!parsed.ok) return parsed;
    scope = parsed;
  }
  const resource = findResource(scope.resource, tenant, call.ctx.world);
  if (resource === undefined)
    return { ok: false, failure: AADSTS.resourceNotFound(scope.resource, tenant.name) };
  return { ok: true, scope, resource };
}
