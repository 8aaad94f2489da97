/**
 * The four permission lists of an Azure role definition. Built-in roles and custom roles read from
 * ARM both fit, so the grant checks below work on either.
 *
 * @example
 * const custom: RolePermissions = {
 *   actions: [], notActions: [],
 *   dataActions: ["Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action"],
 *   notDataActions: [],
 * };
 */
export interface RolePermissions {
  /** Control-plane (ARM) operations granted. */
  actions: readonly string[];
  /** Control-plane operations subtracted from `actions`. */
  notActions: readonly string[];
  /** Data-plane operations granted; what an Entra ID token needs to call inference. */
  dataActions: readonly string[];
  /** Data-plane operations subtracted from `dataActions`. */
  notDataActions: readonly string[];
}

/**
 * A built-in Azure role, with its permissions fully expanded (`Microsoft.CognitiveServices/...`).
 *
 * @example
 * const role: RoleDefinition | undefined = findRole("Cognitive Services OpenAI User");
 * role?.id; // "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"
 */
export interface RoleDefinition extends RolePermissions {
  /** Role definition GUID, the same in every tenant. */
  id: string;
  /** The role name as ARM returns it. */
  name: string;
  /** Other names of the same role (Foundry renamed the "Azure AI" roles; ARM accepts both). */
  aliases: readonly string[];
  description: string;
  /** ABAC condition on role assignment writes, for roles that delegate assignment. */
  condition?: string;
}

/**
 * GUIDs of the built-in roles keyless reasons about, by role.
 *
 * @example
 * BUILT_IN_ROLE_IDS.cognitiveServicesOpenAIUser; // "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"
 */
export const BUILT_IN_ROLE_IDS = Object.freeze({
  cognitiveServicesOpenAIUser: "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd",
  cognitiveServicesOpenAIContributor: "a001fd3d-188f-4b5d-821b-7da978bf7442",
  cognitiveServicesUser: "a97b65f3-24c7-4388-baec-2e87135dc908",
  cognitiveServicesContributor: "25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68",
  cognitiveServicesDataReader: "b59867f0-fa02-499b-be73-45a86b5b3e1c",
  azureAIDeveloper: "64702f94-c441-49e6-a78b-ef80e0188fee",
  azureAIUser: "53ca6127-db72-4b80-b1b0-d745d6d5456d",
  azureAIProjectManager: "eadc314b-1a2d-4efa-be10-5d325db5065e",
  azureAIAccountOwner: "e47c6f54-e4a2-4754-9501-8e0985b135e1",
  owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
} as const);

const CS = "Microsoft.CognitiveServices";

// Both Foundry delegation roles may assign only Azure AI User (docs: rbac-azure-ai-foundry.md).
const ASSIGN_ONLY_AZURE_AI_USER =
  "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals{53ca6127-db72-4b80-b1b0-d745d6d5456d})) AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals{53ca6127-db72-4b80-b1b0-d745d6d5456d}))";

function role(definition: RoleDefinition): RoleDefinition {
  return Object.freeze({
    ...definition,
    aliases: Object.freeze([...definition.aliases]),
    actions: Object.freeze([...definition.actions]),
    notActions: Object.freeze([...definition.notActions]),
    dataActions: Object.freeze([...definition.dataActions]),
    notDataActions: Object.freeze([...definition.notDataActions]),
  });
}

/** Management actions that Cognitive Services Contributor and Azure AI Project Manager share verbatim. */
const ACCOUNT_MANAGEMENT_ACTIONS = [
  "Microsoft.Features/features/read",
  "Microsoft.Features/providers/features/read",
  "Microsoft.Features/providers/features/register/action",
  "Microsoft.Insights/alertRules/*",
  "Microsoft.Insights/diagnosticSettings/*",
  "Microsoft.Insights/logDefinitions/read",
  "Microsoft.Insights/metricdefinitions/read",
  "Microsoft.Insights/metrics/read",
  "Microsoft.ResourceHealth/availabilityStatuses/read",
  "Microsoft.Resources/deployments/*",
  "Microsoft.Resources/deployments/operations/read",
  "Microsoft.Resources/subscriptions/operationresults/read",
  "Microsoft.Resources/subscriptions/read",
  "Microsoft.Resources/subscriptions/resourcegroups/deployments/*",
  "Microsoft.Resources/subscriptions/resourceGroups/read",
  "Microsoft.Support/*",
];

