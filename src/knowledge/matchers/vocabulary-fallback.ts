import type { NormalizedText } from "../normalize-error-text.js";
import { CHAIN_SELECTED, MANAGED_IDENTITY, mentionsAzure, mentionsOtherVendor } from "./azure-context.js";
import { PERMISSION_DENIED_ALTERNATIVES } from "./data-plane.js";
import { type RawMatch, scaleConfidence } from "./matcher.js";

/*
 * The last resort for a wording no matcher knows, beside the status fallback: a cause is named by
 * the words that describe it, not by one SDK's sentence. A rule is a few word classes that must all
 * appear in one statement ("tenant" + "does not match", "deployment" + "does not exist", "managed
 * identity" + "not found"), in any case and any order; a line or a sentence is where one error
 * says one thing.
 * Every rule's confidence stays below the matchers' (which know the exact wording) and names what
 * to check, because words alone can mislead.
 */

interface VocabularyRule {
  /** Each must match the same statement. */
  all: readonly RegExp[];
  /** Must match somewhere in the text (who printed the statement, when it does not say). */
  when?: RegExp;
  /** A statement this matches is about something else. */
  unless?: RegExp;
  matches: readonly RawMatch[];
}

/**
 * Where one statement ends: a line break (or one escaped in a JSON string, `\n`), or a sentence's
 * end before the next sentence (the haystack also holds the text with its lines joined, so that a
 * hard-wrapped sentence is whole).
 */
const SENTENCE_BREAK = /\n|\\(?:r\\)?n|(?<=[.!?])\s+(?=[A-Z])/;
/** Longer lines are not one error saying one thing; their words prove nothing together. */
const MAX_LINE = 2000;

