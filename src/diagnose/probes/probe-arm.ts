import { AuthorizationManagementClient, type RoleAssignment } from "@azure/arm-authorization";
import { type Account, CognitiveServicesManagementClient } from "@azure/arm-cognitiveservices";
import type { TokenCredential } from "@azure/identity";
import { CLOUDS, type CloudName } from "../../knowledge/clouds.js";
import type { EndpointClassification } from "../../knowledge/endpoint-form.js";
import {
  findRole,
  isControlPlaneOnly,
  type RolePermissions,
  roleGrantsDataAction,
} from "../../knowledge/roles.js";
import type { ArmReport, RoleAssignmentReport, TokenIdentity } from "../diagnosis-report.js";
import type { DoctorNetwork } from "../doctor-network.js";
import { sendProbeRequest } from "../http-request.js";
import type { Redactor } from "../secret-redaction.js";

/**
 * What {@link probeArm} needs: a management token (used only for these reads), who it belongs to,
 * the endpoint and the data action the call needs.
 *
 * @example
 * const input: ArmProbeInput = { token, identity, credential: "AzureCliCredential", cloud: "public", classification, requiredDataAction, signal, timeoutMs: 10_000, redact, now: Date.now, network };
 */
export interface ArmProbeInput {
  token: string;
  identity: TokenIdentity;
  credential: string;
  cloud: CloudName;
  classification: EndpointClassification;
  requiredDataAction: string;
  signal: AbortSignal;
  /** Per request. */
  timeoutMs: number;
  redact: Redactor;
  now: () => number;
  /** Every ARM request goes through it (the proxy and CA certificates of the environment under diagnosis). */
  network: DoctorNetwork;
}

const SUBSCRIPTIONS_API = "2022-12-01";
const MAX_SUBSCRIPTIONS = 50;
const MAX_PAGES = 5;

interface RawSubscription {
  subscriptionId?: string;
  tenantId?: string;
  displayName?: string;
}

