import type { CauseCode } from "../cause.js";
import type { Facts } from "../facts.js";
import { identityStatusAnswer } from "./managed-identity-status.js";
import type { Matcher, RawMatch } from "./matcher.js";

/*
 * Troubleshooting rows of @azure/identity (JS), azidentity (Go), azure-identity (Python) and
 * Azure.Identity (.NET): credentials.md §2.2, §3, §6, §9-§12. Wordings differ per SDK, so each rule
 * lists every printing seen. Rules that only say "unavailable" stay below 0.9: the text does not say why.
 */

interface CredentialRule {
  pattern: RegExp;
  code: CauseCode;
  confidence: number;
  distinguish?: string;
  /** Read the variable the text names into `envVar`. */
  envVar?: boolean;
  /** The rule applies only when the text also holds this (who printed the words). */
  when?: RegExp;
  /** The rule does not apply when the text also holds this (the same words in another's message). */
  unless?: RegExp;
}

/** What azd's stderr says when Entra wants multi-factor authentication again. */
const AZD_MFA_WORDS = /must use multi-factor authentication|reauthentication required/i;

/** WAM no longer holds the account a developer tool signed in with. */
const WAM_ACCOUNT_LOST = /\bCould not find a WAM account\b|\bStatus: AccountNotFound\b/;
/** Azure PowerShell printed the text (its cmdlets, its error record's fields). */
const POWERSHELL_PRINTED =
  /\bGet-AzAccessToken\b|\bConnect-AzAccount\b|\bAz\.Accounts\b|\bAzurePowerShellCredential\b|\bInvocationInfo\b/;

/** Windows' WSAEACCES on the IMDS address (App Service's sandbox refuses it). */
const IMDS_SOCKET_FORBIDDEN =
  /An attempt was made to access a socket in a way forbidden by its access permissions[^\n]{0,80}169\.254\.169\.254/;
/** A federated credential's assertion refused by Entra ID, as the identity SDKs word it. */
const ASSERTION_REFUSED =
  /\b(?:ClientAssertionCredential|WorkloadIdentityCredential)(?: authentication failed\b|: (?:Authentication failed|Get Token request returned http error: 40[01]))/;
/** The text holds Entra's own code, which the Entra matcher reads. */
const AADSTS_PRINTED = /\bAADSTS\d{5,7}\b/;