/**
 * The built-in roles that matter for Azure OpenAI and Foundry, as published in MicrosoftDocs
 * `built-in-roles/ai-machine-learning.md`, `built-in-roles/privileged.md` and
 * `rbac-azure-ai-foundry.md` (see `reference/roles-and-endpoints.md` §1).
 *
 * @example
 * BUILT_IN_ROLES.map((r) => r.name); // ["Cognitive Services OpenAI User", ...]
 */
export const BUILT_IN_ROLES: readonly RoleDefinition[] = Object.freeze([
  role({
    id: BUILT_IN_ROLE_IDS.cognitiveServicesOpenAIUser,
    name: "Cognitive Services OpenAI User",
    aliases: [],
    description:
      "Ability to view files, models, deployments. Readers can't make any changes They can inference and create images",
    actions: [
      `${CS}/*/read`,
      "Microsoft.Authorization/roleAssignments/read",
      "Microsoft.Authorization/roleDefinitions/read",
    ],
    notActions: [],
    dataActions: [
      `${CS}/accounts/OpenAI/*/read`,
      `${CS}/accounts/OpenAI/engines/completions/action`,
      `${CS}/accounts/OpenAI/engines/search/action`,
      `${CS}/accounts/OpenAI/engines/generate/action`,
      `${CS}/accounts/OpenAI/deployments/audio/action`,
      `${CS}/accounts/OpenAI/deployments/search/action`,
      `${CS}/accounts/OpenAI/deployments/completions/action`,
      `${CS}/accounts/OpenAI/deployments/chat/completions/action`,
      `${CS}/accounts/OpenAI/deployments/realtime/action`,
      `${CS}/accounts/OpenAI/deployments/extensions/chat/completions/action`,
      `${CS}/accounts/OpenAI/deployments/embeddings/action`,
      `${CS}/accounts/OpenAI/images/generations/action`,
      `${CS}/accounts/OpenAI/assistants/*`,
      // Added to the role after the 2024 definition in reference/roles-and-endpoints.md; the current
      // role JSON (Azure portal export, reproduced in public IaC repos) ends with it.
      `${CS}/accounts/OpenAI/responses/*`,
    ],
    notDataActions: [`${CS}/accounts/OpenAI/stored-completions/read`],
  }),
  role({
    id: BUILT_IN_ROLE_IDS.cognitiveServicesOpenAIContributor,
    name: "Cognitive Services OpenAI Contributor",
    aliases: [],
    description: "Full access including the ability to fine-tune, deploy and generate text",
    actions: [
      `${CS}/*/read`,
      `${CS}/accounts/deployments/write`,
      `${CS}/accounts/deployments/delete`,
      `${CS}/accounts/raiPolicies/read`,
      `${CS}/accounts/raiPolicies/write`,
      `${CS}/accounts/raiPolicies/delete`,
      `${CS}/accounts/commitmentplans/read`,
      `${CS}/accounts/commitmentplans/write`,
      `${CS}/accounts/commitmentplans/delete`,
      "Microsoft.Authorization/roleAssignments/read",
      "Microsoft.Authorization/roleDefinitions/read",
    ],
    notActions: [],
    dataActions: [`${CS}/accounts/OpenAI/*`],
    notDataActions: [],
  }),
  role({
    id: BUILT_IN_ROLE_IDS.cognitiveServicesUser,
    name: "Cognitive Services User",
    aliases: [],
    description: "Lets you read and list keys of Cognitive Services.",
    actions: [
      `${CS}/*/read`,
      `${CS}/accounts/listkeys/action`,
      "Microsoft.Insights/alertRules/read",
      "Microsoft.Insights/diagnosticSettings/read",
      "Microsoft.Insights/logDefinitions/read",
      "Microsoft.Insights/metricdefinitions/read",
      "Microsoft.Insights/metrics/read",
      "Microsoft.ResourceHealth/availabilityStatuses/read",
      "Microsoft.Resources/deployments/operations/read",
      "Microsoft.Resources/subscriptions/operationresults/read",
      "Microsoft.Resources/subscriptions/read",
      "Microsoft.Resources/subscriptions/resourceGroups/read",
      "Microsoft.Support/*",
    ],
    notActions: [],
    dataActions: [`${CS}/*`],
    notDataActions: [],
  }),
  role({
    id: BUILT_IN_ROLE_IDS.cognitiveServicesContributor,
    name: "Cognitive Services Contributor",
    aliases: [],
    description: "Lets you create, read, update, delete and manage keys of Cognitive Services.",
    actions: ["Microsoft.Authorization/*/read", `${CS}/*`, ...ACCOUNT_MANAGEMENT_ACTIONS],
    notActions: [],
    dataActions: [],
    notDataActions: [],
  }),
  role({
    id: BUILT_IN_ROLE_IDS.cognitiveServicesDataReader,
    name: "Cognitive Services Data Reader (Preview)",
    aliases: ["Cognitive Services Data Reader"],
    description: "Lets you read Cognitive Services data.",
    actions: [],
    notActions: [],
    dataActions: [`${CS}/*/read`],
    notDataActions: [],
  }),
  role({
    id: BUILT_IN_ROLE_IDS.azureAIDeveloper,
    name: "Azure AI Developer",
    aliases: [],
    description: "Can perform all actions within an Azure AI resource besides managing the resource itself.",
    actions: [
      "Microsoft.MachineLearningServices/workspaces/*/read",
      "Microsoft.MachineLearningServices/workspaces/*/action",
      "Microsoft.MachineLearningServices/workspaces/*/delete",
      "Microsoft.MachineLearningServices/workspaces/*/write",
      "Microsoft.MachineLearningServices/locations/*/read",
      "Microsoft.Authorization/*/read",
      "Microsoft.Resources/deployments/*",
    ],
    notActions: [
      "Microsoft.MachineLearningServices/workspaces/delete",
      "Microsoft.MachineLearningServices/workspaces/write",
      "Microsoft.MachineLearningServices/workspaces/listKeys/action",
      "Microsoft.MachineLearningServices/workspaces/hubs/write",
      "Microsoft.MachineLearningServices/workspaces/hubs/delete",
      "Microsoft.MachineLearningServices/workspaces/featurestores/write",
      "Microsoft.MachineLearningServices/workspaces/featurestores/delete",
    ],
    dataActions: [
      `${CS}/accounts/OpenAI/*`,
      `${CS}/accounts/SpeechServices/*`,
      `${CS}/accounts/ContentSafety/*`,
    ],
    notDataActions: [],
  }),
  role({
    id: BUILT_IN_ROLE_IDS.azureAIUser,
    name: "Azure AI User",
    aliases: ["Foundry User"],
    description:
      "Grants reader access to AI projects, reader access to AI accounts, and data actions for an AI project.",
    actions: [
      `${CS}/*/read`,
      `${CS}/accounts/listkeys/action`,
      "Microsoft.Insights/alertRules/read",
      "Microsoft.Insights/diagnosticSettings/read",
      "Microsoft.Insights/logDefinitions/read",
      "Microsoft.Insights/metricdefinitions/read",
      "Microsoft.Insights/metrics/read",
      "Microsoft.ResourceHealth/availabilityStatuses/read",
      "Microsoft.Resources/deployments/*",
      "Microsoft.Resources/subscriptions/operationresults/read",
      "Microsoft.Resources/subscriptions/read",
      "Microsoft.Resources/subscriptions/resourceGroups/read",
      "Microsoft.Support/*",
    ],
    notActions: [],
    dataActions: [`${CS}/*`],
    notDataActions: [],
  }),
  role({
    id: BUILT_IN_ROLE_IDS.azureAIProjectManager,
    name: "Azure AI Project Manager",
    aliases: ["Foundry Project Manager"],
    description:
      "Lets you perform developer actions and management actions on Foundry Projects. Allows for making role assignments, but limited to Cognitive Service User role.",
    actions: [
      "Microsoft.Authorization/roleAssignments/write",
      "Microsoft.Authorization/roleAssignments/delete",
      `${CS}/accounts/*/read`,
      `${CS}/accounts/projects/*`,
      `${CS}/locations/*/read`,
      "Microsoft.Authorization/*/read",
      "Microsoft.Insights/alertRules/*",
      "Microsoft.Resources/deployments/*",
      "Microsoft.Resources/subscriptions/resourceGroups/read",
    ],
    notActions: [],
    dataActions: [`${CS}/*`],
    notDataActions: [],
    condition: ASSIGN_ONLY_AZURE_AI_USER,
  }),
  role({
    id: BUILT_IN_ROLE_IDS.azureAIAccountOwner,
    name: "Azure AI Account Owner",
    aliases: ["Foundry Account Owner"],
    description:
      "Grants full access to manage AI projects and accounts. Grants conditional assignment of the Azure AI User role to other user principals.",
    actions: [
      "Microsoft.Authorization/*/read",
      "Microsoft.Authorization/roleAssignments/write",
      "Microsoft.Authorization/roleAssignments/delete",
      `${CS}/*`,
      ...ACCOUNT_MANAGEMENT_ACTIONS,
    ],
    notActions: [],
    dataActions: [],
    notDataActions: [],
    condition: ASSIGN_ONLY_AZURE_AI_USER,
  }),
  role({
    id: BUILT_IN_ROLE_IDS.owner,
    name: "Owner",
    aliases: [],
    description:
      "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.",
    actions: ["*"],
    notActions: [],
    dataActions: [],
    notDataActions: [],
  }),
  role({
    id: BUILT_IN_ROLE_IDS.contributor,
    name: "Contributor",
    aliases: [],
    description:
      "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.",
    actions: ["*"],
    notActions: [
      "Microsoft.Authorization/*/Delete",
      "Microsoft.Authorization/*/Write",
      "Microsoft.Authorization/elevateAccess/Action",
      "Microsoft.Blueprint/blueprintAssignments/write",
      "Microsoft.Blueprint/blueprintAssignments/delete",
      "Microsoft.Compute/galleries/share/action",
      "Microsoft.Purview/consents/write",
      "Microsoft.Purview/consents/delete",
      "Microsoft.Resources/deploymentStacks/manageDenySetting/action",
      "Microsoft.Subscription/cancel/action",
      "Microsoft.Subscription/enable/action",
    ],
    dataActions: [],
    notDataActions: [],
  }),
  role({
    id: BUILT_IN_ROLE_IDS.reader,
    name: "Reader",
    aliases: [],
    description: "View all resources, but does not allow you to make any changes.",
    actions: ["*/read"],
    notActions: [],
    dataActions: [],
    notDataActions: [],
  }),
]);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLE_DEFINITION_ID = /\/providers\/Microsoft\.Authorization\/roleDefinitions\/([0-9a-f-]{36})\/?$/i;

