import { AADSTS_ENTRIES, type AadstsEntry, lookupAadsts } from "./aadsts.js";
import type {
  AadstsCauseCode,
  CauseCode,
  CauseDefinition,
  CauseEntry,
  CauseFamily,
  CauseStage,
  FamilyOf,
  FixByLanguage,
} from "./cause.js";

// Examples are verbatim from /work/shared/reference (error-bodies.md, credentials.md, wire-openai.md) or,
// where the entry's comment says so, from the source of the installed @azure/identity 4.13.1. Entries
// marked "derived" fill a verbatim template (`${value}`) or apply a documented rule; they are not quotes.

const FLAT_401 =
  '{"statusCode": 401, "message": "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired."}';
const PERMISSION_DENIED =
  '{"error":{"code":"PermissionDenied","message":"The principal <principal-id> lacks the required data action Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action to perform POST /openai/deployments/{deployment-id}/chat/completions operation."}}';
const PERMISSION_DENIED_OLD =
  '{"error":{"code":"PermissionDenied","message":"Principal does not have access to API/Operation."}}';
const INVALID_KEY =
  '{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}}';
const ENV_UNAVAILABLE =
  "CredentialUnavailableError: EnvironmentCredential is unavailable. No underlying credential could be used. To troubleshoot, visit https://aka.ms/azsdk/js/identity/environmentcredential/troubleshoot.";

const GRANT_OPENAI_USER =
  'az role assignment create --role "{role=Cognitive Services OpenAI User}" --assignee-object-id {principalId} --assignee-principal-type {principalType} --scope {scope}';
const LIST_ASSIGNMENTS =
  'az role assignment list --assignee {principalId} --all --query "[].{role:roleDefinitionName, scope:scope}" --output table';
const ACCOUNT_SHOW =
  "az cognitiveservices account show --name {resourceName} --resource-group {resourceGroup}";
/** The scope a token for Azure OpenAI is requested for: the audience read from the error, else public Azure's. */
const SCOPE = "{expectedScope=https://cognitiveservices.azure.com/.default}";
const KEYLESS_CLIENT = `const client = new AzureOpenAI({ endpoint: "{endpoint}", azureADTokenProvider: getBearerTokenProvider(new DefaultAzureCredential(), "${SCOPE}"), apiVersion: "{apiVersion}" });`;

// The same keyless client in the other languages (`fixByLanguage`): Python azure-identity + openai,
// .NET Azure.Identity + Azure.AI.OpenAI 2.x, Go azidentity + openai-go's azure package, Java
// azure-identity + azure-ai-openai. The .NET and Java clients request the Cognitive Services scope
// themselves; Go's does unless told otherwise.
const PY_KEYLESS_CLIENT = `client = AzureOpenAI(azure_endpoint="{endpoint}", azure_ad_token_provider=get_bearer_token_provider(DefaultAzureCredential(), "${SCOPE}"), api_version="{apiVersion}")`;
const CS_KEYLESS_CLIENT =
  'var client = new AzureOpenAIClient(new Uri("{endpoint}"), new DefaultAzureCredential());';
const GO_CREDENTIAL = "cred, err := azidentity.NewDefaultAzureCredential(nil)";
const GO_KEYLESS_CLIENT = lines(
  GO_CREDENTIAL,
  'client := openai.NewClient(azure.WithEndpoint("{endpoint}", "{apiVersion}"), azure.WithTokenCredential(cred))',
);
const JAVA_KEYLESS_CLIENT =
  'OpenAIClient client = new OpenAIClientBuilder().credential(new DefaultAzureCredentialBuilder().build()).endpoint("{endpoint}").buildClient();';
const RAW_HTTP_WITH_KEY = lines(
  "# Raw HTTP with a key: send it as api-key, not Authorization: Bearer",
  'curl "{endpoint}/openai/deployments/{deployment}/chat/completions?api-version={apiVersion}" -H "api-key: $AZURE_OPENAI_API_KEY" -H "Content-Type: application/json" -d \'{"messages":[{"role":"user","content":"ping"}]}\'',
);
const SIGN_IN_TO_RESOURCE_TENANT = lines(
  "# Sign in to the resource's tenant",
  "az login --tenant {resourceTenant}",
  "azd auth login --tenant-id {resourceTenant}",
);
// The Azure CLI's credential on its own, in each language: what `AZURE_TOKEN_CREDENTIALS=AzureCliCredential`
// does for @azure/identity, without relying on another SDK's support for that variable.
const CLI_CREDENTIAL = {
  python: "credential = AzureCliCredential()",
  csharp: "var credential = new AzureCliCredential();",
  go: "cred, err := azidentity.NewAzureCLICredential(nil)",
  java: "TokenCredential credential = new AzureCliCredentialBuilder().build();",
} as const;
const COMMENT = { python: "#", csharp: "//", go: "//", java: "//" } as const;

/** The same fix in each non-JavaScript language, built from its comment marker and CLI credential. */
function perLanguage(build: (comment: string, cliCredential: string) => string): FixByLanguage {
  return {
    python: build(COMMENT.python, CLI_CREDENTIAL.python),
    csharp: build(COMMENT.csharp, CLI_CREDENTIAL.csharp),
    go: build(COMMENT.go, CLI_CREDENTIAL.go),
    java: build(COMMENT.java, CLI_CREDENTIAL.java),
  };
}

const USE_AZURE_CLI_INSTEAD = lines(
  "# Sign in with the Azure CLI instead; DefaultAzureCredential picks that session up",
  "az login",
);
const SCOPE_HINT =
  "# --scope is the account id: /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.CognitiveServices/accounts/<name>";
const LIST_ENV_NAMES = "env | cut -d= -f1 | grep -E '^AZURE_'";
const IMDS_STATUS =
  'curl -s -o /dev/null -w "%{http_code}\\n" -H "Metadata: true" "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://cognitiveservices.azure.com"';

function lines(...parts: string[]): string {
  return parts.join("\n");
}

/** The fix of both developer-CLI timeouts (`az`, `azd`): give the credentials more time. */
const DEVELOPER_CLI_TIMEOUT_FIX = {
  fix: lines(
    "// Give the developer credentials more time (milliseconds)",
    "const credential = new DefaultAzureCredential({ processTimeoutInMs: 30000 });",
  ),
  fixByLanguage: {
    python: lines(
      "# Give the developer credentials more time (seconds)",
      "credential = DefaultAzureCredential(process_timeout=30)",
    ),
    csharp: lines(
      "// Give the developer credentials more time",
      "var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { CredentialProcessTimeout = TimeSpan.FromSeconds(30) });",
    ),
    go: lines(
      "// azidentity gives az and azd 10 seconds unless the call's context has a deadline: give it a longer one",
      "ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)",
      "defer cancel()",
      "resp, err := client.Chat.Completions.New(ctx, params)",
    ),
    java: lines(
      "// Give the developer credentials more time",
      "TokenCredential credential = new DefaultAzureCredentialBuilder().credentialProcessTimeout(Duration.ofSeconds(30)).build();",
    ),
  },
} as const;

/**
 * The cause families, in the order the docs list them. A code's family is the part before its
 * first dot, so this list also bounds which codes the catalog can hold.
 *
 * @example
 * CAUSE_FAMILIES.includes("rbac"); // true
 */
export const CAUSE_FAMILIES = [
  "endpoint",
  "token",
  "key",
  "rbac",
  "network",
  "resource",
  "gateway",
  "credential",
  "aadsts",
  "client",
] as const;

/**
 * The steps a keyless call passes, in order. A cause on an earlier step hides the later ones:
 * fixing it is what lets the call reach the next step. Each catalog entry names its step.
 *
 * - `endpoint`: the URL's form (custom subdomain, no extra path) and whether its host answers;
 * - `credential`: choosing a credential and getting a token with it (the chain, Entra ID sign-in,
 *   the client's token options);
 * - `token`: the token's audience, tenant and lifetime;
 * - `network`: the resource's network rules;
 * - `key-vs-token`: what the request authenticates with and in which header (an API key, a token,
 *   both, an API Management subscription key);
 * - `authorization`: RBAC, the principal's data actions at the resource's scope (including the
 *   chain picking an identity that has none);
 * - `resource`: the deployment, its API version and its limits.
 *
 * @example
 * CAUSE_STAGES.indexOf("token") < CAUSE_STAGES.indexOf("authorization"); // true
 */
export const CAUSE_STAGES = [
  "endpoint",
  "credential",
  "token",
  "network",
  "key-vs-token",
  "authorization",
  "resource",
] as const;

/** The families a catalog code can have: `aadsts.<n>` codes come from the AADSTS table. */
type CatalogFamily = Exclude<CauseFamily, "aadsts">;

/** A catalog entry before {@link CauseEntry} widens its code: the code keeps its literal type. */
type CatalogEntry<Code extends string> = CauseDefinition<Code> & { family: CauseFamily };

/**
 * Gives each definition its family, read from its code. The code's literal type survives, so
 * {@link CatalogCauseCode} is the union of every code written below.
 */
function defineCatalog<const Code extends `${CatalogFamily}.${string}`>(
  definitions: readonly CauseDefinition<Code>[],
): readonly CatalogEntry<Code>[] {
  return definitions.map((definition) => ({ ...definition, family: familyOf(definition.code) }));
}

function familyOf<Code extends `${CauseFamily}.${string}`>(code: Code): FamilyOf<Code> {
  return code.slice(0, code.indexOf(".")) as FamilyOf<Code>;
}

