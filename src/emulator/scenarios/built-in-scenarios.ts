import type { CauseCode } from "../../knowledge/cause.js";
import { type BaseWorld, createBaseWorld } from "./base-world.js";
import type { Scenario } from "./scenario.js";

const CONTRIBUTOR = "Cognitive Services Contributor";
const OPENAI_USER = "Cognitive Services OpenAI User";
/** A System.AccessToken of a job that has ended: the emulator's OIDC endpoint accepts only its own. */
const STALE_SYSTEM_ACCESS_TOKEN = "stale-system-access-token-from-an-earlier-run";

/** Build a scenario from the base world and one change to it. */
function scenario(
  name: string,
  description: string,
  causeCode: CauseCode,
  change: (world: BaseWorld) => void,
  extra: Partial<Pick<Scenario, "secondaryCauseCodes" | "reproduce">> = {},
): [string, Scenario] {
  const world = createBaseWorld();
  change(world);
  world.description = `${name}: ${description}`;
  return [name, { description, causeCode, ...extra, world }];
}

/** Replace every data-plane role assignment of `principal` with `role` at `scope`. */
function reassign(world: BaseWorld, principal: string, role: string, scope: string, createdMinutesAgo = 60) {
  world.roleAssignments = world.roleAssignments.filter(
    (assignment) => assignment.principal !== principal || assignment.role === "Reader",
  );
  world.roleAssignments.push({ principal, role, scope, createdMinutesAgo });
}

/** Remove the data-plane role of every principal except those named. */
function keepDataRolesOnly(world: BaseWorld, ...principals: string[]) {
  world.roleAssignments = world.roleAssignments.filter(
    (assignment) => assignment.role === "Reader" || principals.includes(assignment.principal),
  );
}

/**
 * One world per cause code the emulator can produce, named after the code (plus two-fault worlds).
 * Each names the cause a client meets there, so tests (and the doctor's tests) can assert it.
 *
 * @example
 * CAUSE_SCENARIOS["rbac.propagation-pending"]?.causeCode; // "rbac.propagation-pending"
 */