async function getJsonPages(
  url: string,
  input: ArmProbeInput,
): Promise<{ value: Record<string, unknown>[] } | { error: string; status?: number }> {
  const value: Record<string, unknown>[] = [];
  let next: string | undefined = url;
  for (let page = 0; next !== undefined && page < MAX_PAGES; page++) {
    const response = await sendProbeRequest(
      {
        method: "GET",
        url: next,
        headers: { authorization: `Bearer ${input.token}` },
        timeoutMs: input.timeoutMs,
        abortSignal: input.signal,
      },
      input.network,
    );
    if (response.status === undefined) return { error: input.redact(response.error) };
    let json: { value?: unknown; nextLink?: unknown; error?: { code?: unknown; message?: unknown } };
    try {
      json = JSON.parse(response.body) as typeof json;
    } catch {
      return {
        error: `ARM answered ${response.status} with a body that is not JSON`,
        status: response.status,
      };
    }
    if (response.status >= 400) {
      const code = typeof json.error?.code === "string" ? `${json.error.code}: ` : "";
      const message =
        typeof json.error?.message === "string" ? json.error.message : `HTTP ${response.status}`;
      return { error: input.redact(`${code}${message}`), status: response.status };
    }
    if (Array.isArray(json.value)) value.push(...(json.value as Record<string, unknown>[]));
    next = typeof json.nextLink === "string" ? json.nextLink : undefined;
  }
  return { value };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

function errorMessage(error: unknown, redact: Redactor): string {
  const e = error as { code?: unknown; message?: unknown };
  const message = typeof e?.message === "string" ? e.message : String(error);
  return redact(typeof e?.code === "string" && !message.includes(e.code) ? `${e.code}: ${message}` : message);
}

function hostOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

function normaliseRegion(region: string | undefined): string {
  return (region ?? "").replace(/\s+/g, "").toLowerCase();
}

/** How the account behind the endpoint is recognised, strongest first. */
function matchAccount(
  accounts: Account[],
  c: EndpointClassification,
): { account: Account; matchedBy: "subdomain" | "endpoint" | "region" } | undefined {
  const host = c.host?.toLowerCase();
  if (c.resourceName !== undefined) {
    const name = c.resourceName.toLowerCase();
    const bySubdomain = accounts.find((a) => a.properties?.customSubDomainName?.toLowerCase() === name);
    if (bySubdomain !== undefined) return { account: bySubdomain, matchedBy: "subdomain" };
  }
  if (host !== undefined && c.kind !== "regional") {
    const byEndpoint = accounts.find((a) =>
      [a.properties?.endpoint, ...Object.values(a.properties?.endpoints ?? {})].some(
        (e) => hostOf(e) === host,
      ),
    );
    if (byEndpoint !== undefined) return { account: byEndpoint, matchedBy: "endpoint" };
  }
  if (c.kind === "regional" && c.region !== undefined) {
    // A regional host names no resource: the account can only be told by its region, and only
    // when exactly one readable account is there.
    const inRegion = accounts.filter((a) => normaliseRegion(a.location) === normaliseRegion(c.region));
    if (inRegion.length === 1 && inRegion[0] !== undefined)
      return { account: inRegion[0], matchedBy: "region" };
  }
  return undefined;
}

/** Whether an assignment at `scope` applies to the resource `resourceId` (same or a parent scope). */
function covers(scope: string, resourceId: string): boolean {
  const s = scope.replace(/\/+$/, "").toLowerCase();
  const r = resourceId.toLowerCase();
  return s === "" || r === s || r.startsWith(`${s}/`);
}

interface ResolvedRole {
  name: string;
  permissions: RolePermissions;
}

async function resolveRoles(
  ids: string[],
  client: AuthorizationManagementClient,
  signal: AbortSignal,
): Promise<Map<string, ResolvedRole>> {
  const roles = new Map<string, ResolvedRole>();
  await Promise.all(
    ids.map(async (id) => {
      try {
        // The SDK's path template adds its own leading slash.
        const definition = await client.roleDefinitions.getById(id.replace(/^\/+/, ""), {
          abortSignal: signal,
        });
        const permissions = definition.permissions?.[0];
        if (permissions !== undefined) {
          roles.set(id.toLowerCase(), {
            name: definition.roleName ?? id,
            permissions: {
              actions: permissions.actions ?? [],
              notActions: permissions.notActions ?? [],
              dataActions: permissions.dataActions ?? [],
              notDataActions: permissions.notDataActions ?? [],
            },
          });
          return;
        }
      } catch {
        // Unreadable definition: fall back to the built-in table below.
      }
      const builtIn = findRole(id);
      if (builtIn !== undefined) roles.set(id.toLowerCase(), { name: builtIn.name, permissions: builtIn });
    }),
  );
  return roles;
}

function toReport(
  assignment: RoleAssignment,
  roles: Map<string, ResolvedRole>,
  context: { resourceId: string; dataAction: string; principalId: string; now: number },
): RoleAssignmentReport {
  const roleDefinitionId = assignment.roleDefinitionId ?? "";
  const role = roles.get(roleDefinitionId.toLowerCase());
  const scope = assignment.scope ?? "";
  const report: RoleAssignmentReport = {
    principalId: assignment.principalId ?? "",
    role: role?.name ?? roleDefinitionId.split("/").pop() ?? roleDefinitionId,
    roleDefinitionId,
    scope,
    coversAccount: covers(scope, context.resourceId),
    grantsDataAction: role !== undefined && roleGrantsDataAction(role.permissions, context.dataAction),
    noDataActions: role !== undefined && role.permissions.dataActions.length === 0,
    controlPlaneOnly: role !== undefined && isControlPlaneOnly(role.permissions),
    viaGroup:
      assignment.principalType === "Group" ||
      (assignment.principalId !== undefined &&
        assignment.principalId.toLowerCase() !== context.principalId.toLowerCase()),
  };
  if (assignment.principalType !== undefined) report.principalType = assignment.principalType;
  if (assignment.createdOn !== undefined) {
    const created = new Date(assignment.createdOn);
    report.createdOn = created.toISOString();
    report.ageMinutes = Math.max(0, Math.round(((context.now - created.getTime()) / 60_000) * 10) / 10);
  }
  return report;
}

function parseAccountId(id: string): { subscriptionId: string; resourceGroup: string } | undefined {
  const match = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\//i.exec(id);
  return match?.[1] !== undefined && match[2] !== undefined
    ? { subscriptionId: match[1], resourceGroup: match[2] }
    : undefined;
}

/**
 * Reads Azure Resource Manager with a management token: the subscriptions and tenants the principal
 * sees, the account behind the endpoint (by custom subdomain, endpoint host, or for a regional
 * endpoint the only account in that region), its settings and deployments, the principal's role
 * assignments at, above and below the account (groups included, through `assignedTo()`), their
 * role definitions against the data action the call needs, and other principals whose role on the
 * account grants it. Coverage is judged against the resource the call is on: the account, or for
 * a Foundry project endpoint the project (`report.project`), so a role on the project only does
 * not cover the account's own endpoints, and a role on another project covers neither. Every failure is reported, never thrown.
 *
 * @example
 * const arm = await probeArm(input);
 * arm.roleAssignments?.filter((a) => a.coversAccount).map((a) => a.role);
 */
export async function probeArm(input: ArmProbeInput): Promise<ArmReport> {
  const cloud = CLOUDS[input.cloud];
  const report: ArmReport = {
    status: "ok",
    credential: input.credential,
    principalType: input.identity.principalType,
    requiredDataAction: input.requiredDataAction,
  };
  const principalId = input.identity.oid;
  if (principalId !== undefined) report.principalId = principalId;

  const [subscriptions, tenants] = await Promise.all([
    getJsonPages(`${cloud.armHost}/subscriptions?api-version=${SUBSCRIPTIONS_API}`, input),
    getJsonPages(`${cloud.armHost}/tenants?api-version=${SUBSCRIPTIONS_API}`, input),
  ]);
  if ("value" in tenants) {
    report.tenants = tenants.value.map((t) => String(t.tenantId ?? "")).filter((t) => t !== "");
  }
  if ("error" in subscriptions) {
    return { ...report, status: "failed", reason: `listing subscriptions failed: ${subscriptions.error}` };
  }
  const subs = (subscriptions.value as RawSubscription[])
    .filter((s) => typeof s.subscriptionId === "string")
    .slice(0, MAX_SUBSCRIPTIONS);
  report.subscriptions = subs.map((s) => ({
    id: s.subscriptionId ?? "",
    ...(s.tenantId === undefined ? {} : { tenantId: s.tenantId }),
    ...(s.displayName === undefined ? {} : { name: s.displayName }),
  }));

  const credential: TokenCredential = {
    getToken: async () => ({ token: input.token, expiresOnTimestamp: input.now() + 600_000 }),
  };
  const clientOptions = {
    endpoint: cloud.armHost,
    credentialScopes: [cloud.armScope],
    retryOptions: { maxRetries: 0 },
    httpClient: input.network.httpClient,
  };
  const listing = await Promise.all(
    subs.map(async (s) => {
      try {
        const client = new CognitiveServicesManagementClient(
          credential,
          s.subscriptionId ?? "",
          clientOptions,
        );
        return await collect(client.accounts.list({ abortSignal: input.signal }));
      } catch {
        return [];
      }
    }),
  );
  const match = matchAccount(listing.flat(), input.classification);
  if (match === undefined) {
    const where =
      subs.length === 0
        ? "no subscription is visible to this principal"
        : `none of ${subs.length} subscription(s) visible to this principal holds it`;
    return {
      ...report,
      status: "not-found",
      reason: `the account behind ${input.classification.host ?? input.classification.input} was not found: ${where}`,
    };
  }
  const { account, matchedBy } = match;
  const accountId = account.id ?? "";
  const location = parseAccountId(accountId);
  if (location === undefined)
    return { ...report, status: "failed", reason: `unexpected account id ${accountId}` };
  const tenantId = subs.find(
    (s) => s.subscriptionId?.toLowerCase() === location.subscriptionId.toLowerCase(),
  )?.tenantId;
  const props = account.properties;
  report.account = {
    id: accountId,
    name: account.name ?? "",
    subscriptionId: location.subscriptionId,
    resourceGroup: location.resourceGroup,
    matchedBy,
    ...(tenantId === undefined ? {} : { tenantId }),
    ...(account.kind === undefined ? {} : { kind: account.kind }),
    ...(account.location === undefined ? {} : { location: account.location }),
    ...(props?.endpoint === undefined ? {} : { endpoint: props.endpoint }),
    ...(props?.customSubDomainName === undefined ? {} : { customSubDomainName: props.customSubDomainName }),
    ...(props?.disableLocalAuth === undefined ? {} : { disableLocalAuth: props.disableLocalAuth }),
    ...(props?.publicNetworkAccess === undefined ? {} : { publicNetworkAccess: props.publicNetworkAccess }),
    ...(props?.networkAcls?.defaultAction === undefined
      ? {}
      : { networkDefaultAction: props.networkAcls.defaultAction }),
    ipRules: (props?.networkAcls?.ipRules ?? []).map((r) => r.value ?? "").filter((v) => v !== ""),
    virtualNetworkRules: props?.networkAcls?.virtualNetworkRules?.length ?? 0,
  };

  // A Foundry project's calls are authorized at the project, below the account.
  const projectName =
    input.classification.kind === "foundry-project" ? input.classification.projectName : undefined;
  if (projectName !== undefined)
    report.project = { name: projectName, id: `${accountId}/projects/${projectName}` };
  const resourceId = report.project?.id ?? accountId;

  const cognitive = new CognitiveServicesManagementClient(credential, location.subscriptionId, clientOptions);
  const authorization = new AuthorizationManagementClient(credential, location.subscriptionId, clientOptions);
  const list = async (scope: string, filter?: string): Promise<RoleAssignment[] | string> => {
    try {
      return await collect(
        authorization.roleAssignments.listForScope(scope.replace(/^\/+/, ""), {
          abortSignal: input.signal,
          ...(filter === undefined ? {} : { filter }),
        }),
      );
    } catch (error) {
      return errorMessage(error, input.redact);
    }
  };
  const groupScope = `/subscriptions/${location.subscriptionId}/resourceGroups/${location.resourceGroup}`;
  const subscriptionScope = `/subscriptions/${location.subscriptionId}`;
  const assignedTo = principalId === undefined ? undefined : `assignedTo('${principalId}')`;
  const [deployments, atAccount, atGroup, atSubscription, everyone] = await Promise.all([
    collect(
      cognitive.deployments.list(location.resourceGroup, account.name ?? "", { abortSignal: input.signal }),
    ).catch((error: unknown) => errorMessage(error, input.redact)),
    assignedTo === undefined ? Promise.resolve("the token has no oid claim") : list(accountId, assignedTo),
    assignedTo === undefined ? Promise.resolve([]) : list(groupScope, assignedTo),
    assignedTo === undefined ? Promise.resolve([]) : list(subscriptionScope, assignedTo),
    list(accountId),
  ]);
  if (typeof deployments !== "string") {
    report.deployments = deployments.map((d) => ({
      name: d.name ?? "",
      ...(d.properties?.model?.name === undefined ? {} : { model: d.properties.model.name }),
      ...(d.properties?.model?.version === undefined ? {} : { modelVersion: d.properties.model.version }),
    }));
  }
  if (typeof atAccount === "string") {
    report.reason = `listing role assignments failed: ${atAccount}`;
    return report;
  }
  const mine = new Map<string, RoleAssignment>();
  for (const batch of [atAccount, atGroup, atSubscription]) {
    if (typeof batch === "string") continue;
    for (const a of batch)
      mine.set((a.id ?? `${a.scope}|${a.roleDefinitionId}|${a.principalId}`).toLowerCase(), a);
  }
  const others = typeof everyone === "string" ? [] : everyone;
  const roleIds = [
    ...new Set([...mine.values(), ...others].map((a) => a.roleDefinitionId ?? "").filter((id) => id !== "")),
  ];
  const roles = await resolveRoles(roleIds, authorization, input.signal);
  const context = {
    resourceId,
    dataAction: input.requiredDataAction,
    principalId: principalId ?? "",
    now: input.now(),
  };
  report.roleAssignments = [...mine.values()].map((a) => toReport(a, roles, context));
  const myPrincipals = new Set([...mine.values()].map((a) => (a.principalId ?? "").toLowerCase()));
  myPrincipals.add((principalId ?? "").toLowerCase());
  report.otherPrincipalsWithRole = others
    .filter((a) => !myPrincipals.has((a.principalId ?? "").toLowerCase()))
    .map((a) => toReport(a, roles, context))
    .filter((a) => a.coversAccount && a.grantsDataAction)
    .map((a) => ({ ...a, viaGroup: a.principalType === "Group" }));
  return report;
}