const RULES: readonly CredentialRule[] = [
  // AZURE_TOKEN_CREDENTIALS / requiredEnvVars (DAC constructor).
  {
    pattern: /Invalid value for AZURE_TOKEN_CREDENTIALS|invalid AZURE_TOKEN_CREDENTIALS value/i,
    code: "credential.bad-token-credentials-env",
    confidence: 0.97,
  },
  {
    pattern: /Required environment variable[^\n]{0,40}for DefaultAzureCredential[^\n]{0,20}not set or empty/,
    code: "credential.required-env-missing",
    confidence: 0.95,
    envVar: true,
  },
  // EnvironmentCredential.
  {
    pattern: /EnvironmentCredential is unavailable\. No underlying credential could be used/,
    code: "credential.env-not-configured",
    confidence: 0.45,
  },
  {
    pattern:
      /Environment variables aren't fully configured|Environment variables are not fully configured|Missing or incomplete environment variable configuration|incomplete environment variable configuration/,
    code: "credential.env-incomplete",
    confidence: 0.7,
    distinguish:
      "List which of AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET / AZURE_CLIENT_CERTIFICATE_PATH are set in the process: none set is normal in a chain; some set is an incomplete configuration.",
  },
  {
    // Java's EnvironmentCredential log line names the first variable it did not find.
    pattern: /\bEnvironmentCredential: Missing required environment variable AZURE_\w{2,40}/,
    code: "credential.env-not-configured",
    confidence: 0.7,
    envVar: true,
    distinguish:
      "None of AZURE_TENANT_ID / AZURE_CLIENT_ID / a secret or certificate set is normal in a chain (the credential is skipped); some set is an incomplete configuration.",
  },
  {
    pattern: /\bmissing environment variable\s{1,4}AZURE_(?:TENANT|CLIENT)_ID\b/,
    code: "credential.env-incomplete",
    confidence: 0.6,
    envVar: true,
    distinguish:
      "Set all of AZURE_TENANT_ID, AZURE_CLIENT_ID and a secret or certificate, or none of them (then EnvironmentCredential is skipped).",
  },
  // Managed identity.
  {
    // Container Apps / App Service through azure-identity (Python): the identity endpoint answered
    // something other than a token ("Get Token request returned: <Response [405]>").
    pattern: /\bFailed to connect to MSI\b[^\n]{0,120}\brequest returned: <Response \[\d{3}\]>/,
    code: "credential.mi-endpoint-error",
    confidence: 0.8,
  },
  {
    // MSAL.NET could not read the identity endpoint's error answer: the endpoint failed (its
    // status is printed next to it) or something else answered in its place.
    pattern: /\bThe error response was either empty or could not be parsed\b/,
    code: "credential.mi-endpoint-error",
    confidence: 0.62,
    distinguish:
      "The identity endpoint answered with an error status (printed next to it): on App Service or Container Apps check the identity is enabled, then retry; AZURE_LOG_LEVEL=verbose shows the answer.",
  },
  {
    pattern: /\bThe error response was either empty or could not be parsed\b/,
    code: "credential.mi-gateway",
    confidence: 0.45,
    distinguish:
      "An answer that is not the endpoint's JSON may come from a proxy in between: 169.254.169.254 and the IDENTITY_ENDPOINT host must bypass HTTP_PROXY / HTTPS_PROXY.",
  },
  {
    pattern: /Multiple user assigned identities exist/,
    code: "credential.mi-multiple-identities",
    confidence: 0.95,
  },
  {
    pattern:
      /The requested identity (?:has|is)(?:n['’]t| not)(?: been)? assigned to this resource|\bIdentity not found\b|\bUnable to load (?:the )?(?:requested|proper) [Mm]anaged [Ii]dentity\b|\bNo User Assigned or Delegated Managed Identity found\b/,
    code: "credential.mi-identity-not-assigned",
    confidence: 0.92,
  },
  {
    // IMDS says the same when the VM has no identity at all: nothing was turned on to assign.
    pattern: /\bIdentity not found\b/,
    code: "resource.managed-identity-not-enabled",
    confidence: 0.7,
    distinguish:
      "If the request named no client id (a system-assigned identity), the host has no managed identity turned on: az vm identity assign / az webapp identity assign, then grant that identity the role.",
  },
  {
    // Azure.Identity (.NET) stack frames of a managed-identity source with the message lost.
    pattern: /\bAzure\.Identity\.\w{0,20}ManagedIdentitySource\.\w/,
    code: "credential.mi-unavailable",
    confidence: 0.4,
    distinguish:
      "Find the exception's message above the stack: no endpoint answering means there is no managed identity on this host.",
  },
  {
    pattern: /\bAzure\.Identity\.\w{0,20}ManagedIdentitySource\.\w/,
    code: "credential.mi-identity-not-assigned",
    confidence: 0.38,
    distinguish:
      "An answer of 400 Identity not found means the client id asked for is not assigned to this host.",
  },
  {
    // azure-identity (Python) warns before the chain runs when only some variables are set.
    pattern: /Incomplete environment configuration\. These variables are set: [A-Z_, ]{1,200}/,
    code: "credential.env-incomplete",
    confidence: 0.93,
  },
  {
    pattern: /\bManagedIdentityIsNotEnabled\b|Managed Identity \(MI\) is not set for this account/,
    code: "resource.managed-identity-not-enabled",
    confidence: 0.9,
  },
  {
    // Azure OpenAI's own identity (On Your Data, customer-managed keys): the message is often cut here.
    pattern: /\bFailed to get managed ident(?:ity token\b|["'}\])]{0,4}$)/m,
    code: "resource.managed-identity-not-enabled",
    confidence: 0.6,
    distinguish:
      "The service could not get a token for the Azure OpenAI resource's own managed identity: turn on its system-assigned identity and grant it the role on the other service.",
  },
  {
    // App Service / Functions answer 400 from Kestrel when the identity asked for is not the app's.
    pattern:
      /ManagedIdentityCredential authentication failed[^\n]{0,80}Status: 400 \(Bad Request\)[^\n]{0,300}Server: Kestrel/,
    code: "credential.mi-identity-not-assigned",
    confidence: 0.7,
  },
  {
    pattern: /Failed to retrieve IMDS token after \d+ retries|\bIMDS\b[^\n]{0,80}status code 404/,
    code: "credential.mi-pod-identity-not-ready",
    confidence: 0.6,
    distinguish:
      "On AKS, pod identity's NMI answers 404 until the identity is bound to the pod; elsewhere, IMDS answers 404 while it is updating: retry.",
  },
  {
    pattern:
      /Command '\[[^\]\n]{0,200}\baz account get-access-token[^\n]{0,300}' timed out after \d+ seconds|\baz account get-access-token[^\n]{0,200} timed out\b/,
    code: "credential.cli-timeout",
    confidence: 0.85,
  },
  {
    pattern:
      /Azure Developer CLI authentication failed due to an unknown error\. Please visit https:\/\/aka\.ms\/azure-dev for installation instructions/,
    code: "credential.azd-not-installed",
    confidence: 0.75,
  },
  {
    pattern:
      /169\.254\.169\.254[^\n]{0,200}(?:unreachable|ECONNREFUSED|[Cc]onnection refused|EHOSTUNREACH|no route to host)|The environment variables needed are: IDENTITY_ENDPOINT and IDENTITY_HEADER/,
    code: "credential.mi-unavailable",
    confidence: 0.8,
  },
  {
    pattern: /The request failed due to a gateway error/,
    code: "credential.mi-gateway",
    confidence: 0.92,
  },
  {
    pattern: /No response received from the managed identity endpoint|managed identity timed out/i,
    code: "credential.mi-timeout",
    confidence: 0.9,
  },
  {
    pattern: /Get "?http:\/\/169\.254\.169\.254\/[^\n]{0,300}i\/o timeout/,
    code: "credential.mi-timeout",
    confidence: 0.85,
  },
  {
    pattern: /Get "?http:\/\/169\.254\.169\.254\/[^\n]{0,300}i\/o timeout/,
    code: "credential.mi-app-service-env-missing",
    confidence: 0.6,
    distinguish:
      "On App Service or Functions, check that IDENTITY_ENDPOINT and IDENTITY_HEADER are set in the app's environment; when they are missing the SDK falls back to IMDS, which App Service does not serve.",
  },
  {
    // An HTTP client's connection error whose URL is a managed-identity endpoint (App Service /
    // Container Apps' local /msi/token, Container Apps' localhost:42356, IMDS): the host's
    // identity endpoint, not Azure AI.
    pattern:
      /\bMSI: Failed to retrieve a token from '|(?:NewConnectionError|Connection refused|ECONNREFUSED|timed out)[^\n]{0,300}(?:\/msi\/token|169\.254\.169\.254|\/metadata\/identity\/oauth2\/token|\blocalhost:42356\b)|(?:\/msi\/token|169\.254\.169\.254:?\d*\/metadata\/identity)[^\n]{0,400}(?:NewConnectionError|Connection refused|ECONNREFUSED)/,
    code: "credential.mi-unavailable",
    confidence: 0.8,
    distinguish:
      "The managed-identity endpoint did not answer: on Container Apps and App Service it starts with the app (retry after start-up); elsewhere the host may have no managed identity.",
  },
  {
    pattern:
      /Multiple attempts failed to obtain a token from the managed identity endpoint|\bFailed to acquire tokens? after retrying \d+ times\b/,
    code: "credential.mi-retries-exhausted",
    confidence: 0.9,
  },
  {
    pattern: /no azure identity found for request clientID/i,
    code: "credential.mi-pod-identity-not-ready",
    confidence: 0.9,
  },
  // Pod identity's NMI before it has listed the pod (its body as Azure.Identity prints it).
  {
    pattern: /\bpod list is empty\b|\bgetting assigned identities for pod\b/,
    code: "credential.mi-pod-identity-not-ready",
    confidence: 0.8,
  },
  {
    pattern: /No managed identity endpoint found/,
    code: "credential.mi-pod-identity-not-ready",
    confidence: 0.7,
    distinguish:
      "On AKS with pod identity, check the pod's aadpodidbinding label and whether the identity was ready when the app started.",
  },
  {
    pattern: /No managed identity endpoint found/,
    code: "credential.mi-unavailable",
    confidence: 0.5,
    distinguish: "Outside Azure there is no managed identity endpoint at all: use a developer credential.",
  },
  {
    pattern:
      /Attempted to use the IMDS endpoint, but it is not available|ManagedIdentityCredential:? Network unreachable|no response from the IMDS endpoint|IMDS endpoint is not available/i,
    code: "credential.mi-unavailable",
    confidence: 0.85,
  },
  {
    pattern:
      /Managed Identities can only be system assigned|user[- ]assigned managed identit(?:y|ies) (?:is|are) not supported|Specifying a (?:clientId|client id|resourceId|user-assigned)[^\n]{0,80}not supported/i,
    code: "credential.mi-user-assigned-not-supported",
    confidence: 0.93,
  },
  // Workload identity.
  {
    pattern:
      /WorkloadIdentityCredential:? (?:is unavailable|authentication unavailable)[^\n]{0,120}not fully configured|\bno (?:client ID|tenant ID|token file)(?:\/(?:tenant ID|token file))* specified\b|WorkloadIdentityCredential[^\n]{0,60}(?:No content on the file|Invalid file path provided)/,
    code: "credential.workload-incomplete",
    confidence: 0.9,
  },
  {
    pattern:
      /WorkloadIdentityCredential:? (?:is unavailable|authentication unavailable)\.? clientId is a required parameter/,
    code: "credential.workload-incomplete",
    confidence: 0.7,
    distinguish:
      "Print AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE in the pod: unset means the workload identity webhook did not inject them (pod label or service account annotation missing).",
  },
  {
    pattern: /\bclientId is a required parameter\b/,
    code: "credential.empty-client-id",
    confidence: 0.55,
    distinguish:
      'Print JSON.stringify(process.env.AZURE_CLIENT_ID): "" (set but empty) is this cause; undefined means it is not set at all.',
  },
  // Azure CLI.
  {
    pattern:
      /Azure CLI could not be found|Azure CLI not installed|Azure CLI not found on path|'az' is not recognized|\baz: (?:command )?not found/,
    code: "credential.cli-not-installed",
    confidence: 0.95,
  },
  {
    pattern: /Please run ['"`]az login['"`]/,
    code: "credential.cli-not-logged-in",
    confidence: 0.92,
  },
  {
    // azd (and tools like it) relaying the Azure CLI's state: "listing locations: cli is not logged in".
    pattern: /\b(?:az |azure )?cli is not logged in\b/i,
    code: "credential.cli-not-logged-in",
    confidence: 0.75,
    distinguish: "Run az login (the tool asks the Azure CLI for its token); with azd, azd auth login.",
  },
  {
    // The CLI's sign-in lapsed (AADSTS700082 and its kin, printed through the CLI by a credential
    // or a tool that runs it): the fix is to sign in again, not to change the app.
    pattern:
      /(?:\bAzure CLI\b|\baz account get-access-token\b|AzureCliCredential)[^\n]{0,200}(?:refresh token has expired|token is expired|AADSTS(?:700082|50173|50078|50076)\b|run ['"`]?az login)/i,
    code: "credential.cli-not-logged-in",
    confidence: 0.93,
    distinguish: "Run az login (with --tenant when the resource is in another tenant), then try again.",
  },
  {
    pattern: /Azure CLI[^\n]{0,60}timed out|AzureCliCredential[^\n]{0,120}(?:timed out|timeout)/i,
    code: "credential.cli-timeout",
    confidence: 0.85,
  },
  {
    pattern: /Subscription "[^"\n]{0,200}" contains invalid characters/,
    code: "credential.cli-subscription-invalid",
    confidence: 0.95,
  },
  // Azure Developer CLI.
  {
    pattern:
      /Azure Developer CLI (?:couldn't|could not) be found|Azure Developer CLI not installed|Azure Developer CLI not found on path|'azd' is not recognized|\bazd: (?:command )?not found/,
    code: "credential.azd-not-installed",
    confidence: 0.95,
  },
  {
    pattern:
      /not logged in, run `azd (?:auth )?login`|\b[Pp]lease run ['"`]azd (?:auth )?login['"`]|\brun `azd auth login` (?:to|again)\b/,
    code: "credential.azd-not-logged-in",
    confidence: 0.92,
  },
  {
    // azd's stderr words (credentials.md §10), when azd printed them...
    pattern: AZD_MFA_WORDS,
    when: /\bazd\b|AzureDeveloperCli/i,
    code: "credential.azd-mfa-required",
    confidence: 0.88,
  },
  {
    // ...or alone; inside Entra's own AADSTS50076 sentence, without azd, they are aadsts.50076.
    pattern: AZD_MFA_WORDS,
    unless: /\bDue to a configuration change made by your administrator\b/,
    code: "credential.azd-mfa-required",
    confidence: 0.88,
  },
  {
    pattern:
      /Azure Developer CLI[^\n]{0,60}timed out|AzureDeveloperCliCredential[^\n]{0,120}(?:timed out|timeout)/i,
    code: "credential.azd-timeout",
    confidence: 0.85,
  },
  // Azure PowerShell.
  {
    pattern:
      /PowerShell isn't installed|PowerShell is not installed|Unable to execute PowerShell\. Ensure that it is installed/,
    code: "credential.powershell-not-installed",
    confidence: 0.95,
  },
  {
    pattern: /(?<!Azure (?:Developer )?CLI )\bexecutable not found on path\b/,
    code: "credential.powershell-not-installed",
    confidence: 0.7,
    distinguish: "Run pwsh -v: the PowerShell executable (pwsh) is not on PATH.",
  },
  {
    pattern:
      /Az\.Accounts? module >= 2\.2\.0 (?:isn't|is not) installed|The specified module 'Az\.Accounts' with version '2\.2\.0' was not loaded|Az\.Accounts module not found/,
    code: "credential.powershell-module-missing",
    confidence: 0.95,
  },
  {
    pattern: /Run Connect-AzAccount to login|Please run ['"`]?Connect-AzAccount['"`]? to set up account/,
    code: "credential.powershell-not-logged-in",
    confidence: 0.92,
  },
  // Azure Pipelines.
  {
    pattern: /\bSYSTEM_OIDCREQUESTURI\b/,
    code: "credential.pipelines-unavailable",
    confidence: 0.9,
  },
  {
    // The OIDC endpoint names the service connection it will not use: unknown, or not referenced
    // from the stage that asks (dotnet/docker-tools#2012).
    pattern:
      /No service connection found with identifier|There is no explicit reference to service connection\b/,
    code: "credential.pipelines-service-connection",
    confidence: 0.95,
  },
  {
    pattern:
      /401 \(Unauthorized\) response from OIDC endpoint|oidcToken field not detected in the response\. Status Code: 401/,
    code: "credential.pipelines-oidc-unauthorized",
    confidence: 0.92,
  },
  {
    pattern:
      /Received null token from OIDC request|OIDC token not found in response|oidcToken field not detected in the response\.(?! Status Code: 401)|\bVssInvalidPreviewVersionException\b/,
    code: "credential.pipelines-oidc-unauthorized",
    confidence: 0.6,
    distinguish:
      "Read the OIDC response status: 401 means the System.AccessToken passed to the credential is wrong; a 200 without oidcToken means the OIDC API version or request is wrong.",
  },
  // Certificates, cache, IDE and broker.
  {
    pattern:
      /Provide either a PEM certificate in string form, or the path to that certificate in the filesystem|(?:doesn't|does not) contain a PEM-encoded certificate|PEM certificate provided does not contain/,
    code: "credential.cert-invalid",
    confidence: 0.92,
  },
  {
    pattern:
      /persistent storage isn't available|User interaction is not allowed\. \(-25308\)|undefined: accessor\.New|Persistence is not supported on this platform|\bPersistence check failed\b/,
    code: "credential.cache-unavailable",
    confidence: 0.9,
  },
  {
    pattern:
      /Visual Studio Code Authentication is not available|VisualStudioCodeCredential[^\n]{0,80}unavailable|Need to authenticate user in VSCode Azure Account/,
    code: "credential.vscode-unavailable",
    confidence: 0.9,
  },
  {
    pattern: /\benable_msa_passthrough\b/,
    code: "credential.broker-unavailable",
    confidence: 0.5,
    distinguish:
      "Personal Microsoft accounts sign in through WAM only with enable_msa_passthrough=True on the broker credential.",
  },
  {
    pattern: /EnvironmentCredential authentication failed\./,
    code: "credential.env-unexpected-identity",
    confidence: 0.4,
    distinguish:
      "EnvironmentCredential tried the service principal named by AZURE_CLIENT_ID and failed: if you meant az login or a managed identity, unset the AZURE_CLIENT_* variables; otherwise read the AADSTS code.",
  },
  {
    pattern:
      /Broker for WAM was requested, but no plugin was configured|Failed to acquire token using broker authentication/,
    code: "credential.broker-unavailable",
    confidence: 0.9,
  },
  {
    // MSAL's WAM broker failing in its own frames and codes (Azure PowerShell and the CLI sign in
    // through it on Windows): "unknown_broker_error", RuntimeBroker / WamAdapters stack frames.
    pattern:
      /\bunknown_broker_error\b|\bRuntimeBroker\.\w+|\bWamAdapters\.\w+|\bWAM Error\b|\bMSAL\.Broker\b/,
    unless: WAM_ACCOUNT_LOST,
    code: "credential.broker-unavailable",
    confidence: 0.62,
    distinguish:
      "The Windows sign-in broker (WAM) failed: Azure PowerShell's Update-AzConfig -EnableLoginByWam $false, or az config set core.enable_broker_on_windows=false, signs in without it.",
  },
  {
    // WAM no longer has the account the tool signed in with: sign in again.
    pattern: WAM_ACCOUNT_LOST,
    code: "credential.powershell-not-logged-in",
    confidence: 0.6,
    when: POWERSHELL_PRINTED,
    distinguish: "Connect-AzAccount again (with -Tenant for the resource's tenant).",
  },
  {
    pattern: WAM_ACCOUNT_LOST,
    code: "credential.cli-not-logged-in",
    confidence: 0.55,
    unless: POWERSHELL_PRINTED,
    distinguish: "az login again: the broker no longer holds the account the CLI signed in with.",
  },
  {
    // The identity endpoint answered, with a status: it is there (App Service's "Invalid secret
    // token header" is a wrong or stale IDENTITY_HEADER).
    pattern:
      /\bMSI: Failed to retrieve a token from ['"][^'"\n]{1,200}['"] with an error(?: of '\d{3}\b|: \{[^\n]{0,200}["']StatusCode["']:\s?\d{3}\b)|\bInvalid secret token header\b/,
    code: "credential.mi-endpoint-error",
    confidence: 0.82,
    distinguish:
      "The identity endpoint answered with an error: read its status and body; on App Service the X-IDENTITY-HEADER must be the IDENTITY_HEADER the platform set for this app (a copied or stale value is refused).",
  },
  {
    // App Service's and Functions' identity endpoint reporting its own failure to get the token.
    pattern: /\bAn unexpected error occurr?ed while fetching the AAD Token\b/,
    code: "credential.mi-endpoint-error",
    confidence: 0.72,
    distinguish:
      "The host's identity endpoint failed on its side: retry, restart the app, and check the host's status; the identity's configuration may be right.",
  },
  {
    // Azure.Identity could not read the identity endpoint's answer: something else (a proxy, a
    // gateway, a local server on the port) answered the managed-identity request.
    pattern:
      /\bManaged Identity response was not in the expected format\b|\bthe authentication response was not in the expected format\.[\s\S]{0,200}?\bManagedIdentityClient\b/,
    code: "credential.mi-gateway",
    confidence: 0.7,
    distinguish:
      "Something other than the identity endpoint answered: check HTTP_PROXY / HTTPS_PROXY / NO_PROXY (169.254.169.254 and the IDENTITY_ENDPOINT host must bypass the proxy).",
  },
  {
    // .NET's own words for a certificate it cannot use: the identity SDK's when it printed them.
    pattern:
      /Could not load (?:the )?certificate file|The provided key does not match the public key for this certificate/,
    when: /CertificateCredential|AZURE_CLIENT_CERTIFICATE|Azure\.Identity|azure\.identity|CredentialUnavailable/,
    code: "credential.cert-invalid",
    confidence: 0.9,
  },
  {
    // A host's token library (Synapse / Fabric mssparkutils) that issues tokens for a fixed list of
    // audiences refusing another one, before Entra ID is asked.
    pattern: /\bAudience has invalid characters\b/,
    code: "credential.mi-audience-not-supported",
    confidence: 0.8,
    distinguish:
      "The host's token service does not issue tokens for this audience: use a credential (a service principal, DefaultAzureCredential) that asks Entra ID for https://cognitiveservices.azure.com/.default.",
  },
  {
    // @azure/identity's words for IMDS's 400: no identity (or not the one asked for) on this host.
    pattern: /\bThe managed identity endpoint is indicating there's no available identity\b/,
    code: "credential.mi-identity-not-assigned",
    confidence: 0.92,
    distinguish:
      "IMDS answered 400: the VM or scale set has no managed identity, or not the client id asked for (az vm identity show).",
  },
  {
    // MSAL.NET's managed identity: "the requested identity has not been assigned to this resource".
    pattern:
      /\bthe requested identity has not been assigned to this resource\b|\bManaged Identity is not assigned to this resource or doesn't exist\b/,
    code: "credential.mi-identity-not-assigned",
    confidence: 0.8,
    distinguish:
      "Compare the client id the app asks for with the identities assigned to this host (az webapp identity show / az vm identity show); on a host with only a system-assigned identity, ask for no client id.",
  },
  {
    // AKS pod identity's NMI, in its own logs: the pod has no identity bound (yet).
    pattern: /\bno AzureAssignedIdentity found for pod\b|\bfailed to get matching identities for pod\b/,
    code: "credential.mi-pod-identity-not-ready",
    confidence: 0.85,
  },
  {
    // azidentity's workload identity with no token file: AZURE_FEDERATED_TOKEN_FILE empty or unset.
    pattern: /\berror reading service account token - open\b/,
    code: "credential.workload-incomplete",
    confidence: 0.8,
  },
  {
    // The Java SDKs' (azure-identity before MSAL, Spring's MSICredentials) words for an IMDS refusal
    // that is not retried: a 400, the identity asked for is not on this host.
    pattern: /Couldn't acquire access token from IMDS, verify your objectId, clientId or msiResourceId/,
    code: "credential.mi-identity-not-assigned",
    confidence: 0.8,
    distinguish:
      "Compare the client id (or object id, resource id) the app names with the identities assigned to this host (az vm identity show / az webapp identity show); with none named, the host needs a system-assigned identity.",
  },
  {
    // Windows' WSAEACCES on the IMDS address: App Service's sandbox blocks 169.254.169.254, so the
    // SDK fell back to IMDS because the App Service variables were not there.
    pattern: IMDS_SOCKET_FORBIDDEN,
    code: "credential.mi-app-service-env-missing",
    confidence: 0.62,
    distinguish:
      "App Service and Functions block IMDS: the identity comes from IDENTITY_ENDPOINT and IDENTITY_HEADER, which are set only when the app's managed identity is turned on (az webapp identity assign).",
  },
  {
    pattern: IMDS_SOCKET_FORBIDDEN,
    code: "credential.mi-unavailable",
    confidence: 0.5,
    distinguish:
      "Outside App Service, a local firewall or sandbox refuses the IMDS address: no managed identity is reachable here.",
  },
  {
    // A federated credential (workload identity, GitHub Actions or Pipelines OIDC) whose assertion
    // Entra ID refused, with the AADSTS code lost: most often no federated credential matches it.
    pattern: ASSERTION_REFUSED,
    unless: AADSTS_PRINTED,
    code: "aadsts.70021",
    confidence: 0.5,
    distinguish:
      "Compare the federated credential on the app registration or managed identity (az identity federated-credential list) with the token's iss, sub and aud: all three must match exactly.",
  },
  {
    pattern: ASSERTION_REFUSED,
    unless: AADSTS_PRINTED,
    code: "aadsts.700213",
    confidence: 0.4,
    distinguish:
      "The subject (system:serviceaccount:<namespace>:<name>, repo:<owner>/<repo>:...) is the part that differs most often.",
  },
];

/** ERR_DLOPEN_FAILED: a native module of the VS Code or broker plugin failed to load. */
function dlopen(hay: string): RawMatch[] {
  if (!/\bERR_DLOPEN_FAILED\b/.test(hay)) return [];
  const broker = /broker|WAM|msal-node-extensions|msal-node-runtime/i.test(hay);
  const vscode = /VisualStudioCode|identity-vscode|Visual Studio Code/i.test(hay);
  const distinguish =
    "Read the module path in the error: @azure/msal-node-runtime is the WAM broker, @azure/identity-vscode the VS Code plugin; reinstall it for this Node version and platform.";
  return [
    { code: "credential.vscode-unavailable", confidence: vscode && !broker ? 0.85 : 0.5, distinguish },
    { code: "credential.broker-unavailable", confidence: broker && !vscode ? 0.85 : 0.45, distinguish },
  ];
}

/** What reading the identity endpoint's own status adds over the fallback's reading of it. */
const STATUS_READ_BONUS = 0.12;

/** `ManagedIdentityCredential authentication unavailable/failed.` with no inner reason. */
function bareManagedIdentity(hay: string, found: readonly RawMatch[]): RawMatch[] {
  if (found.some((m) => m.code.startsWith("credential.mi-"))) return [];
  const out: RawMatch[] = [];
  if (/ManagedIdentityCredential authentication unavailable/.test(hay)) {
    out.push(
      {
        code: "credential.mi-unavailable",
        confidence: 0.6,
        distinguish:
          "Outside Azure there is no managed identity endpoint at all: use a developer credential.",
      },
      {
        code: "credential.mi-app-service-env-missing",
        confidence: 0.55,
        distinguish:
          "On App Service or Functions, check that IDENTITY_ENDPOINT and IDENTITY_HEADER (older hosts: MSI_ENDPOINT and MSI_SECRET) are set; enable the identity on the app if not.",
      },
    );
  }
  if (/ManagedIdentityCredential authentication failed\b/.test(hay)) {
    // Failed: the endpoint answered and refused. With its status printed, the status says which
    // refusal; a matcher's reading, so above the fallback's.
    const answer = identityStatusAnswer(hay);
    if (answer.length > 0) {
      out.push(
        ...answer.map((m) => ({
          ...m,
          confidence: Math.round((m.confidence + STATUS_READ_BONUS) * 100) / 100,
        })),
      );
    } else {
      // The reason lost. The bare line is what Service Fabric, Cloud Shell and Arc print for a
      // user-assigned identity (reference §12).
      out.push(
        {
          code: "credential.mi-identity-not-assigned",
          confidence: 0.42,
          distinguish:
            "Turn on logging (AZURE_LOG_LEVEL=verbose / azure.identity logging) to see the endpoint's answer: 400 Identity not found means the client id asked for is not assigned to this host.",
        },
        {
          code: "credential.mi-unavailable",
          confidence: 0.4,
          distinguish: "An endpoint that did not answer at all means there is no managed identity here.",
        },
        {
          code: "credential.mi-user-assigned-not-supported",
          confidence: 0.45,
          distinguish:
            "On Service Fabric, Cloud Shell or Azure Arc, only the system-assigned identity works: remove clientId/resourceId (and AZURE_CLIENT_ID).",
        },
      );
    }
    out.push(...managedIdentityRetried(hay));
  }
  return out;
}

/**
 * A managed-identity failure that says it retried (Azure.Identity's "Retry failed after 4 tries."):
 * the endpoint kept failing or never answered in time (.NET's "A task was canceled." is a timeout).
 */
function managedIdentityRetried(hay: string): RawMatch[] {
  if (!/\bRetry failed after \d+ tries\b|\bfailed after \d+ retries\b|\bretries exhausted\b/i.test(hay))
    return [];
  const timedOut = /\bA task was canceled\b|\bTaskCanceledException\b|\btimed? ?out\b/i.test(hay);
  return [
    {
      code: "credential.mi-retries-exhausted",
      confidence: 0.6,
      distinguish:
        "The identity endpoint kept failing until the retries ran out: check that the identity is enabled on this host and that the endpoint answers (curl it from the host).",
    },
    {
      code: "credential.mi-timeout",
      confidence: timedOut ? 0.55 : 0.35,
      distinguish:
        "Each try timed out: the endpoint is slow or unreachable from the app (a proxy, a sidecar not ready, a network policy).",
    },
  ];
}

/** `DefaultAzureCredential failed ...` / `ChainedTokenCredential authentication failed.` on its own. */
const CHAIN_FAILED =
  /DefaultAzureCredential failed to (?:retrieve|acquire) a token|DefaultAzureCredential: failed to acquire a token|ChainedTokenCredential authentication failed|DefaultAzureCredential authentication failed|No credential in the DefaultAzureCredential chain provided a token/;

/**
 * Whether a text announces that a whole credential chain failed.
 *
 * @example
 * isChainFailure("ChainedTokenCredential authentication failed."); // true
 */
export function isChainFailure(text: string): boolean {
  return CHAIN_FAILED.test(text);
}

/**
 * Matches credential errors of every Azure identity SDK: environment, managed identity (every host),
 * workload identity, developer CLIs, PowerShell, Pipelines, certificates, cache, VS Code, broker and
 * the AZURE_TOKEN_CREDENTIALS / requiredEnvVars constructor errors.
 *
 * @example
 * credentialsMatcher(normalizeErrorText("Please run 'az login' to set up account"), {});
 * // [{ code: "credential.cli-not-logged-in", confidence: 0.92 }]
 */
export const credentialsMatcher: Matcher = (view, facts) => {
  const hay = view.haystack;
  const out: RawMatch[] = [];
  for (const rule of RULES) {
    if (!rule.pattern.test(hay)) continue;
    if (rule.when !== undefined && !rule.when.test(hay)) continue;
    if (rule.unless?.test(hay) === true) continue;
    const match: RawMatch = { code: rule.code, confidence: rule.confidence };
    if (rule.distinguish !== undefined) match.distinguish = rule.distinguish;
    if (rule.envVar === true && facts.envVar !== undefined) match.facts = { envVar: facts.envVar } as Facts;
    out.push(match);
  }
  out.push(...dlopen(hay), ...bareManagedIdentity(hay, out));
  if (isChainFailure(hay)) out.push({ code: "credential.chain-exhausted", confidence: 0.9 });
  return out;
};
