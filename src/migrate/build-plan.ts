import { classifyEndpoint } from "../knowledge/endpoint-form.js";
import { BUILT_IN_ROLE_IDS, findRole } from "../knowledge/roles.js";
import type { MigrateFinding, MigratePlan, PlannedRoleAssignment, PlanStep } from "./migrate-types.js";

const ASSIGNEE_PLACEHOLDER = "<principal-object-id>";
const CODE_LANGUAGES = ["python", "javascript", "typescript", "csharp", "java"] as const;

/** What {@link buildPlan} needs beyond the findings. */
export interface PlanInput {
  findings: readonly MigrateFinding[];
  /** Findings whose file holds the key itself (a literal or a configuration value). */
  keysInFiles: readonly MigrateFinding[];
  endpoint?: string;
  assignees?: readonly string[];
  resourceId?: string;
}

function roleName(id: string): string {
  return findRole(id)?.name ?? id;
}

/** The data-plane role an endpoint's calls need: Azure AI User for Foundry projects, else the OpenAI / Cognitive Services user role. */
function roleForEndpoint(endpoint: string | undefined): string {
  const kind = endpoint === undefined ? "openai" : classifyEndpoint(endpoint).kind;
  if (kind === "foundry-project") return roleName(BUILT_IN_ROLE_IDS.azureAIUser);
  if (kind === "ai-services-models") return roleName(BUILT_IN_ROLE_IDS.cognitiveServicesUser);
  return roleName(BUILT_IN_ROLE_IDS.cognitiveServicesOpenAIUser);
}

function accountScope(endpoint: string | undefined, resourceId: string | undefined): string {
  if (resourceId !== undefined) return resourceId;
  const c = endpoint === undefined ? undefined : classifyEndpoint(endpoint);
  const account = c?.resourceName ?? "<account-name>";
  const base = `/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.CognitiveServices/accounts/${account}`;
  return c?.kind === "foundry-project" && c.projectName ? `${base}/projects/${c.projectName}` : base;
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:-]+$/.test(value) ? value : `"${value.replace(/(["\\$`])/g, "\\$1")}"`;
}

/**
 * The steps that finish a migration after the code change, from what was found: the package to add
 * per language, the configuration to remove, one `az role assignment create` per identity that runs
 * the app (placeholders when none was named or read from ARM), rotating the keys that
 * were written in files, and turning local auth off (`az resource update` and the Bicep /
 * Terraform change) once traffic is keyless.
 *
 * @example
 * const plan = buildPlan({ findings, keysInFiles: [], endpoint: "https://contoso.openai.azure.com" });
 * plan.roleAssignments[0]?.command; // 'az role assignment create --assignee <principal-object-id> --role "Cognitive Services OpenAI User" --scope /subscriptions/...'
 */