const CATALOG = defineCatalog([
  // endpoint
  {
    code: "endpoint.regional-no-subdomain",
    stage: "endpoint",
    title: "The endpoint is a regional endpoint, which accepts API keys only",
    why: "Regional endpoints such as `https://<region>.api.cognitive.microsoft.com/` authenticate API keys only; Microsoft Entra ID tokens need the resource's custom subdomain (`https://<name>.openai.azure.com`). A token sent to the regional host gets 400 `Please provide a custom subdomain for token authentication, otherwise API key is required.` (the .NET client shows `Request is badly formated` / `Resource Id is badly formed or from wrong namespace: NA`), while the same call with the key works.",
    confirm: lines(
      "The host of {endpoint} is regional when it ends in `.api.cognitive.microsoft.com` (`.api.cognitive.microsoft.us`, `.api.cognitive.azure.cn`); a custom subdomain looks like `<name>.openai.azure.com` or `<name>.cognitiveservices.azure.com`.",
      `${ACCOUNT_SHOW} --query "[properties.customSubDomainName, properties.endpoint]" --output tsv`,
      "keyless doctor --endpoint {endpoint}",
      "A 400 for the token while the key works, on a regional host, confirms it; a 400 naming the tenant is token.wrong-tenant, and RBAC or audience problems answer 401.",
    ),
    fix: lines(
      "# Use the resource's custom-subdomain endpoint for tokens (the regional one works with keys only)",
      "export AZURE_OPENAI_ENDPOINT={subdomainEndpoint}",
      "# No custom subdomain yet? Add one (it can not be changed afterwards)",
      "az cognitiveservices account update --name {resourceName} --resource-group {resourceGroup} --custom-domain {resourceName}",
    ),
    example:
      '{"error":{"code":"BadRequest","message":"Please provide a custom subdomain for token authentication, otherwise API key is required."}}',
  },
  {
    code: "endpoint.extra-path",
    stage: "endpoint",
    title: "The endpoint carries a path or query, so the client builds a wrong URL",
    why: "The `AzureOpenAI` client builds every URL itself as `<endpoint>/openai/deployments/<deployment>/...?api-version=...`, so the endpoint must be the scheme and host only. An endpoint copied with `/openai`, `/openai/deployments/<deployment>` or `?api-version=` produces a doubled or broken path, which is why troubleshooting guides for the Entra-only 401 say to rule out 'additional path segments in the base endpoint'.",
    confirm: lines(
      `${ACCOUNT_SHOW} --query properties.endpoint --output tsv`,
      "Compare that with the endpoint the app uses ({endpoint}): anything after the host except one trailing `/` is the problem (openai before 6.49.0 also turns a trailing `/` into `//openai`).",
      "keyless doctor --endpoint {endpoint}",
    ),
    fix: lines(
      "# Scheme and host only; the client adds /openai/deployments/<deployment>/... and api-version itself",
      "export AZURE_OPENAI_ENDPOINT={subdomainEndpoint}",
    ),
    // derived: the URL rule of wire-openai.md §7 applied to an endpoint ending in /openai
    example:
      "AZURE_OPENAI_ENDPOINT=https://<name>.openai.azure.com/openai -> POST https://<name>.openai.azure.com/openai/openai/deployments/<deployment>/chat/completions?api-version=<version>",
  },
  {
    code: "endpoint.unreachable",
    stage: "endpoint",
    title: "The endpoint cannot be reached (DNS, connection or TLS failure)",
    why: "The request never got an HTTP answer: the host name does not resolve (a typo in the resource name, or a private DNS zone this machine does not use), the connection is refused or times out (proxy, firewall, VPN), or TLS fails. The `openai` client reports this as `APIConnectionError` (`Connection error.`) or `APIConnectionTimeoutError` (`Request timed out.`), so there is no status code or Azure error body to read.",
    confirm: lines(
      "nslookup {host}",
      'curl -sS -o /dev/null -w "%{http_code}\\n" {endpoint}',
      "Any HTTP status, even 401 or 404, proves the host is reachable and rules this cause out; `Could not resolve host`, `Connection timed out` or a certificate error confirm it.",
      "keyless doctor --endpoint {endpoint}",
    ),
    fix: lines(
      "# Use the exact endpoint Azure reports for the resource, then run from a network that can resolve and reach it",
      `export AZURE_OPENAI_ENDPOINT="$(${ACCOUNT_SHOW} --query properties.endpoint --output tsv)"`,
    ),
    example: "APIConnectionError: Connection error.",
  },
  {
    code: "endpoint.not-azure",
    stage: "endpoint",
    title: "The endpoint is not an Azure OpenAI endpoint",
    why: "Azure OpenAI data-plane hosts are `<name>.openai.azure.com`, `<name>.cognitiveservices.azure.com` and `<name>.services.ai.azure.com` (`.openai.azure.us` / `.openai.azure.cn` in the sovereign clouds); only they accept a Cognitive Services token. An `AzureOpenAI` client pointed at `api.openai.com`, a local proxy or a mistyped host cannot authenticate keyless, and it hands the Entra token or key to a host that has no use for it.",
    confirm: lines(
      "keyless doctor --endpoint {endpoint}",
      'az cognitiveservices account list --query "[].{name:name, endpoint:properties.endpoint}" --output table',
      "If {endpoint} is not in that list (and is not an API Management gateway, see gateway.apim-subscription-key), this is the cause.",
    ),
    fix: lines(
      "# Use the endpoint Azure reports for your resource (for api.openai.com use the plain OpenAI client and an OpenAI key)",
      `export AZURE_OPENAI_ENDPOINT="$(${ACCOUNT_SHOW} --query properties.endpoint --output tsv)"`,
    ),
  },
  // token
  {
    code: "token.wrong-audience",
    stage: "token",
    title: "The token was issued for another audience than the endpoint expects",
    why: "Azure OpenAI accepts only tokens whose `aud` is `https://cognitiveservices.azure.com` (`https://cognitiveservices.azure.us` / `.azure.cn` in the sovereign clouds, `https://ai.azure.com` for Foundry project endpoints). A token requested for ARM (`https://management.azure.com/.default`), Graph, or the public scope on a Government resource is valid for Entra ID but gets the flat 401 whose parentheses name the audience the endpoint expected.",
    confirm: lines(
      "keyless token",
      "Compare the token's `aud` with the audience in parentheses in the 401 body ({audience}). The same flat 401 also means an expired token (`exp` in the past: token.expired) or a key sent as Bearer (the value is not a JWT: key.sent-as-bearer); this cause is the one where `exp` is in the future and `aud` differs.",
      'grep -rn "/.default" --include=*.ts --include=*.js --include=*.py .',
    ),
    fix: lines(
      "// Ask for the endpoint's audience (https://cognitiveservices.azure.com/.default on public Azure), not ARM or Graph",
      `const azureADTokenProvider = getBearerTokenProvider(new DefaultAzureCredential(), "${SCOPE}");`,
    ),
    fixByLanguage: {
      python: lines(
        "# Ask for the endpoint's audience (https://cognitiveservices.azure.com/.default on public Azure), not ARM or Graph",
        `token_provider = get_bearer_token_provider(DefaultAzureCredential(), "${SCOPE}")`,
      ),
      csharp: lines(
        "// Pass the credential: the client asks for https://cognitiveservices.azure.com/.default itself (sovereign clouds: set AzureOpenAIClientOptions.Audience)",
        CS_KEYLESS_CLIENT,
      ),
      go: lines(
        "// Ask for the endpoint's audience (https://cognitiveservices.azure.com/.default on public Azure), not ARM or Graph",
        GO_CREDENTIAL,
        `client := openai.NewClient(azure.WithEndpoint("{endpoint}", "{apiVersion}"), azure.WithTokenCredential(cred, azure.WithTokenCredentialScopes([]string{"${SCOPE}"})))`,
      ),
      java: lines(
        "// Pass the credential: the client asks for https://cognitiveservices.azure.com/.default itself, never for ARM or Graph",
        JAVA_KEYLESS_CLIENT,
      ),
    },
    example: FLAT_401,
  },
  {
    code: "token.expired",
    stage: "token",
    title: "The token has expired",
    why: "An access token is valid until its `exp` claim; after that the data plane answers with the same flat 401 as for a wrong audience. `getBearerTokenProvider` refreshes two minutes before `exp` for as long as the provider lives, so an expired token almost always means the app fetched one token and kept sending the string (client.static-token), or the machine's clock is wrong.",
    confirm: lines(
      "keyless token",
      "date -u +%s",
      "Compare the `exp` of the token the app sent with the current Unix time: `exp` in the past with the right `aud` confirms it (right `aud` and future `exp` point to RBAC or tenant causes; a wrong `aud` is token.wrong-audience).",
      "If the app works for a while after each restart and then fails with this 401, it holds a static token.",
    ),
    fix: lines("// Pass a provider, which refreshes before exp, never a token string", KEYLESS_CLIENT),
    fixByLanguage: {
      python: lines(
        "# Pass a token provider, which refreshes before exp, never a token string",
        PY_KEYLESS_CLIENT,
      ),
      csharp: lines(
        "// Pass the credential, which refreshes before exp, never a token string",
        CS_KEYLESS_CLIENT,
      ),
      go: lines(
        "// Pass the credential, which refreshes before exp, never a token string",
        GO_KEYLESS_CLIENT,
      ),
      java: lines(
        "// Pass the credential, which refreshes before exp, never a token string",
        JAVA_KEYLESS_CLIENT,
      ),
    },
    example: FLAT_401,
  },
  {
    code: "token.wrong-tenant",
    stage: "token",
    title: "The token was issued by a different tenant than the one that owns the resource",
    why: "The token's `tid` ({tokenTenant}) is not the resource's tenant ({resourceTenant}): a guest account signed in to its home tenant, or `az`, `azd` or VS Code using their default tenant. Azure OpenAI answers 400 `Token tenant <tid> does not match resource tenant.`; inside `DefaultAzureCredential`, `AzureCliCredential` takes its tenant only from the `tenantId` option, not from `AZURE_TENANT_ID`.",
    confirm: lines(
      "az account get-access-token --resource https://cognitiveservices.azure.com --query tenant --output tsv",
      "az account show --subscription {subscriptionId} --query tenantId --output tsv",
      "The first is the tenant the CLI signs in to, the second the tenant that owns the resource's subscription; `keyless token` shows the `tid` your app's credential gets. Different values confirm it. `CheckAccess request is invalid because: Unable to access tenant for permission info.` is the same mismatch, and ARM calls report it as `InvalidAuthenticationTokenTenant`.",
    ),
    fix: lines(
      SIGN_IN_TO_RESOURCE_TENANT,
      "",
      "// and pin it in code (AzureCliCredential inside DefaultAzureCredential ignores AZURE_TENANT_ID)",
      'const credential = new DefaultAzureCredential({ tenantId: "{resourceTenant}" });',
    ),
    fixByLanguage: {
      python: lines(
        SIGN_IN_TO_RESOURCE_TENANT,
        "",
        "# and pin it in code (DefaultAzureCredential takes no tenant_id; AzureCliCredential does)",
        'credential = AzureCliCredential(tenant_id="{resourceTenant}")',
      ),
      csharp: lines(
        SIGN_IN_TO_RESOURCE_TENANT,
        "",
        "// and pin it in code",
        'var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { TenantId = "{resourceTenant}" });',
      ),
      go: lines(
        SIGN_IN_TO_RESOURCE_TENANT,
        "",
        "// and pin it in code",
        'cred, err := azidentity.NewDefaultAzureCredential(&azidentity.DefaultAzureCredentialOptions{TenantID: "{resourceTenant}"})',
      ),
      java: lines(
        SIGN_IN_TO_RESOURCE_TENANT,
        "",
        "// and pin it in code",
        'TokenCredential credential = new DefaultAzureCredentialBuilder().tenantId("{resourceTenant}").build();',
      ),
    },
    example:
      "{'error': {'code': 'Tenant provided in token does not match resource token', 'message': 'Token tenant <tid> does not match resource tenant.'}}",
  },
  {
    code: "token.in-api-key-header",
    // A token in the key's header: what the request authenticates with, not the token itself.
    stage: "key-vs-token",
    title: "An Entra ID token was sent in the api-key header",
    why: "The `api-key` header is checked as a resource key, so a token placed there is just a wrong key: the resource answers with the invalid-key 401, or 403 `AuthenticationTypeDisabled` when key authentication is disabled. It happens when a token string is passed as `apiKey` (openai 5.18+ sends a string `apiKey` as the `api-key` header and treats only a function as a token provider) or when a tool has a single 'API key' field.",
    confirm: lines(
      "A value in `api-key` that starts with `eyJ` and has two dots is a JWT, not a key.",
      'grep -rnE "apiKey|api-key|api_key" --include=*.ts --include=*.js --include=*.py .',
      "The body tells it apart from the token causes: the invalid-key 401 (`code` `401`) or `AuthenticationTypeDisabled`, not the flat `Access token is missing` 401.",
    ),
    fix: lines(
      "// Pass the provider as azureADTokenProvider; never put a token string in apiKey / api-key",
      KEYLESS_CLIENT,
    ),
    fixByLanguage: {
      python: lines(
        "# Pass the provider as azure_ad_token_provider; never put a token string in api_key / api-key",
        PY_KEYLESS_CLIENT,
      ),
      csharp: lines(
        "// Pass the credential itself; never put a token string in an ApiKeyCredential / api-key",
        CS_KEYLESS_CLIENT,
      ),
      go: lines(
        "// Pass the credential with azure.WithTokenCredential; never put a token string in azure.WithAPIKey / api-key",
        GO_KEYLESS_CLIENT,
      ),
      java: lines(
        "// Pass the credential itself; never put a token string in an AzureKeyCredential / api-key",
        JAVA_KEYLESS_CLIENT,
      ),
    },
    // derived: the invalid-key body is verbatim; error-bodies.md attributes it to any wrong api-key value
    example: INVALID_KEY,
  },
  // key
  {
    code: "key.invalid",
    stage: "key-vs-token",
    title: "The API key is not a valid key for this resource",
    why: "The `api-key` header carried a key the resource does not accept: an api.openai.com key, another resource's key, a key that was regenerated, or an empty value from a tool that never sent the Entra token. The data plane answers 401 with `code` `401` (sometimes `Unauthorized`): `Access denied due to invalid subscription key or wrong API endpoint.`",
    confirm: lines(
      "env | cut -d= -f1 | grep -E '^(AZURE_OPENAI|OPENAI)_'",
      "That lists the variable names only. If you meant to go keyless, this body means the client sent `api-key` instead of a token (a leftover `AZURE_OPENAI_API_KEY`, or a library without token-provider support).",
      "keyless doctor --endpoint {endpoint}",
      "The doctor probes with the token and, when given, with the key, so it shows which of the two the resource rejects.",
    ),
    fix: lines(
      "# Going keyless: drop the key so the client uses its token provider",
      "unset AZURE_OPENAI_API_KEY",
      "# Staying on keys: load a current key of THIS resource without printing it",
      'export AZURE_OPENAI_API_KEY="$(az cognitiveservices account keys list --name {resourceName} --resource-group {resourceGroup} --query key1 --output tsv)"',
    ),
    example: INVALID_KEY,
  },
  {
    code: "key.sent-as-bearer",
    stage: "key-vs-token",
    title: "An API key was sent as a Bearer token",
    why: "`Authorization: Bearer` must carry a Microsoft Entra ID token; a resource key placed there (a token provider that returns the key, or a proxy or tool that sends `Bearer <key>`) fails the token gate. The answer is the same flat 401 as for a missing, expired or wrong-audience token, so the body alone does not tell them apart.",
    confirm: lines(
      "Check which header carried the credential and what it looks like: a token is a JWT (three dot-separated parts, starting with `eyJ`) that `keyless token` can decode; a key has no dots.",
      "A decodable token with a wrong `aud` is token.wrong-audience, one with a past `exp` is token.expired; a value that is not a JWT is this cause.",
    ),
    fix: lines("// Bearer carries only a token from a provider", KEYLESS_CLIENT, "", RAW_HTTP_WITH_KEY),
    fixByLanguage: {
      python: lines(
        "# Bearer carries only a token from a provider",
        PY_KEYLESS_CLIENT,
        "",
        RAW_HTTP_WITH_KEY,
      ),
      csharp: lines(
        "// Bearer carries only a token from the credential",
        CS_KEYLESS_CLIENT,
        "",
        RAW_HTTP_WITH_KEY,
      ),
      go: lines(
        "// Bearer carries only a token from the credential",
        GO_KEYLESS_CLIENT,
        "",
        RAW_HTTP_WITH_KEY,
      ),
      java: lines(
        "// Bearer carries only a token from the credential",
        JAVA_KEYLESS_CLIENT,
        "",
        RAW_HTTP_WITH_KEY,
      ),
    },
    example: FLAT_401,
  },
  {
    code: "key.auth-disabled",
    stage: "key-vs-token",
    title: "Key authentication is disabled on the resource, but the request carried an api-key",
    why: "With `disableLocalAuth=true` the resource accepts only Microsoft Entra ID tokens and answers any `api-key` header with 403 `AuthenticationTypeDisabled`. Usually `AZURE_OPENAI_API_KEY` is still set (the `openai` client reads it as `apiKey`), or a library ignores the token provider and falls back to the key.",
    confirm: lines(
      `${ACCOUNT_SHOW} --query properties.disableLocalAuth`,
      "env | cut -d= -f1 | grep -x AZURE_OPENAI_API_KEY",
      "`true` from the first and a name from the second confirm it; no other cause produces `AuthenticationTypeDisabled`.",
    ),
    fix: lines("unset AZURE_OPENAI_API_KEY", "", "// pass only the token provider", KEYLESS_CLIENT),
    fixByLanguage: {
      python: lines("unset AZURE_OPENAI_API_KEY", "", "# pass only the token provider", PY_KEYLESS_CLIENT),
      csharp: lines(
        "unset AZURE_OPENAI_API_KEY",
        "",
        "// pass the credential, not an AzureKeyCredential / ApiKeyCredential",
        CS_KEYLESS_CLIENT,
      ),
      go: lines(
        "unset AZURE_OPENAI_API_KEY",
        "",
        "// authenticate with azure.WithTokenCredential, not azure.WithAPIKey",
        GO_KEYLESS_CLIENT,
      ),
      java: lines(
        "unset AZURE_OPENAI_API_KEY",
        "",
        "// pass the token credential, not an AzureKeyCredential",
        JAVA_KEYLESS_CLIENT,
      ),
    },
    example:
      '{"error":{"code":"AuthenticationTypeDisabled","message": "Key based authentication is disabled for this resource."}}',
  },
  // rbac
  {
    code: "rbac.missing-data-action",
    stage: "authorization",
    title: "The principal has no role that grants the data action this call needs",
    why: "The token was accepted (right audience and tenant), but none of the principal's role assignments covering the resource includes the data action for the operation, e.g. `Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action`. The service answers 401 `PermissionDenied` (not 403), and the newer wording names the principal and the missing action.",
    confirm: lines(
      LIST_ASSIGNMENTS,
      "No Cognitive Services OpenAI User, Cognitive Services OpenAI Contributor, Cognitive Services User or Azure AI User (needed for Foundry agents) on the resource or a parent scope confirms it.",
      "Only Owner / Contributor listed: rbac.control-plane-role-only. A data role on another scope: rbac.wrong-scope. A data role at the right scope created in the last 5 minutes: rbac.propagation-pending. Nothing for this principal but a role for someone else: rbac.other-principal (compare {principalId} with the `oid` from `keyless token`).",
    ),
    fix: lines(
      '# Grant the least-privilege data role (Foundry agents: use --role "Azure AI User")',
      SCOPE_HINT,
      GRANT_OPENAI_USER,
    ),
    example: PERMISSION_DENIED,
  },
  {
    code: "rbac.control-plane-role-only",
    stage: "authorization",
    title: "The principal holds only control-plane roles, which grant no data actions",
    why: "Owner, Contributor, Cognitive Services Contributor and Azure AI Account Owner can manage the resource and list its keys (a control-plane action) but hold no `dataActions`, so the principal's own token gets 401 `PermissionDenied` while an API key of the resource (where keys are allowed) still works. Microsoft's Foundry troubleshooting guide says it plainly: 'Roles like Owner or Contributor don't provide access via Microsoft Entra ID.'",
    confirm: lines(
      LIST_ASSIGNMENTS,
      "Only Owner, Contributor, Cognitive Services Contributor, Azure AI Account Owner or Reader in the list confirms it (a key that works while the token fails, if you tried one, agrees); any Cognitive Services OpenAI User / OpenAI Contributor / Cognitive Services User / Azure AI User at a covering scope rules it out.",
    ),
    fix: lines("# Add a data-plane role; Owner/Contributor stay as they are", SCOPE_HINT, GRANT_OPENAI_USER),
    example: PERMISSION_DENIED_OLD,
  },
  {
    code: "rbac.wrong-scope",
    stage: "authorization",
    title: "The data-plane role is assigned at a scope that does not contain this resource",
    why: "A role assignment applies to its scope and everything below it. Cognitive Services OpenAI User on another account, another resource group or another subscription (often the CLI's default one) does not reach this resource, so the call still gets 401 `PermissionDenied`.",
    confirm: lines(
      LIST_ASSIGNMENTS,
      `${ACCOUNT_SHOW} --query id --output tsv`,
      "The resource id must start with the scope of a data-role assignment; when every data-role scope points elsewhere, this is the cause.",
    ),
    fix: lines(
      "# Assign the role on the account itself (or its resource group)",
      SCOPE_HINT,
      GRANT_OPENAI_USER,
    ),
    example: PERMISSION_DENIED,
  },
  {
    code: "rbac.propagation-pending",
    stage: "authorization",
    title: "The role assignment is too new to be in effect yet",
    why: "Role assignments take time to propagate: Microsoft's docs say 'it can take up to 5 minutes before the change takes effect' and 'Wait at least 5 minutes before making the first call'. Until then the right role at the right scope still yields 401 `PermissionDenied`; roles are not in the token, so only time fixes it.",
    confirm: lines(
      'az role assignment list --assignee {principalId} --all --query "[].{role:roleDefinitionName, scope:scope, createdOn:createdOn}" --output table',
      "A data role at a covering scope whose `createdOn` is less than 5 minutes ago confirms it; an older one points to another cause (wrong principal, wrong scope).",
    ),
    fix: lines("# Wait, then check again", "sleep 300 && keyless doctor --endpoint {endpoint}"),
    example: PERMISSION_DENIED,
  },
  {
    code: "rbac.other-principal",
    stage: "authorization",
    title: "The token belongs to a different principal than the one that holds the role",
    why: "`DefaultAzureCredential` uses the first credential in its chain that produces a token: a leftover service principal in `AZURE_CLIENT_ID`/`AZURE_CLIENT_SECRET`, a managed identity, or another `az`/`azd` account may win over the identity you granted the role to. The role is fine; the caller is someone else, so the service reports `PermissionDenied` for the principal it actually saw.",
    confirm: lines(
      "keyless token",
      'az role assignment list --scope {scope} --include-inherited --query "[].{principal:principalId, role:roleDefinitionName}" --output table',
      "The `oid` of the token (or the principal named in the error, {principalId}) is not among the principals holding a data role. `AZURE_LOG_LEVEL=info` logs `Result for <Credential>`, naming the credential that produced the token.",
    ),
    fix: lines(
      "# Either grant the role to the principal that actually calls",
      GRANT_OPENAI_USER,
      "# or make the chain use the identity you meant (@azure/identity >= 4.11; e.g. ManagedIdentityCredential in production)",
      "export AZURE_TOKEN_CREDENTIALS=AzureCliCredential",
    ),
    fixByLanguage: perLanguage((comment, cliCredential) =>
      lines(
        "# Either grant the role to the principal that actually calls",
        GRANT_OPENAI_USER,
        "",
        `${comment} or use the identity you meant directly, e.g. the Azure CLI's (the managed identity's in production)`,
        cliCredential,
      ),
    ),
    example: PERMISSION_DENIED,
  },
  // network
  {
    code: "network.firewall",
    stage: "network",
    title: "The resource's network rules (IP / virtual network firewall) reject this caller",
    why: "The account's network ACL denies the caller's IP or subnet, and the service answers 403 `Access denied due to Virtual Network/Firewall rules.` with the response header `policy-id: ThrowExceptionDueToTrafficDenied`. RBAC plays no part: key and token fail alike, and granting roles does not help.",
    confirm: lines(
      `${ACCOUNT_SHOW} --query "properties.networkAcls"`,
      "A `defaultAction` of `Deny` without your public IP (e.g. from `curl -s https://ifconfig.me`) or subnet in the rules confirms it, as does the `policy-id: ThrowExceptionDueToTrafficDenied` header.",
    ),
    fix: lines(
      "# Allow the caller's public IP (or run from an allowed subnet)",
      "az cognitiveservices account network-rule add --name {resourceName} --resource-group {resourceGroup} --ip-address {clientIp}",
    ),
    example: '{"error":{"code":"403","message": "Access denied due to Virtual Network/Firewall rules."}}',
  },
  {
    code: "network.private-endpoint",
    stage: "network",
    title: "The resource accepts traffic only through an approved private endpoint",
    why: "The account is reachable only through its private endpoint, and this request arrived over the public path: the caller is outside the virtual network, or DNS resolved the public address because the private DNS zone is not linked. The service answers 403 `Traffic is not from an approved private endpoint`; adding roles does not fix it.",
    confirm: lines(
      "nslookup {host}",
      "From inside the VNet the name must resolve to a private address through `privatelink.openai.azure.com` (or `privatelink.cognitiveservices.azure.com`); a public address confirms the DNS half of this cause.",
      `az network private-endpoint-connection list --id "$(${ACCOUNT_SHOW} --query id --output tsv)" --output table`,
    ),
    fix: lines(
      "# Run the app inside the VNet (or peered / VPN) and link the private DNS zone to that VNet",
      "az network private-dns link vnet create --resource-group {resourceGroup} --zone-name privatelink.openai.azure.com --name {vnetName}-link --virtual-network {vnetName} --registration-enabled false",
    ),
    example: "Traffic is not from an approved private endpoint",
  },
  {
    code: "network.proxy-refused",
    stage: "endpoint",
    title: "The HTTPS proxy refused to open a tunnel to the host",
    why: "Every HTTPS request through a proxy starts with `CONNECT <host>:443`; this proxy answered it with an error status (403, 407 proxy authentication, 502...) instead of `200 Connection established`, so nothing reached the host. Node's proxy agents hand that answer to the client as if the host had sent it, which makes it read like a refusal by Entra ID or Azure OpenAI; no role, key or token change helps.",
    confirm: lines(
      "curl -sS -o /dev/null -w '%{http_code}\\n' --proxy \"$HTTPS_PROXY\" https://{host}/",
      "`curl: (56) CONNECT tunnel failed, response 403` (or 407) confirms it; the same request from a machine without the proxy reaches the host.",
    ),
    fix: lines(
      "# Let the proxy tunnel to the host (ask its administrators to allow {host}:443),",
      "# or bypass it for Azure's hosts",
      'export NO_PROXY="$NO_PROXY,.openai.azure.com,.cognitiveservices.azure.com,login.microsoftonline.com"',
    ),
    example: "CONNECT tunnel failed, response 403",
  },
  {
    code: "network.tls-untrusted",
    stage: "endpoint",
    title: "The host answered with a certificate this machine does not trust (TLS interception)",
    why: "The TLS handshake met a certificate that does not chain to a trusted root or does not name the host: a corporate proxy or security product intercepting TLS with its own CA, a captive portal, or a wrong `AZURE_AUTHORITY_HOST`. Node.js trusts only its bundled roots (plus `NODE_EXTRA_CA_CERTS`), not the operating system's store, so a CA the browser trusts can still fail here. MSAL reports it only as `endpoints_resolution_error`.",
    confirm: lines(
      "openssl s_client -connect {host}:443 -servername {host} -showcerts </dev/null | openssl x509 -noout -issuer -subject",
      "An issuer that is not a public CA (your company's name, a security product) confirms interception.",
    ),
    fix: lines(
      "# Trust the intercepting CA (export it as PEM from your IT department or the OS store)",
      "export NODE_EXTRA_CA_CERTS=/path/to/corporate-root-ca.pem",
      "# Python: export REQUESTS_CA_BUNDLE=/path/to/corporate-root-ca.pem",
    ),
    example: "UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate",
  },
  {
    code: "network.html-instead-of-json",
    stage: "endpoint",
    title: "An HTML page answered where the service answers JSON",
    why: "Entra ID, the managed identity endpoints and Azure OpenAI answer JSON, errors included. An HTML page in their place comes from something in between: a proxy's block page, a captive portal, a web application firewall, or an endpoint that points at a website rather than the service. Clients then fail with a JSON parse error or, worse, treat a 200 page as success.",
    confirm: lines(
      "curl -sS -i {url} | head -20",
      "A `content-type: text/html` answer without Azure's `apim-request-id` / `x-ms-request-id` header confirms it.",
    ),
    fix: lines(
      "# Find what serves the page (proxy, portal, WAF) and let the request through to Azure,",
      "# or bypass the proxy for Azure's hosts",
      'export NO_PROXY="$NO_PROXY,.openai.azure.com,.cognitiveservices.azure.com,login.microsoftonline.com"',
    ),
    example: "SyntaxError: Unexpected token '<', \"<html><bod\"... is not valid JSON",
  },
  {
    code: "network.body-cut-short",
    stage: "endpoint",
    title: "The connection closed before the answer's body was complete",
    why: "The headers arrived, then the connection ended before the body did (fewer bytes than its `content-length`, or a chunked body without its end). Something between the caller and the service dropped it: a proxy or firewall with an idle or size limit, a load balancer restart, an unstable network. The client sees `aborted`, `ECONNRESET` or a truncated JSON error.",
    confirm: lines(
      "curl -sS -o /dev/null -w '%{http_code} %{size_download}\\n' {url}",
      "`curl: (18) transfer closed with outstanding read data remaining` confirms it; repeat from another network to tell the path from the service.",
    ),
    fix: lines(
      "# Retry, then take the path without the dropping hop (VPN, proxy bypass)",
      'export NO_PROXY="$NO_PROXY,.openai.azure.com,.cognitiveservices.azure.com,login.microsoftonline.com"',
    ),
    example: "transfer closed with outstanding read data remaining",
  },
  // resource
  {
    code: "resource.deployment-not-found",
    stage: "resource",
    title: "The deployment named in the request does not exist on this resource",
    why: "Requests name a deployment, which you name when you deploy a model; `gpt-4o` works only if a deployment is called that. The 404 `DeploymentNotFound` also comes from a right name on the wrong resource, or from a deployment created less than 5 minutes ago.",
    confirm: lines(
      'az cognitiveservices account deployment list --name {resourceName} --resource-group {resourceGroup} --query "[].{deployment:name, model:properties.model.name}" --output table',
      "If {deployment} is not in the `deployment` column (it may be in the `model` column), this is the cause; if it is there and new, wait 5 minutes.",
    ),
    fix: lines(
      "# Use a deployment name of this resource (not the model name) as `deployment` / `model`",
      'az cognitiveservices account deployment list --name {resourceName} --resource-group {resourceGroup} --query "[].name" --output tsv',
    ),
    example:
      '{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."}}',
  },
  {
    code: "resource.api-version",
    stage: "resource",
    title: "The api-version is missing, unsupported or wrong for this path",
    why: "The deployments form (`/openai/deployments/<deployment>/...`) requires an `api-version` query parameter, while the v1 form (`/openai/v1/...`) takes none. A mistyped or retired version, a preview feature called with a GA version, or a version sent to `/openai/v1/` is rejected before authentication matters.",
    confirm: lines(
      "Look at the URL the client called: the deployments form must end in `?api-version=<version>`, the `/openai/v1/` form must have none.",
      "Retry with the stable 2024-10-21 (the GA spec in Azure/azure-rest-api-specs); if that works, the version was the cause.",
      "keyless doctor --endpoint {endpoint} --deployment {deployment} --api-version 2024-10-21",
    ),
    fix: lines(
      "# Set a supported api-version (or use the /openai/v1/ path, which takes none)",
      "export OPENAI_API_VERSION=2024-10-21",
    ),
  },
  {
    code: "resource.managed-identity-not-enabled",
    stage: "resource",
    title: "The compute resource running the app has no managed identity enabled",
    why: "`ManagedIdentityCredential` can only get a token for an identity that is turned on for the host (VM, App Service, Functions, Container Apps). With the identity off, IMDS answers 400 `Identity not found` and App Service does not even set `IDENTITY_ENDPOINT`/`IDENTITY_HEADER`, so there is no principal to grant a role to.",
    confirm: lines(
      "az webapp identity show --name {appName} --resource-group {resourceGroup}",
      "az vm identity show --name {vmName} --resource-group {resourceGroup}",
      "Empty output (or `type: None`) confirms it. On the host itself:",
      IMDS_STATUS,
      "400 means IMDS answered but has no identity for this host; 200 means an identity works.",
    ),
    fix: lines(
      "# Turn on the system-assigned identity of the host that runs the app (pick your host's command)",
      "az webapp identity assign --name {appName} --resource-group {resourceGroup}",
      "az vm identity assign --name {vmName} --resource-group {resourceGroup}",
      "az containerapp identity assign --name {appName} --resource-group {resourceGroup} --system-assigned",
      "# then grant the new principal (principalId in the output) a data role on the Azure OpenAI resource",
      'az role assignment create --role "{role=Cognitive Services OpenAI User}" --assignee-object-id {principalId} --assignee-principal-type ServicePrincipal --scope {scope}',
    ),
    // derived: the IMDS error body shape {error, error_description} with the documented "Identity not found"
    example: '{"error":"invalid_request","error_description":"Identity not found"}',
  },
  // gateway
  {
    code: "gateway.apim-subscription-key",
    stage: "key-vs-token",
    title: "An API Management gateway in front of the resource wants its subscription key",
    why: "The endpoint is an Azure API Management gateway, not the Azure OpenAI resource, and its policy requires an APIM subscription key (or an application token it validates itself). A client that sends only the Entra token meant for the backend is stopped at the gateway with a flat 401 that mentions 'missing application credentials or subscription key'.",
    confirm: lines(
      "The host of {endpoint} is a gateway (e.g. `<name>.azure-api.net` or a custom domain in front of it), not `<name>.openai.azure.com`.",
      "The body wording 'missing application credentials or subscription key' comes only from APIM; the Azure OpenAI token gate says 'Access token is missing, invalid, audience is incorrect'.",
    ),
    fix: lines(
      "// Send the gateway's subscription key (default header Ocp-Apim-Subscription-Key; AI gateways often rename it to api-key)",
      `const client = new AzureOpenAI({ endpoint: "{endpoint}", azureADTokenProvider: getBearerTokenProvider(new DefaultAzureCredential(), "${SCOPE}"), apiVersion: "{apiVersion}", defaultHeaders: { "Ocp-Apim-Subscription-Key": process.env.APIM_SUBSCRIPTION_KEY } });`,
    ),
    fixByLanguage: {
      python: lines(
        "# Send the gateway's subscription key (default header Ocp-Apim-Subscription-Key; AI gateways often rename it to api-key)",
        `client = AzureOpenAI(azure_endpoint="{endpoint}", azure_ad_token_provider=get_bearer_token_provider(DefaultAzureCredential(), "${SCOPE}"), api_version="{apiVersion}", default_headers={"Ocp-Apim-Subscription-Key": os.environ["APIM_SUBSCRIPTION_KEY"]})`,
      ),
      csharp: lines(
        "// Send the gateway's subscription key (default header Ocp-Apim-Subscription-Key; AI gateways often rename it to api-key)",
        "var options = new AzureOpenAIClientOptions();",
        'options.AddPolicy(new SubscriptionKeyPolicy(Environment.GetEnvironmentVariable("APIM_SUBSCRIPTION_KEY")), PipelinePosition.PerCall);',
        'var client = new AzureOpenAIClient(new Uri("{endpoint}"), new DefaultAzureCredential(), options);',
        "",
        "// System.ClientModel.Primitives: a policy that sets the header on every request",
        "class SubscriptionKeyPolicy(string key) : PipelinePolicy",
        "{",
        '    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) { message.Request.Headers.Set("Ocp-Apim-Subscription-Key", key); ProcessNext(message, pipeline, currentIndex); }',
        '    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) { message.Request.Headers.Set("Ocp-Apim-Subscription-Key", key); return ProcessNextAsync(message, pipeline, currentIndex); }',
        "}",
      ),
      go: lines(
        "// Send the gateway's subscription key (default header Ocp-Apim-Subscription-Key; AI gateways often rename it to api-key)",
        GO_CREDENTIAL,
        'client := openai.NewClient(azure.WithEndpoint("{endpoint}", "{apiVersion}"), azure.WithTokenCredential(cred), option.WithHeader("Ocp-Apim-Subscription-Key", os.Getenv("APIM_SUBSCRIPTION_KEY")))',
      ),
      java: lines(
        "// Send the gateway's subscription key (default header Ocp-Apim-Subscription-Key; AI gateways often rename it to api-key)",
        'OpenAIClient client = new OpenAIClientBuilder().credential(new DefaultAzureCredentialBuilder().build()).endpoint("{endpoint}").clientOptions(new ClientOptions().setHeaders(List.of(new Header("Ocp-Apim-Subscription-Key", System.getenv("APIM_SUBSCRIPTION_KEY"))))).buildClient();',
      ),
    },
    example:
      '{ "statusCode": 401, "message": "Access denied due to a missing application credentials or subscription key. Make sure to include an application token or a subscription key when making requests to the API." }',
  },
  // credential
  {
    code: "credential.chain-exhausted",
    stage: "credential",
    title: "No credential in the DefaultAzureCredential chain could get a token",
    why: "`DefaultAzureCredential` tries Environment, WorkloadIdentity, ManagedIdentity, VisualStudioCode, AzureCli, AzurePowerShell, AzureDeveloperCli and the broker in that order, moving on only when a credential reports `CredentialUnavailableError`. When none can produce a token it throws `AggregateAuthenticationError` (`ChainedTokenCredential authentication failed.`) with one line per credential, and each line is its own cause.",
    confirm: lines(
      "Read the lines under `ChainedTokenCredential authentication failed.`: each names a credential and why it was unavailable; `keyless explain` gives one match per line.",
      "keyless doctor",
      "The doctor lists which credentials are available on this machine and which one you expected to work.",
    ),
    fix: lines(
      "# Make the credential you intend work, e.g. sign in for local development",
      "az login",
      "# and name it so the next error is about that credential only (@azure/identity >= 4.11)",
      "export AZURE_TOKEN_CREDENTIALS=AzureCliCredential",
    ),
    fixByLanguage: perLanguage((comment, cliCredential) =>
      lines(
        "# Make the credential you intend work, e.g. sign in for local development",
        "az login",
        "",
        `${comment} and use that credential alone, so the next error is about it only`,
        cliCredential,
      ),
    ),
    example: lines(
      "ChainedTokenCredential authentication failed.",
      "CredentialUnavailableError: EnvironmentCredential is unavailable. No underlying credential could be used. To troubleshoot, visit https://aka.ms/azsdk/js/identity/environmentcredential/troubleshoot.",
      "CredentialUnavailableError: ManagedIdentityCredential: Authentication failed. Message Attempted to use the IMDS endpoint, but it is not available.",
      "CredentialUnavailableError: Please run 'az login' from a command prompt to authenticate before using this credential.",
      "CredentialUnavailableError: Azure Developer CLI couldn't be found. To mitigate this issue, see the troubleshooting guidelines at https://aka.ms/azsdk/js/identity/azdevclicredential/troubleshoot.",
    ),
  },
  {
    code: "credential.env-incomplete",
    stage: "credential",
    title: "EnvironmentCredential variables are only partly set",
    why: "`EnvironmentCredential` needs `AZURE_TENANT_ID` and `AZURE_CLIENT_ID` plus one complete set: `AZURE_CLIENT_SECRET`, or `AZURE_CLIENT_CERTIFICATE_PATH`, or `AZURE_USERNAME` + `AZURE_PASSWORD`. With a partial set it is unavailable with the same message as when nothing is set (the troubleshooting guides call it 'Environment variables aren't fully configured.'), and variables set after the process started are never seen.",
    confirm: lines(
      "env | cut -d= -f1 | grep -E '^AZURE_(TENANT_ID|CLIENT_ID|CLIENT_SECRET|CLIENT_CERTIFICATE_PATH|USERNAME|PASSWORD)$'",
      "Some but not all names of one set in the output confirm it (none at all is credential.env-not-configured).",
    ),
    fix: lines(
      "# Service principal with a secret: all three, set before the process starts",
      "export AZURE_TENANT_ID={tenantId}",
      "export AZURE_CLIENT_ID={clientId}",
      "export AZURE_CLIENT_SECRET=<secret-value>",
    ),
    example: ENV_UNAVAILABLE,
  },
  {
    code: "credential.env-unexpected-identity",
    // The chain works; the identity it picked has no role, which the call meets at authorization.
    stage: "authorization",
    title: "EnvironmentCredential signed in as a service principal you did not intend",
    why: "`EnvironmentCredential` comes first in `DefaultAzureCredential`, so leftover `AZURE_CLIENT_ID`/`AZURE_CLIENT_SECRET` (an old `.env` file, CI variables) win over your `az login` or managed identity. The token then belongs to that app, and the data plane reports `PermissionDenied` for a principal you never granted anything; a leftover `AZURE_CLIENT_ID` also makes `ManagedIdentityCredential` ask for a user-assigned identity with that id.",
    confirm: lines(
      LIST_ENV_NAMES,
      "keyless token",
      "`AZURE_CLIENT_ID` with `AZURE_CLIENT_SECRET` or `AZURE_CLIENT_CERTIFICATE_PATH` in the list, and an `appid`/`oid` in the token that is not the identity you expected, confirm it; `AZURE_LOG_LEVEL=info` logs `Result for EnvironmentCredential`.",
    ),
    fix: lines(
      "# Remove the leftover service principal (and its line in .env) so the chain reaches the identity you meant",
      "unset AZURE_CLIENT_ID AZURE_CLIENT_SECRET AZURE_CLIENT_CERTIFICATE_PATH",
    ),
    example: PERMISSION_DENIED,
  },
  {
    code: "credential.empty-client-id",
    stage: "credential",
    title: "A client id is set but empty",
    why: "An empty string is not 'no value' to the code that reads it: `AZURE_CLIENT_ID=` in a `.env` file, or `clientId: process.env.X` where X is empty, reaches the credential as `\"\"`. Credentials that require a client id then report it missing (`ClientSecretCredential: clientId is a required parameter.`, `WorkloadIdentityCredential: is unavailable. clientId is a required parameter.`) instead of falling back to another identity.",
    confirm: lines(
      "node -e 'console.log(JSON.stringify(process.env.AZURE_CLIENT_ID))'",
      '`""` (set but empty) confirms it; `undefined` means unset, which is a different cause.',
    ),
    fix: lines(
      "# Set the application (client) id of the identity you mean",
      "export AZURE_CLIENT_ID={clientId}",
      "# or, for az login / a system-assigned managed identity, remove the variable entirely",
      "unset AZURE_CLIENT_ID",
    ),
    // verbatim from @azure/identity 4.13.1 (credentials.md §3 quotes its first sentence)
    example:
      'CredentialUnavailableError: WorkloadIdentityCredential: is unavailable. clientId is a required parameter. In DefaultAzureCredential and ManagedIdentityCredential, this can be provided as an environment variable - "AZURE_CLIENT_ID".',
  },
  {
    code: "credential.bad-token-credentials-env",
    stage: "credential",
    title: "AZURE_TOKEN_CREDENTIALS has a value DefaultAzureCredential does not accept",
    why: "`DefaultAzureCredential` reads `AZURE_TOKEN_CREDENTIALS` (trimmed, case-insensitive) and throws in its constructor for anything other than `dev`, `prod` or one credential name (EnvironmentCredential, WorkloadIdentityCredential, ManagedIdentityCredential, VisualStudioCodeCredential, AzureCliCredential, AzurePowerShellCredential, AzureDeveloperCliCredential). `dev`/`prod` need @azure/identity 4.10.0 and single names 4.11.0, so an older package rejects values a newer one accepts.",
    confirm: lines(
      "node -e 'console.log(JSON.stringify(process.env.AZURE_TOKEN_CREDENTIALS))'",
      "npm ls @azure/identity",
    ),
    fix: lines(
      "# One of: dev, prod, or a credential name (single names need @azure/identity >= 4.11.0)",
      "export AZURE_TOKEN_CREDENTIALS=dev",
    ),
    // derived: the verbatim message with ${value} = cli
    example:
      "Invalid value for AZURE_TOKEN_CREDENTIALS = cli. Valid values are 'prod' or 'dev' or any of these credentials - EnvironmentCredential, WorkloadIdentityCredential, ManagedIdentityCredential, VisualStudioCodeCredential, AzureCliCredential, AzurePowerShellCredential, AzureDeveloperCliCredential.",
  },
  {
    code: "credential.tenant-not-allowed",
    stage: "credential",
    title: "The credential is bound to one tenant and was asked for a token in another",
    why: "Since @azure/identity 3.0.0 a credential created with a tenant id refuses to get tokens for a different tenant requested at `getToken` time (for example by a tenant challenge) unless that tenant is in `additionallyAllowedTenants`. The error names the tenant it was asked for ({tenantId}).",
    confirm: lines(
      "Compare the tenant in the message with the credential's `tenantId` option or `AZURE_TENANT_ID`; a difference confirms it.",
      "az account show --subscription {subscriptionId} --query tenantId --output tsv",
    ),
    fix: lines(
      '// Allow the other tenant explicitly (or "*" for any)',
      'const credential = new DefaultAzureCredential({ additionallyAllowedTenants: ["{tenantId}"] });',
      "",
      "# EnvironmentCredential reads the list from the environment (semicolon-separated)",
      "export AZURE_ADDITIONALLY_ALLOWED_TENANTS={tenantId}",
    ),
    fixByLanguage: {
      python: lines(
        '# Allow the other tenant explicitly (or "*" for any)',
        'credential = DefaultAzureCredential(additionally_allowed_tenants=["{tenantId}"])',
      ),
      csharp: lines(
        '// Allow the other tenant explicitly (or "*" for any)',
        'var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { AdditionallyAllowedTenants = { "{tenantId}" } });',
      ),
      go: lines(
        '// Allow the other tenant explicitly (or "*" for any)',
        'cred, err := azidentity.NewDefaultAzureCredential(&azidentity.DefaultAzureCredentialOptions{AdditionallyAllowedTenants: []string{"{tenantId}"}})',
        "",
        "# DefaultAzureCredential also reads the list from the environment (semicolon-separated)",
        "export AZURE_ADDITIONALLY_ALLOWED_TENANTS={tenantId}",
      ),
      java: lines(
        '// Allow the other tenant explicitly (or "*" for any)',
        'TokenCredential credential = new DefaultAzureCredentialBuilder().additionallyAllowedTenants("{tenantId}").build();',
      ),
    },
    // verbatim from @azure/identity 4.13.1 (credentials.md §12 quotes its first sentence)
    example:
      'CredentialUnavailableError: The current credential is not configured to acquire tokens for tenant <tenant-id>. To enable acquiring tokens for this tenant add it to the AdditionallyAllowedTenants on the credential options, or add "*" to AdditionallyAllowedTenants to allow acquiring tokens for any tenant.',
  },
  {
    code: "credential.cli-not-installed",
    stage: "credential",
    title: "The Azure CLI is not installed or not on the app's PATH",
    why: "`AzureCliCredential` runs `az account get-access-token`; when the shell answers `az: not found` or `'az' is not recognized` the credential is unavailable. This is normal in containers and CI images, and common when the app runs from an IDE or service whose PATH lacks the CLI's directory.",
    confirm: lines(
      "command -v az && az version",
      "Run it in the same environment (container, service account, IDE terminal) as the app; no path printed confirms it.",
    ),
    fix: lines(
      "# Install the Azure CLI (Debian/Ubuntu; macOS: brew install azure-cli; Windows: winget install -e --id Microsoft.AzureCLI)",
      "curl -sL https://aka.ms/InstallAzureCLIDeb | sudo bash",
      "az login",
    ),
    example:
      "CredentialUnavailableError: Azure CLI could not be found. Please visit https://aka.ms/azure-cli for installation instructions and then, once installed, authenticate to your Azure account using 'az login'.",
  },
  {
    code: "credential.cli-not-logged-in",
    stage: "credential",
    title: "The Azure CLI has no signed-in account (or its sign-in expired)",
    why: "`AzureCliCredential` reuses the CLI's session; when `az account get-access-token` asks the user to run `az login`, the credential is unavailable. Sessions end after a sign-out, a password change, or when the refresh token expires.",
    confirm: lines(
      "az account show",
      "az account get-access-token --resource https://cognitiveservices.azure.com --query expiresOn --output tsv",
      "A prompt to run `az login` from either confirms it; an expiry date means the CLI works and the problem is elsewhere.",
    ),
    fix: lines("# Sign in to the tenant that owns the resource", "az login --tenant {tenantId}"),
    example:
      "CredentialUnavailableError: Please run 'az login' from a command prompt to authenticate before using this credential.",
  },
  {
    code: "credential.cli-timeout",
    stage: "credential",
    title: "The Azure CLI did not return a token within the process timeout",
    why: "`AzureCliCredential` runs `az account get-access-token` as a child process and kills it after `processTimeoutInMs` when that option is set; a slow `az` (first run after an upgrade, a cold start on Windows, a proxy, a slow network) is killed before it prints its JSON. The credential then reports a JSON parse error such as `Unexpected end of JSON input`, or whatever `az` had written to stderr, not the word timeout.",
    confirm: lines(
      "time az account get-access-token --resource https://cognitiveservices.azure.com --query expiresOn --output tsv",
      "A run that takes longer than the configured `processTimeoutInMs` confirms it; a fast run that fails points to credential.cli-not-logged-in or credential.cli-not-installed.",
    ),
    ...DEVELOPER_CLI_TIMEOUT_FIX,
    // derived: what @azure/identity 4.13.1 throws when the killed process left stdout empty
    example: "CredentialUnavailableError: Unexpected end of JSON input",
  },
  {
    code: "credential.azd-not-installed",
    stage: "credential",
    title: "The Azure Developer CLI (azd) is not installed or not on the app's PATH",
    why: "`AzureDeveloperCliCredential` runs `azd auth token`; when `azd` is not found the credential is unavailable. In a `DefaultAzureCredential` chain this line is harmless if another credential works, and it is the last developer credential before the broker, so it often appears in aggregated errors.",
    confirm: lines("command -v azd && azd version", "No path printed confirms it."),
    fix: lines(
      "# Install azd (macOS: brew tap azure/azd && brew install azd; Windows: winget install microsoft.azd), then sign in",
      "curl -fsSL https://aka.ms/install-azd.sh | bash",
      "azd auth login",
    ),
    example:
      "CredentialUnavailableError: Azure Developer CLI couldn't be found. To mitigate this issue, see the troubleshooting guidelines at https://aka.ms/azsdk/js/identity/azdevclicredential/troubleshoot.",
  },
  {
    code: "credential.azd-not-logged-in",
    stage: "credential",
    title: "The Azure Developer CLI has no signed-in account",
    why: "`AzureDeveloperCliCredential` reuses the `azd` session; when `azd auth token` says it is not logged in, the credential is unavailable. `azd` keeps its own sign-in, separate from `az login`.",
    confirm: lines(
      "azd auth login --check-status",
      "A non-zero exit status (not logged in) confirms it; azd 1.23.0+ also has `azd auth status`.",
    ),
    fix: lines("# Sign in to azd (its session is separate from az)", "azd auth login --tenant-id {tenantId}"),
    example: "not logged in, run `azd login` to login",
  },
  {
    code: "credential.azd-timeout",
    stage: "credential",
    title: "The Azure Developer CLI did not return a token within the process timeout",
    why: "`AzureDeveloperCliCredential` runs `azd auth token --output json --no-prompt` as a child process and kills it after `processTimeoutInMs` when that option is set. A slow `azd` (first run, update check, slow network) is killed before it prints the token, and the credential reports whatever partial output it got rather than a clear timeout.",
    confirm: lines(
      "time azd auth token --output json --no-prompt --scope https://cognitiveservices.azure.com/.default > /dev/null",
      "A run longer than the configured `processTimeoutInMs` confirms it (the output is discarded because it holds a token).",
    ),
    ...DEVELOPER_CLI_TIMEOUT_FIX,
  },
  {
    code: "credential.powershell-not-installed",
    stage: "credential",
    title: "PowerShell is not installed (no pwsh on PATH)",
    why: "`AzurePowerShellCredential` runs `pwsh` (and `powershell` on Windows) to call `Get-AzAccessToken`; when neither can be started the credential reports `Unable to execute PowerShell. Ensure that it is installed in your system`. In a chain this is harmless if another credential works.",
    confirm: lines(
      "command -v pwsh && pwsh -NoProfile -Command '$PSVersionTable.PSVersion'",
      "No path printed confirms it.",
    ),
    fix: lines(
      "# Install PowerShell 7 (Windows: winget install --id Microsoft.PowerShell --source winget), then the Az module",
      "brew install --cask powershell",
      'pwsh -NoProfile -Command "Install-Module -Name Az -Scope CurrentUser -Repository PSGallery -Force"',
    ),
    // verbatim from @azure/identity 4.13.1 (credentials.md §10 quotes it with a trailing "...")
    example:
      "CredentialUnavailableError: Unable to execute PowerShell. Ensure that it is installed in your system",
  },
  {
    code: "credential.powershell-not-logged-in",
    stage: "credential",
    title: "Azure PowerShell has no signed-in account",
    why: "`AzurePowerShellCredential` calls `Get-AzAccessToken` in a fresh `pwsh -NoProfile` process; when Az PowerShell answers `Run Connect-AzAccount to login`, the credential is unavailable. Az PowerShell keeps its own sign-in, separate from `az login`.",
    confirm: lines(
      "pwsh -NoProfile -Command 'Get-AzContext | Select-Object Account, Tenant'",
      "Empty output confirms it.",
    ),
    fix: lines(
      "# Sign in to Az PowerShell",
      'pwsh -NoProfile -Command "Connect-AzAccount -Tenant {tenantId}"',
    ),
    // verbatim from @azure/identity 4.13.1; the troubleshooting guide's row reads "Please run 'Connect-AzAccount' to set up account."
    example:
      "CredentialUnavailableError: Please run 'Connect-AzAccount' from PowerShell to authenticate before using this credential.",
  },
  {
    code: "credential.mi-unavailable",
    stage: "credential",
    title: "No managed identity endpoint is available on this machine",
    why: "Outside Azure (a laptop, a CI runner, most containers) there is no IMDS at 169.254.169.254 and no App Service / Arc / Cloud Shell identity variables, so `DefaultAzureCredential`'s 1-second IMDS probe fails with `Attempted to use the IMDS endpoint, but it is not available.` In a chain this is expected during local development; it is a problem only when the app runs on Azure compute and should use its identity.",
    confirm: lines(
      IMDS_STATUS,
      "env | cut -d= -f1 | grep -E '^(IDENTITY_ENDPOINT|IDENTITY_HEADER|MSI_ENDPOINT|MSI_SECRET|IMDS_ENDPOINT)$'",
      "`000` (no answer) and no identity variables confirm it; any HTTP status means IMDS exists and the problem is elsewhere (identity not assigned, gateway, timeout).",
    ),
    fix: lines(
      "# Local development: use a developer credential and skip managed identity",
      "az login",
      "export AZURE_TOKEN_CREDENTIALS=dev",
      "# On Azure compute: enable the host's managed identity (see resource.managed-identity-not-enabled)",
    ),
    fixByLanguage: perLanguage((comment, cliCredential) =>
      lines(
        "# Local development: use a developer credential instead of managed identity",
        "az login",
        "",
        `${comment} e.g. the Azure CLI's, on its own`,
        cliCredential,
        "",
        "# On Azure compute: enable the host's managed identity (see resource.managed-identity-not-enabled)",
      ),
    ),
    example:
      "CredentialUnavailableError: ManagedIdentityCredential: Authentication failed. Message Attempted to use the IMDS endpoint, but it is not available.",
  },
  {
    code: "credential.mi-identity-not-assigned",
    stage: "credential",
    title: "The requested managed identity is not assigned to this host",
    why: "IMDS answers 400 when asked for an identity the host does not have: a user-assigned client id ({clientId}) that is not attached to this VM / app (often a leftover or mistyped `AZURE_CLIENT_ID`), or a system-assigned identity that is turned off. The message is `The requested identity hasn't been assigned to this resource.` (IMDS itself says `Identity not found`).",
    confirm: lines(
      'az vm identity show --name {vmName} --resource-group {resourceGroup} --query "{system:principalId, userAssigned:userAssignedIdentities.*.clientId}"',
      'az webapp identity show --name {appName} --resource-group {resourceGroup} --query "{system:principalId, userAssigned:userAssignedIdentities.*.clientId}"',
      "The client id the app asks for must be in `userAssigned` (or, without a client id, `system` must be set); otherwise this is the cause.",
    ),
    fix: lines(
      "# Attach the user-assigned identity to the host...",
      "az vm identity assign --name {vmName} --resource-group {resourceGroup} --identities {identityResourceId}",
      "# ...or ask for one that is attached",
      "export AZURE_CLIENT_ID={clientId}",
    ),
    example: "The requested identity hasn't been assigned to this resource.",
  },
  {
    code: "credential.mi-multiple-identities",
    stage: "credential",
    title: "The host has several user-assigned identities and the app did not say which one",
    why: "When a host has more than one user-assigned identity and no system-assigned one, IMDS cannot pick one and answers `Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request`. `ManagedIdentityCredential` sends a client id only when `AZURE_CLIENT_ID` or the `managedIdentityClientId` / `clientId` option is set.",
    confirm: lines(
      'az vm identity show --name {vmName} --resource-group {resourceGroup} --query "userAssignedIdentities.*.clientId" --output tsv',
      "More than one client id and no `AZURE_CLIENT_ID` in the app's environment confirm it.",
    ),
    fix: lines(
      "# Name the identity to use",
      "export AZURE_CLIENT_ID={clientId}",
      "",
      'const credential = new DefaultAzureCredential({ managedIdentityClientId: "{clientId}" });',
    ),
    fixByLanguage: {
      python: lines(
        "# Name the identity to use",
        "export AZURE_CLIENT_ID={clientId}",
        "",
        'credential = DefaultAzureCredential(managed_identity_client_id="{clientId}")',
      ),
      csharp: lines(
        "# Name the identity to use",
        "export AZURE_CLIENT_ID={clientId}",
        "",
        'var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = "{clientId}" });',
      ),
      go: lines(
        "# Name the identity to use (DefaultAzureCredential reads AZURE_CLIENT_ID)",
        "export AZURE_CLIENT_ID={clientId}",
        "",
        'cred, err := azidentity.NewManagedIdentityCredential(&azidentity.ManagedIdentityCredentialOptions{ID: azidentity.ClientID("{clientId}")})',
      ),
      java: lines(
        "# Name the identity to use",
        "export AZURE_CLIENT_ID={clientId}",
        "",
        'TokenCredential credential = new DefaultAzureCredentialBuilder().managedIdentityClientId("{clientId}").build();',
      ),
    },
    example:
      "Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request",
  },
  {
    code: "credential.mi-gateway",
    stage: "credential",
    title: "A proxy or gateway between the app and IMDS broke the managed identity request",
    why: "IMDS (`http://169.254.169.254`) must be called directly; it does not work through a proxy. When `HTTP_PROXY`/`HTTPS_PROXY` routes the request through a proxy, the proxy answers 502 or 504 and the credential reports `The request failed due to a gateway error.`",
    confirm: lines(
      "env | cut -d= -f1 | grep -iE '^(https?_proxy|no_proxy)$'",
      `${IMDS_STATUS} --noproxy '*'`,
      "Proxy variables set and a direct call that answers 200 or 400 (not 502/504) confirm it.",
    ),
    fix: lines("# Keep IMDS off the proxy", "export NO_PROXY=169.254.169.254,$NO_PROXY"),
    example: "The request failed due to a gateway error.",
  },
  {
    code: "credential.mi-retries-exhausted",
    stage: "credential",
    title: "The managed identity endpoint kept failing until the retries ran out",
    why: "`ManagedIdentityCredential` retries IMDS answers that mean 'not yet' (404 while IMDS is updating, 410 for up to 70 seconds, 429, 5xx) with exponential backoff, 5 retries by default. When every attempt fails it gives up with `Multiple attempts failed to obtain a token from the managed identity endpoint.`; the host's identity service is unhealthy or still starting.",
    confirm: lines(
      IMDS_STATUS,
      "Repeated 404, 410, 429 or 5xx confirm it; 400 is credential.mi-identity-not-assigned, no answer is credential.mi-unavailable or credential.mi-timeout.",
    ),
    fix: lines(
      "// Retry longer while the host's identity endpoint recovers",
      'const credential = new ManagedIdentityCredential({ clientId: "{clientId}", retryOptions: { maxRetries: 10 } });',
    ),
    fixByLanguage: {
      python: lines(
        "# Retry longer while the host's identity endpoint recovers",
        'credential = ManagedIdentityCredential(client_id="{clientId}", retry_total=10)',
      ),
      csharp: lines(
        "// Retry longer while the host's identity endpoint recovers",
        'var credential = new ManagedIdentityCredential(new ManagedIdentityCredentialOptions(ManagedIdentityId.FromUserAssignedClientId("{clientId}")) { Retry = { MaxRetries = 10 } });',
      ),
      go: lines(
        "// Retry longer while the host's identity endpoint recovers",
        'cred, err := azidentity.NewManagedIdentityCredential(&azidentity.ManagedIdentityCredentialOptions{ID: azidentity.ClientID("{clientId}"), ClientOptions: azcore.ClientOptions{Retry: policy.RetryOptions{MaxRetries: 10}}})',
      ),
      java: lines(
        "// Retry longer while the host's identity endpoint recovers",
        'TokenCredential credential = new ManagedIdentityCredentialBuilder().clientId("{clientId}").maxRetry(10).build();',
      ),
    },
    example: "Multiple attempts failed to obtain a token from the managed identity endpoint.",
  },
  {
    code: "credential.mi-audience-not-supported",
    stage: "credential",
    title: "The managed identity endpoint does not issue tokens for this audience",
    why: "Some identity endpoints serve only an allow-list of audiences; Azure Cloud Shell's answers 400 `AudienceNotSupported` for `https://cognitiveservices.azure.com` (`https://ai.azure.com` was added in 2025). The identity is fine; this endpoint just cannot mint a token for Azure OpenAI.",
    confirm: lines(
      "env | cut -d= -f1 | grep -x MSI_ENDPOINT",
      "`MSI_ENDPOINT` without `MSI_SECRET` means Cloud Shell; together with the `AudienceNotSupported` body that confirms it.",
    ),
    fix: lines(
      "# Run the app where another credential works (your machine with az login, or Azure compute with its managed identity),",
      "# or sign in as yourself inside Cloud Shell and use the CLI credential",
      "az login --use-device-code",
      "export AZURE_TOKEN_CREDENTIALS=AzureCliCredential",
    ),
    fixByLanguage: perLanguage((comment, cliCredential) =>
      lines(
        "# Run the app where another credential works (your machine with az login, or Azure compute with its managed identity),",
        "# or sign in as yourself inside Cloud Shell",
        "az login --use-device-code",
        "",
        `${comment} and use the CLI credential in code`,
        cliCredential,
      ),
    ),
    example:
      '{"error":{"code":"AudienceNotSupported","message":"Audience https://cognitiveservices.azure.com is not a supported MSI token audience. Supported audiences: …"}}',
  },
  {
    code: "credential.mi-app-service-env-missing",
    stage: "credential",
    title: "App Service / Functions did not provide its managed identity variables",
    why: 'On App Service and Functions, `ManagedIdentityCredential` finds the identity through `IDENTITY_ENDPOINT` and `IDENTITY_HEADER`, which the platform sets only when a managed identity is enabled. Without them the credential falls back to IMDS, which App Service does not serve, so it reports `ManagedIdentityCredential authentication unavailable.` (Go: `Get "http://169.254.169.254/..." i/o timeout`).',
    confirm: lines(
      "env | cut -d= -f1 | grep -E '^IDENTITY_(ENDPOINT|HEADER)$'",
      "Run it in the app's SSH / Kudu console; no output confirms it. With the variables present, check the endpoint without printing the token:",
      'curl -s -o /dev/null -w "%{http_code}\\n" "$IDENTITY_ENDPOINT?resource=https://cognitiveservices.azure.com&api-version=2019-08-01" -H "X-IDENTITY-HEADER: $IDENTITY_HEADER"',
    ),
    fix: lines(
      "# Enable the app's managed identity; the platform then sets IDENTITY_ENDPOINT / IDENTITY_HEADER after a restart",
      "az webapp identity assign --name {appName} --resource-group {resourceGroup}",
      "az webapp restart --name {appName} --resource-group {resourceGroup}",
    ),
    example: "ManagedIdentityCredential authentication unavailable.",
  },
  {
    code: "credential.mi-pod-identity-not-ready",
    stage: "credential",
    title: "AKS pod identity has no identity for this pod (yet)",
    why: "With AAD Pod Identity, the NMI component answers for IMDS and knows an identity only for pods labelled with a matching `aadpodidbinding` selector, and only once the identity is assigned. An unlabelled pod, or a pod that asks before its identity is ready, gets `no azure identity found for request clientID` (Python: `No managed identity endpoint found`).",
    confirm: lines(
      "kubectl get pod {podName} --namespace {namespace} --show-labels",
      "kubectl get azureidentitybinding --all-namespaces",
      "No `aadpodidbinding` label matching a binding's selector confirms it; a matching label means the pod asked too early.",
    ),
    fix: lines(
      "# Label the pod template with the binding's selector (and retry token requests at startup)",
      'kubectl patch deployment {workloadName} --namespace {namespace} -p \'{"spec":{"template":{"metadata":{"labels":{"aadpodidbinding":"<selector>"}}}}}\'',
      "# Pod Identity is deprecated: moving to Workload ID avoids this race",
    ),
    example: "no azure identity found for request clientID",
  },
  {
    code: "credential.workload-incomplete",
    stage: "credential",
    title: "Workload identity variables are missing in the pod",
    why: '`WorkloadIdentityCredential` needs `AZURE_CLIENT_ID`, `AZURE_TENANT_ID` and `AZURE_FEDERATED_TOKEN_FILE`, which the Azure Workload Identity webhook injects only into pods labelled `azure.workload.identity/use: "true"` whose service account is annotated with `azure.workload.identity/client-id`. Without them the credential is unavailable and the chain moves on.',
    confirm: lines(
      "kubectl exec {podName} --namespace {namespace} -- env | cut -d= -f1 | grep -E '^AZURE_(CLIENT_ID|TENANT_ID|FEDERATED_TOKEN_FILE|AUTHORITY_HOST)$'",
      "Fewer than the four names confirm it.",
    ),
    fix: lines(
      "# Annotate the service account and label the pod template, then restart the pods",
      "kubectl annotate serviceaccount {serviceAccount} --namespace {namespace} azure.workload.identity/client-id={clientId} --overwrite",
      'kubectl patch deployment {workloadName} --namespace {namespace} -p \'{"spec":{"template":{"metadata":{"labels":{"azure.workload.identity/use":"true"}}}}}\'',
    ),
    example:
      "WorkloadIdentityCredential authentication unavailable. The workload options are not fully configured.",
  },
  {
    code: "credential.pipelines-unavailable",
    stage: "credential",
    title: "AzurePipelinesCredential is used outside an Azure Pipelines job",
    why: "`AzurePipelinesCredential` gets its OIDC token from the URL in `SYSTEM_OIDCREQUESTURI`, a variable Azure Pipelines defines inside a running job. Anywhere else (a laptop, another CI system) the variable is missing and the credential is unavailable.",
    confirm: lines(
      "env | cut -d= -f1 | grep -x SYSTEM_OIDCREQUESTURI",
      "No output inside the failing step confirms it.",
    ),
    fix: lines(
      "// Use AzurePipelinesCredential only inside a pipeline job; elsewhere use DefaultAzureCredential",
      'const credential = new AzurePipelinesCredential("{tenantId}", "{clientId}", "{serviceConnectionId}", process.env.SYSTEM_ACCESSTOKEN);',
    ),
    fixByLanguage: {
      python: lines(
        "# Use AzurePipelinesCredential only inside a pipeline job; elsewhere use DefaultAzureCredential",
        'credential = AzurePipelinesCredential(tenant_id="{tenantId}", client_id="{clientId}", service_connection_id="{serviceConnectionId}", system_access_token=os.environ["SYSTEM_ACCESSTOKEN"])',
      ),
      csharp: lines(
        "// Use AzurePipelinesCredential only inside a pipeline job; elsewhere use DefaultAzureCredential",
        'var credential = new AzurePipelinesCredential("{tenantId}", "{clientId}", "{serviceConnectionId}", Environment.GetEnvironmentVariable("SYSTEM_ACCESSTOKEN"));',
      ),
      go: lines(
        "// Use AzurePipelinesCredential only inside a pipeline job; elsewhere use DefaultAzureCredential",
        'cred, err := azidentity.NewAzurePipelinesCredential("{tenantId}", "{clientId}", "{serviceConnectionId}", os.Getenv("SYSTEM_ACCESSTOKEN"), nil)',
      ),
      java: lines(
        "// Use AzurePipelinesCredential only inside a pipeline job; elsewhere use DefaultAzureCredential",
        'TokenCredential credential = new AzurePipelinesCredentialBuilder().tenantId("{tenantId}").clientId("{clientId}").serviceConnectionId("{serviceConnectionId}").systemAccessToken(System.getenv("SYSTEM_ACCESSTOKEN")).build();',
      ),
    },
    // verbatim from @azure/identity 4.13.1 (credentials.md §11/§12 quote it shortened)
    example:
      'CredentialUnavailableError: AzurePipelinesCredential: is unavailable. Ensure that you\'re running this task in an Azure Pipeline, so that following missing system variable(s) can be defined- "SYSTEM_OIDCREQUESTURI"',
  },
  {
    code: "credential.pipelines-service-connection",
    stage: "credential",
    title: "The service connection id passed to AzurePipelinesCredential does not exist",
    why: "The `serviceConnectionId` argument must be the resource id of an Azure Resource Manager service connection (workload identity federation) in the same Azure DevOps project. A name, a wrong GUID or a connection from another project makes the OIDC request fail with `No service connection found with identifier <GUID>`.",
    confirm: lines(
      "In Azure DevOps, open Project settings > Service connections > the connection: the id is the `resourceId` in the page's URL.",
      "Compare it with the id the pipeline passes ({serviceConnectionId}); a difference confirms it.",
    ),
    fix: lines(
      "// Pass the service connection's resourceId (a GUID), not its name",
      'const credential = new AzurePipelinesCredential("{tenantId}", "{clientId}", "{serviceConnectionId}", process.env.SYSTEM_ACCESSTOKEN);',
    ),
    fixByLanguage: {
      python: lines(
        "# Pass the service connection's resourceId (a GUID), not its name",
        'credential = AzurePipelinesCredential(tenant_id="{tenantId}", client_id="{clientId}", service_connection_id="{serviceConnectionId}", system_access_token=os.environ["SYSTEM_ACCESSTOKEN"])',
      ),
      csharp: lines(
        "// Pass the service connection's resourceId (a GUID), not its name",
        'var credential = new AzurePipelinesCredential("{tenantId}", "{clientId}", "{serviceConnectionId}", Environment.GetEnvironmentVariable("SYSTEM_ACCESSTOKEN"));',
      ),
      go: lines(
        "// Pass the service connection's resourceId (a GUID), not its name",
        'cred, err := azidentity.NewAzurePipelinesCredential("{tenantId}", "{clientId}", "{serviceConnectionId}", os.Getenv("SYSTEM_ACCESSTOKEN"), nil)',
      ),
      java: lines(
        "// Pass the service connection's resourceId (a GUID), not its name",
        'TokenCredential credential = new AzurePipelinesCredentialBuilder().tenantId("{tenantId}").clientId("{clientId}").serviceConnectionId("{serviceConnectionId}").systemAccessToken(System.getenv("SYSTEM_ACCESSTOKEN")).build();',
      ),
    },
    example: "No service connection found with identifier <GUID>",
  },
  {
    code: "credential.pipelines-oidc-unauthorized",
    stage: "credential",
    title: "The OIDC request was rejected because System.AccessToken was not passed",
    why: "`AzurePipelinesCredential` authenticates its OIDC request with the job's `System.AccessToken`, which is a secret variable and is not in a step's environment unless mapped explicitly. An empty or wrong token makes the OIDC endpoint answer 401, and no `oidcToken` comes back.",
    confirm: lines(
      "env | cut -d= -f1 | grep -x SYSTEM_ACCESSTOKEN",
      "No output in the failing step confirms it (the variable is never shown, only its name).",
    ),
    fix: lines(
      "# azure-pipelines.yml: map the secret into the step that runs the app",
      "- script: node app.js",
      "  env:",
      "    SYSTEM_ACCESSTOKEN: $(System.AccessToken)",
    ),
    example:
      "AzurePipelinesCredential: Authentication Failed. oidcToken field not detected in the response. Status Code: 401.",
  },
  {
    code: "credential.cert-invalid",
    stage: "credential",
    title: "The client certificate cannot be used (not PEM, no private key, or missing)",
    why: "`ClientCertificateCredential` (and `EnvironmentCredential` with `AZURE_CLIENT_CERTIFICATE_PATH`) reads a PEM file holding both the certificate and its private key; PFX/PKCS#12 files and certificate-only PEMs are rejected. A certificate that is valid but not uploaded to the app registration fails later at Entra ID with AADSTS700027.",
    confirm: lines(
      "openssl x509 -in {certPath} -noout -subject -enddate -fingerprint -sha1",
      'grep -c "PRIVATE KEY" {certPath}',
      "An openssl error (not PEM) or a count of 0 (no key) confirms it. A certificate that reads fine but is not among the app's certificates fails later as aadsts.700027:",
      "az ad app credential list --id {clientId} --cert --output table",
    ),
    fix: lines(
      "# Convert a PFX into one PEM with certificate and private key",
      "openssl pkcs12 -in cert.pfx -out cert.pem -nodes",
      "export AZURE_CLIENT_CERTIFICATE_PATH=$PWD/cert.pem",
    ),
    example: "The file at the specified path doesn't contain a PEM-encoded certificate.",
  },
  {
    code: "credential.cache-unavailable",
    stage: "credential",
    title: "The persistent token cache cannot be used",
    why: "Persistent token caching needs the `@azure/identity-cache-persistence` plugin registered with `useIdentityPlugin`, and an OS secret store: Keychain on macOS (not reachable over SSH), libsecret on Linux, DPAPI on Windows. Without them the credential throws when `tokenCachePersistenceOptions.enabled` is set, or the cache silently does not persist.",
    confirm: lines(
      "npm ls @azure/identity-cache-persistence",
      'grep -rn "useIdentityPlugin\\|tokenCachePersistenceOptions" --include=*.ts --include=*.js .',
      "A missing package or no `useIdentityPlugin(cachePersistencePlugin)` call before the credential is created confirms it.",
    ),
    fix: lines(
      "npm install --save @azure/identity-cache-persistence",
      "",
      "// register the plugin once, before creating credentials (headless Linux: add unsafeAllowUnencryptedStorage: true)",
      'import { cachePersistencePlugin } from "@azure/identity-cache-persistence";',
      "useIdentityPlugin(cachePersistencePlugin);",
    ),
    fixByLanguage: {
      python: lines(
        "# The cache needs the OS secret store (Keychain, libsecret with PyGObject, DPAPI); headless Linux: allow_unencrypted_storage=True",
        "credential = InteractiveBrowserCredential(cache_persistence_options=TokenCachePersistenceOptions(allow_unencrypted_storage=True))",
      ),
      csharp: lines(
        "// The cache needs the OS secret store (Keychain, libsecret, DPAPI); headless Linux: UnsafeAllowUnencryptedStorage = true",
        "var credential = new InteractiveBrowserCredential(new InteractiveBrowserCredentialOptions { TokenCachePersistenceOptions = new TokenCachePersistenceOptions { UnsafeAllowUnencryptedStorage = true } });",
      ),
      go: lines(
        "go get github.com/Azure/azure-sdk-for-go/sdk/azidentity/cache",
        "",
        '// import "github.com/Azure/azure-sdk-for-go/sdk/azidentity/cache"; the cache needs the OS secret store (Keychain, libsecret, DPAPI)',
        "c, err := cache.New(nil)",
        "cred, err := azidentity.NewInteractiveBrowserCredential(&azidentity.InteractiveBrowserCredentialOptions{Cache: c})",
      ),
      java: lines(
        "// The cache needs the OS secret store (Keychain, libsecret, DPAPI); headless Linux: setUnencryptedStorageAllowed(true)",
        "TokenCredential credential = new InteractiveBrowserCredentialBuilder().tokenCachePersistenceOptions(new TokenCachePersistenceOptions().setUnencryptedStorageAllowed(true)).build();",
      ),
    },
    // verbatim from @azure/identity 4.13.1 (msalPlugins.js); the Go/macOS wording is in credentials.md §12
    example:
      "Persistent token caching was requested, but no persistence provider was configured. You must install the identity-cache-persistence plugin package (`npm install --save @azure/identity-cache-persistence`) and enable it by importing `useIdentityPlugin` from `@azure/identity` and calling `useIdentityPlugin(cachePersistencePlugin)` before using `tokenCachePersistenceOptions`.",
  },
  // client
  {
    code: "client.key-and-token",
    // The client sends a key and a token: what the request authenticates with.
    stage: "key-vs-token",
    title: "The AzureOpenAI client got both an API key and a token provider",
    why: "The `openai` `AzureOpenAI` constructor throws when both `apiKey` and `azureADTokenProvider` are set. The trap is that `apiKey` defaults to `AZURE_OPENAI_API_KEY`, so a leftover environment variable plus a token provider fails before any request is sent.",
    confirm: lines(
      "env | cut -d= -f1 | grep -x AZURE_OPENAI_API_KEY",
      "A name printed (or an explicit `apiKey` next to `azureADTokenProvider` in the code) confirms it.",
    ),
    fix: lines(
      "# The constructor reads the key from the environment even when you pass a token provider",
      "unset AZURE_OPENAI_API_KEY",
    ),
    example:
      "The `apiKey` and `azureADTokenProvider` arguments are mutually exclusive; only one can be passed at a time.",
  },
  {
    code: "client.missing-credentials",
    stage: "credential",
    title: "The AzureOpenAI client got neither an API key nor a token provider",
    why: "The `openai` `AzureOpenAI` constructor needs `apiKey` (or `AZURE_OPENAI_API_KEY`) or `azureADTokenProvider`; with neither it throws before any request. Going keyless usually means the key was removed but no token provider was added.",
    confirm: lines(
      'grep -rn "new AzureOpenAI" --include=*.ts --include=*.js .',
      "A constructor call without `azureADTokenProvider`, in an environment without `AZURE_OPENAI_API_KEY`, confirms it.",
    ),
    fix: lines("// Pass a token provider", KEYLESS_CLIENT),
    fixByLanguage: {
      python: lines("# Pass a token provider", PY_KEYLESS_CLIENT),
      csharp: lines("// Pass a token credential", CS_KEYLESS_CLIENT),
      go: lines("// Pass a token credential", GO_KEYLESS_CLIENT),
      java: lines("// Pass a token credential", JAVA_KEYLESS_CLIENT),
    },
    example:
      "Missing credentials. Please pass one of `apiKey` and `azureADTokenProvider`, or set the `AZURE_OPENAI_API_KEY` environment variable.",
  },
  {
    code: "client.static-token",
    stage: "credential",
    title: "The app passes a token string instead of a token provider",
    why: "A token fetched once (`(await credential.getToken(scope)).token`) and passed as a string, or captured by a provider that always returns it, stops working when its `exp` passes, and every call then gets the flat 401. Only a provider from `getBearerTokenProvider` asks the credential again and refreshes before expiry.",
    confirm: lines(
      'grep -rn "getToken(" --include=*.ts --include=*.js .',
      "A token stored in a variable, config or `apiKey` confirms it, as does an app that works after each restart and then fails with the flat 401.",
    ),
    fix: lines("// Pass the provider, not its result", KEYLESS_CLIENT),
    fixByLanguage: {
      python: lines("# Pass the provider, not its result", PY_KEYLESS_CLIENT),
      csharp: lines("// Pass the credential, not a token you fetched with it", CS_KEYLESS_CLIENT),
      go: lines("// Pass the credential, not a token you fetched with it", GO_KEYLESS_CLIENT),
      java: lines("// Pass the credential, not a token you fetched with it", JAVA_KEYLESS_CLIENT),
    },
    example: FLAT_401,
  },
  {
    code: "client.api-version-missing",
    stage: "credential",
    title: "The AzureOpenAI client has no api-version",
    why: "`AzureOpenAI` needs `apiVersion` or the `OPENAI_API_VERSION` environment variable for the dated deployments API and throws in its constructor when both are missing.",
    confirm: lines(
      "env | cut -d= -f1 | grep -x OPENAI_API_VERSION",
      "No output, and no `apiVersion` option in the constructor call, confirm it.",
    ),
    fix: lines(
      "# Set the api-version (or pass apiVersion to the constructor)",
      "export OPENAI_API_VERSION=2024-10-21",
    ),
    example:
      "The OPENAI_API_VERSION environment variable is missing or empty; either provide it, or instantiate the AzureOpenAI client with an apiVersion option, like new AzureOpenAI({ apiVersion: 'My API Version' }).",
  },
  {
    code: "client.base-url-and-endpoint",
    // Conflicting client options, on the same step as client.key-and-token.
    stage: "key-vs-token",
    title: "The AzureOpenAI client got both baseURL and endpoint",
    why: "`AzureOpenAI` derives its base URL from `endpoint` (`<endpoint>/openai`) and refuses an explicit `baseURL` at the same time. `baseURL` defaults to `OPENAI_BASE_URL`, so a variable left from plain OpenAI use triggers it.",
    confirm: lines(
      "env | cut -d= -f1 | grep -x OPENAI_BASE_URL",
      "A name printed (or both options in the constructor call) confirms it.",
    ),
    fix: lines("# Keep endpoint and drop the base URL", "unset OPENAI_BASE_URL"),
    example: "baseURL and endpoint are mutually exclusive",
  },
  // keyless additions
  {
    code: "endpoint.invalid-url",
    stage: "endpoint",
    title: "The endpoint is not a valid https URL",
    why: "The endpoint must be an absolute `https://` URL: a bare host name (`contoso.openai.azure.com`), a missing scheme, a stray quote or space, or `http://` on an Azure host cannot work. Clients fail while building the request URL, or the token is refused over plain http.",
    confirm: lines(
      "node -e 'const u = new URL(process.env.AZURE_OPENAI_ENDPOINT); console.log(u.protocol, u.host, u.pathname)'",
      "A `TypeError [ERR_INVALID_URL]` or a protocol other than `https:` confirms it.",
    ),
    fix: lines("# A full https URL, host only", "export AZURE_OPENAI_ENDPOINT={subdomainEndpoint}"),
    // Node's own URL parser error as printed when uncaught (not an Azure text)
    example: "TypeError [ERR_INVALID_URL]: Invalid URL",
  },
  {
    code: "network.public-access-disabled",
    stage: "network",
    title: "Public network access is disabled on the resource",
    why: "With `publicNetworkAccess` set to `Disabled`, the account answers only through its private endpoint; a caller whose DNS resolves the public address gets 403 `Public access is disabled. Please configure private endpoint.` Roles and keys play no part.",
    confirm: lines(
      `${ACCOUNT_SHOW} --query properties.publicNetworkAccess --output tsv`,
      "nslookup {host}",
      "`Disabled` and a public address from nslookup confirm it.",
    ),
    fix: lines(
      "# Call from the VNet that holds the private endpoint (with its private DNS zone linked), or re-enable public access",
      `az resource update --ids "$(${ACCOUNT_SHOW} --query id --output tsv)" --set properties.publicNetworkAccess=Enabled`,
    ),
    example: "Public access is disabled. Please configure private endpoint.",
  },
  {
    code: "network.vnet-wrong-endpoint",
    // "A Virtual Network is configured for this resource. Please use the correct endpoint": the fix is the endpoint.
    stage: "endpoint",
    title: "The resource has virtual network rules and the request used the wrong endpoint",
    why: "Network rules on Azure AI resources are enforced on the custom-subdomain endpoint; a request to another form (for example the regional `https://<region>.api.cognitive.microsoft.com/`) is refused with 403 `A Virtual Network is configured for this resource. Please use the correct endpoint for making requests.`",
    confirm: lines(
      `${ACCOUNT_SHOW} --query "[properties.endpoint, properties.networkAcls.defaultAction]" --output tsv`,
      "A regional or other non-subdomain host in {endpoint}, while the resource has network rules, confirms it.",
    ),
    fix: lines(
      "# Use the resource's custom-subdomain endpoint",
      "export AZURE_OPENAI_ENDPOINT={subdomainEndpoint}",
    ),
    example:
      '{"code":"403","message":"A Virtual Network is configured for this resource. Please use the correct endpoint for making requests. Check https://aka.ms/cogsvc-vnet for more details."}',
  },
  {
    code: "resource.service-error",
    stage: "resource",
    title: "Azure OpenAI failed to process the call (a 5xx from the service itself)",
    why: 'The data plane answered 500, 502 or 503 with its own error body (`"type": "server_error"`, `The server had an error while processing your request. Sorry about that!`): the call passed authentication and authorization, which are refused with 401 or 403 before any work is done, and then the service failed. Nothing in the keyless setup causes it; the openai SDKs retry a 5xx twice by default.',
    confirm: lines(
      "Send the same call again: a passing incident answers 200 a little later; https://status.azure.com lists incidents by region.",
      "The body and the `apim-request-id` header carry the request ID an Azure support request asks for.",
    ),
    fix: lines(
      "# Retry (the SDKs' maxRetries covers short incidents); if it persists, open an Azure support",
      "# request with the request ID: https://go.microsoft.com/fwlink/?linkid=2213926",
    ),
    example:
      '{ "error": { "message": "The server had an error while processing your request. Sorry about that! You can retry your request, or contact us through an Azure support request at: https://go.microsoft.com/fwlink/?linkid=2213926 if the error persists. (Please include the request ID 6d6321f8-e4aa-4a77-9aa0-67868802d7ca in your message.)", "type": "server_error", "param": null, "code": null } }',
  },
  {
    code: "resource.rate-limited",
    stage: "resource",
    title: "The deployment's rate limit (tokens or requests per minute) is exhausted",
    why: "Each deployment has a tokens-per-minute and requests-per-minute quota; beyond it the service answers 429 with `retry-after` (seconds) and a message naming the limit. Authentication worked: `openai` retries 429 twice by default, honouring `retry-after` up to 60 seconds.",
    confirm: lines(
      "The 429 body says `exceeded token rate limit` or `call rate limit` and `Please retry after N seconds`; `x-ratelimit-remaining-tokens` / `-requests` on earlier responses show the headroom.",
      'az cognitiveservices account deployment show --name {resourceName} --resource-group {resourceGroup} --deployment-name {deployment} --query "sku"',
    ),
    fix: lines(
      "// Let the client wait and retry longer; for more capacity request a quota increase at https://aka.ms/oai/quotaincrease",
      'const client = new AzureOpenAI({ endpoint: "{endpoint}", azureADTokenProvider, apiVersion: "{apiVersion}", maxRetries: 5 });',
    ),
    fixByLanguage: {
      python: lines(
        "# Let the client wait and retry longer; for more capacity request a quota increase at https://aka.ms/oai/quotaincrease",
        'client = AzureOpenAI(azure_endpoint="{endpoint}", azure_ad_token_provider=token_provider, api_version="{apiVersion}", max_retries=5)',
      ),
      csharp: lines(
        "// Let the client wait and retry longer; for more capacity request a quota increase at https://aka.ms/oai/quotaincrease",
        'var client = new AzureOpenAIClient(new Uri("{endpoint}"), new DefaultAzureCredential(), new AzureOpenAIClientOptions { RetryPolicy = new ClientRetryPolicy(maxRetries: 5) });',
      ),
      go: lines(
        "// Let the client wait and retry longer; for more capacity request a quota increase at https://aka.ms/oai/quotaincrease",
        'client := openai.NewClient(azure.WithEndpoint("{endpoint}", "{apiVersion}"), azure.WithTokenCredential(cred), option.WithMaxRetries(5))',
      ),
      java: lines(
        "// Let the client wait and retry longer; for more capacity request a quota increase at https://aka.ms/oai/quotaincrease",
        'OpenAIClient client = new OpenAIClientBuilder().credential(new DefaultAzureCredentialBuilder().build()).endpoint("{endpoint}").retryOptions(new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(5))).buildClient();',
      ),
    },
    example:
      '{"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-08-01-preview have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 22 seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit."}}',
  },
  {
    code: "credential.env-not-configured",
    stage: "credential",
    title: "EnvironmentCredential is not configured (no service principal variables set)",
    why: "None of the `EnvironmentCredential` variable sets is present, so it reports itself unavailable and `DefaultAzureCredential` moves on to the next credential. That is normal when another credential (managed identity, `az login`) is meant to sign in; it matters only when you intended to use a service principal from the environment.",
    confirm: lines(
      LIST_ENV_NAMES,
      "No `AZURE_CLIENT_ID` / `AZURE_TENANT_ID` / secret, certificate or username names confirm it (some of them is credential.env-incomplete).",
    ),
    fix: lines(
      "# Nothing to fix if another credential in the chain should sign in; for a service principal set all three:",
      "export AZURE_TENANT_ID={tenantId}",
      "export AZURE_CLIENT_ID={clientId}",
      "export AZURE_CLIENT_SECRET=<secret-value>",
    ),
    example: ENV_UNAVAILABLE,
  },
  {
    code: "credential.required-env-missing",
    stage: "credential",
    title: "A variable listed in DefaultAzureCredential's requiredEnvVars is missing or empty",
    why: "With the `requiredEnvVars` option (@azure/identity 4.12.0+), `DefaultAzureCredential` checks that each listed variable is set and non-empty and throws in its constructor otherwise. The check exists to fail fast when a deployment forgot its configuration, so the fix is to provide the variable, not to drop the check.",
    confirm: lines(
      "node -e 'console.log(JSON.stringify(process.env[process.argv[1]]))' {envVar}",
      '`undefined` or `""` confirms it.',
    ),
    fix: lines("# Provide the variable the app requires", "export {envVar}=<value>"),
    // derived: the verbatim template with one variable
    example:
      "Required environment variable 'AZURE_CLIENT_ID' for DefaultAzureCredential is not set or empty.",
  },
  {
    code: "credential.authority-not-https",
    stage: "credential",
    title: "The authority host is not an https URL",
    why: "`@azure/identity` requires the authority host (`authorityHost` option or `AZURE_AUTHORITY_HOST`) to use https and throws `The authorityHost address must use the 'https' protocol.`; MSAL separately rejects it as `authority_uri_insecure`. This includes `ManagedIdentityCredential`, and it is the usual trap when pointing a client at a local Entra ID emulator over http.",
    confirm: lines(
      "node -e 'console.log(process.env.AZURE_AUTHORITY_HOST)'",
      "A value starting with `http://` (or an `authorityHost` option with one) confirms it.",
    ),
    fix: lines(
      "# Real Entra ID (or a local emulator served over https with NODE_EXTRA_CA_CERTS pointing at its CA)",
      "export AZURE_AUTHORITY_HOST=https://login.microsoftonline.com",
    ),
    example: "The authorityHost address must use the 'https' protocol.",
  },
  {
    code: "credential.authority-untrusted",
    stage: "credential",
    title: "MSAL could not validate the authority through instance discovery",
    why: "Before signing in, MSAL checks the authority against Microsoft's instance discovery at login.microsoftonline.com; a non-Microsoft authority (an emulator, ADFS, a proxy) or a machine without access to that endpoint fails with `untrusted_authority`. Setting `disableInstanceDiscovery` makes the authority a known one and skips the check.",
    confirm: lines(
      "node -e 'console.log(process.env.AZURE_AUTHORITY_HOST)'",
      "An authority that is not a Microsoft login host, or no network route to login.microsoftonline.com, confirms it.",
    ),
    fix: lines(
      "// Trust the configured authority without instance discovery",
      "const credential = new DefaultAzureCredential({ disableInstanceDiscovery: true });",
    ),
    fixByLanguage: {
      python: lines(
        "# Trust the configured authority without instance discovery",
        "credential = DefaultAzureCredential(disable_instance_discovery=True)",
      ),
      csharp: lines(
        "// Trust the configured authority without instance discovery",
        "var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { DisableInstanceDiscovery = true });",
      ),
      go: lines(
        "// Trust the configured authority without instance discovery",
        "cred, err := azidentity.NewDefaultAzureCredential(&azidentity.DefaultAzureCredentialOptions{DisableInstanceDiscovery: true})",
      ),
      java: lines(
        "// Trust the configured authority without instance discovery",
        "TokenCredential credential = new DefaultAzureCredentialBuilder().disableInstanceDiscovery().build();",
      ),
    },
    // derived: MSAL's code and message as credentials.md §6 quotes them, joined the way MSAL prints them
    example:
      "untrusted_authority: The provided authority is not a trusted authority. Please include this authority in the knownAuthorities config parameter.",
  },
  {
    code: "credential.tenant-invalid",
    stage: "credential",
    title: "The tenant id or authority does not resolve to a Microsoft Entra tenant",
    why: "MSAL fetches `<authority>/<tenant>/v2.0/.well-known/openid-configuration` before any token request; a mistyped tenant id, a tenant domain that does not exist, or an authority that serves no OpenID configuration fails with `endpoints_resolution_error` / `openid_config_error`. A tenant id with characters other than letters, digits, `-` and `.` is rejected earlier as `Invalid tenant id provided.`",
    confirm: lines(
      'curl -s -o /dev/null -w "%{http_code}\\n" https://login.microsoftonline.com/{tenantId}/v2.0/.well-known/openid-configuration',
      "Anything but 200 confirms it; the right id is printed by:",
      "az account show --query tenantId --output tsv",
    ),
    fix: lines("# Use the tenant's GUID (or its verified domain)", "export AZURE_TENANT_ID={resourceTenant}"),
    // derived: the codes and messages credentials.md §6 and §12 quote, with its "..." kept
    example:
      "endpoints_resolution_error: Could not resolve endpoints. ... openid_config_error: Could not retrieve endpoints. Check your authority and verify the .well-known/openid-configuration endpoint returns the required endpoints.",
  },
  {
    code: "credential.entra-unavailable",
    stage: "credential",
    title:
      "Microsoft Entra ID gave no usable answer (a server error, throttling, a dropped connection, no answer in time)",
    why: "The login host answered the token or discovery request with a 5xx status or 429 (with `Retry-After`), closed the connection after the TLS handshake without answering, or took the request and did not finish its answer in time: an Entra ID incident, throttling of too many token requests (an app that requests a new token per call instead of caching it), or a proxy in front of the login host failing. The credential's configuration may be right; MSAL reports it as `endpoints_resolution_error` or a bare status.",
    confirm: lines(
      "curl -sS -i https://{loginHost=login.microsoftonline.com}/{tenantId=<tenant-id>}/v2.0/.well-known/openid-configuration | head -5",
      "A 5xx or 429 answer (check `Retry-After` and https://status.azure.com) confirms it; 200 a little later points to a passing incident or throttling.",
    ),
    fix: lines(
      "# Wait for Retry-After and retry. Keep one token provider per process:",
      "# it caches the token, so calls do not each ask Entra ID for a new one",
      `const azureADTokenProvider = getBearerTokenProvider(new DefaultAzureCredential(), "${SCOPE}");`,
    ),
    fixByLanguage: {
      python: lines(
        "# Wait for Retry-After and retry. Keep one token provider per process: it caches the token",
        `token_provider = get_bearer_token_provider(DefaultAzureCredential(), "${SCOPE}")`,
      ),
      csharp: lines(
        "// Wait for Retry-After and retry. Create the client once per process: it caches the token",
        CS_KEYLESS_CLIENT,
      ),
      go: lines(
        "// Wait for Retry-After and retry. Create the credential once per process: it caches the token",
        GO_CREDENTIAL,
      ),
      java: lines(
        "// Wait for Retry-After and retry. Create the client once per process: it caches the token",
        JAVA_KEYLESS_CLIENT,
      ),
    },
    example:
      '{"error":"temporarily_unavailable","error_description":"AADSTS90033: A transient error has occurred. Please try again."}',
  },
  {
    code: "credential.mi-endpoint-error",
    stage: "credential",
    title: "The managed identity endpoint answered with an error status (5xx, 429 or 410)",
    why: "The host's identity endpoint (IMDS, App Service, Container Apps, Arc...) is there but answered 500, 503, 429 (throttled, with `Retry-After`) or 410 (IMDS while it is being updated, for up to 70 seconds). The SDKs retry a few times and then report that the managed identity could not get a token, which reads like a missing identity; the identity may be fine.",
    confirm: lines(
      IMDS_STATUS,
      "A 5xx, 429 or 410 status (and its `Retry-After`) confirms it; the same request a minute later usually succeeds.",
    ),
    fix: lines(
      "# Retry after the Retry-After interval. Keep one credential per process:",
      "# its token cache spares the endpoint (IMDS allows about 20 requests a second)",
      'const credential = new ManagedIdentityCredential({ clientId: "{clientId}" });',
    ),
    fixByLanguage: {
      python: lines(
        "# Retry after the Retry-After interval. Keep one credential per process: its cache spares the endpoint",
        'credential = ManagedIdentityCredential(client_id="{clientId}")',
      ),
      csharp: lines(
        "// Retry after the Retry-After interval. Keep one credential per process: its cache spares the endpoint",
        'var credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId("{clientId}"));',
      ),
      go: lines(
        "// Retry after the Retry-After interval. Keep one credential per process: its cache spares the endpoint",
        'cred, err := azidentity.NewManagedIdentityCredential(&azidentity.ManagedIdentityCredentialOptions{ID: azidentity.ClientID("{clientId}")})',
      ),
      java: lines(
        "// Retry after the Retry-After interval. Keep one credential per process: its cache spares the endpoint",
        'TokenCredential credential = new ManagedIdentityCredentialBuilder().clientId("{clientId}").build();',
      ),
    },
    example: '{"error":"too_many_requests","error_description":"IMDS Throttle limit reached."}',
  },
  {
    code: "credential.mi-timeout",
    stage: "credential",
    title: "The managed identity endpoint did not answer in time",
    why: '`DefaultAzureCredential` gives managed identity a short first attempt (a 1-second IMDS probe) so local development is not slowed down; on a host whose identity endpoint is not ready yet (a container or VM still starting) that probe or the request times out. The SDKs word it `managed identity timed out` (Go), `No response received from the managed identity endpoint.`, or `Get "http://169.254.169.254/..." i/o timeout`.',
    confirm: lines(
      IMDS_STATUS,
      "A status (200/400) a little later, on the same host, confirms a startup race; no answer ever points to credential.mi-unavailable or, on App Service, credential.mi-app-service-env-missing.",
    ),
    fix: lines(
      "# Production: use managed identity directly, without the DefaultAzureCredential probe (@azure/identity >= 4.13.0)",
      "export AZURE_TOKEN_CREDENTIALS=ManagedIdentityCredential",
      "",
      'const credential = new ManagedIdentityCredential({ clientId: "{clientId}" });',
    ),
    fixByLanguage: {
      python: lines(
        "# Production: use managed identity directly, without the DefaultAzureCredential probe",
        'credential = ManagedIdentityCredential(client_id="{clientId}")',
      ),
      csharp: lines(
        "// Production: use managed identity directly, without the DefaultAzureCredential probe",
        'var credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId("{clientId}"));',
      ),
      go: lines(
        "// Production: use managed identity directly, without the DefaultAzureCredential probe",
        'cred, err := azidentity.NewManagedIdentityCredential(&azidentity.ManagedIdentityCredentialOptions{ID: azidentity.ClientID("{clientId}")})',
      ),
      java: lines(
        "// Production: use managed identity directly, without the DefaultAzureCredential probe",
        'TokenCredential credential = new ManagedIdentityCredentialBuilder().clientId("{clientId}").build();',
      ),
    },
    example: "No response received from the managed identity endpoint.",
  },
  {
    code: "credential.mi-user-assigned-not-supported",
    stage: "credential",
    title: "A user-assigned identity was requested where only system-assigned is supported",
    why: "Cloud Shell, Azure Arc and Service Fabric give the app exactly one identity, decided by the platform; asking for a user-assigned one (a client id, resource id or object id, often a leftover `AZURE_CLIENT_ID`) is rejected. Arc says `Azure Arc Managed Identities can only be system assigned.`; Service Fabric and Cloud Shell reject `clientId`/`resourceId` the same way.",
    confirm: lines(
      "env | cut -d= -f1 | grep -E '^(AZURE_CLIENT_ID|IDENTITY_ENDPOINT|IMDS_ENDPOINT|IDENTITY_SERVER_THUMBPRINT|MSI_ENDPOINT)$'",
      "`AZURE_CLIENT_ID` together with the Arc (`IDENTITY_ENDPOINT` + `IMDS_ENDPOINT`), Service Fabric (`IDENTITY_SERVER_THUMBPRINT`) or Cloud Shell (`MSI_ENDPOINT`) variables confirms it.",
    ),
    fix: lines(
      "# Use the host's own identity: no client id",
      "unset AZURE_CLIENT_ID",
      "",
      "const credential = new ManagedIdentityCredential();",
    ),
    fixByLanguage: {
      python: lines(
        "# Use the host's own identity: no client id",
        "unset AZURE_CLIENT_ID",
        "",
        "credential = ManagedIdentityCredential()",
      ),
      csharp: lines(
        "# Use the host's own identity: no client id",
        "unset AZURE_CLIENT_ID",
        "",
        "var credential = new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);",
      ),
      go: lines(
        "# Use the host's own identity: no client id",
        "unset AZURE_CLIENT_ID",
        "",
        "cred, err := azidentity.NewManagedIdentityCredential(nil)",
      ),
      java: lines(
        "# Use the host's own identity: no client id",
        "unset AZURE_CLIENT_ID",
        "",
        "TokenCredential credential = new ManagedIdentityCredentialBuilder().build();",
      ),
    },
    example: "Azure Arc Managed Identities can only be system assigned.",
  },
  {
    code: "credential.vscode-unavailable",
    stage: "credential",
    title: "VisualStudioCodeCredential is not available",
    why: "`VisualStudioCodeCredential` works only with the `@azure/identity-vscode` plugin registered and a sign-in through VS Code's Azure Resources extension; without them it reports itself unavailable and the chain moves on. Native-dependency problems of the plugin show up as `ERR_DLOPEN_FAILED`.",
    confirm: lines(
      "npm ls @azure/identity-vscode",
      "A missing package, no `useIdentityPlugin(vsCodePlugin)` call, or not being signed in under Azure in VS Code confirms it.",
    ),
    fix: lines(
      "# Easiest: use the Azure CLI instead",
      "az login",
      "",
      "// or register the plugin and sign in through VS Code's Azure Resources extension",
      'import { vsCodePlugin } from "@azure/identity-vscode";',
      "useIdentityPlugin(vsCodePlugin);",
    ),
    fixByLanguage: {
      python: USE_AZURE_CLI_INSTEAD,
      csharp: USE_AZURE_CLI_INSTEAD,
      go: USE_AZURE_CLI_INSTEAD,
      java: USE_AZURE_CLI_INSTEAD,
    },
    // verbatim from @azure/identity 4.13.1 (including "have have"); credentials.md §12 quotes its first sentence
    example:
      "CredentialUnavailableError: Visual Studio Code Authentication is not available. Ensure you have have Azure Resources Extension installed in VS Code, signed into Azure via VS Code, installed the @azure/identity-vscode package, and properly configured the extension.",
  },
  {
    code: "credential.broker-unavailable",
    stage: "credential",
    title: "The WAM broker was requested but is not available",
    why: "Broker sign-in (WAM on Windows) needs the `@azure/identity-broker` plugin registered with `useIdentityPlugin` and its native dependencies; without them, or without an authentication record, the credential fails. `ERR_DLOPEN_FAILED` means the plugin's native module could not load.",
    confirm: lines(
      "npm ls @azure/identity-broker",
      "A missing package or no `useIdentityPlugin(nativeBrokerPlugin)` call before the credential is created confirms it.",
    ),
    fix: lines(
      "npm install --save @azure/identity-broker",
      "",
      "// register the plugin once, before creating credentials",
      'import { nativeBrokerPlugin } from "@azure/identity-broker";',
      "useIdentityPlugin(nativeBrokerPlugin);",
    ),
    fixByLanguage: {
      python: lines(
        "pip install azure-identity-broker",
        "",
        "# from azure.identity.broker import InteractiveBrowserBrokerCredential; pass your app's window handle",
        "credential = InteractiveBrowserBrokerCredential(parent_window_handle=window_handle)",
      ),
      csharp: lines(
        "dotnet add package Azure.Identity.Broker",
        "",
        "// InteractiveBrowserCredentialBrokerOptions comes from Azure.Identity.Broker; pass your app's window handle",
        "var credential = new InteractiveBrowserCredential(new InteractiveBrowserCredentialBrokerOptions(windowHandle));",
      ),
      go: lines(
        "# azidentity has no WAM broker: sign in with the Azure CLI and use its credential",
        "az login",
        "",
        "cred, err := azidentity.NewAzureCLICredential(nil)",
      ),
      java: lines(
        "// Add the com.azure:azure-identity-broker dependency, then pass your app's window handle",
        "TokenCredential credential = new InteractiveBrowserBrokerCredentialBuilder().setWindowHandle(windowHandle).build();",
      ),
    },
    example:
      "Broker for WAM was requested, but no plugin was configured or no authentication record was found.",
  },
  {
    code: "credential.cli-subscription-invalid",
    stage: "credential",
    title: "The subscription given to AzureCliCredential is a name with characters it rejects",
    why: "`AzureCliCredential` accepts a `subscription` option and passes it to `az account get-access-token --subscription`; it only allows letters, digits, `-`, `_`, `.` and spaces, so a subscription name with other characters is rejected before `az` runs. The subscription id always works.",
    confirm: lines(
      'az account list --query "[].{name:name, id:id}" --output table',
      "Find the subscription's id there.",
    ),
    fix: lines(
      "// Pass the subscription id, not its name",
      'const credential = new AzureCliCredential({ subscription: "{subscriptionId}" });',
    ),
    fixByLanguage: {
      python: lines(
        "# Pass the subscription id, not its name",
        'credential = AzureCliCredential(subscription="{subscriptionId}")',
      ),
      csharp: lines(
        "// Pass the subscription id, not its name",
        'var credential = new AzureCliCredential(new AzureCliCredentialOptions { Subscription = "{subscriptionId}" });',
      ),
      go: lines(
        "// Pass the subscription id, not its name",
        'cred, err := azidentity.NewAzureCLICredential(&azidentity.AzureCLICredentialOptions{Subscription: "{subscriptionId}"})',
      ),
      java: lines(
        "// Pass the subscription id, not its name",
        'TokenCredential credential = new AzureCliCredentialBuilder().subscription("{subscriptionId}").build();',
      ),
    },
    // derived: the verbatim @azure/identity message with a sample name
    example:
      "Subscription 'Contoso (Prod)' contains invalid characters. If this is the name of a subscription, use its ID instead. You can locate your subscription by following the instructions listed here: https://learn.microsoft.com/azure/azure-portal/get-subscription-tenant-id",
  },
  {
    code: "credential.azd-mfa-required",
    stage: "credential",
    title: "The Azure Developer CLI needs a new interactive sign-in (MFA or reauthentication)",
    why: "The tenant's Conditional Access requires multi-factor authentication or a fresh sign-in for this resource, and `azd auth token --no-prompt` cannot prompt, so it fails with `must use multi-factor authentication` or `reauthentication required`.",
    confirm: lines(
      "azd auth login --check-status",
      "Exit status 0 (signed in), yet the token request asks for MFA or reauthentication: this is the cause.",
    ),
    fix: lines("# Sign in again interactively (completes MFA)", "azd auth login --tenant-id {tenantId}"),
    example: "reauthentication required",
  },
  {
    code: "credential.powershell-module-missing",
    stage: "credential",
    title: "The Az.Accounts PowerShell module (2.2.0 or later) is not installed",
    why: "`AzurePowerShellCredential` runs `Import-Module Az.Accounts -MinimumVersion 2.2.0` in a fresh `pwsh -NoProfile` process; PowerShell without the Az module (or with an older one) fails to load it and the credential is unavailable.",
    confirm: lines(
      "pwsh -NoProfile -Command 'Get-Module -ListAvailable Az.Accounts | Select-Object Version'",
      "No version 2.2.0 or later listed confirms it.",
    ),
    fix: lines(
      "# Install the Az module for the current user",
      'pwsh -NoProfile -Command "Install-Module -Name Az -Scope CurrentUser -Repository PSGallery -Force"',
    ),
    // verbatim from @azure/identity 4.13.1; the troubleshooting guide's row reads "Az.Account module >= 2.2.0 isn't installed."
    example:
      "CredentialUnavailableError: The 'Az.Account' module >= 2.2.0 is not installed. Install the Azure Az PowerShell module with: \"Install-Module -Name Az -Scope CurrentUser -Repository PSGallery -Force\".",
  },
  {
    code: "client.token-provider-failed",
    stage: "credential",
    title: "The token provider threw, so the client could not authenticate the request",
    why: "The `openai` client calls the token provider before each attempt and wraps whatever it throws as `Failed to get token from 'apiKey' function: <message>`; `getBearerTokenProvider` reports `Failed to get access token` and a failing refresh `Failed to refresh access token.`. The real cause is the inner error (kept as `cause`), usually an `AggregateAuthenticationError` from the credential chain.",
    confirm: lines(
      "keyless doctor --endpoint {endpoint}",
      "The doctor runs the same credential chain and reports the inner cause; in code, log `err.cause` to see it.",
    ),
    fix: lines(
      "// Surface the credential's own error, then fix that cause",
      "try { await client.chat.completions.create(request); } catch (err) { console.error(err.cause ?? err); }",
    ),
    fixByLanguage: {
      python: lines(
        "# Call the provider yourself: it raises the credential's own error (ClientAuthenticationError); fix that cause",
        "token_provider()",
      ),
      csharp: lines(
        "// Ask the credential yourself: it throws its own error (AuthenticationFailedException); fix that cause",
        `await new DefaultAzureCredential().GetTokenAsync(new TokenRequestContext(new[] { "${SCOPE}" }));`,
      ),
      go: lines(
        "// Ask the credential yourself and print its own error; fix that cause",
        `_, err = cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{"${SCOPE}"}})`,
        "fmt.Println(err)",
      ),
      java: lines(
        "// Ask the credential yourself: it throws its own error; fix that cause",
        `new DefaultAzureCredentialBuilder().build().getToken(new TokenRequestContext().addScopes("${SCOPE}")).block();`,
      ),
    },
    // derived: the openai template with the chain error as ${err.message}
    example: "Failed to get token from 'apiKey' function: ChainedTokenCredential authentication failed.",
  },
  {
    code: "client.token-provider-not-string",
    stage: "credential",
    title: "The token provider returned something other than a token string",
    why: "The `openai` client expects the provider to resolve to a non-empty string. A provider that returns the `AccessToken` object from `credential.getToken()` (instead of its `.token`), `undefined` or an empty string fails before the request is sent.",
    confirm: lines(
      'grep -rn "azureADTokenProvider" --include=*.ts --include=*.js .',
      "A provider that returns `getToken(...)` itself, or may return nothing, confirms it.",
    ),
    fix: lines(
      "// getBearerTokenProvider returns a function that resolves to the token string",
      `const azureADTokenProvider = getBearerTokenProvider(new DefaultAzureCredential(), "${SCOPE}");`,
    ),
    fixByLanguage: {
      python: lines(
        "# get_bearer_token_provider returns a function that returns the token string",
        `token_provider = get_bearer_token_provider(DefaultAzureCredential(), "${SCOPE}")`,
      ),
      csharp: lines(
        "// Pass the credential itself; the client gets and refreshes the token",
        CS_KEYLESS_CLIENT,
      ),
      go: lines("// Pass the credential itself; the client gets and refreshes the token", GO_KEYLESS_CLIENT),
      java: lines(
        "// Pass the credential itself; the client gets and refreshes the token",
        JAVA_KEYLESS_CLIENT,
      ),
    },
    // derived: the openai v5.18+ template with ${token} = [object Object]
    example: "Expected 'apiKey' function argument to return a string but it returned [object Object]",
  },
  {
    code: "client.endpoint-missing",
    stage: "credential",
    title: "The AzureOpenAI client has no endpoint",
    why: "`AzureOpenAI` needs `endpoint`, `baseURL` or the `AZURE_OPENAI_ENDPOINT` environment variable, and throws in its constructor when none is set, typically because the variable is defined in a `.env` file that was not loaded or in another shell.",
    confirm: lines(
      "env | cut -d= -f1 | grep -x AZURE_OPENAI_ENDPOINT",
      "No output, and no `endpoint` option, confirm it.",
    ),
    fix: lines(
      "# The custom-subdomain endpoint of the resource",
      "export AZURE_OPENAI_ENDPOINT={subdomainEndpoint}",
    ),
    example:
      "Must provide one of the `baseURL` or `endpoint` arguments, or the `AZURE_OPENAI_ENDPOINT` environment variable",
  },
  {
    code: "client.invalid-header-value",
    stage: "credential",
    title: "The key or token contains characters that cannot go into an HTTP header",
    why: "The `openai` client (7.5+) refuses to send a credential whose value is not a valid HTTP header value. Typical culprits are a trailing newline or carriage return from a file or a Windows `.env`, surrounding quotes, or a token that already carries a `Bearer ` prefix.",
    confirm: lines(
      "node -e 'const v = process.env.AZURE_OPENAI_API_KEY ?? \"\"; console.log(v.length, /[^\\x21-\\x7e]/.test(v))'",
      "`true` (a space, newline or non-ASCII character in the value) confirms it; the value itself is not printed.",
    ),
    fix: lines(
      '// Trim what you read; a provider must return the bare token, without "Bearer "',
      "const apiKey = process.env.AZURE_OPENAI_API_KEY?.trim();",
    ),
    fixByLanguage: {
      python: lines(
        '# Strip what you read; a provider must return the bare token, without "Bearer "',
        'api_key = os.environ["AZURE_OPENAI_API_KEY"].strip()',
      ),
      csharp: lines(
        '// Trim what you read; a credential must return the bare token, without "Bearer "',
        'var apiKey = Environment.GetEnvironmentVariable("AZURE_OPENAI_API_KEY")?.Trim();',
      ),
      go: lines(
        '// Trim what you read; a credential must return the bare token, without "Bearer "',
        'apiKey := strings.TrimSpace(os.Getenv("AZURE_OPENAI_API_KEY"))',
      ),
      java: lines(
        '// Trim what you read; a credential must return the bare token, without "Bearer "',
        'String apiKey = System.getenv("AZURE_OPENAI_API_KEY").trim();',
      ),
    },
    example: "TypeError: Azure OpenAI credential contains an invalid HTTP header value.",
  },
  {
    code: "client.status-without-body",
    stage: "credential",
    title: "The client dropped the error body of a 401 (openai before 7.5.0)",
    why: "The token gate answers with a flat body (`statusCode`, `message`) without the `error` wrapper, and `openai` from v4 to 7.4.0 reads only `body.error`, so the error says `401 status code (no body)`. The body named the cause (missing, invalid, wrong-audience or expired token), and the same message also hides a key sent as Bearer.",
    confirm: lines(
      "npm ls openai",
      "keyless doctor --endpoint {endpoint}",
      "A version below 7.5.0 confirms that the body was dropped; the doctor re-sends the request and reads the raw body.",
    ),
    fix: lines(
      "# Upgrade so the flat body reaches err.error, or run keyless doctor to read it",
      "npm install openai@^7.5.0",
    ),
    example: "AuthenticationError: 401 status code (no body)",
  },
]);