export const CAUSE_SCENARIOS: Readonly<Record<string, Scenario>> = Object.fromEntries([
  scenario(
    "endpoint.regional-no-subdomain",
    "The account has no custom subdomain and the app calls the regional endpoint: a token gets 400 'Please provide a custom subdomain for token authentication'.",
    "endpoint.regional-no-subdomain",
    (world) => {
      const [account] = world.accounts;
      Object.assign(account ?? {}, { customSubdomain: null });
      Object.assign(world.defaults, { endpoint: "regional" });
    },
  ),
  scenario(
    "token.wrong-audience",
    "A US Government account: a token requested with the public scope https://cognitiveservices.azure.com/.default gets the flat 401 naming https://cognitiveservices.azure.us.",
    "token.wrong-audience",
    (world) => {
      world.tenants = [{ name: "contoso", cloud: "usgov" }];
      Object.assign(world.accounts[0] ?? {}, { location: "usgovvirginia" });
    },
    { reproduce: "Request a token for https://cognitiveservices.azure.com/.default (the public scope)." },
  ),
  scenario(
    "token.expired",
    "Tokens live 10 minutes; AZURE_OPENAI_AD_TOKEN holds a static token that expired 5 minutes ago (as does any token cached past its expiry): it gets the flat 401.",
    "token.expired",
    (world) => {
      world.tokenLifetimeMinutes = 10;
      Object.assign(world.defaults, { adToken: "expired" });
    },
    {
      reproduce: "Get a token, advance the clock by 15 minutes through the control API, send the same token.",
    },
  ),
  scenario(
    "token.wrong-tenant",
    "alice's home tenant is fabrikam and the Azure CLI signs in there; the account lives in contoso, where alice is a guest with the role: the token gets 400 'Tenant provided in token does not match resource token'.",
    "token.wrong-tenant",
    (world) => {
      world.tenants.push({ name: "fabrikam", cloud: "public" });
      world.users = [
        { name: "alice", tenant: "fabrikam", password: "Alice-Passw0rd!", guestOf: ["contoso"] },
      ];
      world.azureCli = { principal: "alice", tenant: "fabrikam" };
      world.azureDeveloperCli = { principal: "alice", tenant: "fabrikam" };
      Object.assign(world.defaults, { clientSecret: "none" });
    },
  ),
  scenario(
    "key.invalid",
    "AZURE_OPENAI_API_KEY holds a key that is not the account's: 401 'Access denied due to invalid subscription key or wrong API endpoint'.",
    "key.invalid",
    (world) => {
      Object.assign(world.defaults, { apiKey: "invalid", apiKeyVariable: "AZURE_OPENAI_API_KEY" });
    },
  ),
  scenario(
    "key.auth-disabled",
    "The account has disableLocalAuth=true and AZURE_OPENAI_API_KEY is still set: 403 AuthenticationTypeDisabled.",
    "key.auth-disabled",
    (world) => {
      Object.assign(world.accounts[0] ?? {}, { disableLocalAuth: true });
      Object.assign(world.defaults, { apiKey: "valid", apiKeyVariable: "AZURE_OPENAI_API_KEY" });
    },
  ),
  scenario(
    "rbac.missing-data-action",
    "The app's principal holds Cognitive Services Data Reader (Preview), whose data actions only read: its token gets 401 PermissionDenied naming the chat data action.",
    "rbac.missing-data-action",
    (world) => {
      // A data role without the chat action; Reader alone would be rbac.control-plane-role-only.
      reassign(world, "app", "Cognitive Services Data Reader (Preview)", "account:contoso-openai");
    },
  ),
  scenario(
    "rbac.control-plane-role-only",
    "The app's principal is Owner of the subscription: it can manage and list keys, but holds no data action.",
    "rbac.control-plane-role-only",
    (world) => {
      reassign(world, "app", "Owner", "subscription:contoso-sub");
    },
  ),
  scenario(
    "rbac.wrong-scope",
    "The role sits on another account (contoso-openai-dev), not on the one the app calls.",
    "rbac.wrong-scope",
    (world) => {
      const [account] = world.accounts;
      if (account)
        world.accounts.push({
          ...account,
          name: "contoso-openai-dev",
          deployments: [...(account.deployments ?? [])],
        });
      reassign(world, "app", OPENAI_USER, "account:contoso-openai-dev");
    },
  ),
  scenario(
    "rbac.propagation-pending",
    "The role was assigned one minute ago; role assignments take up to 5 minutes to reach the data plane.",
    "rbac.propagation-pending",
    (world) => {
      reassign(world, "app", OPENAI_USER, "account:contoso-openai", 1);
    },
  ),
  scenario(
    "rbac.other-principal",
    "The role was given to the user-assigned identity uami, but the VM's code uses its system-assigned identity.",
    "rbac.other-principal",
    (world) => {
      keepDataRolesOnly(world, "uami");
      Object.assign(world.defaults, { clientSecret: "none" });
    },
  ),
  scenario(
    "network.firewall",
    "The account's network rules deny by default and allow only 203.0.113.0/24: 403 'Access denied due to Virtual Network/Firewall rules.'",
    "network.firewall",
    (world) => {
      Object.assign(world.accounts[0] ?? {}, {
        networkRules: { defaultAction: "Deny", ipRules: ["203.0.113.0/24"] },
      });
    },
  ),
  scenario(
    "network.private-endpoint",
    "The account only accepts traffic from an approved private endpoint: 403 'Traffic is not from an approved private endpoint'.",
    "network.private-endpoint",
    (world) => {
      Object.assign(world.accounts[0] ?? {}, { networkRules: { privateEndpointOnly: true } });
    },
  ),
  scenario(
    "network.public-access-disabled",
    "Public network access is disabled on the account: 403 'Public access is disabled. Please configure private endpoint.'",
    "network.public-access-disabled",
    (world) => {
      Object.assign(world.accounts[0] ?? {}, { publicNetworkAccess: "Disabled" });
    },
  ),
  scenario(
    "network.vnet-wrong-endpoint",
    "A virtual network is configured and the app calls the regional endpoint: 403 'A Virtual Network is configured for this resource. Please use the correct endpoint'.",
    "network.vnet-wrong-endpoint",
    (world) => {
      Object.assign(world.accounts[0] ?? {}, { networkRules: { virtualNetwork: true } });
      Object.assign(world.defaults, { endpoint: "regional", apiKey: "valid" });
    },
  ),
  scenario(
    "resource.deployment-not-found",
    "The app passes the model name gpt-4o as the deployment, but the deployment is called chat: 404 DeploymentNotFound.",
    "resource.deployment-not-found",
    (world) => {
      const [account] = world.accounts;
      const [chat] = account?.deployments ?? [];
      if (chat) chat.name = "chat";
    },
  ),
  scenario(
    "resource.rate-limited",
    "The chat deployment allows 1 request per minute: the second call gets 429 with retry-after.",
    "resource.rate-limited",
    (world) => {
      const [chat] = world.accounts[0]?.deployments ?? [];
      Object.assign(chat ?? {}, { rpm: 1, tpm: 1000 });
    },
    { reproduce: "Send two chat requests within a minute." },
  ),
  scenario(
    "credential.env-unexpected-identity",
    "AZURE_CLIENT_ID/AZURE_CLIENT_SECRET of a service principal without the role are left in the environment, so DefaultAzureCredential picks EnvironmentCredential instead of the Azure CLI user who has the role.",
    "credential.env-unexpected-identity",
    (world) => {
      keepDataRolesOnly(world, "alice");
    },
  ),
  scenario(
    "credential.cli-not-logged-in",
    "Nothing in the environment and the Azure CLI is not logged in: DefaultAzureCredential exhausts its chain.",
    "credential.cli-not-logged-in",
    (world) => {
      world.azureCli = {};
      world.azureDeveloperCli = {};
      world.hosts = [];
      Object.assign(world.defaults, { clientSecret: "none", host: undefined });
    },
    { secondaryCauseCodes: ["credential.chain-exhausted"] },
  ),
  scenario(
    "credential.cli-not-installed",
    "AZURE_TOKEN_CREDENTIALS=AzureCliCredential pins DefaultAzureCredential to the Azure CLI, which is not installed (az: not found): 'Azure CLI could not be found'.",
    "credential.cli-not-installed",
    (world) => {
      world.azureCli = { installed: false };
      Object.assign(world.defaults, { env: { AZURE_TOKEN_CREDENTIALS: "AzureCliCredential" } });
    },
  ),
  scenario(
    "credential.cli-timeout",
    "AZURE_TOKEN_CREDENTIALS=AzureCliCredential pins DefaultAzureCredential to the Azure CLI, and az account get-access-token hangs: a credential with processTimeoutInMs kills it ('Unexpected end of JSON input'), one without waits.",
    "credential.cli-timeout",
    (world) => {
      world.azureCli = { principal: "alice", hang: true };
      Object.assign(world.defaults, { env: { AZURE_TOKEN_CREDENTIALS: "AzureCliCredential" } });
    },
    { reproduce: "Run DefaultAzureCredential({ processTimeoutInMs: 5000 }) with the printed environment." },
  ),
  scenario(
    "credential.azd-not-installed",
    "AZURE_TOKEN_CREDENTIALS=AzureDeveloperCliCredential pins DefaultAzureCredential to azd, which is not installed (azd: not found): 'Azure Developer CLI couldn't be found'.",
    "credential.azd-not-installed",
    (world) => {
      world.azureDeveloperCli = { installed: false };
      Object.assign(world.defaults, { env: { AZURE_TOKEN_CREDENTIALS: "AzureDeveloperCliCredential" } });
    },
  ),
  scenario(
    "credential.azd-not-logged-in",
    "AZURE_TOKEN_CREDENTIALS=AzureDeveloperCliCredential pins DefaultAzureCredential to azd, and nobody ran azd auth login (az login is a separate session): 'not logged in, run `azd login` to login'.",
    "credential.azd-not-logged-in",
    (world) => {
      world.azureDeveloperCli = {};
      Object.assign(world.defaults, { env: { AZURE_TOKEN_CREDENTIALS: "AzureDeveloperCliCredential" } });
    },
  ),
  scenario(
    "credential.azd-timeout",
    "AZURE_TOKEN_CREDENTIALS=AzureDeveloperCliCredential pins DefaultAzureCredential to azd, and azd auth token hangs: a credential with processTimeoutInMs kills it, one without waits.",
    "credential.azd-timeout",
    (world) => {
      world.azureDeveloperCli = { principal: "alice", hang: true };
      Object.assign(world.defaults, { env: { AZURE_TOKEN_CREDENTIALS: "AzureDeveloperCliCredential" } });
    },
    { reproduce: "Run DefaultAzureCredential({ processTimeoutInMs: 5000 }) with the printed environment." },
  ),
  scenario(
    "credential.pipelines-service-connection",
    "The pipeline step gives AzurePipelinesCredential the service connection's name (AZURESUBSCRIPTION_SERVICE_CONNECTION_ID=contoso-openai-connection) instead of its id: the OIDC request gets 400 'No service connection found with identifier contoso-openai-connection'.",
    "credential.pipelines-service-connection",
    (world) => {
      Object.assign(world.defaults, {
        env: { AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: "contoso-openai-connection" },
      });
    },
    {
      reproduce:
        "Run AzurePipelinesCredential with AZURESUBSCRIPTION_TENANT_ID, AZURESUBSCRIPTION_CLIENT_ID, AZURESUBSCRIPTION_SERVICE_CONNECTION_ID and SYSTEM_ACCESSTOKEN from the printed environment.",
    },
  ),
  scenario(
    "credential.pipelines-oidc-unauthorized",
    "SYSTEM_ACCESSTOKEN holds a token that is not this job's System.AccessToken (one saved from an earlier run): AzurePipelinesCredential's OIDC request gets 401 TF400813, 'oidcToken field not detected in the response'.",
    "credential.pipelines-oidc-unauthorized",
    (world) => {
      Object.assign(world.defaults, { env: { SYSTEM_ACCESSTOKEN: STALE_SYSTEM_ACCESS_TOKEN } });
    },
    {
      reproduce:
        "Run AzurePipelinesCredential with AZURESUBSCRIPTION_TENANT_ID, AZURESUBSCRIPTION_CLIENT_ID, AZURESUBSCRIPTION_SERVICE_CONNECTION_ID and SYSTEM_ACCESSTOKEN from the printed environment.",
    },
  ),
  scenario(
    "credential.mi-identity-not-assigned",
    "The VM has no managed identity: IMDS answers 400 'Identity not found'.",
    "credential.mi-identity-not-assigned",
    (world) => {
      world.hosts = [{ name: "vm", kind: "imds", identities: [] }];
      Object.assign(world.defaults, { clientSecret: "none" });
    },
  ),
  scenario(
    "credential.mi-multiple-identities",
    "The VM has two user-assigned identities and no system identity, and the app names none of them.",
    "credential.mi-multiple-identities",
    (world) => {
      world.managedIdentities = [
        { name: "uami", tenant: "contoso", kind: "user" },
        { name: "batch-uami", tenant: "contoso", kind: "user" },
      ];
      world.hosts = [{ name: "vm", kind: "imds", identities: ["uami", "batch-uami"] }];
      world.roleAssignments = world.roleAssignments.filter((a) => a.principal !== "vm");
      // Code on the VM itself: no service principal in the environment, so no AZURE_CLIENT_ID for
      // ManagedIdentityCredential to ask for.
      Object.assign(world.defaults, {
        clientSecret: "none",
        env: { AZURE_CLIENT_ID: null, AZURE_TENANT_ID: null },
      });
    },
  ),
  scenario(
    "credential.mi-audience-not-supported",
    "The code runs in Azure Cloud Shell, whose managed identity endpoint does not issue tokens for https://cognitiveservices.azure.com.",
    "credential.mi-audience-not-supported",
    (world) => {
      world.hosts = [{ name: "cloud-shell", kind: "cloud-shell", identities: [], user: "alice" }];
      // Cloud Shell's environment holds no service principal: ManagedIdentityCredential asks for the shell's user.
      Object.assign(world.defaults, {
        host: "cloud-shell",
        clientSecret: "none",
        env: { AZURE_CLIENT_ID: null, AZURE_TENANT_ID: null },
      });
    },
  ),
  scenario(
    "credential.mi-gateway",
    "A proxy between the VM and IMDS answers 502: 'The request failed due to a gateway error.'",
    "credential.mi-gateway",
    (world) => {
      world.faults = [{ target: "imds", status: 502 }];
      Object.assign(world.defaults, { clientSecret: "none" });
    },
  ),
  scenario(
    "credential.mi-endpoint-error",
    "IMDS is throttled: every token request answers 429 'IMDS Throttle limit reached.' with Retry-After.",
    "credential.mi-endpoint-error",
    (world) => {
      world.faults = [{ target: "imds", status: 429, headers: { "retry-after": "60" } }];
      Object.assign(world.defaults, { clientSecret: "none" });
    },
  ),
  scenario(
    "credential.mi-unavailable",
    "The managed identity endpoint drops every connection: no managed identity is available here.",
    "credential.mi-unavailable",
    (world) => {
      world.faults = [{ target: "imds", status: "reset" }];
      Object.assign(world.defaults, { clientSecret: "none" });
    },
  ),
  scenario(
    "aadsts.7000215",
    "AZURE_CLIENT_SECRET holds the secret's ID instead of its value: AADSTS7000215.",
    "aadsts.7000215",
    (world) => {
      Object.assign(world.defaults, { clientSecret: "secret-id" });
    },
  ),
  scenario(
    "aadsts.7000222",
    "The app's only client secret expired yesterday: AADSTS7000222.",
    "aadsts.7000222",
    (world) => {
      const [app] = world.applications;
      if (app) app.secrets = [{ value: "app-secret-value-8Q~keyless-emulator", expiresInMinutes: -1440 }];
    },
  ),
  scenario(
    "aadsts.700016",
    "AZURE_CLIENT_ID names an application that does not exist in the tenant: AADSTS700016.",
    "aadsts.700016",
    (world) => {
      Object.assign(world.defaults, { env: { AZURE_CLIENT_ID: "3d1f7a52-8c4e-4b9a-a0f6-5e2c9b7d1a34" } });
    },
  ),
  scenario(
    "aadsts.90002",
    "AZURE_TENANT_ID names a tenant that does not exist: AADSTS90002.",
    "aadsts.90002",
    (world) => {
      Object.assign(world.defaults, { env: { AZURE_TENANT_ID: "0c5e9a7b-2d41-4f8e-b6a3-9e1d7c2f4a58" } });
    },
  ),
  scenario(
    "aadsts.50076",
    "The user must use multi-factor authentication, which the password grant cannot do: AADSTS50076.",
    "aadsts.50076",
    (world) => {
      const [alice] = world.users;
      Object.assign(alice ?? {}, { mfaRequired: true });
      // EnvironmentCredential's username/password set: no client secret, so it signs alice in with ROPC.
      Object.assign(world.defaults, {
        clientSecret: "none",
        env: { AZURE_USERNAME: "alice@contoso.onmicrosoft.com", AZURE_PASSWORD: alice?.password ?? "" },
      });
    },
    {
      reproduce:
        "Run DefaultAzureCredential with the printed AZURE_USERNAME/AZURE_PASSWORD (or UsernamePasswordCredential as alice).",
    },
  ),
  scenario(
    "two-faults.regional-and-control-plane-role",
    "Two faults: the app calls the regional endpoint (fix first: tokens need the custom subdomain) and its principal holds only Cognitive Services Contributor.",
    "endpoint.regional-no-subdomain",
    (world) => {
      Object.assign(world.defaults, { endpoint: "regional", apiKey: "valid" });
      reassign(world, "app", CONTRIBUTOR, "account:contoso-openai");
    },
    { secondaryCauseCodes: ["rbac.control-plane-role-only"] },
  ),
]);
