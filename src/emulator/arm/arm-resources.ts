import { CLOUDS } from "../../knowledge/clouds.js";
import type { RoleDefinition } from "../../knowledge/roles.js";
import type { Account, Deployment, RoleAssignment, Subscription, Tenant } from "../world/model.js";
import { projectResourceId } from "../world/projects.js";

/**
 * ARM's timestamp form.
 *
 * @example
 * armTimestamp(0); // "1970-01-01T00:00:00.000Z"
 */
export function armTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/**
 * A subscription as `GET /subscriptions` and `GET /subscriptions/{id}` return it.
 *
 * @example
 * subscriptionJson(world.subscriptions[0]).subscriptionId;
 */
export function subscriptionJson(subscription: Subscription): Record<string, unknown> {
  return {
    id: `/subscriptions/${subscription.id}`,
    authorizationSource: "RoleBased",
    managedByTenants: [],
    subscriptionId: subscription.id,
    tenantId: subscription.tenantId,
    displayName: subscription.name,
    state: "Enabled",
    subscriptionPolicies: {
      locationPlacementId: "Public_2014-09-01",
      quotaId: "PayAsYouGo_2014-09-01",
      spendingLimit: "Off",
    },
  };
}

/**
 * A tenant as `GET /tenants` returns it.
 *
 * @example
 * tenantJson(world.tenants[0], true).tenantCategory; // "Home"
 */
export function tenantJson(tenant: Tenant, home: boolean): Record<string, unknown> {
  return {
    id: `/tenants/${tenant.id}`,
    tenantId: tenant.id,
    countryCode: "US",
    displayName: tenant.name,
    domains: [tenant.domain],
    tenantCategory: home ? "Home" : "ProjectedBy",
    defaultDomain: tenant.domain,
    tenantType: "AAD",
  };
}

function hostWithSuffix(account: Account, suffixes: readonly string[]): string | undefined {
  return account.hostnames.find((h) => suffixes.some((s) => h.toLowerCase().endsWith(s)));
}

/**
 * The account's `properties.endpoint`: the `.openai` host for OpenAI accounts, the
 * `.cognitiveservices` host for AI Services accounts, the regional host when there is no custom
 * subdomain.
 *
 * @example
 * accountEndpoint(account); // "https://contoso.openai.azure.com/"
 */
export function accountEndpoint(account: Account): string {
  const cloud = CLOUDS[account.cloud];
  const openai = hostWithSuffix(
    account,
    cloud.openAIHostSuffixes.filter((s) => s.startsWith(".openai.")),
  );
  const cognitive = hostWithSuffix(
    account,
    cloud.openAIHostSuffixes.filter((s) => s.startsWith(".cognitiveservices.")),
  );
  const host =
    account.customSubdomain === null
      ? account.regionalHostname
      : ((account.kind === "OpenAI" ? (openai ?? cognitive) : (cognitive ?? openai)) ?? account.hostnames[0]);
  return `https://${host ?? account.regionalHostname}/`;
}

function accountEndpoints(account: Account): Record<string, string> {
  if (account.customSubdomain === null) {
    const regional = `https://${account.regionalHostname}/`;
    return { "OpenAI Language Model Instance API": regional };
  }
  const cloud = CLOUDS[account.cloud];
  const openai = hostWithSuffix(
    account,
    cloud.openAIHostSuffixes.filter((s) => s.startsWith(".openai.")),
  );
  const services =
    cloud.aiServicesHostSuffix === undefined
      ? undefined
      : hostWithSuffix(account, [cloud.aiServicesHostSuffix]);
  const openaiUrl = `https://${openai ?? account.hostnames[0]}/`;
  const endpoints: Record<string, string> = {
    "OpenAI Language Model Instance API": openaiUrl,
    "OpenAI Dall-E API": openaiUrl,
    "OpenAI Whisper API": openaiUrl,
    "OpenAI Realtime API": openaiUrl,
    "Token Service API": openaiUrl,
  };
  if (account.kind === "AIServices" && services !== undefined) {
    endpoints["AI Foundry API"] = `https://${services}/`;
    endpoints["Azure AI Model Inference API"] = `https://${services}/`;
  }
  return endpoints;
}

/**
 * A Cognitive Services account as ARM returns it (the fields `@azure/arm-cognitiveservices` maps).
 *
 * @example
 * accountJson(account).properties;
 */
export function accountJson(account: Account): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    endpoint: accountEndpoint(account),
    endpoints: accountEndpoints(account),
    internalId: account.resourceId
      .replace(/[^0-9a-z]/gi, "")
      .slice(-32)
      .toLowerCase(),
    provisioningState: "Succeeded",
    customSubDomainName: account.customSubdomain ?? undefined,
    networkAcls: {
      defaultAction: account.networkRules.defaultAction,
      ipRules: account.networkRules.ipRules.map((value) => ({ value })),
      virtualNetworkRules: [],
    },
    publicNetworkAccess: account.publicNetworkAccess,
    disableLocalAuth: account.disableLocalAuth,
    privateEndpointConnections: [],
  };
  const json: Record<string, unknown> = {
    id: account.resourceId,
    name: account.name,
    type: "Microsoft.CognitiveServices/accounts",
    location: account.location,
    kind: account.kind,
    sku: { name: "S0" },
    tags: {},
    properties,
  };
  if (account.identity !== undefined) {
    json.identity = {
      type: "SystemAssigned",
      principalId: account.identity.objectId,
      tenantId: account.identity.tenantId,
    };
  }
  return json;
}