export function buildPlan(input: PlanInput): MigratePlan {
  const { findings } = input;
  const steps: PlanStep[] = [];
  if (findings.length === 0) return { steps, roleAssignments: [] };

  const languages = new Set(findings.map((f) => f.language));
  const packages: string[] = [];
  for (const language of CODE_LANGUAGES) {
    if (!languages.has(language)) continue;
    if (language === "python") {
      packages.push("pip install azure-identity");
      if (findings.some((f) => f.library === "openai-v0"))
        packages.push('pip install "openai>=1"  # openai<1 has no token provider');
    }
    if (language === "javascript" || language === "typescript") {
      if (!packages.includes("npm install @azure/identity")) packages.push("npm install @azure/identity");
      const retired = "npm install openai  # @azure/openai v1 is retired";
      if (findings.some((f) => f.library === "@azure/openai") && !packages.includes(retired))
        packages.push(retired);
    }
    if (language === "csharp") packages.push("dotnet add package Azure.Identity");
    if (language === "java")
      packages.push(
        "# Maven: com.azure:azure-identity (<dependency><groupId>com.azure</groupId><artifactId>azure-identity</artifactId></dependency>)",
      );
  }
  if (packages.length > 0) steps.push({ id: "packages", title: "Add the identity package", lines: packages });

  const config = findings.filter((f) => f.kind === "key-env");
  if (config.length > 0 || findings.some((f) => f.kind === "client-api-key" || f.kind === "key-credential")) {
    const lines = config.map(
      (f) =>
        `# ${f.file}:${f.line}: ${f.message.replace(/ is an Azure OpenAI.*$/, "")}: remove it once the app is keyless`,
    );
    if (config.length === 0) {
      lines.push(
        "# remove the key variables (AZURE_OPENAI_API_KEY, ...) from where the app runs: app settings, pipelines, Key Vault references",
      );
    }
    if (
      findings.some(
        (f) => f.library === "openai" && (f.language === "javascript" || f.language === "typescript"),
      )
    ) {
      lines.push(
        "# and unset AZURE_OPENAI_API_KEY where the app runs: openai's AzureOpenAI reads it and refuses it beside azureADTokenProvider",
      );
    }
    lines.push("# keep AZURE_OPENAI_ENDPOINT (the custom subdomain endpoint): the keyless client needs it");
    steps.push({ id: "configuration", title: "Remove the keys from the configuration", lines });
  }

  const role = roleForEndpoint(input.endpoint);
  const scope = accountScope(input.endpoint, input.resourceId);
  const assignees = input.assignees && input.assignees.length > 0 ? input.assignees : [ASSIGNEE_PLACEHOLDER];
  const roleAssignments: PlannedRoleAssignment[] = assignees.map((assignee) => ({
    assignee,
    role,
    scope,
    command: `az role assignment create --assignee ${shellQuote(assignee)} --role ${shellQuote(role)} --scope ${shellQuote(scope)}`,
    placeholders: assignee.includes("<") || scope.includes("<"),
  }));
  const roleLines = roleAssignments.map((a) => a.command);
  if (roleAssignments.some((a) => a.placeholders)) {
    roleLines.unshift(
      "# fill in the <placeholders>: pass --assignee and --resource-id, or --arm to read them from ARM.",
      "# <principal-object-id> is each identity that runs the app: the managed identity's principal id, the service principal's (az ad sp show --id <client-id> --query id -o tsv), yours for local development (az ad signed-in-user show --query id -o tsv).",
    );
  }
  roleLines.push("# the assignment reaches the data plane in up to 5 minutes; keyless doctor confirms it");
  steps.push({
    id: "role-assignments",
    title: `Grant ${role} to each identity that runs the app`,
    lines: roleLines,
  });

  const names = accountNames(input.endpoint, input.resourceId);
  if (input.keysInFiles.length > 0) {
    const files = [...new Set(input.keysInFiles.map((f) => f.file))];
    steps.push({
      id: "rotate-keys",
      title: "Rotate the keys that were written in files",
      lines: [
        `# keys were written in ${files.join(", ")}: once they are in source control, rotate both`,
        `az cognitiveservices account keys regenerate --name ${names.account} --resource-group ${names.group} --key-name key1`,
        `az cognitiveservices account keys regenerate --name ${names.account} --resource-group ${names.group} --key-name key2`,
      ],
    });
  }

  const iac = findings.filter((f) => f.kind === "local-auth-enabled" || f.kind === "iac-list-keys");
  const disable = [
    "# only once every client is keyless (keyless doctor says the keyless call works): keys stop working",
    `az resource update --ids ${shellQuote(input.resourceId ?? accountScope(input.endpoint, undefined).replace(/\/projects\/[^/]+$/, ""))} --set properties.disableLocalAuth=true`,
  ];
  for (const f of iac) disable.push(`# ${f.file}:${f.line}: ${f.fix}`);
  if (!iac.some((f) => f.library === "bicep" || f.library === "arm"))
    disable.push("# Bicep/ARM: disableLocalAuth: true in the account's properties");
  if (!iac.some((f) => f.library === "terraform"))
    disable.push(
      "# Terraform: local_auth_enabled = false on azurerm_cognitive_account / azurerm_ai_services",
    );
  steps.push({ id: "disable-local-auth", title: "Turn local (key) auth off", lines: disable });
  return { steps, roleAssignments };
}

function accountNames(
  endpoint: string | undefined,
  resourceId: string | undefined,
): { account: string; group: string } {
  const fromId =
    resourceId === undefined
      ? null
      : /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.CognitiveServices\/accounts\/([^/]+)/i.exec(
          resourceId,
        );
  if (fromId) return { group: fromId[1] ?? "<resource-group>", account: fromId[2] ?? "<account-name>" };
  const name = endpoint === undefined ? undefined : classifyEndpoint(endpoint).resourceName;
  return { account: name ?? "<account-name>", group: "<resource-group>" };
}
