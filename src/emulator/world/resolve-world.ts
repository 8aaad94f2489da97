import { randomBytes } from "node:crypto";
import { CLOUDS, type CloudName } from "../../knowledge/clouds.js";
import { findRole } from "../../knowledge/roles.js";
import {
  certificateThumbprints,
  type GeneratedCertificate,
  generateClientCertificate,
} from "./generate-client-certificate.js";
import type {
  Account,
  Application,
  ClientCertificate,
  CliSignIn,
  Fault,
  Group,
  Host,
  HostKind,
  ManagedIdentity,
  Principal,
  RoleAssignment,
  Subscription,
  Tenant,
  User,
  World,
} from "./model.js";
import { findProject, projectEntryName, projectResourceId } from "./projects.js";
import type { WorldDocument } from "./schema.js";
import { stableId } from "./stable-id.js";
import { WorldFileError } from "./world-file-error.js";

/**
 * Options of {@link resolveWorld}.
 *
 * @example
 * const options: ResolveWorldOptions = { now: Date.parse("2025-01-01T00:00:00Z") };
 */
export interface ResolveWorldOptions {
  /** The emulator's current time (epoch ms): `createdMinutesAgo` and secret expiry count from it. */
  now: number;
  /** Makes a certificate credential that has no PEM; defaults to an RSA 2048 self-signed one. */
  generateCertificate?: (subject: string) => Promise<GeneratedCertificate>;
  /** Makes an account key (32 hex characters); defaults to crypto-random. */
  generateAccountKey?: () => string;
  /** Label used in error messages. */
  sourceName?: string;
}

const MINUTE_MS = 60_000;

const TENANT_DOMAIN_SUFFIX: Record<CloudName, string> = {
  public: ".onmicrosoft.com",
  usgov: ".onmicrosoft.us",
  china: ".partner.onmschina.cn",
};

const HOST_PROVIDER: Record<HostKind, string> = {
  imds: "Microsoft.Compute/virtualMachines",
  "app-service": "Microsoft.Web/sites",
  "cloud-shell": "Microsoft.Compute/virtualMachines",
  arc: "Microsoft.HybridCompute/machines",
  "service-fabric": "Microsoft.ServiceFabric/managedClusters",
};

type Doc = WorldDocument;

function lower(id: string): string {
  return id.toLowerCase();
}

/** Account host names for the cloud: `.openai`, `.cognitiveservices` (+ `.services.ai` for AIServices). */
function accountHostnames(subdomain: string, kind: Account["kind"], cloud: CloudName): string[] {
  const info = CLOUDS[cloud];
  return info.openAIHostSuffixes
    .filter((suffix) => kind === "AIServices" || suffix !== info.aiServicesHostSuffix)
    .map((suffix) => `${subdomain}${suffix}`);
}

/**
 * Turns a validated world document into the resolved {@link World} every handler works on: ids
 * derived from names with {@link stableId} (unless given), tenant domains, account host names for
 * the account's cloud, generated account keys and certificates, role names resolved to built-in role
 * definitions, role scopes turned into ARM ids, and every "N minutes ago" turned into a time.
 *
 * Role definition ids are stored as the bare GUID (`findRole()` accepts it, and ARM ids are built
 * from it per scope).
 *
 * @throws {WorldFileError} for an unknown role, an unresolvable principal or scope, or a certificate
 *   PEM that does not parse.
 * @example
 * const world = await resolveWorld(loadWorld(text, "world.yaml"), { now: clock.now() });
 */
