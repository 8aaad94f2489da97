import type { EmulatorContext, IssuedAccessToken } from "../app/context.js";
import { AADSTS } from "../entra/aadsts-failures.js";
import { type EntraFailure, entraTimestamp } from "../entra/entra-error.js";
import { findResource } from "../entra/known-resources.js";
import { lookupTenant } from "../entra/tenant-lookup.js";
import { AZURE_CLI_CLIENT_ID } from "../entra/token-service.js";
import type { Application, CliSignIn, Tenant, User } from "../world/model.js";

/**
 * What a CLI signed in to the world asks for: a resource (as requested, e.g.
 * `https://cognitiveservices.azure.com`), optionally a tenant (id or domain) other than the
 * sign-in's, and the scopes when it asked by scope.
 *
 * @example
 * const request: CliTokenRequest = { resource: "https://cognitiveservices.azure.com" };
 */
export interface CliTokenRequest {
  resource: string;
  tenant?: string;
  scopes?: string[];
}

/**
 * A CLI token, or the Entra failure the CLI would print.
 *
 * @example
 * const outcome = await cliToken(ctx, ctx.world.azureCli, { resource });
 * if (outcome.ok) outcome.issued.accessToken;
 */
export type CliTokenOutcome =
  | { ok: true; issued: IssuedAccessToken; tenant: Tenant; principal: User | Application }
  | { ok: false; failure: EntraFailure };

function canUseTenant(principal: User | Application, tenantId: string): boolean {
  if (principal.tenantId === tenantId) return true;
  return principal.kind === "user"
    ? principal.guestOfTenantIds.includes(tenantId)
    : principal.alsoInTenantIds.includes(tenantId);
}

/**
 * Issues the token a signed-in Azure CLI or azd would get from its cached sign-in: for the signed-in
 * principal (a user through the Azure CLI's client id, or a service principal), in the sign-in's
 * tenant or the one asked for (which the principal must belong to, as a member or guest), for a
 * resource that tenant knows. Refusals are Entra's: AADSTS90002 / 900023 (tenant), AADSTS50034 (user
 * not in tenant), AADSTS700016 (app not in tenant), AADSTS50057 (user disabled), AADSTS53003
 * (conditional access), AADSTS7000112 (app disabled), AADSTS7000222 (every secret expired),
 * AADSTS500011 (resource). The caller checks that someone is signed in.
 *
 * @example
 * const outcome = await cliToken(ctx, ctx.world.azureCli, { resource: "https://cognitiveservices.azure.com" });
 */
export async function cliToken(
  ctx: EmulatorContext,
  signIn: CliSignIn & { principal: User | Application },
  request: CliTokenRequest,
): Promise<CliTokenOutcome> {
  const { world } = ctx;
  const { principal } = signIn;
  let tenant: Tenant | undefined;
  if (request.tenant !== undefined) {
    const lookup = lookupTenant(world, request.tenant);
    if (lookup.kind === "failure") return { ok: false, failure: lookup.failure };
    if (lookup.kind === "tenant") tenant = lookup.tenant;
  }
  tenant ??= world.tenants.find((t) => t.id === (signIn.tenantId ?? principal.tenantId));
  if (tenant === undefined) return { ok: false, failure: AADSTS.tenantNotFound(signIn.tenantId ?? "") };
  if (!canUseTenant(principal, tenant.id)) {
    return {
      ok: false,
      failure:
        principal.kind === "user"
          ? AADSTS.userNotFound(tenant.id)
          : AADSTS.applicationNotFound(principal.clientId, tenant.id),
    };
  }
  const now = ctx.clock.now();
  if (principal.kind === "user") {
    if (principal.disabled) return { ok: false, failure: AADSTS.userDisabled() };
    if (principal.blockedByConditionalAccess)
      return { ok: false, failure: AADSTS.blockedByConditionalAccess() };
  } else {
    if (principal.disabled)
      return { ok: false, failure: AADSTS.applicationDisabled(principal.clientId, principal.name) };
    const usable =
      principal.certificates.length > 0 ||
      principal.secrets.some((s) => s.expiresAt === undefined || s.expiresAt > now);
    if (!usable) return { ok: false, failure: AADSTS.expiredClientSecret(principal.clientId) };
  }
  if (findResource(request.resource, tenant, world) === undefined) {
    return { ok: false, failure: AADSTS.resourceNotFound(request.resource, tenant.name) };
  }
  const issued = await ctx.tokens.issueAccessToken({
    tenantId: tenant.id,
    principal,
    resource: request.resource,
    ...(request.scopes === undefined ? {} : { scopes: request.scopes }),
    ...(principal.kind === "user" ? { clientAppId: AZURE_CLI_CLIENT_ID } : {}),
  });
  return { ok: true, issued, tenant, principal };
}

/**
 * An Entra failure as the CLIs print it (MSAL's `error_description`): the AADSTS line, then the
 * trace id, correlation id and timestamp lines.
 *
 * @example
 * formatCliEntraFailure(AADSTS.userDisabled(), Date.now(), ctx.newId);
 * // "AADSTS50057: The user account is disabled.\nTrace ID: ...\nCorrelation ID: ...\nTimestamp: 2025-01-01 00:00:00Z"
 */
export function formatCliEntraFailure(failure: EntraFailure, now: number, newId: () => string): string {
  return [
    `AADSTS${failure.code}: ${failure.message}`,
    `Trace ID: ${newId()}`,
    `Correlation ID: ${newId()}`,
    `Timestamp: ${entraTimestamp(now)}`,
  ].join("\n");
}
