import type { CauseCode } from "../cause.js";
import type { Facts } from "../facts.js";
import type { NormalizedText } from "../normalize-error-text.js";
import { type Matcher, type RawMatch, scaleConfidence } from "./matcher.js";

/*
 * Bodies of the Azure OpenAI / AI services data plane and its neighbours (error-bodies.md §2, §2.1,
 * §5). Phrases are matched as printed by the service, typos included ("have expired", "formated").
 */

// "Access token is missing, invalid" alone names the gate: reporters' copies break the rest
// ("audience is incorrec t", cut lines).
const FLAT_401 = /\bAccess token is missing, invalid\b|\baudience is incorrect\s{0,2}\(/;
const SOVEREIGN_OR_FOUNDRY_AUDIENCE = /\.(?:us|cn)\/?$|usgovcloudapi|chinacloudapi|\bai\.azure\.com\/?$/i;

/** The causes the flat 401 body can mean; it names none of them. */
type Flat401Cause = Extract<
  CauseCode,
  | "token.wrong-audience"
  | "token.expired"
  | "key.sent-as-bearer"
  | "token.in-api-key-header"
  | "client.static-token"
>;

/**
 * What tells the flat-401 causes apart; the audience in parentheses is quoted when known. The
 * status fallback's bare 401 reuses the slot and static-token texts.
 *
 * @example
 * flat401Distinctions(undefined)["key.sent-as-bearer"]; // "Check which header carried the credential: ..."
 */
export function flat401Distinctions(audience: string | undefined): Record<Flat401Cause, string> {
  const aud = audience ?? "the audience in parentheses";
  return {
    "token.wrong-audience": `Decode the token and compare its aud claim with ${aud}: a different value (e.g. https://management.azure.com, or the public https://cognitiveservices.azure.com for a sovereign or Foundry project endpoint) means the token was requested for the wrong scope.`,
    "token.expired":
      "Decode the token's exp claim: a time in the past means the app reuses a token it got once (a static azure_ad_token or a cached string) instead of a token provider that refreshes it.",
    "key.sent-as-bearer":
      "Check which header carried the credential: an Authorization: Bearer value that is not a JWT (no dots, 32 or 84 characters) is an API key sent as a token; keys go in the api-key header.",
    "token.in-api-key-header":
      "Check the api-key header: a value starting with eyJ is an Entra ID token sent as a key; tokens go in Authorization: Bearer.",
    "client.static-token":
      "If calls work for about an hour after start and then fail, the app passes a token string it fetched once (azure_ad_token=, a Bearer header built at start-up) instead of a token provider.",
  };
}

/**
 * The ranked causes of the flat 401 body, which names no single cause. `scale` lowers them all when
 * the body itself was lost (openai `401 status code (no body)`).
 *
 * @example
 * flat401Matches("https://cognitiveservices.azure.us", 1)[0]?.code; // "token.wrong-audience"
 */
export function flat401Matches(audience: string | undefined, scale: number): RawMatch[] {
  const distinguish = flat401Distinctions(audience);
  const sovereign = audience !== undefined && SOVEREIGN_OR_FOUNDRY_AUDIENCE.test(audience);
  // `urn:ms.scopedToken`: the endpoint expected a key-derived token, as when a key is sent as Bearer.
  const scopedToken = audience !== undefined && /^urn:ms\./.test(audience);
  const ranked: Array<[Flat401Cause, number]> = scopedToken
    ? [
        ["key.sent-as-bearer", 0.7],
        ["token.wrong-audience", 0.55],
        ["token.expired", 0.45],
        ["token.in-api-key-header", 0.3],
        ["client.static-token", 0.25],
      ]
    : sovereign
      ? [
          ["token.wrong-audience", 0.8],
          ["token.expired", 0.55],
          ["key.sent-as-bearer", 0.5],
          ["token.in-api-key-header", 0.35],
          ["client.static-token", 0.3],
        ]
      : [
          ["token.wrong-audience", 0.65],
          ["token.expired", 0.6],
          ["key.sent-as-bearer", 0.55],
          ["token.in-api-key-header", 0.35],
          ["client.static-token", 0.3],
        ];
  return ranked.map(([code, confidence]) => {
    const match: RawMatch = {
      code,
      confidence: scaleConfidence(confidence, scale),
      distinguish: distinguish[code],
    };
    if (audience !== undefined) match.facts = { audience };
    return match;
  });
}

/**
 * What a PermissionDenied can be besides the missing data action it names, each with what tells
 * it apart; the status fallback lists them after a bare `PermissionDenied` reason phrase too.
 */
export const PERMISSION_DENIED_ALTERNATIVES: readonly RawMatch[] = [
  {
    code: "rbac.control-plane-role-only",
    confidence: 0.4,
    distinguish:
      "List the principal's role assignments on the resource: Owner, Contributor or Cognitive Services Contributor can list keys but hold no data actions: the token is refused while a key (where keys are allowed) would work.",
  },
  {
    code: "rbac.propagation-pending",
    confidence: 0.3,
    distinguish:
      "If the role assignment is less than about 10 minutes old (longer when it is through a group or for a managed identity), wait, get a new token and retry before changing anything.",
  },
  {
    code: "rbac.wrong-scope",
    confidence: 0.25,
    distinguish:
      "Check the assignment's scope: a role on another resource, or on a resource group or subscription that does not contain this one, grants nothing here.",
  },
  {
    code: "rbac.other-principal",
    confidence: 0.2,
    distinguish:
      "Decode the token (keyless token) and compare its oid with the assignee: the credential chain may have signed in as another identity (AZURE_CLIENT_ID, the CLI's account) than the one that holds the role.",
  },
];

function permissionDenied(view: NormalizedText, facts: Facts): RawMatch[] {
  const hay = view.haystack;
  const named =
    /Principal does not have access to API\/Operation|\blacks the required data action\b/.test(hay) ||
    // The data plane's CheckAccess (its RBAC check) refused: "CheckAccess API call with non successful response. StatusCode: Forbidden".
    /\bCheckAccess API call with non successful response\.?\s{0,4}StatusCode: Forbidden\b/.test(hay) ||
    // Foundry / Azure ML agents name the data action: "does not have permissions for <ns>/.../action actions",
    // "Please ensure that the <principal> has <ns>/.../write action on <scope>".
    /\bdoes not have permissions? for Microsoft\.[\w./]{1,200} actions?\b|\bhas Microsoft\.[\w./]{1,200}\/(?:read|write|action|delete)\s{1,4}action on\b/.test(
      hay,
    ) ||
    facts.serviceCode === "PermissionDenied";
  if (!named) return [];
  const rbacFacts: Facts = {};
  if (facts.principalId !== undefined) rbacFacts.principalId = facts.principalId;
  if (facts.dataAction !== undefined) rbacFacts.dataAction = facts.dataAction;
  if (facts.operation !== undefined) rbacFacts.operation = facts.operation;
  return [
    { code: "rbac.missing-data-action", confidence: 0.95, facts: rbacFacts },
    ...PERMISSION_DENIED_ALTERNATIVES,
  ];
}

interface PhraseRule {
  pattern: RegExp;
  matches: RawMatch[];
}

/** Bodies that name exactly one cause. */
const PHRASE_RULES: readonly PhraseRule[] = [
  {
    pattern:
      /Access denied due to invalid subscription key\b|Make sure to provide a valid key for an active subscription/,
    matches: [
      { code: "key.invalid", confidence: 0.92 },
      {
        code: "token.in-api-key-header",
        confidence: 0.35,
        distinguish: flat401Distinctions(undefined)["token.in-api-key-header"],
      },
      {
        code: "gateway.apim-subscription-key",
        confidence: 0.3,
        distinguish:
          "If the endpoint is an API Management gateway (*.azure-api.net, or a custom domain in front of the resource), the key it checks is the APIM subscription key, in its Ocp-Apim-Subscription-Key (or api-key) header.",
      },
    ],
  },
  {
    // golang-jwt's parse errors: a gateway or proxy in front (not the Azure data plane, which answers
    // with the flat 401) tried to read the bearer value as a JWT.
    pattern:
      /\btoken contains an invalid number of segments\b|\btoken is malformed: (?:token contains an invalid number of segments|could not base64 decode)/,
    matches: [
      {
        code: "endpoint.not-azure",
        confidence: 0.6,
        distinguish:
          "The refusal comes from a gateway or proxy that parses the Authorization value as a JWT (golang-jwt's wording), not from Azure: check which host the client calls and what credential that gateway wants.",
      },
      {
        code: "gateway.apim-subscription-key",
        confidence: 0.35,
        distinguish:
          "An API gateway that validates JWTs got something else (an API key as Bearer): send the gateway's own key in its header, or a real Entra ID token.",
      },
      {
        code: "key.sent-as-bearer",
        confidence: 0.3,
        distinguish: "The Bearer value has no dots: it is a key, not a token; keys go in the api-key header.",
      },
    ],
  },
  {
    pattern: /Access denied due to (?:a )?missing (?:application credentials or )?subscription key/,
    matches: [{ code: "gateway.apim-subscription-key", confidence: 0.93 }],
  },
  {
    pattern: /\bAuthenticationTypeDisabled\b|Key based authentication is disabled for this resource/,
    matches: [{ code: "key.auth-disabled", confidence: 0.97 }],
  },
  {
    // Also when a redactor ate "token authentication" ("custom subdomain for redacted:key").
    pattern: /Please provide a custom subdomain for\b/,
    matches: [{ code: "endpoint.regional-no-subdomain", confidence: 0.96 }],
  },
  {
    pattern: /Please provide an authentication key\./,
    matches: [
      {
        code: "endpoint.regional-no-subdomain",
        confidence: 0.7,
        distinguish:
          "Check the endpoint host: an Entra ID token sent to a regional https://<region>.api.cognitive.microsoft.com endpoint gets this answer; use the custom subdomain endpoint.",
      },
      {
        code: "key.invalid",
        confidence: 0.45,
        distinguish: "If the request carried no credential at all, send the api-key header or a token.",
      },
    ],
  },
  {
    pattern: /Resource Id is badly formed or from wrong namespace/,
    matches: [{ code: "endpoint.regional-no-subdomain", confidence: 0.9 }],
  },
  {
    pattern: /Unable to access tenant for permission info/,
    matches: [
      {
        code: "token.wrong-tenant",
        confidence: 0.75,
        distinguish:
          "Decode the token's tid claim and compare it with the resource's tenant (az account show --query tenantId on the resource's subscription).",
      },
      {
        code: "endpoint.regional-no-subdomain",
        confidence: 0.5,
        distinguish:
          "Check the endpoint host: a regional https://<region>.api.cognitive.microsoft.com endpoint cannot take tokens; use https://<name>.openai.azure.com.",
      },
    ],
  },
  {
    pattern:
      /Tenant provided in token does not match resource token|\bToken (?:tenant\s{1,4})?\S{1,100}\s{1,4}does not match resource tenant/,
    matches: [{ code: "token.wrong-tenant", confidence: 0.96 }],
  },
  {
    // Token validation as resource servers print it (IDX10205, "Invalid Issuer (iss) claim", Cosmos DB's
    // "issued by the authority [...] which is not trusted", Storage's AuthenticationErrorDetail "Issuer
    // validation failed. Issuer did not match."): the token's tenant is not the resource's.
    pattern:
      /\bIDX10205\b|\bInvalid Issuer \(iss\) claim\b|\bThe issuer is invalid\b|\btoken was issued by the authority \[[^\]\n]{1,80}\] which is not trusted\b|\bIssuer validation failed\. Issuer did not match\b/,
    matches: [{ code: "token.wrong-tenant", confidence: 0.85 }],
  },
  {
    // The same validators on the audience: IDX10214, Storage's "Audience validation failed. Audience
    // did not match.", Event Hubs' and Service Bus' "InvalidAudience: Invalid authorization token
    // audience", the WWW-Authenticate "The audience is invalid", API Management's validate-jwt "Claim
    // value mismatch: aud=".
    pattern:
      /\bIDX10214\b|\bAudience validation failed\. Audience did not match\b|\bInvalid authorization token audience\b|\bThe audience is invalid\b|\bClaim value mismatch: aud=|\bExpected aud claim to be\b/,
    matches: [{ code: "token.wrong-audience", confidence: 0.88 }],
  },
  {
    // IDX10223 and Graph's ODataError: "Lifetime validation failed[.,] the token is expired".
    pattern: /\bIDX10223\b|\bLifetime validation failed[.,] the token is expired\b/i,
    matches: [{ code: "token.expired", confidence: 0.9 }],
  },
  {
    // Azure Resource Manager's refusal of a token past its exp (ExpiredAuthenticationToken).
    pattern:
      /\bExpiredAuthenticationToken\b|\bThe access token expiry UTC time '[^'\n]{1,40}' is earlier than current UTC time\b/,
    matches: [{ code: "token.expired", confidence: 0.9 }],
  },
  {
    pattern: /\bInvalidAuthenticationTokenTenant\b|access token is from the wrong issuer/,
    matches: [{ code: "token.wrong-tenant", confidence: 0.93 }],
  },
  {
    pattern:
      /\bInvalidAuthenticationTokenAudience\b|access token has been obtained for wrong audience or resource/,
    matches: [{ code: "token.wrong-audience", confidence: 0.92 }],
  },
  {
    pattern: /Access denied due to Virtual Network\/Firewall rules|\bThrowExceptionDueToTrafficDenied\b/,
    matches: [{ code: "network.firewall", confidence: 0.95 }],
  },
  {
    pattern: /A Virtual Network is configured for this resource\. Please use the correct endpoint/,
    matches: [{ code: "network.vnet-wrong-endpoint", confidence: 0.95 }],
  },
  {
    pattern: /Public access is disabled\b/,
    matches: [{ code: "network.public-access-disabled", confidence: 0.95 }],
  },
  {
    pattern: /Traffic is not from an approved private endpoint/,
    matches: [{ code: "network.private-endpoint", confidence: 0.95 }],
  },
  {
    // A deployment segment with no name in the URL (".../deployments//chat/completions", a name
    // variable that was None): the client was given no deployment.
    pattern: /\/deployments\/(?:\/|(?:None|undefined|null)\/)/,
    matches: [
      {
        code: "resource.deployment-not-found",
        confidence: 0.75,
        distinguish:
          "The URL has no deployment name: pass the deployment (model / azure_deployment / deploymentName) the client needs, as listed by az cognitiveservices account deployment list.",
      },
    ],
  },
  {
    // The host's subdomain names no Azure AI resource (a mistyped or deleted resource name).
    pattern: /\bSubdomain does not map to a resource\b/,
    matches: [
      {
        code: "endpoint.not-azure",
        confidence: 0.8,
        distinguish:
          "The host names no resource: copy the endpoint from the resource (az cognitiveservices account show --query properties.endpoint) rather than building it from a name.",
      },
    ],
  },
  {
    // A continuous access evaluation challenge: a Conditional Access policy (location, risk) now
    // refuses the token that was issued before it applied.
    pattern: /\bContinuous access evaluation resulted in challenge\b|\bTokenCreatedWithOutdatedPolicies\b/,
    matches: [
      {
        code: "aadsts.53003",
        confidence: 0.62,
        distinguish:
          "A Conditional Access policy refused the token after it was issued (continuous access evaluation): the code it names (LocationConditionEvaluationSatisfied: the caller's IP) says which; sign in again from where the policy allows.",
      },
      {
        code: "credential.cli-not-logged-in",
        confidence: 0.4,
        distinguish:
          "A new sign-in answers the claims challenge when the policy allows it: az login (or Connect-AzAccount) again.",
      },
    ],
  },
  {
    // The service naming the api-version it wants ("API in preview mode, please use api-version=preview").
    pattern: /\bplease use api-version=/i,
    matches: [{ code: "resource.api-version", confidence: 0.85 }],
  },
  {
    // A request field the api-version does not know ("functions", "tools", "response_format" before
    // the version that added them).
    pattern: /\bUnrecognized request arguments? supplied\b/,
    matches: [
      {
        code: "resource.api-version",
        confidence: 0.72,
        distinguish:
          "Use an api-version that has the field (the newest GA or preview one); an older model version can also lack it, so check the deployment's model version too.",
      },
    ],
  },
  {
    pattern: /\bDeploymentNotFound\b|The API deployment for this resource does not exist/,
    matches: [{ code: "resource.deployment-not-found", confidence: 0.97 }],
  },
  {
    // Wrappers' own checks of the deployment name (LangChain, one-api and its forks, app UIs).
    pattern:
      /\bdeployment(?: name)?\b[^\n]{0,80}\b(?:does ?n[o'’]t exist|not (?:be )?found|is exists|not exists?|is (?:missing|invalid))\b/i,
    matches: [
      {
        code: "resource.deployment-not-found",
        confidence: 0.7,
        distinguish:
          "Compare the name the app sends with the deployments on the resource (az cognitiveservices account deployment list): the deployment name, not the model name.",
      },
    ],
  },
  {
    // Azure AI model inference (`/models/...`): the `model` field names the deployment.
    pattern: /"?unknown_model"?[^\n]{0,40}Unknown model:|\bUnknown model: [\w.:-]{1,64}/,
    matches: [{ code: "resource.deployment-not-found", confidence: 0.85 }],
  },
  {
    pattern: /No model specified in request\. Please provide a model name/,
    matches: [
      {
        code: "resource.deployment-not-found",
        confidence: 0.8,
        distinguish:
          "The request named no deployment at all: Azure AI model inference (/models/...) reads it from the body's model field, so set model to the deployment's name.",
      },
    ],
  },
  {
    // On Your Data: the service's own call to Azure AI Search failed; the outer 400 hides why.
    pattern:
      /Invalid AzureCognitiveSearch configuration detected: (?:Call to get (?:ACS|Azure Search) index failed|`?40[13] Client Error)/,
    matches: [
      {
        code: "rbac.missing-data-action",
        confidence: 0.5,
        distinguish:
          "With access-token (managed identity) auth, the Azure OpenAI resource's identity needs Search Index Data Reader and Search Service Contributor on the search service.",
      },
      {
        code: "network.public-access-disabled",
        confidence: 0.35,
        distinguish:
          "A search service with public access disabled is reachable from Azure OpenAI only through a shared private link.",
      },
      {
        code: "network.private-endpoint",
        confidence: 0.3,
        distinguish:
          "Behind a private endpoint, approve the shared private link from the Azure OpenAI resource.",
      },
      {
        code: "key.invalid",
        confidence: 0.3,
        distinguish: "With key auth, the search admin key in the request is wrong or rotated.",
      },
      {
        code: "network.firewall",
        confidence: 0.28,
        distinguish:
          "A search service whose firewall admits only some IP ranges refuses Azure OpenAI's call: allow trusted Azure services on the search service, or use a shared private link.",
      },
    ],
  },
  {
    pattern:
      /Outbound network access is restricted\. The hostname '[^'\n]{1,200}' for parameter '\w{1,40}' is not/,
    matches: [
      {
        code: "network.firewall",
        confidence: 0.85,
        distinguish:
          "The Azure OpenAI resource restricts outbound access: add the named host to its allowed FQDN list (networkAcls / restrictOutboundNetworkAccess).",
      },
    ],
  },
  {
    pattern: /\bAudienceNotSupported\b|is not a supported MSI token audience/,
    matches: [{ code: "credential.mi-audience-not-supported", confidence: 0.95 }],
  },
  {
    pattern:
      /\bMissingApiVersionParameter\b|\bThe api-version query parameter \(\?api-version=\) is required\b|\bAPI version not supported\b|is enabled only for api versions [\w.-]{1,30} and later|\bUnsupported API version\b|api-version query parameter is not allowed when using \/v1 path|\bapi-version\b[^\n]{0,40}\bis not supported\b|Missing required query parameter[^\n]{0,10}api-version/i,
    matches: [{ code: "resource.api-version", confidence: 0.9 }],
  },
];

/** The `Request is badly formated` code printed without a message that tells the two readings apart. */
function badlyFormatedOnly(hay: string): RawMatch[] {
  if (
    !/\bRequest is badly formated\b/.test(hay) ||
    /Resource Id is badly formed|Unable to access tenant for permission info/.test(hay)
  ) {
    return [];
  }
  return [
    {
      code: "endpoint.regional-no-subdomain",
      confidence: 0.75,
      distinguish:
        "Check the endpoint host: a regional https://<region>.api.cognitive.microsoft.com endpoint cannot take tokens; use https://<name>.openai.azure.com.",
    },
    {
      code: "token.wrong-tenant",
      confidence: 0.4,
      distinguish: "Decode the token's tid claim and compare it with the resource's tenant.",
    },
  ];
}

const RATE_LIMIT_PHRASE =
  /exceeded (?:the )?(?:token |call |request )?rate limit|\bRate limit is exceeded\b|\bRateLimitError\b|\bRateLimitReached\b/i;

function rateLimited(view: NormalizedText, facts: Facts): RawMatch[] {
  const phrase = RATE_LIMIT_PHRASE.test(view.haystack);
  const is429 = facts.status === 429 || facts.serviceCode === "429";
  if (!phrase && !is429) return [];
  const match: RawMatch = { code: "resource.rate-limited", confidence: phrase ? 0.95 : 0.85 };
  if (facts.retryAfterSeconds !== undefined) match.facts = { retryAfterSeconds: facts.retryAfterSeconds };
  return [match];
}

/** Azure OpenAI's own 5xx wording ("The server had an error while processing your request. Sorry about that!"). */
const SERVER_ERROR_PHRASE =
  /\bThe server had an error (?:while )?processing your request\b|\bAn error occurred while processing your request\. You can retry\b/;

function serviceError(view: NormalizedText): RawMatch[] {
  const phrase = SERVER_ERROR_PHRASE.test(view.haystack);
  const serverErrorType = /["']type["']\s{0,3}:\s{0,3}["']server_error["']/.test(view.haystack);
  if (!phrase && !serverErrorType) return [];
  return [{ code: "resource.service-error", confidence: phrase ? 0.92 : 0.8 }];
}

/** What an api-version looks like: a date (with -preview), a dotted number, or v1's words. */
const API_VERSION_FORM =
  /^(?:\d{4}-\d{2}-\d{2}(?:-(?:preview|beta|alpha))?|\d{1,2}(?:\.\d{1,2}){0,2}(?:-preview)?|preview|latest|v1)$/i;
/** A value someone left to fill in, or redacted. */
const PLACEHOLDER = /^(?:x+|\*+|redacted|none|null|undefined|your\b.*|.*[{}<>$%].*)$/i;

/**
 * A request whose api-version is no version at all (`api-version=alpha`, a key in its place): the
 * service does not route it. An authentication refusal (401, 403) comes before the api-version
 * counts, so it is left to the matchers of those.
 */
function malformedApiVersion(view: NormalizedText, facts: Facts): RawMatch[] {
  if (facts.status === 401 || facts.status === 403 || /\b40[13]\b/.test(view.haystack)) return [];
  const value = /\bapi-version=([^\s&'"()\]\\]{1,60})/.exec(view.haystack)?.[1];
  if (value === undefined || API_VERSION_FORM.test(value) || PLACEHOLDER.test(value)) return [];
  // A version with a path after it: the client appended its path to an endpoint that held a query.
  const [version, ...path] = value.split("/");
  if (path.length > 0 && API_VERSION_FORM.test(version ?? "")) {
    return [
      {
        code: "endpoint.extra-path",
        confidence: 0.75,
        distinguish:
          "The URL goes on after its api-version: the endpoint configured holds a path and query; keep only https://<name>.openai.azure.com.",
      },
    ];
  }
  return [
    {
      code: "resource.api-version",
      confidence: 0.7,
      distinguish:
        "The request's api-version is not a version (a date such as 2024-10-21, or preview for v1): check the variable the client reads it from (api_version, OPENAI_API_VERSION).",
    },
  ];
}

function resourceNotFound(view: NormalizedText, facts: Facts): RawMatch[] {
  if (
    !/\bResource not found\b/.test(view.haystack) ||
    (facts.status !== 404 &&
      facts.serviceCode !== "404" &&
      // The status, or the 404 exception class of openai (Python, JS) and LiteLLM printed before it.
      !/\b404\b[^\n]{0,20}\bResource not found\b|\b(?:NotFoundError|AzureException)\b[^\n]{0,60}\bResource not found\b/.test(
        view.haystack,
      ))
  ) {
    return [];
  }
  return [
    {
      code: "endpoint.extra-path",
      confidence: 0.5,
      distinguish:
        "Print the request URL: a path segment repeated or added to the endpoint (…/openai/openai/…, …/openai/deployments/… as the endpoint) gives 404 Resource not found.",
    },
    {
      code: "resource.deployment-not-found",
      confidence: 0.45,
      distinguish:
        "List the resource's deployments (az cognitiveservices account deployment list): a deployment name that is not there, sent through a client or proxy that drops the DeploymentNotFound code, also reads as 404 Resource not found.",
    },
    {
      code: "resource.api-version",
      confidence: 0.4,
      distinguish: "Check the api-version query: a version the resource does not serve also answers 404.",
    },
    // A request with no api-version at all (a wrapper given only a base URL) is answered the same.
    ...(/\bapi-version=/.test(view.haystack)
      ? []
      : [
          {
            code: "client.api-version-missing" as const,
            confidence: 0.3,
            distinguish:
              "If the request URL has no api-version query, give the client one (api_version, OPENAI_API_VERSION): the deployments path answers 404 without it.",
          },
        ]),
  ];
}

/**
 * Matches data-plane and neighbouring response bodies (RBAC, key, endpoint, tenant, network,
 * deployment, throttling, ARM tenant, Cloud Shell audience) in any printing.
 *
 * @example
 * dataPlaneMatcher(normalizeErrorText('{"error":{"code":"DeploymentNotFound","message":"..."}}'), {});
 * // [{ code: "resource.deployment-not-found", confidence: 0.97 }]
 */
export const dataPlaneMatcher: Matcher = (view, facts) => {
  const hay = view.haystack;
  const out: RawMatch[] = [...permissionDenied(view, facts)];
  if (FLAT_401.test(hay)) out.push(...flat401Matches(facts.audience, 1));
  for (const rule of PHRASE_RULES) {
    if (rule.pattern.test(hay)) out.push(...rule.matches.map((m) => ({ ...m })));
  }
  out.push(
    ...badlyFormatedOnly(hay),
    ...rateLimited(view, facts),
    ...serviceError(view),
    ...resourceNotFound(view, facts),
    ...malformedApiVersion(view, facts),
  );
  return out;
};