export async function resolveWorld(doc: Doc, options: ResolveWorldOptions): Promise<World> {
  const { now } = options;
  const sourceName = options.sourceName ?? "world";
  const generateCertificate =
    options.generateCertificate ?? ((subject: string) => generateClientCertificate(subject));
  const generateAccountKey = options.generateAccountKey ?? (() => randomBytes(16).toString("hex"));
  const problems: string[] = [];

  const tenants: Tenant[] = doc.tenants.map((t) => ({
    name: t.name,
    id: lower(t.id ?? stableId("tenant", t.name)),
    domain: t.domain ?? `${t.name}${TENANT_DOMAIN_SUFFIX[t.cloud]}`,
    cloud: t.cloud,
  }));
  const tenantByName = new Map(tenants.map((t) => [t.name, t]));
  const tenantOf = (name: string): Tenant => {
    const tenant = tenantByName.get(name);
    if (tenant === undefined)
      throw new WorldFileError(sourceName, [`tenant "${name}" is not declared under tenants`]);
    return tenant;
  };

  const groups: Group[] = doc.groups.map((g) => ({
    name: g.name,
    tenantId: tenantOf(g.tenant).id,
    objectId: lower(g.objectId ?? stableId("group", g.name)),
  }));
  const groupIds = (names: readonly string[]) =>
    names.flatMap((n) => groups.filter((g) => g.name === n).map((g) => g.objectId));

  const users: User[] = doc.users.map((u) => {
    const tenant = tenantOf(u.tenant);
    return {
      kind: "user",
      name: u.name,
      tenantId: tenant.id,
      objectId: lower(u.objectId ?? stableId("user", u.name)),
      groupIds: groupIds(u.groups),
      upn: u.upn ?? `${u.name}@${tenant.domain}`,
      password: u.password,
      passwordExpired: u.passwordExpired,
      disabled: u.disabled,
      mfaRequired: u.mfaRequired,
      blockedByConditionalAccess: u.blockedByConditionalAccess,
      guestOfTenantIds: u.guestOf.map((t) => tenantOf(t).id),
    };
  });

  const subscriptions: Subscription[] = doc.subscriptions.map((s) => ({
    name: s.name,
    id: lower(s.id ?? stableId("subscription", s.name)),
    tenantId: tenantOf(s.tenant).id,
    resourceGroups: [...s.resourceGroups],
  }));
  const subscriptionByName = new Map(subscriptions.map((s) => [s.name, s]));
  for (const account of doc.accounts) {
    const sub = subscriptionByName.get(account.subscription);
    if (sub !== undefined && !sub.resourceGroups.includes(account.resourceGroup))
      sub.resourceGroups.push(account.resourceGroup);
  }

  const applications: Application[] = [];
  for (const a of doc.applications) {
    const tenant = tenantOf(a.tenant);
    const clientId = lower(a.clientId ?? stableId("application", a.name));
    const certificates: ClientCertificate[] = [];
    for (const [index, c] of a.certificates.entries()) {
      let pem = c.certificatePem;
      let privateKeyPem: string | undefined;
      if (pem === undefined) {
        const generated = await generateCertificate(`CN=${a.name}-${c.name}`);
        pem = generated.certificatePem;
        privateKeyPem = generated.privateKeyPem;
      }
      try {
        const prints = certificateThumbprints(pem);
        certificates.push({
          name: c.name,
          certificatePem: pem,
          ...(privateKeyPem === undefined ? {} : { privateKeyPem }),
          x5t: prints.x5t,
          x5tS256: prints.x5tS256,
          publicKeyPem: prints.publicKeyPem,
        });
      } catch {
        problems.push(
          `applications[${doc.applications.indexOf(a)}].certificates[${index}].certificatePem: is not a PEM certificate; paste the "-----BEGIN CERTIFICATE-----" block or omit it to have one generated`,
        );
      }
    }
    applications.push({
      kind: "application",
      name: a.name,
      tenantId: tenant.id,
      objectId: lower(a.objectId ?? stableId("service-principal", a.name)),
      groupIds: groupIds(a.groups),
      clientId,
      secrets: a.secrets.map((s, index) => ({
        id: lower(s.id ?? stableId("client-secret", `${a.name}:${index}`)),
        value: s.value,
        ...(s.expiresInMinutes === undefined ? {} : { expiresAt: now + s.expiresInMinutes * MINUTE_MS }),
      })),
      certificates,
      federatedCredentials: a.federatedCredentials.map((f) => ({
        name: f.name,
        issuer: f.issuer,
        subject: f.subject,
        audiences: [...f.audiences],
      })),
      disabled: a.disabled,
      alsoInTenantIds: a.alsoIn.map((t) => tenantOf(t).id),
    });
  }

  // Where identities live in ARM when the world does not say: the tenant's first subscription.
  const homeOf = (tenantId: string): { subscriptionId: string; resourceGroup: string } => {
    const sub = subscriptions.find((s) => s.tenantId === tenantId);
    return {
      subscriptionId: sub?.id ?? stableId("subscription", `home:${tenantId}`),
      resourceGroup: sub?.resourceGroups[0] ?? "identities",
    };
  };
  const hostOfIdentity = new Map<string, Doc["hosts"][number]>();
  for (const h of doc.hosts)
    for (const name of h.identities) if (!hostOfIdentity.has(name)) hostOfIdentity.set(name, h);
  const accountOfIdentity = new Map(
    doc.accounts.flatMap((a) => (a.identity === undefined ? [] : [[a.identity, a] as const])),
  );

  const accountResourceId = (a: Doc["accounts"][number]): string => {
    const sub = subscriptionByName.get(a.subscription);
    return `/subscriptions/${sub?.id ?? ""}/resourceGroups/${a.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${a.name}`;
  };

  const managedIdentities: ManagedIdentity[] = doc.managedIdentities.map((m) => {
    const tenant = tenantOf(m.tenant);
    let resourceId = m.resourceId;
    if (resourceId === undefined) {
      const { subscriptionId, resourceGroup } = homeOf(tenant.id);
      const base = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers`;
      if (m.kind === "user")
        resourceId = `${base}/Microsoft.ManagedIdentity/userAssignedIdentities/${m.name}`;
      else {
        const account = accountOfIdentity.get(m.name);
        const host = hostOfIdentity.get(m.name);
        resourceId =
          account !== undefined
            ? accountResourceId(account)
            : `${base}/${HOST_PROVIDER[host?.kind ?? "imds"]}/${host?.name ?? m.name}`;
      }
    }
    return {
      kind: "managed-identity",
      name: m.name,
      tenantId: tenant.id,
      objectId: lower(m.objectId ?? stableId("managed-identity-object", m.name)),
      groupIds: groupIds(m.groups),
      identityKind: m.kind,
      clientId: lower(m.clientId ?? stableId("managed-identity-client", m.name)),
      resourceId,
    };
  });
  const identityByName = new Map(managedIdentities.map((m) => [m.name, m]));
  const userByName = new Map(users.map((u) => [u.name, u]));

  const hosts: Host[] = doc.hosts.map((h) => {
    const user = h.user === undefined ? undefined : userByName.get(h.user);
    return {
      name: h.name,
      kind: h.kind,
      identities: h.identities.flatMap((n) => {
        const identity = identityByName.get(n);
        return identity === undefined ? [] : [identity];
      }),
      ...(user === undefined ? {} : { user }),
    };
  });

  const signIn = (s: Doc["azureCli"]): CliSignIn => {
    const principal =
      s.principal === undefined
        ? undefined
        : (userByName.get(s.principal) ?? applications.find((a) => a.name === s.principal));
    const tenantId = s.tenant !== undefined ? tenantOf(s.tenant).id : principal?.tenantId;
    const subscriptionId =
      s.subscription !== undefined
        ? subscriptionByName.get(s.subscription)?.id
        : subscriptions.find((sub) => sub.tenantId === tenantId)?.id;
    return {
      installed: s.installed,
      ...(principal === undefined ? {} : { principal }),
      ...(tenantId === undefined ? {} : { tenantId }),
      ...(subscriptionId === undefined ? {} : { subscriptionId }),
      hang: s.hang,
    };
  };

  const accounts: Account[] = doc.accounts.map((a) => {
    const sub = subscriptionByName.get(a.subscription);
    const tenant = tenants.find((t) => t.id === sub?.tenantId) ?? tenants[0];
    const cloud: CloudName = tenant?.cloud ?? "public";
    const customSubdomain =
      a.customSubdomain === undefined ? a.name.toLowerCase() : (a.customSubdomain?.toLowerCase() ?? null);
    const identity = a.identity === undefined ? undefined : identityByName.get(a.identity);
    return {
      name: a.name,
      subscriptionId: sub?.id ?? "",
      resourceGroup: a.resourceGroup,
      tenantId: tenant?.id ?? "",
      cloud,
      kind: a.kind,
      location: a.location,
      customSubdomain,
      resourceId: accountResourceId(a),
      hostnames: customSubdomain === null ? [] : accountHostnames(customSubdomain, a.kind, cloud),
      regionalHostname: `${a.location.toLowerCase()}${CLOUDS[cloud].regionalHostSuffix}`,
      disableLocalAuth: a.disableLocalAuth,
      publicNetworkAccess: a.publicNetworkAccess,
      networkRules: {
        defaultAction: a.networkRules.defaultAction,
        ipRules: [...a.networkRules.ipRules],
        privateEndpointOnly: a.networkRules.privateEndpointOnly,
        virtualNetwork: a.networkRules.virtualNetwork,
      },
      keys: a.keys === undefined ? [generateAccountKey(), generateAccountKey()] : [a.keys[0], a.keys[1]],
      deployments: a.deployments.map((d) => ({
        name: d.name,
        model: d.model,
        modelVersion: d.modelVersion,
        kind: d.kind,
        ...(d.rpm === undefined ? {} : { rpm: d.rpm }),
        ...(d.tpm === undefined ? {} : { tpm: d.tpm }),
        createdAt: now - d.createdMinutesAgo * MINUTE_MS,
      })),
      projects: a.projects.map(projectEntryName),
      ...(identity === undefined ? {} : { identity }),
    };
  });
  const accountByName = new Map(accounts.map((a) => [a.name, a]));

  const principalsByName = new Map<string, Principal | Group>();
  for (const p of [...users, ...applications, ...managedIdentities]) principalsByName.set(p.name, p);
  for (const g of groups) principalsByName.set(g.name, g);
  const everyPrincipal: (Principal | Group)[] = [...users, ...groups, ...applications, ...managedIdentities];

  const resolveScope = (scope: string, path: string): string | undefined => {
    if (scope.startsWith("/")) return scope;
    const [kind = "", rest = ""] = [scope.slice(0, scope.indexOf(":")), scope.slice(scope.indexOf(":") + 1)];
    const [first = "", second = ""] = rest.split("/");
    const subscriptionId = (name: string) => subscriptionByName.get(name)?.id;
    if (kind === "subscription" && subscriptionId(rest) !== undefined)
      return `/subscriptions/${subscriptionId(rest)}`;
    if (kind === "resourceGroup" && subscriptionId(first) !== undefined) {
      return `/subscriptions/${subscriptionId(first)}/resourceGroups/${second}`;
    }
    if (kind === "account" && accountByName.has(rest)) return accountByName.get(rest)?.resourceId;
    const projectAccount = kind === "project" ? accountByName.get(first) : undefined;
    const project = projectAccount === undefined ? undefined : findProject(projectAccount, second);
    if (projectAccount !== undefined && project !== undefined)
      return projectResourceId(projectAccount, project);
    problems.push(`${path}: cannot resolve scope "${scope}"`);
    return undefined;
  };

  const roleAssignments: RoleAssignment[] = [];
  doc.roleAssignments.forEach((r, index) => {
    const path = `roleAssignments[${index}]`;
    const role = findRole(r.role);
    if (role === undefined) {
      problems.push(
        `${path}.role: "${r.role}" is not a built-in role name or role definition GUID; use e.g. "Cognitive Services OpenAI User" or 5e0bd9bd-7b93-4f28-af87-19fc36ad61bd`,
      );
    }
    const principal =
      principalsByName.get(r.principal) ??
      everyPrincipal.find((p) => p.objectId === r.principal.toLowerCase());
    if (principal === undefined) {
      problems.push(
        `${path}.principal: "${r.principal}" is not a user, group, application or managed identity declared in the world`,
      );
    }
    const scope = resolveScope(r.scope, `${path}.scope`);
    if (role === undefined || principal === undefined || scope === undefined) return;
    const principalType: RoleAssignment["principalType"] =
      "kind" in principal ? (principal.kind === "user" ? "User" : "ServicePrincipal") : "Group";
    roleAssignments.push({
      id: lower(
        r.id ?? stableId("role-assignment", `${principal.objectId}|${role.id}|${scope.toLowerCase()}`),
      ),
      principalId: principal.objectId,
      principalType,
      roleDefinitionId: role.id,
      roleName: role.name,
      scope,
      createdAt: now - r.createdMinutesAgo * MINUTE_MS,
    });
  });

  const faults: Fault[] = doc.faults.map((f, index) => ({
    id: stableId("fault", String(index)),
    target: f.target,
    status: f.status,
    ...(f.times === undefined ? {} : { remaining: f.times }),
    ...(f.pathPrefix === undefined ? {} : { pathPrefix: f.pathPrefix }),
    headers: { ...f.headers },
    ...(f.body === undefined ? {} : { body: f.body }),
  }));

  if (problems.length > 0) throw new WorldFileError(sourceName, problems);

  // zod's `.default({})` on an object does not apply the inner defaults, so each one is applied here.
  const given: Partial<Doc["defaults"]> = doc.defaults ?? {};
  const defaultAccount = given.account ?? accounts[0]?.name;
  const account = accounts.find((a) => a.name === defaultAccount);
  const defaultDeployment = given.deployment ?? account?.deployments[0]?.name;
  const defaultApplication = given.application ?? applications[0]?.name;
  const defaultHost = given.host ?? hosts.find((h) => h.identities.length > 0)?.name ?? hosts[0]?.name;

  return {
    ...(doc.description === undefined ? {} : { description: doc.description }),
    rbacPropagationMs: doc.rbacPropagationMinutes * MINUTE_MS,
    tokenLifetimeMs: doc.tokenLifetimeMinutes * MINUTE_MS,
    tenants,
    users,
    groups,
    applications,
    managedIdentities,
    hosts,
    azureCli: signIn(doc.azureCli),
    azureDeveloperCli: signIn(doc.azureDeveloperCli),
    subscriptions,
    accounts,
    roleAssignments,
    faults,
    defaults: {
      ...(defaultAccount === undefined ? {} : { account: defaultAccount }),
      ...(defaultDeployment === undefined ? {} : { deployment: defaultDeployment }),
      ...(defaultApplication === undefined ? {} : { application: defaultApplication }),
      ...(defaultHost === undefined ? {} : { host: defaultHost }),
      endpoint: given.endpoint ?? "subdomain",
      apiKey: given.apiKey ?? "none",
      apiKeyVariable: given.apiKeyVariable ?? "KEYLESS_API_KEY",
      clientSecret: given.clientSecret ?? "value",
      adToken: given.adToken ?? "none",
      env: { ...(given.env ?? {}) },
    },
  };
}