// Word classes shared by several rules.
/** Two settings that cannot be given together. */
const EXCLUSIVE =
  /\bmutually exclusive\b|\b(?:cannot|can't|not)\b[^.\n]{0,30}\bboth\b|\bboth\b[^.\n]{0,60}\bwere (?:provided|given|passed|set|specified)\b|\bonly one of\b|\bcannot (?:be )?(?:used|specified|passed|provided) together\b/i;
const BASE_URL = /\bbase[ _]?url\b|\bbaseURL\b|\bOPENAI_BASE_URL\b/i;
/** A token provider's answer that is not the token string. */
const PROVIDER_NOT_STRING =
  /\b(?:not|instead of) a string\b|\bmust return a string\b|\breturned (?:an? )?(?:object|promise|AccessToken)\b/;
const KEY_OR_TOKEN = /\bkey\b|\bapi_?key\b|\btoken\w*/i;
const BASE_URL_AND_ENDPOINT_DISTINGUISH =
  "A base URL and an endpoint together: give only the endpoint (and unset OPENAI_BASE_URL, which the client reads by itself).";
const PROVIDER_FAILED_DISTINGUISH =
  "Call the token provider alone (await provider()) in the same environment: its own error names the credential that failed.";
const PROVIDER_NOT_STRING_DISTINGUISH =
  "The provider must return the token string, not the AccessToken object (getBearerTokenProvider does this for you).";
const KEY_AND_TOKEN_DISTINGUISH =
  "An API key and a token (provider) together: drop the key (and unset AZURE_OPENAI_API_KEY, which the client reads by itself).";
const AZURE_CLI = /\baz login\b|\baz account\b|\bAzure CLI\b|\bAzureCliCredential\b|'az'|\baz(?:\.cmd)?: /i;
const AZD = /\bazd\b|\bAzure Developer CLI\b|\bAzureDeveloperCliCredential\b/i;
const POWERSHELL =
  /\bAzure ?PowerShell\b|\bConnect-AzAccount\b|\bAz\.Accounts\b|\bAzurePowerShellCredential\b|\bGet-AzAccessToken\b|\b(?:Get|Set)-AzContext\b/i;
const SIGN_IN =
  /\bnot (?:logged|signed) in\b|\b(?:log|sign)[ -]?in\b|\bre-?authenticat\w*|\bexpired\b|\bplease run\b|\bno subscriptions?\b|\binteraction (?:is )?required\b|\bre-?run\b/i;
const NOT_INSTALLED =
  /\bnot (?:found|installed|recognized|on (?:the )?path)\b|\bcould not be found\b|\bcommand not found\b|\bno such file\b|\bENOENT\b/i;
const TIMED_OUT = /\btimed?[ -]?out\b|\btimeout\b/i;
const FAILED =
  /\bfail\w*|\berror\b|\bcould not\b|\bcannot\b|\bcan't\b|\bunable\b|\brefused\b|\bunreachable\b|\babort\w*/i;
const NOT_THERE =
  /\bnot (?:be )?found\b|\b(?:not|cannot|can't|couldn't) (?:be )?located\b|\bdoes ?n[o']t exist\b|\bnot exist\b|\bno such\b|\bunknown\b|\bmissing\b/i;
/** What is said of a key that is not (or no longer) this resource's. */
const INVALID =
  /\binvalid\b|\bnot a valid\b|\brequires? a valid\b|\bincorrect\b|\bwrong\b|\bnot valid\b|\bmalformed\b|\brejected\b|\bexpired\b|\brevoked\b/i;
const API_KEY =
  /\bapi[ _-]?keys?\b|\bCognitive ?Services (?:type )?keys?\b|\bprovided key\b|\bsubscription[ _-]keys?\b|\baccess[ _-]keys?\b|\baccount keys?\b|\bresource keys?\b|\bOcp-Apim-Subscription-Key\b/i;
const REQUIRED =
  /\brequired\b|\bno (?:api[ _-]?)?key (?:was )?found\b|\bincomplete\b|\bensure\b[^.\n]{0,80}\b(?:are|is) (?:provided|set)\b|\bto be set\b|\bno [\w ]{0,20}provided\b|\bmissing\b|\bmust be (?:set|provided|passed)\b|\bnot (?:set|provided|configured|specified|defined)\b|\bis empty\b|\bwas empty\b|\bplease set\b[^.\n]{0,60}\benv(?:ironment)? ?var(?:iable)?\b/i;

/** PermissionDenied's alternatives, less sure when only words, not the service's code, said so. */
const ROLE_ALTERNATIVES: readonly RawMatch[] = PERMISSION_DENIED_ALTERNATIVES.map((m) => ({
  ...m,
  confidence: scaleConfidence(m.confidence, 0.8),
}));
/** A private endpoint named: its DNS and connection failures are the private endpoint's. */
const PRIVATE_ENDPOINT = /\bprivate (?:endpoints?|link)\b/i;

const CHECK_LOGGING =
  "Turn on the identity SDK's logging (AZURE_LOG_LEVEL=verbose, azure.identity at DEBUG) or run keyless doctor on the same host to see which credential failed and why.";

const RULES: readonly VocabularyRule[] = [
  // Tokens.
  {
    // A tenant id or domain that names no tenant: the credential's, before any token.
    all: [
      /\btenant(?:[ _-]?id| domain)\b/i,
      /\binvalid\b|\bmalformed\b|\bnot (?:be )?found\b|\bcould not find\b|\bdoes ?n[o']t exist\b|\bnot (?:a )?valid\b/i,
    ],
    matches: [
      {
        code: "credential.tenant-invalid",
        confidence: 0.48,
        distinguish:
          "Check the tenant id (a GUID) or domain the credential is given (AZURE_TENANT_ID, tenantId): az account show --query tenantId prints the right one.",
      },
      {
        code: "aadsts.90002",
        confidence: 0.3,
        distinguish: "Entra's own answer to a tenant that does not exist is AADSTS90002.",
      },
    ],
  },
  {
    all: [
      /\btenants?\b|\bissuer\b|\biss\b/i,
      /\bdoes ?n[o']t match\b|\bmismatch\w*|\bwrong\b|\bdifferent\b|\binvalid\b|\bnot (?:valid|trusted|allowed)\b/i,
    ],
    unless:
      /\btenant[ _-]?id\b.{0,40}\b(?:required|missing|not (?:set|provided))\b|\b(?:invalid|malformed) tenant(?:[ _-]?id| domain)\b|\btenant(?:[ _-]?id| domain) (?:is |was )?(?:invalid|malformed|not valid)\b/i,
    matches: [
      {
        code: "token.wrong-tenant",
        confidence: 0.48,
        distinguish:
          "Decode the token (keyless token) and compare its tid/iss with the tenant that owns the resource; set AZURE_TENANT_ID (or the credential's tenantId) to that tenant.",
      },
    ],
  },
  {
    all: [
      /\baudiences?\b|\baud\b/i,
      /\bdoes ?n[o']t match\b|\bmismatch\w*|\binvalid\b|\bincorrect\b|\bwrong\b|\bnot (?:valid|allowed|accepted|supported)\b/i,
    ],
    matches: [
      {
        code: "token.wrong-audience",
        confidence: 0.48,
        distinguish:
          "Decode the token (keyless token): aud must be the endpoint's audience (https://cognitiveservices.azure.com on public Azure), so the app must request <audience>/.default.",
      },
    ],
  },
  {
    // "TokenExpired", "ExpiredAuthenticationToken": a code's words run together.
    all: [
      /\btokens?|\bjwt\b|\blifetime\b|\bassertion\b/i,
      /\bexpired?\b|\blifetime validation\b|[a-z]Expired\b|\bExpired(?=[A-Z])/i,
    ],
    unless: /\brefresh[ _-]?token\b|\bclient[ _-]?secret\b/i,
    matches: [
      {
        code: "token.expired",
        confidence: 0.46,
        distinguish:
          "Decode the token (keyless token): a past exp means it was fetched once and reused; pass a token provider that renews it instead of a token string.",
      },
      {
        code: "client.static-token",
        confidence: 0.3,
        distinguish:
          "An app that passes a token string (azure_ad_token, a fixed Bearer header) keeps it past its hour.",
      },
    ],
  },
  // Keys.
  {
    all: [
      /\bkey[ -]?based auth\w*|\blocal auth\w*|\bkey auth\w*|\bapi[ -]?key auth\w*|\bdisableLocalAuth\b/i,
      /\bdisabled?\b|\bnot (?:allowed|permitted|supported|enabled)\b|\bdisableLocalAuth\b["']?\s{0,2}(?:is set to(?: be)?|[:=]|is)\s{0,2}["']?true\b/i,
    ],
    matches: [
      {
        code: "key.auth-disabled",
        confidence: 0.5,
        distinguish:
          "disableLocalAuth true on the resource refuses every key: authenticate with a Microsoft Entra ID token.",
      },
    ],
  },
  {
    all: [API_KEY, INVALID],
    matches: [
      {
        code: "key.invalid",
        confidence: 0.46,
        distinguish:
          "Compare the key with az cognitiveservices account keys list for this resource (keys rotate), and check that the endpoint is this resource's.",
      },
      {
        code: "token.in-api-key-header",
        confidence: 0.26,
        distinguish:
          "A value starting eyJ with two dots is a token, not a key: send it as Authorization: Bearer.",
      },
    ],
  },
  {
    // A key of a resource whose kind or tier does not serve the API called ("not supported with
    // the current subscription key and pricing tier").
    all: [API_KEY, /\bnot supported with\b|\bpricing tier\b|\bnot (?:valid|allowed|enabled) for\b/i],
    matches: [
      {
        code: "key.invalid",
        confidence: 0.46,
        distinguish:
          "The key belongs to a resource that does not offer this API (an Azure OpenAI resource called for Vision, a tier without it): call the API with a key and endpoint of a resource that offers it.",
      },
      {
        code: "endpoint.not-azure",
        confidence: 0.3,
        distinguish: "Check that the endpoint is the resource that offers this API, not another service's.",
      },
    ],
  },
  {
    all: [
      /\bapi[ _-]?key\b|\b(?:AZURE_OPENAI|OPENAI|AZURE_AI|AZURE)\w{0,20}_API_KEY\b|\bOpenAI key\b|\bcredentials?\b|\bazure_ad_token(?:_provider)?\b|\bauthToken\b/i,
      REQUIRED,
    ],
    unless: /\bAZURE_(?:CLIENT|TENANT)_|\bEnvironmentCredential\b|\btoken[ _-]?file\b/i,
    matches: [
      {
        code: "client.missing-credentials",
        confidence: 0.44,
        distinguish:
          "The client was built with neither a key nor a token provider: pass a token provider (keyless) or set the key the wrapper reads.",
      },
    ],
  },
  {
    // A client (or a service's vectorizer, skill, connection) given no endpoint.
    all: [
      /\b(?:endpoint|uri|url|base[ _]?url|azure_endpoint|api_base|resource ?name|resourceName|AZURE_RESOURCE_NAME)\b/i,
      /\bcannot be (?:null|None|empty)\b|\b(?:null|None) or empty\b|\bis (?:required|missing|empty|not set)\b|\bmust be (?:set|provided)\b|\bmust provide\b/i,
    ],
    unless: /\bapi[ _-]?key\b.{0,40}\b(?:required|missing)\b/i,
    matches: [
      {
        code: "client.endpoint-missing",
        confidence: 0.44,
        distinguish:
          "Give the client (or the skill or vectorizer) the resource's endpoint, https://<name>.openai.azure.com, as the variable or field it reads.",
      },
    ],
  },
  {
    all: [/\bcredentials?\b/i, /\bmissing or invalid\b|\binvalid or missing\b/i],
    matches: [
      {
        code: "client.missing-credentials",
        confidence: 0.42,
        distinguish:
          "With no key or token sent at all, the client was built without one: check what it reads.",
      },
      {
        code: "key.invalid",
        confidence: 0.4,
        distinguish:
          "With a key sent, compare it with this resource's keys (az cognitiveservices account keys list).",
      },
    ],
  },
  {
    // A service's refused token, in its own words ("Token denied by policy").
    all: [/\btokens?\b/i, /\bdenied\b|\brejected\b|\brefused\b|\bnot accepted\b/i],
    unless: /\brefresh[ _-]?token\b/i,
    matches: [
      {
        code: "rbac.missing-data-action",
        confidence: 0.38,
        distinguish:
          "A valid token refused by the service: the identity has no role with the data action on the resource.",
      },
      {
        code: "token.wrong-audience",
        confidence: 0.36,
        distinguish: "Decode the token (keyless token): its aud must be the audience the service expects.",
      },
      {
        code: "rbac.other-principal",
        confidence: 0.3,
        distinguish: "Compare the token's oid with the identity that holds the role.",
      },
    ],
  },
  {
    all: [
      // The refusing words said of the URL itself.
      /\b(?:invalid|malformed|not a valid)[ \t]+(?:base[ _-]?)?(?:url|endpoint|uri)\b|\b(?:url|endpoint|uri)\b[^.\n]{0,30}?\b(?:cannot be parsed|is (?:invalid|malformed|not valid)|failed to parse|unable to parse)\b|\bcannot be parsed as a URL\b|\b(?:could not|cannot|unable to) (?:extract|parse|read)\b[^.\n]{0,60}\b(?:url|endpoint|uri)\b|\b(?:url|endpoint|uri)\b[^\n]{0,80}\bensure it follows the format\b/i,
    ],
    unless: /\bInvalid URL \((?:GET|POST|PUT|PATCH|DELETE) /,
    matches: [
      {
        code: "endpoint.invalid-url",
        confidence: 0.44,
        distinguish:
          "The endpoint must be a whole https URL (https://<resource>.openai.azure.com/), not a resource name or a path.",
      },
      {
        code: "endpoint.extra-path",
        confidence: 0.3,
        distinguish:
          "An endpoint with a path or query makes the client build a wrong URL: keep only the scheme and host.",
      },
    ],
  },
  {
    // Azure's path under OpenAI's /v1: the request went to api.openai.com (or a base URL ending in /v1).
    all: [/\bInvalid URL \((?:GET|POST|PUT|PATCH|DELETE) \/v1\/openai\/deployments\//],
    matches: [
      {
        code: "endpoint.not-azure",
        confidence: 0.5,
        distinguish:
          "No Azure path starts /v1/openai/deployments: the client's base URL is OpenAI's (or ends in /v1); give it the Azure resource's endpoint.",
      },
    ],
  },
  {
    // OpenAI's 404 for a path the service does not serve: `Invalid URL (POST /v1/responses)`.
    all: [/\bInvalid URL \((?:GET|POST|PUT|PATCH|DELETE) \/[^)\n]{0,200}\)/],
    matches: [
      {
        code: "resource.api-version",
        confidence: 0.46,
        distinguish:
          "The operation is not served at this api-version (or on the v1 path): use one the resource serves for it.",
      },
      {
        code: "endpoint.extra-path",
        confidence: 0.44,
        distinguish:
          "The path printed is what the client asked for: an endpoint with a path, or a base URL without /openai, builds it wrong.",
      },
      {
        code: "endpoint.not-azure",
        confidence: 0.4,
        distinguish:
          "OpenAI's own API answers in these words too: check that the base URL is the Azure resource's (https://<resource>.openai.azure.com/openai/v1/), not api.openai.com or a proxy's.",
      },
    ],
  },
  // Roles.
  {
    // "Authorization failed." is the authorization (roles) step's refusal, not authentication's.
    all: [/\bauthori[sz]ation (?:has )?failed\b/i],
    matches: [
      {
        code: "rbac.missing-data-action",
        confidence: 0.42,
        distinguish:
          "The identity was authenticated but holds no role with the data action on the resource: grant it.",
      },
      ...ROLE_ALTERNATIVES,
    ],
  },
  {
    all: [
      /\bprincipal\b|\bidentity\b|\buser\b|\bcaller\b|\bclient\b|\bobject[ _-]?id\b|\bapp(?:lication)?\b/i,
      /\bdoes ?n[o']t have\b|\blacks?\b|\bnot authori[sz]ed\b|\bno permissions?\b|\binsufficient\b|\bnot allowed to\b|\bunauthori[sz]ed to\b/i,
      /\bpermissions?\b|\baccess\b|\bauthori[sz]ation\b|\broles?\b|\bdata ?actions?\b|\bactions?\b|\bprivileges?\b/i,
    ],
    unless: /\bnetwork\b|\bfirewall\b|\bprivate endpoint\b|\bIP\b/,
    matches: [
      {
        code: "rbac.missing-data-action",
        confidence: 0.46,
        distinguish:
          "The principal has no role with the data action: grant Cognitive Services OpenAI User (or the role the action needs) on the resource.",
      },
      ...ROLE_ALTERNATIVES,
    ],
  },
  {
    all: [
      /\bMicrosoft\.(?:CognitiveServices|MachineLearningServices)\/[\w./*-]{1,200}\/(?:action|read|write|delete)\b/,
    ],
    matches: [
      {
        code: "rbac.missing-data-action",
        confidence: 0.44,
        distinguish:
          "The data action named is the one the principal's roles must grant on the resource or project.",
      },
    ],
  },
  // Networks.
  {
    all: [/\bpublic (?:network )?access\b/i, /\bdisabled?\b|\bnot allowed\b|\bdenied\b|\bblocked\b/i],
    matches: [
      {
        code: "network.public-access-disabled",
        confidence: 0.5,
        distinguish:
          "publicNetworkAccess Disabled means only private endpoints reach the resource: call it from inside the virtual network.",
      },
      {
        code: "network.private-endpoint",
        confidence: 0.3,
        distinguish: "From inside the network, nslookup <host> must give the private endpoint's IP.",
      },
    ],
  },
  {
    all: [PRIVATE_ENDPOINT, FAILED],
    matches: [
      {
        code: "network.private-endpoint",
        confidence: 0.42,
        distinguish:
          "nslookup <host> from the caller: a public IP where a private endpoint is expected means its private DNS zone is not linked to the caller's network.",
      },
      {
        code: "network.public-access-disabled",
        confidence: 0.3,
        distinguish:
          "With public access disabled, only callers inside the virtual network reach the resource.",
      },
    ],
  },
  {
    all: [
      /\bfirewall\b|\bvirtual network\b|\bvnet\b|\bnetwork (?:rules?|acls?|security)\b|\bclient ip\b|\bip address\b|\bnetworkAcls\b/i,
      /\bdenied\b|\bblocked\b|\bnot allowed\b|\bforbidden\b|\brestricted\b|\brules?\b/i,
    ],
    matches: [
      {
        code: "network.firewall",
        confidence: 0.46,
        distinguish:
          "az cognitiveservices account show --query properties.networkAcls: a Deny default without the caller's IP or subnet is the firewall.",
      },
      {
        code: "network.vnet-wrong-endpoint",
        confidence: 0.26,
        distinguish:
          "With virtual network rules, the custom subdomain endpoint must be called, not a regional one.",
      },
    ],
  },
  {
    all: [
      /\bproxy/i,
      /\bfail\w*|\brefused\b|\berror\b|\b407\b|\bdenied\b|\btunnel\w*|\bunable\b|\bcould not\b|\bcannot\b|\bconnect\w*/i,
    ],
    matches: [
      {
        code: "network.proxy-refused",
        confidence: 0.44,
        distinguish:
          "Check HTTPS_PROXY / HTTP_PROXY / NO_PROXY: the proxy must allow the Azure host, or the host must bypass it.",
      },
    ],
  },
  {
    all: [
      /\bssl\b|\btls\b|\bcertificates?\b|\bx509\b|\bx\.509\b|\bself[ -]signed\b|\bPKIX\b|\bhandshake\b/i,
      /\bfail\w*|\binvalid\b|\berror\b|\bverif\w*|\buntrusted\b|\bunknown\b|\bnot trusted\b|\bunable\b|\bself[ -]signed\b/i,
    ],
    unless:
      /\bClientCertificateCredential\b|\bAZURE_CLIENT_CERTIFICATE|\bclient certificate\b|\b\.pfx\b|\b\.pem\b/i,
    matches: [
      {
        code: "network.tls-untrusted",
        confidence: 0.46,
        distinguish:
          "curl -v https://<host>: an issuer that is not Microsoft's is a proxy inspecting HTTPS; trust its CA (NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE, SSL_CERT_FILE).",
      },
      {
        code: "endpoint.unreachable",
        confidence: 0.3,
        distinguish: "If the issuer is Microsoft's, the machine's CA store is out of date.",
      },
    ],
  },
  {
    all: [
      /\bdns\b|\bresolv\w* (?:the )?(?:host|name|address|domain)|\bname resolution\b|\bhost ?name\b|\bENOTFOUND\b|\bEAI_AGAIN\b|\bno such host\b|\bunknown host\b|\bUnknownHostException\b/i,
      /\bfail\w*|\bcould not\b|\bcannot\b|\bunable\b|\bnot (?:found|known)\b|\bENOTFOUND\b|\bEAI_AGAIN\b|\bunknown\b|\bno such\b|Exception\b/i,
    ],
    unless: PRIVATE_ENDPOINT,
    matches: [
      {
        code: "endpoint.unreachable",
        confidence: 0.44,
        distinguish:
          "The host name does not resolve: check its spelling (nslookup <host>) and, behind a private endpoint, the private DNS zone the machine uses.",
      },
      {
        code: "network.private-endpoint",
        confidence: 0.26,
        distinguish: "A private endpoint's name resolves only where its private DNS zone is linked.",
      },
    ],
  },
  {
    all: [
      /\bconnect\w*|\b\w{0,40}Connection(?:Error|Exception)\b|\bConnect(?:Error|Timeout)\b|\bError communicating with\b|\bsocket\b|\berror sending request\b|\bECONNREFUSED\b|\bETIMEDOUT\b|\bEHOSTUNREACH\b|\bENETUNREACH\b|\bfetch failed\b|\brequest timed? ?out\b/i,
      /\brefused\b|\bfail\w*|\berror\b|\btimed? ?out\b|\btimeout\b|\bunreachable\b|\bclosed\b|\bcould not\b|\bcannot\b|\bunable\b|\baborted\b|\bECONNREFUSED\b|\bETIMEDOUT\b/i,
    ],
    // A body cut short is read by its own rule: the connection was made.
    unless: new RegExp(
      `${MANAGED_IDENTITY.source}|${PRIVATE_ENDPOINT.source}|\\bwithout sending complete\\b|\\bcomplete message body\\b|\\bincomplete chunked\\b|\\bpremature close\\b`,
      "i",
    ),
    matches: [
      {
        code: "endpoint.unreachable",
        confidence: 0.42,
        distinguish:
          "The request reached no service: resolve and reach the host (nslookup, curl -v https://<host>) from the same machine.",
      },
      {
        code: "network.proxy-refused",
        confidence: 0.26,
        distinguish: "Check HTTPS_PROXY / HTTP_PROXY / NO_PROXY in the app's environment.",
      },
      {
        code: "network.tls-untrusted",
        confidence: 0.22,
        distinguish:
          "A bare connection failure can hide a certificate error: the client's debug log or curl -v shows it.",
      },
    ],
  },
  {
    all: [
      /\bECONNRESET\b|\breset by peer\b|\bsocket hang up\b|\bconnection (?:was )?reset\b|\bpremature close\b|\bincomplete (?:read|chunked)\b|\bunexpected end of (?:file|stream)\b/i,
    ],
    matches: [
      {
        code: "network.body-cut-short",
        confidence: 0.4,
        distinguish:
          "A reset after the headers is a proxy, firewall or load balancer cutting the answer short: retry, and compare with a call that does not pass through it.",
      },
      {
        code: "endpoint.unreachable",
        confidence: 0.34,
        distinguish: "A reset before any answer: check the path to the host (proxy, firewall, curl -v).",
      },
    ],
  },
  {
    all: [
      /<html|<!DOCTYPE html|"<!DOCTYPE |\bUnexpected token '?<'?/i,
      /\bjson\b|\bunexpected token\b|\bparse\b|\bdecode\b/i,
    ],
    matches: [
      {
        code: "network.html-instead-of-json",
        confidence: 0.44,
        distinguish:
          "Something between the app and Azure (a proxy's or gateway's page, a captive portal) answered with HTML: curl -i the URL to see who.",
      },
    ],
  },
  // The resource.
  {
    all: [/\bdeployments?\b/i, NOT_THERE],
    matches: [
      {
        code: "resource.deployment-not-found",
        confidence: 0.48,
        distinguish:
          "List the deployments (az cognitiveservices account deployment list): the name the app sends must be a deployment's name, not the model's; a new one takes a few minutes.",
      },
    ],
  },
  {
    all: [
      /\bmodels?\b/i,
      /\bnot (?:be )?found\b|\bdoes ?n[o']t exist\b|\bnot exist\b|\bnot available\b|\bunavailable\b|\bunknown model\b/i,
    ],
    unless: /\bmodel_not_found\b.{0,80}\bopenai\.com\b/i,
    matches: [
      {
        code: "resource.deployment-not-found",
        confidence: 0.4,
        distinguish:
          "On Azure the model field (or the URL) carries the deployment's name: list the deployments and use one.",
      },
      {
        code: "resource.api-version",
        confidence: 0.24,
        distinguish:
          "A model served only from a newer api-version answers the same: try the latest GA api-version.",
      },
    ],
  },
  {
    all: [
      /\bapi[ _-]?version\b/i,
      /\brequired\b|\bmissing\b|\bmust be (?:set|provided|passed)\b|\bnot (?:set|provided)\b/i,
    ],
    matches: [
      {
        code: "client.api-version-missing",
        confidence: 0.5,
        distinguish:
          "The client was built without an api-version: pass apiVersion / api_version or set OPENAI_API_VERSION.",
      },
    ],
  },
  {
    // An APIM gateway's subscription key (Ocp-Apim-Subscription-Key) refused or missing.
    all: [
      /\bOcp-Apim-Subscription-Key\b|\bAPI Management\b/i,
      /\binvalid\b|\bmissing\b|\brequired\b|\bdenied\b|\bwrong\b/i,
    ],
    // Azure AI services answer with this header themselves: it names no gateway of the user's.
    unless: /\bWWW-Authenticate\b/i,
    matches: [
      {
        code: "gateway.apim-subscription-key",
        confidence: 0.5,
        distinguish:
          "The endpoint is an API Management gateway: send its subscription key (Ocp-Apim-Subscription-Key) as its policy asks, besides the backend's token.",
      },
    ],
  },
  {
    // A role assignment made minutes ago, said so.
    all: [
      /\bpropagat\w*|\bminutes? ago\b|\brecently (?:assigned|granted|added|created)\b/i,
      /\broles?\b|\bassignments?\b|\baccess\b|\bpermissions?\b/i,
    ],
    // Every ARM AuthorizationFailed ends so, whatever the assignment's age: it says nothing of time.
    // Its first words are enough, since a wrapped printing cuts the sentence where it likes.
    unless: /\bIf access was recently granted\b/,
    matches: [
      {
        code: "rbac.propagation-pending",
        confidence: 0.5,
        distinguish:
          "A role assignment takes up to about 10 minutes to apply (longer through a group or for a managed identity): wait, get a new token, retry.",
      },
    ],
  },
  {
    // The refusing word next to the api-version ("not valid for this API version" is the key's).
    all: [
      /\bapi[ _-]?versions?\b[^.\n]{0,40}?\b(?:not supported|unsupported|invalid|not (?:valid|available|allowed)|only|later|deprecated|retired)\b|\b(?:unsupported|invalid) api[ _-]?versions?\b|\b(?:only|not supported|unsupported)\b[^.\n]{0,40}?\bapi[ _-]?versions?\b/i,
    ],
    matches: [
      {
        code: "resource.api-version",
        confidence: 0.48,
        distinguish:
          "Use an api-version the resource serves for this operation (the latest GA one), or the v1 path without api-version.",
      },
    ],
  },
  {
    // A token where the endpoint is not the resource's custom subdomain.
    all: [/\bcustom subdomain\b|\bsubdomain\b[^.\n]{0,40}\btoken\b/i],
    matches: [
      {
        code: "endpoint.regional-no-subdomain",
        confidence: 0.48,
        distinguish:
          "Entra ID tokens work only on the resource's own endpoint, https://<name>.openai.azure.com (or <name>.cognitiveservices.azure.com), not a regional one.",
      },
    ],
  },
  {
    // The client saw a status and no body to say why.
    all: [
      /\b401\b[^\n]{0,40}\((?:no|empty) (?:response )?body\)|\b(?:no|empty) (?:response )?body\b[^\n]{0,40}\b401\b/i,
    ],
    matches: [
      {
        code: "client.status-without-body",
        confidence: 0.46,
        distinguish:
          "The client dropped the answer's body: call the same URL with curl -i (or turn on the client's debug logging) to read the error code that says which cause it is.",
      },
    ],
  },
  // The client's own configuration.
  {
    // A client that wants the endpoint in another setting than the base URL it was given.
    all: [
      /\b(?:azure_endpoint|azureEndpoint)\b/,
      /\b(?:openai_api_base|api_base|base_url|baseURL)\b/,
      /\bshould\b|\binstead\b|\bnot\b|\brather than\b/i,
    ],
    matches: [
      {
        code: "client.base-url-and-endpoint",
        confidence: 0.46,
        distinguish:
          "Give the resource's endpoint as azure_endpoint (endpoint in JS) and drop the base URL (and unset OPENAI_BASE_URL / OPENAI_API_BASE).",
      },
    ],
  },
  {
    // Two settings that exclude each other, named: a base URL with an endpoint.
    all: [EXCLUSIVE, BASE_URL],
    matches: [
      {
        code: "client.base-url-and-endpoint",
        confidence: 0.44,
        distinguish: BASE_URL_AND_ENDPOINT_DISTINGUISH,
      },
    ],
  },
  {
    // Two settings that exclude each other, named: a key with a token (provider).
    all: [EXCLUSIVE, KEY_OR_TOKEN],
    unless: BASE_URL,
    matches: [
      {
        code: "client.key-and-token",
        confidence: 0.44,
        distinguish: KEY_AND_TOKEN_DISTINGUISH,
      },
    ],
  },
  {
    // Two settings that exclude each other, not named: the two pairs Azure clients refuse.
    all: [EXCLUSIVE],
    unless: new RegExp(`${BASE_URL.source}|${KEY_OR_TOKEN.source}`, "i"),
    matches: [
      {
        code: "client.key-and-token",
        confidence: 0.42,
        distinguish: KEY_AND_TOKEN_DISTINGUISH,
      },
      {
        code: "client.base-url-and-endpoint",
        confidence: 0.4,
        distinguish: BASE_URL_AND_ENDPOINT_DISTINGUISH,
      },
    ],
  },
  {
    // The token provider returned something that is not the token string.
    all: [
      /\btoken[ _-]?provider\b|\bazure_?ad_?token_?provider\b|\bbearer token provider\b/i,
      PROVIDER_NOT_STRING,
    ],
    matches: [
      {
        code: "client.token-provider-not-string",
        confidence: 0.42,
        distinguish: PROVIDER_NOT_STRING_DISTINGUISH,
      },
      {
        code: "client.token-provider-failed",
        confidence: 0.34,
        distinguish: PROVIDER_FAILED_DISTINGUISH,
      },
    ],
  },
  {
    // The token provider (a callback the client calls per request) threw or returned nothing usable.
    all: [
      /\btoken[ _-]?provider\b|\bazure_?ad_?token_?provider\b|\bbearer token provider\b/i,
      /\bfail\w*|\bthrew\b|\bthrown\b|\berror\b|\bexception\b|\bcould not\b|\bunable\b|\breturned (?:undefined|null|None|an? (?:object|promise))\b|\bnot (?:a )?(?:string|callable|function)\b/i,
    ],
    unless: new RegExp(`\\b[A-Z][A-Za-z]{2,40}Credential\\b|${PROVIDER_NOT_STRING.source}`),
    matches: [
      {
        code: "client.token-provider-failed",
        confidence: 0.4,
        distinguish: PROVIDER_FAILED_DISTINGUISH,
      },
      {
        code: "client.token-provider-not-string",
        confidence: 0.34,
        distinguish: PROVIDER_NOT_STRING_DISTINGUISH,
      },
    ],
  },
  {
    // A key or token with a character a header cannot carry (a newline from a file, quotes).
    all: [
      /\bheaders?\b/i,
      /\binvalid (?:character|value)|\billegal (?:character|header)|\bnewline\b|\bcontrol character|\bnot a legal\b|\bInvalid (?:header|character) (?:value|in header)\b/i,
    ],
    matches: [
      {
        code: "client.invalid-header-value",
        confidence: 0.42,
        distinguish:
          "Print the key or token's length and last characters (never the value): a trailing newline or quotes from a file or .env are the usual cause; trim it.",
      },
    ],
  },
  {
    // The service itself failed, in its reason phrase or error code alone.
    all: [
      /\bInternalServerError\b|\binternal server error\b|\bservice unavailable\b|\bServiceUnavailable\b/i,
    ],
    unless: new RegExp(`${MANAGED_IDENTITY.source}|\\bproxy\\b`, "i"),
    matches: [
      {
        code: "resource.service-error",
        confidence: 0.36,
        distinguish:
          "A 5xx: retry with backoff; if it persists, check the resource's health in the portal (Resource health) with the request id the answer printed.",
      },
    ],
  },
  {
    // The service itself failed: a 5xx with the service's words.
    all: [
      /\b(?:internal server error|server error|server had an error|service unavailable|bad gateway|gateway time-?out)\b|\b(?:HTTP(?:\/[\d.]{1,3})?|status(?: code)?|error code|returned|response code)[:= ]{0,3}50[0234]\b|\b50[0234] (?:Internal|Bad|Service|Gateway)\b/i,
      /\bopenai\b|\bcognitive ?services\b|\bazure\b|\bmodel\b|\bdeployment\b/i,
    ],
    unless: new RegExp(`${MANAGED_IDENTITY.source}|\\bproxy\\b`, "i"),
    matches: [
      {
        code: "resource.service-error",
        confidence: 0.38,
        distinguish:
          "A 5xx from Azure OpenAI itself: retry with backoff; if it persists, check the resource's health in the portal (Resource health) with the apim-request-id.",
      },
      {
        code: "network.proxy-refused",
        confidence: 0.24,
        distinguish:
          "A 502 or 504 can be a proxy's or gateway's own: curl -i the endpoint directly to compare.",
      },
    ],
  },
  {
    // The request named no model or deployment at all.
    all: [
      /\bno model\b|\bmodel(?: name)? (?:is )?(?:required|missing|not specified|not provided)\b|\bmissing model\b|\bprovide a model\b/i,
    ],
    matches: [
      {
        code: "resource.deployment-not-found",
        confidence: 0.42,
        distinguish:
          "On Azure the deployment's name goes in the URL (…/deployments/<name>/…) or the model field: pass the deployment name the app is configured with.",
      },
    ],
  },
  {
    all: [/\brate[ _-]?limit\w*|\btoo many requests\b|\bthrottl\w*|\bquota\b/i],
    matches: [
      {
        code: "resource.rate-limited",
        confidence: 0.4,
        distinguish:
          "Wait for Retry-After and retry with backoff; raise the deployment's tokens-per-minute quota if it persists.",
      },
    ],
  },
  // Credentials.
  {
    all: [AZURE_CLI, NOT_INSTALLED],
    unless: /\bsubscription\b/i,
    matches: [
      {
        code: "credential.cli-not-installed",
        confidence: 0.48,
        distinguish:
          "Install the Azure CLI on the machine that runs the app and az login, or use a credential that needs no CLI there.",
      },
    ],
  },
  {
    all: [AZURE_CLI, TIMED_OUT],
    matches: [
      {
        code: "credential.cli-timeout",
        confidence: 0.48,
        distinguish:
          "az account get-access-token took too long: run it by hand to see it prompt or hang, and raise the credential's process timeout.",
      },
    ],
  },
  {
    // VS Code's and its Azure extensions' words: "You are not signed in to an Azure account".
    all: [/\bAzure account\b/i, /\bnot signed in\b|\bsign in\b/i],
    unless: /\baz login\b|\bAzure CLI\b/i,
    matches: [
      {
        code: "credential.vscode-unavailable",
        confidence: 0.42,
        distinguish: "In VS Code: Azure: Sign In (the Azure Resources extension), then retry.",
      },
      {
        code: "credential.cli-not-logged-in",
        confidence: 0.36,
        distinguish: "Outside VS Code, the developer sign-in is az login.",
      },
    ],
  },
  {
    // A service principal signed in with no role on any subscription ("No subscriptions found for").
    all: [/\bNo subscriptions found\b/i],
    matches: [
      {
        code: "rbac.wrong-scope",
        confidence: 0.4,
        distinguish:
          "The identity signed in but holds no role on any subscription: assign its role at the subscription, resource group or resource it works on (or sign in with --allow-no-subscriptions).",
      },
      {
        code: "credential.cli-not-logged-in",
        confidence: 0.3,
        distinguish:
          "If it is a person's sign-in, az login --tenant <the tenant that holds the subscription>.",
      },
    ],
  },
  {
    all: [AZURE_CLI, SIGN_IN],
    matches: [
      {
        code: "credential.cli-not-logged-in",
        confidence: 0.48,
        distinguish:
          "az account show: sign in again (az login --tenant <tenant>) when it fails or shows another account.",
      },
    ],
  },
  {
    // A developer tool that failed and does not say why (Terraform's "Error obtaining Authorization
    // Token from the Azure CLI: ... exit status 1"): most often its sign-in, so say how to see.
    all: [AZURE_CLI, FAILED],
    // The chain chose the CLI: it got its token, what failed after is something else.
    unless: CHAIN_SELECTED,
    matches: [
      {
        code: "credential.cli-not-logged-in",
        confidence: 0.36,
        distinguish:
          "Run az account get-access-token --resource https://cognitiveservices.azure.com by hand: its own message says whether the sign-in, the tenant or the CLI itself fails.",
      },
      {
        code: "credential.cli-not-installed",
        confidence: 0.22,
        distinguish: "az --version where the app runs: the CLI may be missing from that PATH.",
      },
    ],
  },
  {
    all: [AZD, FAILED],
    matches: [
      {
        code: "credential.azd-not-logged-in",
        confidence: 0.34,
        distinguish:
          "Run azd auth token --scope https://cognitiveservices.azure.com/.default by hand to see why.",
      },
    ],
  },
  {
    all: [POWERSHELL, FAILED],
    matches: [
      {
        code: "credential.powershell-not-logged-in",
        confidence: 0.34,
        distinguish:
          "Run Get-AzAccessToken -ResourceUrl https://cognitiveservices.azure.com by hand to see why; Connect-AzAccount when it asks for a sign-in.",
      },
    ],
  },
  {
    all: [/\brefresh[ _-]?tokens?\b/i, /\bexpired\b|\brevoked\b|\binactivity\b|\binvalid\b/i],
    matches: [
      {
        code: "credential.cli-not-logged-in",
        confidence: 0.42,
        distinguish:
          "The developer sign-in lapsed: az login (or azd auth login, Connect-AzAccount) again on this machine.",
      },
    ],
  },
  {
    all: [AZD, NOT_INSTALLED],
    matches: [
      {
        code: "credential.azd-not-installed",
        confidence: 0.48,
        distinguish:
          "Install the Azure Developer CLI and azd auth login, or use a credential that needs no azd here.",
      },
    ],
  },
  {
    all: [AZD, TIMED_OUT],
    matches: [
      {
        code: "credential.azd-timeout",
        confidence: 0.48,
        distinguish: "Run azd auth token by hand to see it prompt or hang.",
      },
    ],
  },
  {
    all: [AZD, SIGN_IN],
    matches: [
      {
        code: "credential.azd-not-logged-in",
        confidence: 0.48,
        distinguish: "azd auth login (with --tenant-id for the resource's tenant).",
      },
    ],
  },
  {
    all: [POWERSHELL, NOT_INSTALLED],
    matches: [
      {
        code: "credential.powershell-module-missing",
        confidence: 0.46,
        distinguish: "Install-Module Az.Accounts, then Connect-AzAccount.",
      },
    ],
  },
  {
    all: [POWERSHELL, SIGN_IN],
    matches: [
      {
        code: "credential.powershell-not-logged-in",
        confidence: 0.46,
        distinguish: "Connect-AzAccount (with -Tenant for the resource's tenant).",
      },
    ],
  },
  {
    all: [
      MANAGED_IDENTITY,
      /\bnot (?:be )?(?:found|assigned)\b|\bno (?:user[ -]assigned|managed|such) identity\b|\bno (?:MSI|managed identity|identity)\b[^.\n]{0,40}\bfound\b|\bidentity not found\b|\bunknown (?:client|identity)\b|\bisn't assigned\b/i,
    ],
    matches: [
      {
        code: "credential.mi-identity-not-assigned",
        confidence: 0.48,
        distinguish:
          "The client id the app asks for is not an identity of this host: assign that user-assigned identity to it, or set AZURE_CLIENT_ID to one that is.",
      },
      {
        code: "resource.managed-identity-not-enabled",
        confidence: 0.26,
        distinguish:
          "If it is the service (On Your Data, a search skill) that uses its identity, turn on the resource's system-assigned identity.",
      },
    ],
  },
  {
    all: [MANAGED_IDENTITY, /\bmultiple\b|\bmore than one\b/i],
    matches: [
      {
        code: "credential.mi-multiple-identities",
        confidence: 0.46,
        distinguish:
          "With several user-assigned identities, name one (AZURE_CLIENT_ID or the credential's clientId).",
      },
    ],
  },
  {
    all: [MANAGED_IDENTITY, TIMED_OUT],
    matches: [
      {
        code: "credential.mi-timeout",
        confidence: 0.44,
        distinguish:
          "The identity endpoint did not answer in time: off Azure there is none; on Azure, retry and check the host's identity settings.",
      },
      { code: "credential.mi-unavailable", confidence: 0.34, distinguish: CHECK_LOGGING },
    ],
  },
  {
    all: [
      MANAGED_IDENTITY,
      /\bunavailable\b|\bnot available\b|\bunreachable\b|\bno .{0,30}endpoint\b|\bcould not connect\b|\bconnection refused\b|\bfailed to connect\b|\bnot (?:enabled|configured)\b/i,
    ],
    matches: [
      {
        code: "credential.mi-unavailable",
        confidence: 0.44,
        distinguish:
          "No managed identity answers here (a laptop, a CI runner, an identity not enabled on the host): enable one on the host or use a developer credential off Azure.",
      },
      {
        code: "resource.managed-identity-not-enabled",
        confidence: 0.24,
        distinguish:
          "If the failing call is the service's own (On Your Data), enable the resource's system-assigned identity.",
      },
    ],
  },
  {
    all: [
      /\bworkload[ _-]?identity\b|\bfederated\b|\bAZURE_FEDERATED_TOKEN_FILE\b|\btoken[ _-]?file\b|\bservice account token\b/i,
      /\bnot (?:found|specified|set|provided)\b|\bmissing\b|\brequired\b|\bno such file\b|\bincomplete\b|\bempty\b/i,
    ],
    matches: [
      {
        code: "credential.workload-incomplete",
        confidence: 0.46,
        distinguish:
          'The pod needs AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE: label the pod azure.workload.identity/use: "true" and use its service account.',
      },
    ],
  },
  {
    all: [
      /\bAZURE_(?:CLIENT_ID|TENANT_ID|CLIENT_SECRET|CLIENT_CERTIFICATE_PATH|USERNAME)\b|\bEnvironmentCredential\b/i,
      REQUIRED,
    ],
    matches: [
      {
        code: "credential.env-incomplete",
        confidence: 0.42,
        distinguish:
          "EnvironmentCredential needs AZURE_TENANT_ID, AZURE_CLIENT_ID and a secret or certificate: set all of them, or none.",
      },
      {
        code: "credential.env-not-configured",
        confidence: 0.3,
        distinguish: "With none set, the chain goes on to the next credential.",
      },
    ],
  },
  {
    // Azure.Identity / MSAL retrying a managed-identity endpoint, the retries said on their own line.
    all: [
      /\bretry failed after \d+ tries\b|\bfailed after \d+ retries\b|\bafter retrying \d+ times\b|\bretries exhausted\b/i,
    ],
    when: MANAGED_IDENTITY,
    matches: [
      {
        code: "credential.mi-retries-exhausted",
        confidence: 0.46,
        distinguish:
          "The identity endpoint kept failing: on Azure, check that the identity is enabled on this host and the endpoint answers (curl it); off Azure there is none.",
      },
      { code: "credential.mi-unavailable", confidence: 0.36, distinguish: CHECK_LOGGING },
    ],
  },
  {
    // A storage or search service's RBAC refusal ("not authorized to perform this operation using this permission").
    all: [/\bnot authori[sz]ed to perform\b|\bAuthorizationPermissionMismatch\b/i],
    matches: [
      {
        code: "rbac.missing-data-action",
        confidence: 0.46,
        distinguish:
          "The identity has no role that grants this operation's data action on the resource: grant the data role (not Owner or Contributor).",
      },
      ...ROLE_ALTERNATIVES,
    ],
  },
  {
    // azure-core refuses to send a bearer token over plain http.
    all: [/\bnon-https\b|\bnon-TLS\b|\brequires? (?:an )?https\b|\bover (?:plain )?http\b/i],
    matches: [
      {
        code: "endpoint.invalid-url",
        confidence: 0.48,
        distinguish: "The endpoint must be https://...: tokens are never sent over plain http.",
      },
    ],
  },
  {
    // A key credential (AzureKeyCredential, a string) passed where a token credential is expected.
    all: [
      /\bget_?token\b|\bgetToken\b|\bGetToken(?:Async)?\b/,
      /\bhas no attribute\b|\bis not a function\b|\bnot implemented\b|\bundefined method\b/i,
    ],
    matches: [
      {
        code: "client.token-provider-failed",
        confidence: 0.46,
        distinguish:
          "The object passed as the credential cannot give tokens (a key credential, a string): pass a token credential (DefaultAzureCredential) or its bearer-token provider.",
      },
    ],
  },
  {
    all: [
      /\bClientCertificateCredential\b|\bAZURE_CLIENT_CERTIFICATE|\bclient certificate\b|\.pfx\b|\.pem\b/i,
      /\binvalid\b|\bcould not\b|\bunable\b|\bfail\w*|\bnot found\b|\bpassword\b/i,
    ],
    matches: [
      {
        code: "credential.cert-invalid",
        confidence: 0.44,
        distinguish:
          "The certificate file must hold the private key (PEM or PFX, with its password) of a certificate the app registration has.",
      },
    ],
  },
  {
    all: [
      /\bget_?token\w*|\bgetToken\b|\bacquir\w* (?:a |an )?(?:access )?token\b|\btoken acquisition\b|\bretrieve a token\b|\bauthenticat\w*/i,
      /\bfail\w*|\berror\b|\bunable\b|\bcould not\b|\bunavailable\b/i,
      /\bcredentials?\b|\bidentity\b|\bazure ad\b|\bentra\b|\bmsal\b|\baad\b/i,
    ],
    matches: [{ code: "credential.chain-exhausted", confidence: 0.3, distinguish: CHECK_LOGGING }],
  },
];

function lineMatches(rule: VocabularyRule, line: string): boolean {
  return rule.all.every((p) => p.test(line)) && !(rule.unless?.test(line) ?? false);
}

/**
 * Ranked candidates from the words of a text no matcher named: each rule whose word classes all
 * appear in one statement adds its causes. Empty when none does.
 *
 * @example
 * vocabularyFallback(normalizeErrorText("Tenant in token does not match the resource's tenant"))[0]?.code;
 * // "token.wrong-tenant"
 */
export function vocabularyFallback(view: NormalizedText): RawMatch[] {
  const hay = view.haystack;
  const azure = mentionsAzure(hay);
  if (!azure && mentionsOtherVendor(hay)) return [];
  // A statement printed many times is read once.
  const lines = [...new Set(hay.split(SENTENCE_BREAK))].filter(
    (line) => line.length <= MAX_LINE && line.trim() !== "",
  );
  const out: RawMatch[] = [];
  for (const rule of RULES) {
    if (rule.when !== undefined && !rule.when.test(hay)) continue;
    if (!lines.some((line) => lineMatches(rule, line))) continue;
    // Pasted into keyless, a text that names no service is most likely about Azure; less surely
    // than one that says so.
    for (const match of rule.matches) {
      out.push(azure ? match : { ...match, confidence: scaleConfidence(match.confidence, 0.7) });
    }
  }
  return out;
}