/**
 * Every code the catalog holds, as a string literal union: the part of {@link CauseCode} other
 * than `aadsts.<n>`.
 *
 * @example
 * const code: CatalogCauseCode = "key.auth-disabled";
 */
export type CatalogCauseCode = (typeof CATALOG)[number]["code"];

/**
 * The cause catalog: one entry per cause code other than `aadsts.<n>` (those come from the AADSTS
 * table, see {@link getCause}), in the order of the cause-code list. `fix` and `confirm` are templates
 * for {@link renderFix}.
 *
 * @example
 * CAUSES.find((cause) => cause.code === "key.auth-disabled")?.fix;
 */
export const CAUSES: readonly CauseEntry[] = CATALOG;

const BY_CODE: ReadonlyMap<string, CauseEntry> = new Map(CAUSES.map((cause) => [cause.code, cause]));

const AADSTS_CODE = /^aadsts\.\d+$/;
// Entra ID refusing to issue a token stops the call where the credential gets its token.
const AADSTS_STAGE: CauseStage = "credential";

/**
 * Looks a cause code up. `aadsts.<n>` codes come from the AADSTS table; a number the table does not
 * know still yields a generic entry that points to Microsoft's error lookup, so every
 * {@link CauseCode} has an entry. A string from outside (parsed JSON, the command line) may be
 * passed as it is and yields `undefined` when it is not a code; a string literal must be a code,
 * so a misspelt one does not compile.
 *
 * @example
 * getCause("rbac.control-plane-role-only").title;
 * getCause("aadsts.9999999").title; // "Microsoft Entra ID rejected the sign-in (AADSTS9999999)"
 * getCause(process.argv[2] ?? ""); // CauseEntry | undefined
 */