/**
 * Finds a built-in role by name or alias (case-insensitive), by GUID, or by a full ARM role
 * definition id (`/subscriptions/<sub>/providers/Microsoft.Authorization/roleDefinitions/<guid>`).
 * Undefined for anything else, including custom roles.
 *
 * @example
 * findRole("cognitive services openai user")?.id; // "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"
 * findRole("Foundry User")?.name; // "Azure AI User"
 * findRole("/subscriptions/0000/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7")?.name; // "Reader"
 */
export function findRole(nameOrId: string): RoleDefinition | undefined {
  // The catalog never changes, so the answer for a text never does: the emulator asks for the same
  // few role ids on every authorized request.
  if (foundRoles.has(nameOrId)) return foundRoles.get(nameOrId);
  const role = lookUpRole(nameOrId);
  if (foundRoles.size >= FOUND_ROLES_CAPACITY) foundRoles.clear();
  foundRoles.set(nameOrId, role);
  return role;
}

const FOUND_ROLES_CAPACITY = 1024;
const foundRoles = new Map<string, RoleDefinition | undefined>();

function lookUpRole(nameOrId: string): RoleDefinition | undefined {
  const wanted = nameOrId.trim();
  const guid = ROLE_DEFINITION_ID.exec(wanted)?.[1] ?? (GUID.test(wanted) ? wanted : undefined);
  if (guid !== undefined) {
    const id = guid.toLowerCase();
    return BUILT_IN_ROLES.find((r) => r.id === id);
  }
  const name = wanted.replace(/\s+/g, " ").toLowerCase();
  return BUILT_IN_ROLES.find(
    (r) => r.name.toLowerCase() === name || r.aliases.some((a) => a.toLowerCase() === name),
  );
}

