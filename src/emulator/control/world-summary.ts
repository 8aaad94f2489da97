import type { EmulatorUrls } from "../app/context.js";
import type { RoleAssignment, World } from "../world/model.js";
import { listAssignees } from "../world/principals.js";

/**
 * One role assignment as the control API shows it: who, what, where, and when it takes effect on
 * the data plane (`createdAt` + the world's propagation delay).
 *
 * @example
 * const row: RoleAssignmentSummary = summarizeRoleAssignment(world, assignment, clock.now());
 */
export interface RoleAssignmentSummary {
  id: string;
  principalId: string;
  /** The principal's name in the world, when it is one of its principals or groups. */
  principalName?: string;
  principalType: RoleAssignment["principalType"];
  roleName: string;
  roleDefinitionId: string;
  scope: string;
  /** ISO-8601. */
  createdAt: string;
  /** ISO-8601: when the data plane starts honouring it. */
  effectiveAt: string;
  effective: boolean;
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function principalName(world: World, objectId: string): string | undefined {
  return listAssignees(world).find((p) => p.objectId === objectId)?.name;
}

/**
 * See {@link RoleAssignmentSummary}.
 *
 * @example
 * summarizeRoleAssignment(world, world.roleAssignments[0], Date.now()).effective; // true
 */
export function summarizeRoleAssignment(
  world: World,
  assignment: RoleAssignment,
  now: number,
): RoleAssignmentSummary {
  const effectiveAt = assignment.createdAt + world.rbacPropagationMs;
  const name = principalName(world, assignment.principalId);
  return {
    id: assignment.id,
    principalId: assignment.principalId,
    ...(name === undefined ? {} : { principalName: name }),
    principalType: assignment.principalType,
    roleName: assignment.roleName,
    roleDefinitionId: assignment.roleDefinitionId,
    scope: assignment.scope,
    createdAt: iso(assignment.createdAt),
    effectiveAt: iso(effectiveAt),
    effective: now >= effectiveAt,
  };
}

function groupNames(world: World, ids: readonly string[]): string[] {
  return ids.map((id) => world.groups.find((g) => g.objectId === id)?.name ?? id);
}

function signIn(world: World, which: "azureCli" | "azureDeveloperCli") {
  const state = world[which];
  return {
    installed: state.installed,
    loggedIn: state.principal !== undefined,
    ...(state.principal === undefined ? {} : { principal: state.principal.name }),
    ...(state.tenantId === undefined ? {} : { tenantId: state.tenantId }),
    ...(state.subscriptionId === undefined ? {} : { subscriptionId: state.subscriptionId }),
    hang: state.hang,
  };
}

/**
 * A redacted summary of the world for `GET /_keyless/world`: tenants, principals with their ids,
 * groups, hosts, CLI sign-in state, subscriptions, accounts with their endpoints (Azure form and
 * the emulator's direct form) and deployments, role assignments with when they take effect, faults
 * and the defaults. It never carries a password, a client secret value, a private key, an account
 * key, a fault body or a `defaults.env` value: secret ids, certificate thumbprints and the names of
 * `defaults.env` variables are all it says about credentials.
 *
 * @example
 * const summary = summarizeWorld(ctx.world, ctx.clock.now(), ctx.urls);
 * summary.accounts[0].endpoints; // ["https://contoso-openai.openai.azure.com/", ...]
 */
export function summarizeWorld(world: World, now: number, urls: EmulatorUrls) {
  return {
    time: iso(now),
    ...(world.description === undefined ? {} : { description: world.description }),
    rbacPropagationMinutes: world.rbacPropagationMs / 60_000,
    tokenLifetimeMinutes: world.tokenLifetimeMs / 60_000,
    tenants: world.tenants.map((t) => ({ name: t.name, id: t.id, domain: t.domain, cloud: t.cloud })),
    principals: [
      ...world.users.map((u) => ({
        kind: u.kind,
        name: u.name,
        tenantId: u.tenantId,
        objectId: u.objectId,
        upn: u.upn,
        groups: groupNames(world, u.groupIds),
        disabled: u.disabled,
        passwordExpired: u.passwordExpired,
        mfaRequired: u.mfaRequired,
        blockedByConditionalAccess: u.blockedByConditionalAccess,
        guestOfTenantIds: [...u.guestOfTenantIds],
      })),
      ...world.applications.map((a) => ({
        kind: a.kind,
        name: a.name,
        tenantId: a.tenantId,
        clientId: a.clientId,
        objectId: a.objectId,
        groups: groupNames(world, a.groupIds),
        disabled: a.disabled,
        alsoInTenantIds: [...a.alsoInTenantIds],
        secrets: a.secrets.map((s) => ({
          id: s.id,
          ...(s.expiresAt === undefined ? {} : { expiresAt: iso(s.expiresAt) }),
          expired: s.expiresAt !== undefined && s.expiresAt <= now,
        })),
        certificates: a.certificates.map((c) => ({ name: c.name, x5t: c.x5t, x5tS256: c.x5tS256 })),
        federatedCredentials: a.federatedCredentials.map((f) => ({
          name: f.name,
          issuer: f.issuer,
          subject: f.subject,
          audiences: [...f.audiences],
        })),
      })),
      ...world.managedIdentities.map((m) => ({
        kind: m.kind,
        name: m.name,
        tenantId: m.tenantId,
        identityKind: m.identityKind,
        clientId: m.clientId,
        objectId: m.objectId,
        resourceId: m.resourceId,
        groups: groupNames(world, m.groupIds),
      })),
    ],
    groups: world.groups.map((g) => ({ name: g.name, tenantId: g.tenantId, objectId: g.objectId })),
    hosts: world.hosts.map((h) => ({
      name: h.name,
      kind: h.kind,
      identities: h.identities.map((i) => i.name),
      ...(h.user === undefined ? {} : { user: h.user.name }),
    })),
    azureCli: signIn(world, "azureCli"),
    azureDeveloperCli: signIn(world, "azureDeveloperCli"),
    subscriptions: world.subscriptions.map((s) => ({
      name: s.name,
      id: s.id,
      tenantId: s.tenantId,
      resourceGroups: [...s.resourceGroups],
    })),
    accounts: world.accounts.map((a) => ({
      name: a.name,
      resourceId: a.resourceId,
      tenantId: a.tenantId,
      cloud: a.cloud,
      kind: a.kind,
      location: a.location,
      customSubdomain: a.customSubdomain,
      endpoints: [...a.hostnames, a.regionalHostname].map((host) => `https://${host}/`),
      directEndpoints: [...a.hostnames, a.regionalHostname].map((host) => `${urls.base}/_host/${host}`),
      disableLocalAuth: a.disableLocalAuth,
      publicNetworkAccess: a.publicNetworkAccess,
      networkRules: { ...a.networkRules, ipRules: [...a.networkRules.ipRules] },
      deployments: a.deployments.map((d) => ({
        name: d.name,
        model: d.model,
        modelVersion: d.modelVersion,
        kind: d.kind,
        ...(d.rpm === undefined ? {} : { rpm: d.rpm }),
        ...(d.tpm === undefined ? {} : { tpm: d.tpm }),
        createdAt: iso(d.createdAt),
      })),
      projects: [...a.projects],
      ...(a.identity === undefined ? {} : { identity: a.identity.name }),
    })),
    roleAssignments: world.roleAssignments.map((r) => summarizeRoleAssignment(world, r, now)),
    faults: world.faults.map((f) => ({
      id: f.id,
      target: f.target,
      status: f.status,
      ...(f.remaining === undefined ? {} : { remaining: f.remaining }),
      ...(f.pathPrefix === undefined ? {} : { pathPrefix: f.pathPrefix }),
      headers: Object.keys(f.headers),
      hasBody: f.body !== undefined,
    })),
    defaults: {
      ...(world.defaults.account === undefined ? {} : { account: world.defaults.account }),
      ...(world.defaults.deployment === undefined ? {} : { deployment: world.defaults.deployment }),
      ...(world.defaults.application === undefined ? {} : { application: world.defaults.application }),
      ...(world.defaults.host === undefined ? {} : { host: world.defaults.host }),
      endpoint: world.defaults.endpoint,
      apiKey: world.defaults.apiKey,
      clientSecret: world.defaults.clientSecret,
      envVariables: Object.keys(world.defaults.env),
    },
  };
}

/**
 * What {@link summarizeWorld} returns.
 *
 * @example
 * const summary: WorldSummary = summarizeWorld(world, now, urls);
 */
export type WorldSummary = ReturnType<typeof summarizeWorld>;
