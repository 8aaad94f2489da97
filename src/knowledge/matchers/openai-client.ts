import type { CauseCode } from "../cause.js";
import { AZURE_AI_HOST } from "./azure-context.js";
import { flat401Matches } from "./data-plane.js";
import type { Matcher, RawMatch } from "./matcher.js";

/*
 * Client-side errors of the `openai` packages (error-bodies.md §4, §4.1): thrown before any HTTP
 * call (constructor and token provider), or the status-only message that lost the response body.
 * Python wordings (`api_key`, `azure_ad_token_provider`, `azure_endpoint`) are matched too.
 */

interface ClientRule {
  pattern: RegExp;
  code: CauseCode;
  confidence: number;
  distinguish?: string;
  envVar?: string;
}

const RULES: readonly ClientRule[] = [
  {
    pattern:
      /The OPENAI_API_VERSION environment variable is missing or empty|Must provide either the `api_version` argument or the `OPENAI_API_VERSION` environment variable|\bAzure OpenAI API version not found\b/,
    code: "client.api-version-missing",
    confidence: 0.97,
    envVar: "OPENAI_API_VERSION",
  },
  {
    // openai's own and wrappers' (LiteLLM, crewAI, pandas-ai, LangChain.js) "no key" errors: nothing
    // was configured.
    pattern:
      /Missing credentials\. Please pass one of `(?:apiKey|api_key)`|\bThe api_key client option must be set\b|(?:^|[:"'])\s{0,4}Azure (?:OpenAI |API )?(?:API )?key is required\b|\bAZURE_OPENAI_API_KEY (?:is )?not (?:set|found|provided)\b|\bAzure OpenAI API key(?: or Token Provider)? not found\b/m,
    code: "client.missing-credentials",
    confidence: 0.95,
  },
  {
    pattern: /^\s{0,8}(?:\w{0,40}Error:\s{1,4})?Unable to handle auth\s*$/m,
    code: "client.missing-credentials",
    confidence: 0.6,
    distinguish:
      "openai v4 throws this when neither an api key nor a token provider yields a credential: pass azureADTokenProvider.",
  },
  {
    pattern:
      /The `apiKey` and `azureADTokenProvider` arguments are mutually exclusive|`api_key`[^\n]{0,60}`azure_ad_token(?:_provider)?`[^\n]{0,80}mutually exclusive/,
    code: "client.key-and-token",
    confidence: 0.97,
    distinguish:
      "If the code passes only azureADTokenProvider, the apiKey came from the AZURE_OPENAI_API_KEY environment variable: unset it.",
  },
  {
    pattern:
      /Must provide one of the `baseURL` or `endpoint` arguments|Must provide one of the `base_url` or `azure_endpoint` arguments/,
    code: "client.endpoint-missing",
    confidence: 0.97,
    envVar: "AZURE_OPENAI_ENDPOINT",
  },
  {
    // LangChain.js builds the endpoint from an instance name (or a base path) it did not get.
    pattern: /\bAzure OpenAI API instance name not found\b/,
    code: "client.endpoint-missing",
    confidence: 0.95,
    envVar: "AZURE_OPENAI_API_INSTANCE_NAME",
  },
  {
    pattern:
      /\bbaseURL and endpoint are mutually exclusive|\bbase_url and azure_endpoint are mutually exclusive/,
    code: "client.base-url-and-endpoint",
    confidence: 0.97,
  },
  {
    pattern: /Expected '(?:azureADTokenProvider|apiKey)'[^\n]{0,40}to return a string but it returned/,
    code: "client.token-provider-not-string",
    confidence: 0.95,
  },
  {
    pattern:
      /Failed to get token from 'apiKey' function|\bFailed to get access token\b|\bFailed to refresh access token\b/,
    code: "client.token-provider-failed",
    confidence: 0.7,
  },
  {
    pattern: /Azure OpenAI credential contains an invalid HTTP header value/,
    code: "client.invalid-header-value",
    confidence: 0.95,
  },
  {
    pattern: /Invalid character in header content \["(?:Authorization|api-key|authorization)"\]/,
    code: "client.invalid-header-value",
    confidence: 0.75,
    distinguish: "The key or token holds a newline or quote: trim the value read from a file or variable.",
  },
  {
    pattern: /\bAzure AD Token Provider could not be used\b/,
    code: "client.token-provider-failed",
    confidence: 0.75,
  },
  {
    // GitHub Models (models.github.ai / models.inference.ai.azure.com): a GitHub token, not Azure.
    pattern: /The `models` permission is required to access this endpoint/,
    code: "endpoint.not-azure",
    confidence: 0.85,
    distinguish:
      "This is GitHub Models answering: its endpoint takes a GitHub token with the models permission, not Entra ID or an Azure key.",
  },
  {
    // api.openai.com's own wordings: the request went to OpenAI, not to the Azure resource.
    pattern: /\bYour authentication token is not from a valid issuer\b|\bIncorrect API key provided\b/,
    code: "endpoint.not-azure",
    confidence: 0.6,
    distinguish:
      "These are api.openai.com's wordings: check the client's base URL; an Azure token or key sent to OpenAI is refused like this. If the URL is the Azure resource, the key itself is wrong.",
  },
  {
    // An endpoint that is not a URL, as each HTTP stack refuses it before any request: Node, Python
    // requests ("Invalid URL '...': No scheme supplied"), httpx, .NET, Go.
    pattern:
      /\bERR_INVALID_URL\b|TypeError:? Invalid URL\b|\bMissingSchema\b|\bInvalidSchema\b|\bNo scheme supplied\b|\bNo connection adapters were found for\b|\bRequest URL is missing an 'http:\/\/' or 'https:\/\/' protocol\b|\bInvalid URI: The format of the URI could not be determined\b|\bAn invalid request URI was provided\b|\bunsupported protocol scheme\b|\bis ?n['’]?t a valid URI\b|\bis not a valid URI\b|\bOnly absolute URLs are supported\b|\bURL is not valid or contains user credentials\b/,
    code: "endpoint.invalid-url",
    confidence: 0.85,
  },
  {
    pattern:
      /\b(?:getaddrinfo ENOTFOUND|connect ECONNREFUSED|ECONNRESET|ETIMEDOUT)\b[^\n]{0,80}\.(?:openai\.azure|cognitiveservices\.azure|api\.cognitive\.microsoft|services\.ai\.azure)\./,
    code: "endpoint.unreachable",
    confidence: 0.85,
  },
  {
    pattern: /\bAPIConnectionError\b|^\s{0,8}(?:\w{0,40}Error:\s{1,4})?Connection error\.\s*$/m,
    code: "endpoint.unreachable",
    confidence: 0.5,
    distinguish:
      "Resolve and reach the host: nslookup <name>.openai.azure.com; a private IP or no answer points at DNS, proxy or private endpoint settings.",
  },
];

const NO_BODY = /\b(\d{3}) status code \(no body\)/;

function statusWithoutBody(hay: string): RawMatch[] {
  const m = NO_BODY.exec(hay);
  if (m === null) return [];
  const out: RawMatch[] = [
    {
      code: "client.status-without-body",
      confidence: 0.6,
      facts: { status: Number(m[1]) },
      distinguish:
        "Read the raw response body (custom fetch, curl, or openai >= 7.5): it names the audience or the code that this message dropped.",
    },
  ];
  if (m[1] === "401") {
    out.push(...flat401Matches(undefined, 0.7), {
      code: "gateway.apim-subscription-key",
      confidence: 0.2,
      distinguish:
        "If an API Management gateway fronts the resource, it answers 401 until the request carries its subscription key.",
    });
  }
  return out;
}

/** A token handed over as a string: Python's `azure_ad_token=`, JS's `azureADToken`, the env var. */
const STATIC_TOKEN = /\bazure_ad_token\s{0,3}=|\bazureADToken\s{0,3}[:=]|\bAZURE_OPENAI_AD_TOKEN\b/;
const REFUSED = /\b401\b|\bUnauthorized\b|\bexpired\b/i;

/**
 * A refusal printed next to code that passes a token string (a traceback shows the source line):
 * the token was fetched once and has outlived its `exp`.
 */
function staticToken(hay: string): RawMatch[] {
  if (!STATIC_TOKEN.test(hay) || !REFUSED.test(hay)) return [];
  return [
    {
      code: "client.static-token",
      confidence: 0.75,
      distinguish:
        "The code passes a token string (azure_ad_token / azureADToken / AZURE_OPENAI_AD_TOKEN): it works until the token's exp, then every call gets the flat 401; pass a token provider instead.",
    },
  ];
}

/**
 * Matches errors thrown by the `openai` clients (JS and Python) around Azure OpenAI: constructor
 * misconfiguration, token provider failures, invalid header values, connection errors and the
 * `401 status code (no body)` message of openai < 7.5 (ranked with the flat-401 causes, lower).
 *
 * @example
 * openAiClientMatcher(normalizeErrorText("baseURL and endpoint are mutually exclusive"), {});
 * // [{ code: "client.base-url-and-endpoint", confidence: 0.97 }]
 */
/** Another AI provider's API host. */
const OTHER_PROVIDER_URL =
  /\bhttps?:\/\/(?:api\.(?:openai\.com|mistral\.ai|anthropic\.com|groq\.com|deepseek\.com|together\.xyz|fireworks\.ai|cohere\.(?:ai|com))|generativelanguage\.googleapis\.com|openrouter\.ai)\b/;

/** The request went to another provider's API (a wrapper's model prefix or base URL), never to Azure. */
function otherProvider(hay: string): RawMatch[] {
  if (!OTHER_PROVIDER_URL.test(hay) || AZURE_AI_HOST.test(hay)) return [];
  return [
    {
      code: "endpoint.not-azure",
      confidence: 0.6,
      distinguish:
        "The request URL is another provider's: check the wrapper's model prefix (azure/<deployment> in LiteLLM) or base URL, so that it calls https://<name>.openai.azure.com.",
    },
  ];
}

export const openAiClientMatcher: Matcher = (view) => {
  const hay = view.haystack;
  const out: RawMatch[] = [];
  for (const rule of RULES) {
    if (!rule.pattern.test(hay)) continue;
    const match: RawMatch = { code: rule.code, confidence: rule.confidence };
    if (rule.distinguish !== undefined) match.distinguish = rule.distinguish;
    if (rule.envVar !== undefined) match.facts = { envVar: rule.envVar };
    out.push(match);
  }
  out.push(...statusWithoutBody(hay), ...staticToken(hay), ...otherProvider(hay));
  return out;
};