const patternCache = new Map<string, RegExp>();

function compile(pattern: string): RegExp {
  let compiled = patternCache.get(pattern);
  if (compiled === undefined) {
    const body = pattern
      .split("*")
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*");
    compiled = new RegExp(`^${body}$`, "i");
    patternCache.set(pattern, compiled);
  }
  return compiled;
}

/**
 * Whether a permission pattern from a role definition covers an operation, with Azure's semantics:
 * `*` matches any sequence of characters, `/` included, anywhere in the pattern; comparison is
 * case-insensitive (built-in roles mix `listkeys` and `listKeys`).
 *
 * @example
 * matchesAction("Microsoft.CognitiveServices/*", "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action"); // true
 * matchesAction("Microsoft.CognitiveServices/accounts/listkeys/action", "Microsoft.CognitiveServices/accounts/listKeys/action"); // true
 * matchesAction("Microsoft.CognitiveServices/accounts/OpenAI/*", "Microsoft.CognitiveServices/accounts/AIServices/agents/read"); // false
 */
export function matchesAction(pattern: string, action: string): boolean {
  return compile(pattern.trim()).test(action.trim());
}

function grants(granted: readonly string[], denied: readonly string[], operation: string): boolean {
  return granted.some((p) => matchesAction(p, operation)) && !denied.some((p) => matchesAction(p, operation));
}