export function getCause(code: CauseCode): CauseEntry;
export function getCause<Text extends string>(
  code: string extends Text ? Text : never,
): CauseEntry | undefined;
export function getCause(code: string): CauseEntry | undefined {
  const known = BY_CODE.get(code);
  if (known) return known;
  if (!isAadstsCode(code)) return undefined;
  const entry = lookupAadsts(code.slice("aadsts.".length));
  return entry ? fromAadsts(entry) : genericAadsts(code);
}

/**
 * Every code with a page in `docs/causes/`: the catalog, then `aadsts.<n>` for each AADSTS table entry.
 *
 * @example
 * listCauseCodes().includes("aadsts.7000215"); // true
 */
export function listCauseCodes(): CauseCode[] {
  const codes: CauseCode[] = [
    ...CAUSES.map((cause) => cause.code),
    ...AADSTS_ENTRIES.map((entry) => `aadsts.${entry.code}` as const),
  ];
  return [...new Set(codes)];
}

/**
 * Whether `code` is a cause code: a catalog code, or `aadsts.<n>` for any number (digits only).
 * This is how a string from outside becomes a {@link CauseCode}.
 *
 * @example
 * isCauseCode("aadsts.50076"); // true
 * isCauseCode("rbac.nope"); // false
 */
export function isCauseCode(code: string): code is CauseCode {
  return BY_CODE.has(code) || isAadstsCode(code);
}

