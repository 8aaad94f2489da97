import type { Tenant, World } from "../world/model.js";
import { AADSTS } from "./aadsts-failures.js";
import type { EntraFailure } from "./entra-error.js";

/**
 * What the `{tenant}` path segment of an Entra URL names.
 *
 * @example
 * const lookup: TenantLookup = { kind: "multi", segment: "organizations" };
 */
export type TenantLookup =
  | { kind: "tenant"; tenant: Tenant }
  | { kind: "multi"; segment: "common" | "organizations" | "consumers" }
  | { kind: "failure"; failure: EntraFailure };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DNS_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const MULTI: ReadonlySet<string> = new Set(["common", "organizations", "consumers"]);

/**
 * Resolves the tenant segment of an Entra path the way Entra does: a tenant id (GUID) or a verified
 * domain; `common`, `organizations` and `consumers` are multi-tenant. A GUID or DNS name that names
 * no tenant is AADSTS90002; anything else is AADSTS900023.
 *
 * @example
 * lookupTenant(world, "contoso.onmicrosoft.com"); // { kind: "tenant", tenant }
 * lookupTenant(world, "not a tenant"); // { kind: "failure", failure: { code: 900023, ... } }
 */
export function lookupTenant(world: World, segment: string): TenantLookup {
  const wanted = segment.toLowerCase();
  if (MULTI.has(wanted))
    return { kind: "multi", segment: wanted as "common" | "organizations" | "consumers" };
  if (GUID.test(segment)) {
    const tenant = world.tenants.find((t) => t.id.toLowerCase() === wanted);
    return tenant === undefined
      ? { kind: "failure", failure: AADSTS.tenantNotFound(segment) }
      : { kind: "tenant", tenant };
  }
  if (DNS_NAME.test(segment)) {
    const tenant = world.tenants.find((t) => t.domain.toLowerCase() === wanted);
    return tenant === undefined
      ? { kind: "failure", failure: AADSTS.tenantNotFound(segment) }
      : { kind: "tenant", tenant };
  }
  return { kind: "failure", failure: AADSTS.tenantMalformed(segment) };
}
