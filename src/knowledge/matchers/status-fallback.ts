import type { CauseCode } from "../cause.js";
import type { Facts } from "../facts.js";
import type { NormalizedText } from "../normalize-error-text.js";
import { AZURE_AI, CHAIN_SELECTED, mentionsAzure, mentionsOtherVendor } from "./azure-context.js";
import { flat401Distinctions, PERMISSION_DENIED_ALTERNATIVES } from "./data-plane.js";
import { identityStatusAnswer } from "./managed-identity-status.js";
import { type RawMatch, scaleConfidence } from "./matcher.js";

/*
 * The last resort for an Azure AI failure whose wording keyless does not know: a 401, a 403 or an
 * auth-related 400 still narrows the cause to a few, ranked from the status, the reason phrase and
 * the facts, each with what tells it apart. Never "no known cause" for an Azure auth failure.
 */

/** Status lines that carry no body: `401 Client Error: PermissionDenied for url: ...` and friends. */
const STATUS_LINES: readonly RegExp[] = [
  // Python requests: `401 Client Error: Unauthorized for url: https://...`.
  /\b(40[0134]) Client Error: ([A-Za-z ]{1,40}) for url:/,
  // httpx / logs: `"HTTP/1.1 403 Forbidden"`.
  /\bHTTP\/\d(?:\.\d)? (40[0134]) ([A-Za-z ]{1,40})/,
  // .NET: `Status: 401 (Unauthorized)`.
  /\bStatus: (40[0134]) \(([^)\n]{1,60})\)/,
  // Any client: `Unexpected http code 403`, `status code 401`, `HTTP status: Unauthorized`.
  /\b(?:http|status) code:? (40[0134])\b()/i,
  /\bHTTP status:? ()(Unauthorized|Forbidden)\b/i,
  // azure-core's HttpResponseError ("Operation returned an invalid status 'Forbidden'") and .NET's
  // HttpStatusCode names ("StatusCode: Forbidden"), openai-python's "Error code: 401".
  /\binvalid status '()(Unauthorized|Forbidden)'/,
  /\bStatusCode: ()(Unauthorized|Forbidden)\b/,
  /\bError code: (40[0134])\b()/,
  // Editor and app integrations: `(OpenAI:401) Unauthorized`, `Azure OpenAI: 403 Forbidden`.
  /\((?:Azure ?)?OpenAI:\s?(40[0134])\)\s?()/i,
  // The rest by structure: a status next to its reason phrase, in either order (`401 Unauthorized`,
  // `(401) Unauthorized`, `401 - Unauthorized`, `[401] Unauthorized`, `Unauthorized (401)`), a
  // status after a word that names it (`HTTP Error 401`, `status=401`, `returned 401`,
  // `<Response [401]>`), and a reason phrase alone.
  /[([]?\b(40[0134])\b[)\]]?[ \t]{0,2}[-:\u2013]?[ \t]{0,2}\(?(Unauthori[sz]ed|Forbidden|Not Found|Bad Request|PermissionDenied|Access Denied)\b/i,
  /\b()(Unauthori[sz]ed|Forbidden|Not Found|Bad Request)[ \t]{0,2}[:([][ \t]?(?:HTTP[ \t])?(40[0134])\b/i,
  /\b(?:HTTP(?:[ \t]Error)?|status(?:[ _]?code)?|response(?:[ \t]code)?|returned|reason|code)[ \t]{0,2}[:=#]?[ \t]{0,2}["'[(]?(40[0134])\b()/i,
  /\b()(Resource not found)\b/i,
  // aiohttp's ClientResponseError: `404, message='Not Found', url=URL('...')`.
  /\b(40[0134]), message=()/,
];

/** A reason phrase alone (`Error: Unauthorized`): a status only in a text about Azure. */
const BARE_REASON = /(?:^|[\s:'"([])()(Unauthori[sz]ed|Forbidden)(?=[\s.'")\]:,!]|$)/im;

const REASON_STATUS: Readonly<Record<string, number>> = {
  unauthorized: 401,
  unauthorised: 401,
  forbidden: 403,
  "not found": 404,
  "resource not found": 404,
  "bad request": 400,
};

/** Words that make a 400 about authentication rather than the request body. */
const AUTH_WORDS = /\b(?:auth\w*|token|credential|unauthori[sz]ed|permission|access denied|forbidden)\b/i;

/** The exception types the Azure identity SDKs (JS, Python, .NET, Java) raise when no credential got a token. */
const IDENTITY_SDK_EXCEPTION =
  /\b(?:CredentialUnavailable(?:Error|Exception)|AuthenticationFailedException|AggregateAuthenticationError|AuthenticationRequiredError)\b/;
/** azure-core's 401 class: an identity failure when nothing else is said, but any service's 401 too. */
const AZURE_CORE_AUTH_ERROR = /\bazure\.core\.exceptions\.ClientAuthenticationError\b/;
/** Entra ID itself answered the status (a credential asking for a token). */
const ENTRA_ANSWERED =
  /\bwhile authenticating to Azure Active Directory\b|\blogin\.microsoftonline\.(?:com|us)\b/;

/** What a credential failure whose reason was lost narrows to. */
const CREDENTIAL_FAILED: RawMatch = {
  code: "credential.chain-exhausted",
  confidence: 0.3,
  distinguish:
    "The reason was not printed: turn on the SDK's logging (AZURE_LOG_LEVEL=verbose, azure.identity at DEBUG, or AzureEventSourceListener) to see which credentials were tried and why each failed, or run keyless doctor on the same host.",
};

/** The chain's own aggregate error: what its parts say are the chain's alternatives, not its cause. */
const AGGREGATE_ERROR =
  /\bAggregateAuthenticationError\b|\bfailed to retrieve a token from the included credentials\b|\bChainedTokenCredential authentication failed\b/;

function credentialFailure(hay: string): RawMatch {
  return AGGREGATE_ERROR.test(hay) ? { ...CREDENTIAL_FAILED, confidence: 0.5 } : CREDENTIAL_FAILED;
}

interface Candidate {
  code: CauseCode;
  confidence: number;
  distinguish: string;
}

const SELECTED_IDENTITY: RawMatch = {
  code: "rbac.other-principal",
  confidence: 0.45,
  distinguish:
    "The log names the credential the chain chose: decode its token (keyless token) and check that its oid is the identity holding the role on this resource; a chain that picked another credential signs in as someone else.",
};

/** The bare 401 shares the flat 401's slot and static-token causes, and what tells them apart. */
const FLAT_401 = flat401Distinctions(undefined);

const BY_STATUS: Readonly<Record<number, readonly Candidate[]>> = {
  401: [
    {
      code: "token.wrong-audience",
      confidence: 0.34,
      distinguish:
        "With a token: decode it (keyless token) and compare aud with the endpoint's audience (https://cognitiveservices.azure.com on public Azure).",
    },
    {
      code: "token.expired",
      confidence: 0.32,
      distinguish: "With a token: a past exp means it was fetched once and reused; pass a token provider.",
    },
    {
      code: "key.invalid",
      confidence: 0.3,
      distinguish:
        "With an API key: compare it with az cognitiveservices account keys list for this resource (keys rotate).",
    },
    {
      code: "rbac.missing-data-action",
      confidence: 0.26,
      distinguish:
        "A 401 that says PermissionDenied in its body is a missing data-plane role: read the raw body (curl -i) to see which.",
    },
    { code: "key.sent-as-bearer", confidence: 0.24, distinguish: FLAT_401["key.sent-as-bearer"] },
    {
      code: "rbac.control-plane-role-only",
      confidence: 0.22,
      distinguish:
        "Owner or Contributor manage the resource but hold no data action: the token is refused with PermissionDenied while a key works.",
    },
    { code: "token.in-api-key-header", confidence: 0.2, distinguish: FLAT_401["token.in-api-key-header"] },
    { code: "client.static-token", confidence: 0.18, distinguish: FLAT_401["client.static-token"] },
    {
      code: "resource.rate-limited",
      confidence: 0.15,
      distinguish:
        "Some client versions report a throttled call as 401 without the body: retry after a pause; if it then works, it was the rate limit.",
    },
  ],
  403: [
    {
      code: "network.firewall",
      confidence: 0.34,
      distinguish:
        "Check the resource's networking: az cognitiveservices account show --query properties.networkAcls; a Deny default with your IP missing is the firewall.",
    },
    {
      code: "network.public-access-disabled",
      confidence: 0.32,
      distinguish: "publicNetworkAccess Disabled means only private endpoints reach it.",
    },
    {
      code: "key.auth-disabled",
      confidence: 0.28,
      distinguish: "With an API key: disableLocalAuth true refuses every key; use a token.",
    },
    {
      code: "rbac.missing-data-action",
      confidence: 0.26,
      distinguish: "With a token: a 403 can also be a missing data-plane role; read the raw body.",
    },
    {
      code: "network.private-endpoint",
      confidence: 0.24,
      distinguish:
        "Behind a private endpoint, nslookup <host> from the caller must give a private IP; a public IP means the call bypasses it.",
    },
    {
      code: "network.vnet-wrong-endpoint",
      confidence: 0.2,
      distinguish:
        "With virtual network rules, call the resource's custom subdomain, not a regional endpoint.",
    },
  ],
  404: [
    {
      code: "resource.deployment-not-found",
      confidence: 0.34,
      distinguish:
        "List the deployments (az cognitiveservices account deployment list): the name in the URL or the model field must be a deployment's name, not the model's.",
    },
    {
      code: "endpoint.extra-path",
      confidence: 0.3,
      distinguish:
        "Print the request URL: a path added to the endpoint (…/openai/openai/…, a deployment URL as the endpoint) answers 404.",
    },
    {
      code: "resource.api-version",
      confidence: 0.26,
      distinguish: "An api-version the resource does not serve for this operation also answers 404.",
    },
  ],
  400: [
    {
      code: "endpoint.regional-no-subdomain",
      confidence: 0.3,
      distinguish:
        "A token on a regional endpoint (<region>.api.cognitive.microsoft.com) gets 400: use the resource's custom subdomain.",
    },
    {
      code: "token.wrong-tenant",
      confidence: 0.28,
      distinguish:
        "A token from another tenant gets 400 on Azure OpenAI: compare its tid with the resource's tenant.",
    },
  ],
};

/** Candidates for a 401 or 403 whose reason phrase is a service code (`PermissionDenied`). */
const PERMISSION_DENIED: readonly RawMatch[] = [
  {
    code: "rbac.missing-data-action",
    confidence: 0.55,
    distinguish: "The principal has no role with the data action: grant Cognitive Services OpenAI User.",
  },
  ...PERMISSION_DENIED_ALTERNATIVES,
];

function statusLine(hay: string, azure: boolean): { status: number; reason: string } | undefined {
  for (const pattern of azure ? [...STATUS_LINES, BARE_REASON] : STATUS_LINES) {
    const m = pattern.exec(hay);
    if (m === null) continue;
    const reason = (m[2] ?? "").trim();
    // The reason-first pattern prints the number last.
    const number = m[1] !== undefined && m[1] !== "" ? m[1] : m[3];
    const status =
      number !== undefined && number !== "" ? Number(number) : REASON_STATUS[reason.toLowerCase()];
    if (status !== undefined) return { status, reason };
  }
  return undefined;
}

/**
 * Ranked candidates for an Azure AI auth failure no matcher named: from a 401, 403 or auth-related
 * 400 (the facts' status, or a bare status line), only when the text is about an Azure AI endpoint
 * or client. Empty otherwise.
 *
 * @example
 * statusFallback(normalizeErrorText("Azure.AI.OpenAI ... Service request failed.\nStatus: 401 (Unauthorized)"), {})[0]?.code;
 * // "token.wrong-audience"
 */
export function statusFallback(view: NormalizedText, facts: Facts): RawMatch[] {
  const hay = view.haystack;
  const azure = mentionsAzure(hay);
  // Another vendor's 401 (GitHub, npm, Docker...) is not Azure's.
  if (!azure && mentionsOtherVendor(hay)) return [];
  const line = statusLine(hay, azure);
  const status = facts.status ?? line?.status;
  const azureAi = AZURE_AI.test(hay);
  const identitySdk = IDENTITY_SDK_EXCEPTION.test(hay);
  const credentialFailed = credentialFailure(hay);
  if (status === undefined && (identitySdk || AZURE_CORE_AUTH_ERROR.test(hay))) return [credentialFailed];
  // A status Entra answered while a credential got its token is not the data plane's.
  if (status !== undefined && !azureAi && (identitySdk || ENTRA_ANSWERED.test(hay)))
    return [credentialFailed];
  if (status === undefined || BY_STATUS[status] === undefined) return [];
  // The identity endpoint's status, read by the managed identity fallback.
  if (identityStatusAnswer(hay).length > 0) return [];
  if (status === 400 && !AUTH_WORDS.test(hay)) return [];
  // A 404 is about the request's address, not auth: only an Azure AI endpoint's narrows to causes.
  // Azure AI's own 404 body says "Resource not found", and keyless is where people paste Azure's errors.
  if (status === 404 && !azureAi && !/\bResource ?not ?found\b/i.test(hay)) return [];
  // Pasted into keyless, a bare status is most likely Azure AI's; said so, it is more likely still.
  const scale = azureAi ? 1 : 0.7;
  const byStatus: readonly RawMatch[] | undefined = /PermissionDenied/i.test(line?.reason ?? "")
    ? PERMISSION_DENIED
    : BY_STATUS[status];
  // The identity SDK's log named the credential that got the token before the refusal: whether that
  // is the identity holding the role comes first.
  const candidates =
    (status === 401 || status === 403) && CHAIN_SELECTED.test(hay)
      ? [SELECTED_IDENTITY, ...(byStatus ?? [])]
      : byStatus;
  return (candidates ?? []).map((c) => ({
    ...c,
    confidence: scaleConfidence(c.confidence, scale),
    facts: { status },
  }));
}