/**
 * The family of a cause code (the part before the first dot), or `undefined` when it is not a family.
 *
 * @example
 * causeFamily("credential.cli-timeout"); // "credential"
 */
export function causeFamily(code: string): CauseFamily | undefined {
  const family = code.split(".", 1)[0];
  return CAUSE_FAMILIES.find((candidate) => candidate === family);
}

function isAadstsCode(code: string): code is AadstsCauseCode {
  return AADSTS_CODE.test(code);
}

function fromAadsts(entry: AadstsEntry): CauseEntry {
  const cause: CauseEntry = {
    code: `aadsts.${entry.code}`,
    family: "aadsts",
    stage: AADSTS_STAGE,
    title: entry.title,
    why: entry.meaning,
    confirm: entry.confirm,
    fix: entry.fix,
  };
  if (entry.example !== undefined) cause.example = entry.example;
  return cause;
}

function genericAadsts(code: AadstsCauseCode): CauseEntry {
  const number = code.slice("aadsts.".length);
  return {
    code,
    family: "aadsts",
    stage: AADSTS_STAGE,
    title: `Microsoft Entra ID rejected the sign-in (AADSTS${number})`,
    why: `Microsoft Entra ID refused to issue a token and answered with AADSTS${number}. keyless has no specific entry for this code; the text after \`AADSTS${number}:\` in the error states the reason, and its trace and correlation ids identify the request in Entra's sign-in logs.`,
    confirm: lines(
      `Read the full \`error_description\`: the sentence after \`AADSTS${number}:\` names the reason.`,
      "In the Microsoft Entra admin center, the sign-in logs (service principal sign-ins for apps and managed identities) filtered by the correlation id show the failure details.",
    ),
    fix: `Look the code up at https://login.microsoftonline.com/error?code=${number} and apply the remediation it gives for the failing credential.`,
  };
}