/**
 * Whether a role grants a data-plane operation: some `dataActions` pattern matches it and no
 * `notDataActions` pattern does.
 *
 * @example
 * const user = findRole("Cognitive Services OpenAI User");
 * user && roleGrantsDataAction(user, "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action"); // true
 * user && roleGrantsDataAction(user, "Microsoft.CognitiveServices/accounts/OpenAI/stored-completions/read"); // false
 */
export function roleGrantsDataAction(role: RolePermissions, dataAction: string): boolean {
  return grants(role.dataActions, role.notDataActions, dataAction);
}

/**
 * Whether a role grants a control-plane (ARM) operation: some `actions` pattern matches it and no
 * `notActions` pattern does.
 *
 * @example
 * const owner = findRole("Owner");
 * owner && roleGrantsAction(owner, "Microsoft.CognitiveServices/accounts/listKeys/action"); // true
 */
export function roleGrantsAction(role: RolePermissions, action: string): boolean {
  return grants(role.actions, role.notActions, action);
}

// Narrowest data-plane reach first. Azure AI User comes before Cognitive Services User because the
// Foundry docs name it the least-privilege role; the preview Data Reader is a last resort.
const LEAST_PRIVILEGE_ORDER: readonly string[] = [
  BUILT_IN_ROLE_IDS.cognitiveServicesOpenAIUser,
  BUILT_IN_ROLE_IDS.cognitiveServicesOpenAIContributor,
  BUILT_IN_ROLE_IDS.azureAIDeveloper,
  BUILT_IN_ROLE_IDS.azureAIUser,
  BUILT_IN_ROLE_IDS.cognitiveServicesUser,
  BUILT_IN_ROLE_IDS.azureAIProjectManager,
  BUILT_IN_ROLE_IDS.cognitiveServicesDataReader,
];

function privilegeRank(role: RoleDefinition): number {
  const rank = LEAST_PRIVILEGE_ORDER.indexOf(role.id);
  return rank === -1 ? LEAST_PRIVILEGE_ORDER.length : rank;
}

/**
 * The built-in roles that grant a data action, least privilege first: Cognitive Services OpenAI
 * User leads for OpenAI actions, Azure AI User for Foundry (`AIServices`) actions. Empty for an
 * action no built-in role here grants.
 *
 * @example
 * rolesGrantingDataAction("Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action")[0]?.name;
 * // "Cognitive Services OpenAI User"
 * rolesGrantingDataAction("Microsoft.CognitiveServices/accounts/AIServices/agents/read")[0]?.name; // "Azure AI User"
 */
export function rolesGrantingDataAction(dataAction: string): RoleDefinition[] {
  return BUILT_IN_ROLES.filter((r) => roleGrantsDataAction(r, dataAction)).sort(
    (a, b) => privilegeRank(a) - privilegeRank(b),
  );
}

const LIST_KEYS_ACTION = `${CS}/accounts/listKeys/action`;
const ACCOUNT_WRITE_ACTION = `${CS}/accounts/write`;

/**
 * Whether a role manages Cognitive Services accounts (can list keys or write the account) but holds
 * no data actions: the "the key works but Entra fails" roles (Owner, Contributor, Cognitive
 * Services Contributor, Azure AI Account Owner). Their tokens get 401 `PermissionDenied`.
 *
 * @example
 * isControlPlaneOnly(findRole("Contributor")!); // true
 * isControlPlaneOnly(findRole("Reader")!); // false: it cannot list keys either
 */
export function isControlPlaneOnly(role: RolePermissions): boolean {
  if (role.dataActions.length > 0) return false;
  return roleGrantsAction(role, LIST_KEYS_ACTION) || roleGrantsAction(role, ACCOUNT_WRITE_ACTION);
}