/**
 * A Foundry project of an AIServices account as ARM returns it
 * (`Microsoft.CognitiveServices/accounts/projects`): `name` is `<account>/<project>`, as the
 * projects list API returns it (seen live by public tooling that strips the prefix), and
 * `properties.endpoints["AI Foundry API"]` is the project endpoint @azure/ai-projects takes.
 *
 * @example
 * projectJson(account, "chat-project").properties;
 */
export function projectJson(account: Account, project: string): Record<string, unknown> {
  const cloud = CLOUDS[account.cloud];
  const services =
    cloud.aiServicesHostSuffix === undefined
      ? undefined
      : hostWithSuffix(account, [cloud.aiServicesHostSuffix]);
  return {
    id: projectResourceId(account, project),
    name: `${account.name}/${project}`,
    type: "Microsoft.CognitiveServices/accounts/projects",
    location: account.location,
    tags: {},
    properties: {
      provisioningState: "Succeeded",
      displayName: project,
      endpoints:
        services === undefined ? {} : { "AI Foundry API": `https://${services}/api/projects/${project}` },
      isDefault: account.projects[0] === project,
    },
  };
}

/**
 * A model deployment of an account as ARM returns it.
 *
 * @example
 * deploymentJson(account, account.deployments[0]).properties;
 */
export function deploymentJson(account: Account, deployment: Deployment): Record<string, unknown> {
  const rateLimits: Record<string, unknown>[] = [];
  if (deployment.rpm !== undefined)
    rateLimits.push({ key: "request", renewalPeriod: 60, count: deployment.rpm });
  if (deployment.tpm !== undefined)
    rateLimits.push({ key: "token", renewalPeriod: 60, count: deployment.tpm });
  return {
    id: `${account.resourceId}/deployments/${deployment.name}`,
    name: deployment.name,
    type: "Microsoft.CognitiveServices/accounts/deployments",
    sku: {
      name: "Standard",
      capacity: deployment.tpm === undefined ? 1 : Math.max(1, Math.floor(deployment.tpm / 1000)),
    },
    systemData: {
      createdAt: armTimestamp(deployment.createdAt),
      lastModifiedAt: armTimestamp(deployment.createdAt),
    },
    properties: {
      model: { format: "OpenAI", name: deployment.model, version: deployment.modelVersion },
      provisioningState: "Succeeded",
      rateLimits,
      versionUpgradeOption: "OnceNewDefaultVersionAvailable",
    },
  };
}

/**
 * The full id of a built-in role definition under a subscription, or at the root when there is none.
 *
 * @example
 * roleDefinitionId("sub", "acdd72a7-3385-48ef-bd42-f606fba81ae7");
 * // "/subscriptions/sub/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7"
 */
export function roleDefinitionId(subscriptionId: string | undefined, roleGuid: string): string {
  const prefix = subscriptionId === undefined ? "" : `/subscriptions/${subscriptionId}`;
  return `${prefix}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`;
}

/**
 * A built-in role definition as ARM returns it.
 *
 * @example
 * roleDefinitionJson(findRole("Reader")!, "sub").properties;
 */
export function roleDefinitionJson(
  role: RoleDefinition,
  subscriptionId: string | undefined,
): Record<string, unknown> {
  return {
    id: roleDefinitionId(subscriptionId, role.id),
    name: role.id,
    type: "Microsoft.Authorization/roleDefinitions",
    properties: {
      roleName: role.name,
      type: "BuiltInRole",
      description: role.description,
      assignableScopes: ["/"],
      permissions: [
        {
          actions: [...role.actions],
          notActions: [...role.notActions],
          dataActions: [...role.dataActions],
          notDataActions: [...role.notDataActions],
        },
      ],
      createdOn: "2015-02-02T21:55:09.880Z",
      updatedOn: "2024-01-01T00:00:00.000Z",
      createdBy: null,
      updatedBy: null,
    },
  };
}

/**
 * The subscription id at the start of an ARM scope, if any.
 *
 * @example
 * subscriptionOfScope("/subscriptions/abc/resourceGroups/rg"); // "abc"
 */
export function subscriptionOfScope(scope: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1];
}

/**
 * A role assignment as ARM returns it.
 *
 * @example
 * roleAssignmentJson(world.roleAssignments[0]).properties;
 */
export function roleAssignmentJson(assignment: RoleAssignment): Record<string, unknown> {
  return {
    properties: {
      roleDefinitionId: roleDefinitionId(subscriptionOfScope(assignment.scope), assignment.roleDefinitionId),
      principalId: assignment.principalId,
      principalType: assignment.principalType,
      scope: assignment.scope,
      condition: null,
      conditionVersion: null,
      createdOn: armTimestamp(assignment.createdAt),
      updatedOn: armTimestamp(assignment.createdAt),
      createdBy: null,
      updatedBy: null,
      delegatedManagedIdentityResourceId: null,
      description: null,
    },
    id: `${assignment.scope}/providers/Microsoft.Authorization/roleAssignments/${assignment.id}`,
    type: "Microsoft.Authorization/roleAssignments",
    name: assignment.id,
  };
}
