import type { CauseCode } from "./cause.js";
import { CLOUD_NAMES, CLOUDS, type CloudName } from "./clouds.js";

/**
 * What kind of endpoint a URL is.
 *
 * - `openai`: `<name>.openai.azure.*`, and the OpenAI API on `<name>.services.ai.azure.com`.
 * - `cognitiveservices`: `<name>.cognitiveservices.azure.*` (the Foundry portal shows this form).
 * - `ai-services-models`: `<name>.services.ai.azure.com/models` (Azure AI model inference).
 * - `foundry-project`: `<name>.services.ai.azure.com/api/projects/<project>` (agents; its own audience).
 * - `regional`: `<region>.api.cognitive.microsoft.com` and sovereign twins: keys only.
 * - `unknown-host`: anything else (a gateway, a proxy, api.openai.com, an emulator), or no host at all.
 *
 * @example
 * const kind: EndpointKind = classifyEndpoint("https://eastus.api.cognitive.microsoft.com").kind; // "regional"
 */
export type EndpointKind =
  | "openai"
  | "cognitiveservices"
  | "ai-services-models"
  | "foundry-project"
  | "regional"
  | "unknown-host";

/**
 * One thing wrong with an endpoint, as a cause code plus a message that quotes the input and says
 * what to do.
 *
 * @example
 * const problem: EndpointProblem = { code: "endpoint.extra-path", message: 'endpoint "..." includes ...' };
 */
export interface EndpointProblem {
  code: CauseCode;
  message: string;
}

/**
 * Everything {@link classifyEndpoint} could tell about an endpoint.
 *
 * @example
 * const c: EndpointClassification = classifyEndpoint("https://contoso.openai.azure.com");
 * c.scope; // "https://cognitiveservices.azure.com/.default"
 */
export interface EndpointClassification {
  /** The input, unchanged. */
  input: string;
  /**
   * The input could be read as an http(s) URL, possibly after a fix that is reported in `problems`
   * (surrounding whitespace dropped silently; quotes or a missing `https://` reported).
   */
  valid: boolean;
  /** Normalised `scheme://host[:port]/path`: lower-case host, no query, no duplicate or trailing slashes. */
  url?: string;
  /** Lower-case host name, without port. */
  host?: string;
  cloud: CloudName | "unknown";
  kind: EndpointKind;
  /** The custom subdomain, e.g. `contoso` for `contoso.openai.azure.com`. */
  resourceName?: string;
  /** The region of a regional endpoint, e.g. `eastus`. */
  region?: string;
  /** The Foundry project, from `/api/projects/<project>`. */
  projectName?: string;
  /** A deployment name found in a pasted request path (`/openai/deployments/<deployment>/...`). */
  deployment?: string;
  /** An `api-version` found in a pasted query string. */
  apiVersion?: string;
  /** The path is the v1 API (`/openai/v1`), which takes no `api-version`. */
  v1: boolean;
  /** A gateway in front of the service, when the host says so. */
  gateway?: "apim";
  /**
   * Whether the endpoint can accept an Entra ID token at all. False for regional endpoints,
   * api.openai.com and invalid input; true for unknown hosts, which are flagged in `problems`.
   */
  acceptsEntraTokens: boolean;
  /** The scope to request a token for. */
  scope?: string;
  /** The `aud` the endpoint expects; undefined when unknown (unknown hosts) or irrelevant. */
  audience?: string;
  /** Every `aud` the endpoint is documented to accept, `audience` first. */
  acceptedAudiences: string[];
  /** What to configure as the endpoint (`AZURE_OPENAI_ENDPOINT` for the OpenAI kinds). */
  recommendedEndpoint?: string;
  /** A template to fill in when no endpoint can be recommended, e.g. `https://<your-resource-name>.openai.azure.com`. */
  hint?: string;
  problems: EndpointProblem[];
}

/**
 * The cause codes {@link classifyEndpoint} reports.
 *
 * @example
 * classifyEndpoint("ftp://x").problems[0]?.code === ENDPOINT_PROBLEM_CODES.invalidUrl; // true
 */
export const ENDPOINT_PROBLEM_CODES = Object.freeze({
  regionalNoSubdomain: "endpoint.regional-no-subdomain",
  extraPath: "endpoint.extra-path",
  notAzure: "endpoint.not-azure",
  invalidUrl: "endpoint.invalid-url",
} as const);

const GENERIC_HINT = "https://<your-resource-name>.openai.azure.com";
const EXAMPLE = "https://<name>.openai.azure.com";
const MAX_QUOTED = 200;
const RESOURCE_NAME = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const SCHEME_SEPARATOR = /^[a-z][a-z0-9+.-]*:\/\//i;
const SCHEMELESS_HOST = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?(?:[/?#]|$)/i;
/** Query names whose value is a credential: keys, SAS `sig`, tokens, secrets, Functions' `code`. */
const SENSITIVE_NAME = /key|sig|token|secret|passw|pwd|credential|assertion|^code$/i;
/**
 * Userinfo before the host, also in a pasted endpoint: quoted or indented, the scheme mistyped
 * (`https:/`) or missing (`user:pw@host`).
 */
const USER_INFO = /^(\s{0,20}["'\u201c\u2018]?\s{0,20}(?:[a-z][a-z0-9+.-]*:\/{0,3})?)[^/@?#\s"']*@/i;

/**
 * Masks the value of every query parameter whose name looks like a credential (`api-key`, `sig`,
 * `access_token`...). One pass over the parameters, so a pasted endpoint of any length (a long run
 * of `?` or `&` included) costs linear time; a regular expression over the whole text did not.
 */
function maskSensitiveQuery(text: string): string {
  const parts = text.split(/([?&])/);
  for (let i = 2; i < parts.length; i += 2) {
    const part = parts[i] ?? "";
    const eq = part.indexOf("=");
    if (eq < 0 || !SENSITIVE_NAME.test(part.slice(0, eq).split("#", 1)[0] ?? "")) continue;
    const hash = part.indexOf("#", eq);
    parts[i] = `${part.slice(0, eq + 1)}***${hash < 0 ? "" : part.slice(hash)}`;
  }
  return parts.join("");
}

/**
 * An endpoint as it may be shown anywhere (reports, logs, messages): a password or token in the
 * userinfo and every key-like query value (`api-key`, `sig`, `access_token`...) masked.
 *
 * @example
 * redactEndpoint("https://u:p@x.openai.azure.com/openai?api-key=K&x=1"); // "https://***@x.openai.azure.com/openai?api-key=***&x=1"
 */
export function redactEndpoint(input: string): string {
  return maskSensitiveQuery(input.replace(USER_INFO, "$1***@"));
}

/** The input as it may appear in a message: credentials and key-like query values masked, length capped. */
function quote(input: string): string {
  const masked = redactEndpoint(input);
  const capped = masked.length > MAX_QUOTED ? `${masked.slice(0, MAX_QUOTED)}…` : masked;
  return JSON.stringify(capped);
}

interface HostMatch {
  cloud: CloudName;
  family: "openai" | "cognitiveservices" | "services-ai" | "regional" | "apim";
  /** The labels in front of the suffix ("" when the host is the bare suffix). */
  prefix: string;
  suffix: string;
}

function familyForSuffix(suffix: string): HostMatch["family"] {
  if (suffix.startsWith(".openai.")) return "openai";
  if (suffix.startsWith(".cognitiveservices.")) return "cognitiveservices";
  return "services-ai";
}

function matchSuffix(host: string, suffix: string): string | undefined {
  if (host === suffix.slice(1)) return "";
  return host.endsWith(suffix) ? host.slice(0, host.length - suffix.length) : undefined;
}

function matchHost(host: string): HostMatch | undefined {
  for (const cloud of CLOUD_NAMES) {
    const info = CLOUDS[cloud];
    const regional = matchSuffix(host, info.regionalHostSuffix);
    if (regional !== undefined) {
      return { cloud, family: "regional", prefix: regional, suffix: info.regionalHostSuffix };
    }
    for (const suffix of info.openAIHostSuffixes) {
      const prefix = matchSuffix(host, suffix);
      if (prefix !== undefined) return { cloud, family: familyForSuffix(suffix), prefix, suffix };
    }
    const apim = matchSuffix(host, info.apimHostSuffix);
    if (apim !== undefined) return { cloud, family: "apim", prefix: apim, suffix: info.apimHostSuffix };
  }
  return undefined;
}

interface PathFacts {
  kind?: EndpointKind;
  v1: boolean;
  deployment?: string;
  projectName?: string;
  missingProject: boolean;
  /** The path goes beyond what an endpoint of its kind should hold. */
  extra: boolean;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Reads the OpenAI-API part of a path: `/`, `/openai`, `/openai/v1` are endpoints; more is a request. */
function readOpenAIPath(segments: readonly string[]): PathFacts {
  const lower = segments.map((s) => s.toLowerCase());
  const facts: PathFacts = { v1: false, missingProject: false, extra: false };
  if (lower.length === 0) return facts;
  if (lower[0] !== "openai") return { ...facts, extra: true };
  if (lower[1] === "v1") return { ...facts, v1: true, extra: lower.length > 2 };
  const deploymentIndex = lower.indexOf("deployments");
  const deployment = deploymentIndex >= 0 ? segments[deploymentIndex + 1] : undefined;
  return {
    ...facts,
    extra: lower.length > 1,
    ...(deployment !== undefined ? { deployment: decode(deployment) } : {}),
  };
}

function readServicesAIPath(segments: readonly string[]): PathFacts {
  const lower = segments.map((s) => s.toLowerCase());
  if (lower[0] === "models") {
    return { kind: "ai-services-models", v1: false, missingProject: false, extra: lower.length > 1 };
  }
  if (lower[0] === "api") {
    const project = lower[1] === "projects" ? segments[2] : undefined;
    // `<project>/openai` and `<project>/openai/v1` are what @azure/ai-projects' getOpenAIClient()
    // hands the OpenAI client as its base URL: endpoints, not requests.
    const rest = lower.slice(3);
    const openAIBase = rest[0] === "openai" && (rest.length === 1 || (rest.length === 2 && rest[1] === "v1"));
    return {
      kind: "foundry-project",
      v1: rest[0] === "openai" && rest[1] === "v1",
      missingProject: project === undefined,
      extra:
        project === undefined ? lower.length > 2 || lower[1] !== "projects" : lower.length > 3 && !openAIBase,
      ...(project !== undefined ? { projectName: decode(project) } : {}),
    };
  }
  return { ...readOpenAIPath(segments), kind: "openai" };
}

/** On hosts we do not know, only a path that is clearly a request (not a gateway prefix) is extra. */
function readForeignPath(segments: readonly string[]): PathFacts {
  const facts = readOpenAIPath(segments);
  const joined = segments.join("/").toLowerCase();
  const looksLikeRequest =
    facts.deployment !== undefined || /(?:^|\/)(?:completions|embeddings|responses)$/.test(joined);
  return { ...facts, extra: looksLikeRequest };
}

function invalid(input: string, message: string): EndpointClassification {
  return {
    input,
    valid: false,
    cloud: "unknown",
    kind: "unknown-host",
    v1: false,
    acceptsEntraTokens: false,
    acceptedAudiences: [],
    hint: GENERIC_HINT,
    problems: [{ code: ENDPOINT_PROBLEM_CODES.invalidUrl, message }],
  };
}

function describeExtra(
  q: string,
  hasExtraPath: boolean,
  query: string,
  target: string,
  facts: { v1: boolean; deployment?: string; apiVersion?: string },
): string {
  const what =
    hasExtraPath && query !== ""
      ? "a request path and query"
      : hasExtraPath
        ? "a request path"
        : "a query string";
  const options: string[] = [];
  if (facts.deployment !== undefined) options.push(`deployment "${facts.deployment}"`);
  if (facts.apiVersion !== undefined) options.push(`apiVersion "${facts.apiVersion}"`);
  const pass = options.length > 0 ? ` and pass ${options.join(" and ")} as client options` : "";
  const v1 = facts.v1 ? ` (the OpenAI client takes baseURL ${target}/openai/v1/)` : "";
  return `endpoint ${q} includes ${what}; set the endpoint to ${target}${v1}${pass}`;
}

/**
 * Classifies an endpoint string: cloud, kind, resource, the scope and audience a token needs, and
 * every problem with it. Never throws: bad input comes back with `valid: false` and an
 * `endpoint.invalid-url` problem.
 *
 * Problems use the cause codes `endpoint.regional-no-subdomain`, `endpoint.extra-path`,
 * `endpoint.not-azure` and `endpoint.invalid-url` (see {@link ENDPOINT_PROBLEM_CODES}).
 *
 * @example
 * const c = classifyEndpoint("https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21");
 * c.kind; // "openai"
 * c.recommendedEndpoint; // "https://contoso.openai.azure.com"
 * c.deployment; // "gpt-4o"
 * c.problems[0]?.code; // "endpoint.extra-path"
 */
export function classifyEndpoint(input: string): EndpointClassification {
  const raw = typeof input === "string" ? input : String(input);
  const q = quote(raw.trim());
  let candidate = raw.trim();
  const problems: EndpointProblem[] = [];

  if (candidate === "") {
    return invalid(raw, `endpoint ${q} is empty; set it to the resource's endpoint, e.g. ${EXAMPLE}`);
  }
  const quoted = /^(["'])([\s\S]*)\1$/.exec(candidate);
  let quotesMessage: ((fixed: string) => string) | undefined;
  if (quoted?.[2] !== undefined) {
    candidate = quoted[2].trim();
    quotesMessage = (fixed) => `endpoint ${q} is wrapped in quotes; remove them: ${fixed}`;
  }
  let missingScheme = false;
  if (!SCHEME_SEPARATOR.test(candidate) && SCHEMELESS_HOST.test(candidate)) {
    candidate = `https://${candidate}`;
    missingScheme = true;
  }

  let parsed: URL;
  try {
    parsed = new URL(candidate);
  } catch {
    return invalid(raw, `endpoint ${q} is not a valid URL; an Azure OpenAI endpoint looks like ${EXAMPLE}`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    return invalid(
      raw,
      `endpoint ${q} uses the scheme "${parsed.protocol}"; an Azure OpenAI endpoint is an https URL such as ${EXAMPLE}`,
    );
  }
  if (parsed.hostname === "") {
    return invalid(raw, `endpoint ${q} has no host; an Azure OpenAI endpoint looks like ${EXAMPLE}`);
  }

  const host = parsed.hostname.toLowerCase();
  const port = parsed.port === "" ? "" : `:${parsed.port}`;
  const segments = parsed.pathname.split("/").filter((s) => s !== "");
  const path = segments.length === 0 ? "" : `/${segments.join("/")}`;
  const url = `${parsed.protocol}//${host}${port}${path}`;
  const httpsOrigin = `https://${host}${port}`;
  const apiVersion = parsed.searchParams.get("api-version") ?? undefined;
  const query = parsed.search + parsed.hash;

  if (quotesMessage !== undefined) {
    problems.push({ code: ENDPOINT_PROBLEM_CODES.invalidUrl, message: quotesMessage(candidate) });
  }
  if (missingScheme) {
    problems.push({
      code: ENDPOINT_PROBLEM_CODES.invalidUrl,
      message: `endpoint ${q} is missing https://; use ${httpsOrigin}${path}`,
    });
  }

  const match = matchHost(host);
  const result: EndpointClassification = {
    input: raw,
    valid: true,
    url,
    host,
    cloud: match?.cloud ?? "unknown",
    kind: "unknown-host",
    v1: false,
    acceptsEntraTokens: true,
    acceptedAudiences: [],
    problems,
  };
  if (apiVersion !== undefined) result.apiVersion = apiVersion;

  if (match !== undefined && match.family !== "apim" && parsed.protocol === "http:") {
    problems.push({
      code: ENDPOINT_PROBLEM_CODES.invalidUrl,
      message: `endpoint ${q} uses http://; Azure only accepts Entra ID tokens over https, use ${httpsOrigin}${path}`,
    });
  }

  if (match === undefined || match.family === "apim") {
    return classifyForeign(result, { q, segments, query, httpsOrigin, apim: match });
  }
  const info = CLOUDS[match.cloud];
  const openAIHint = `https://<your-resource-name>${info.openAIHostSuffixes[0]}`;

  if (match.family === "regional") {
    const facts = readOpenAIPath(segments);
    result.kind = "regional";
    result.region = match.prefix;
    result.acceptsEntraTokens = false;
    result.hint = openAIHint;
    result.v1 = facts.v1;
    if (facts.deployment !== undefined) result.deployment = facts.deployment;
    problems.push({
      code: ENDPOINT_PROBLEM_CODES.regionalNoSubdomain,
      message: `endpoint ${q} is a regional endpoint; Entra ID tokens need the resource's custom subdomain, e.g. https://<name>${info.openAIHostSuffixes[0]}`,
    });
    if (facts.extra || query !== "") {
      problems.push({
        code: ENDPOINT_PROBLEM_CODES.extraPath,
        message: describeExtra(q, facts.extra, query, openAIHint, { ...facts, apiVersion }),
      });
    }
    return result;
  }

  const facts = match.family === "services-ai" ? readServicesAIPath(segments) : readOpenAIPath(segments);
  result.kind = facts.kind ?? (match.family === "cognitiveservices" ? "cognitiveservices" : "openai");
  result.v1 = facts.v1;
  if (facts.deployment !== undefined) result.deployment = facts.deployment;
  if (facts.projectName !== undefined) result.projectName = facts.projectName;

  if (
    result.kind === "foundry-project" &&
    info.foundryScope !== undefined &&
    info.foundryAudience !== undefined
  ) {
    result.scope = info.foundryScope;
    result.audience = info.foundryAudience;
    result.acceptedAudiences = [info.foundryAudience];
  } else {
    result.scope = info.cognitiveServicesScope;
    result.audience = info.cognitiveServicesAudience;
    // openai-node's docs request https://ai.azure.com/.default for the v1 API.
    result.acceptedAudiences =
      facts.v1 && info.foundryAudience !== undefined
        ? [info.cognitiveServicesAudience, info.foundryAudience]
        : [info.cognitiveServicesAudience];
  }

  // A private DNS zone name gets pasted as the endpoint; the resource is the label in front of it.
  const prefix = match.prefix.endsWith(".privatelink")
    ? match.prefix.slice(0, -".privatelink".length)
    : match.prefix;
  const nameIsValid = prefix !== "" && RESOURCE_NAME.test(prefix) && !prefix.startsWith("xn--");
  if (prefix === "") {
    problems.push({
      code: ENDPOINT_PROBLEM_CODES.invalidUrl,
      message: `endpoint ${q} has no resource name; use the resource's custom subdomain, e.g. https://<name>${match.suffix}`,
    });
  } else if (!nameIsValid) {
    problems.push({
      code: ENDPOINT_PROBLEM_CODES.invalidUrl,
      message: `endpoint ${q} has "${prefix}" where the resource's custom subdomain goes, which is not a valid name (letters, digits and hyphens); copy the endpoint from the resource's Keys and Endpoint page`,
    });
  } else {
    result.resourceName = prefix;
  }
  if (facts.missingProject) {
    problems.push({
      code: ENDPOINT_PROBLEM_CODES.invalidUrl,
      message: `endpoint ${q} names no project; a Foundry project endpoint looks like https://<name>${match.suffix}/api/projects/<project>`,
    });
  }

  const origin = nameIsValid ? `https://${prefix}${match.suffix}${port}` : undefined;
  if (origin === undefined) {
    result.hint = `https://<your-resource-name>${match.suffix}`;
  } else if (result.kind === "ai-services-models") {
    result.recommendedEndpoint = `${origin}/models`;
  } else if (result.kind === "foundry-project") {
    if (result.projectName !== undefined) {
      result.recommendedEndpoint = `${origin}/api/projects/${encodeURIComponent(result.projectName)}`;
    } else {
      result.hint = `${origin}/api/projects/<project>`;
    }
  } else {
    result.recommendedEndpoint = origin;
  }

  if (facts.extra || query !== "") {
    const target = result.recommendedEndpoint ?? result.hint ?? openAIHint;
    problems.push({
      code: ENDPOINT_PROBLEM_CODES.extraPath,
      message: describeExtra(q, facts.extra, query, target, { ...facts, apiVersion }),
    });
  }
  return result;
}

function classifyForeign(
  result: EndpointClassification,
  context: {
    q: string;
    segments: readonly string[];
    query: string;
    httpsOrigin: string;
    apim: HostMatch | undefined;
  },
): EndpointClassification {
  const { q, segments, query, apim } = context;
  const facts = readForeignPath(segments);
  result.v1 = facts.v1;
  if (facts.deployment !== undefined) result.deployment = facts.deployment;
  const problems = result.problems;

  if (result.host === "api.openai.com") {
    result.acceptsEntraTokens = false;
    result.hint = GENERIC_HINT;
    problems.push({
      code: ENDPOINT_PROBLEM_CODES.notAzure,
      message: `endpoint ${q} is OpenAI's own API, not Azure OpenAI; it takes an OpenAI API key, not Entra ID tokens. Use your Azure OpenAI resource's endpoint, e.g. ${EXAMPLE}`,
    });
    return result;
  }

  const cloud = apim?.cloud ?? "public";
  result.scope = CLOUDS[cloud].cognitiveServicesScope;
  if (apim !== undefined) {
    result.gateway = "apim";
    problems.push({
      code: ENDPOINT_PROBLEM_CODES.notAzure,
      message: `endpoint ${q} is an Azure API Management gateway, not an Azure OpenAI resource; its policy decides what callers send: often an APIM subscription key (Ocp-Apim-Subscription-Key, see gateway.apim-subscription-key) instead of or with an Entra ID token. Check the API's policy, or call the resource directly, e.g. ${EXAMPLE}`,
    });
  } else {
    problems.push({
      code: ENDPOINT_PROBLEM_CODES.notAzure,
      message: `endpoint ${q} is not an Azure AI host (<name>.openai.azure.com, <name>.cognitiveservices.azure.com or <name>.services.ai.azure.com); a proxy or gateway decides which credentials it accepts, and keyless requests ${result.scope} for it. Otherwise use the resource's endpoint, e.g. ${EXAMPLE}`,
    });
  }
  if (facts.extra || result.apiVersion !== undefined) {
    problems.push({
      code: ENDPOINT_PROBLEM_CODES.extraPath,
      message: describeExtra(q, facts.extra, query, context.httpsOrigin, {
        ...facts,
        apiVersion: result.apiVersion,
      }),
    });
  }
  return result;
}

/**
 * The `aud` an endpoint expects from a token, or `undefined` when it cannot be known (regional
 * endpoints take no tokens; unknown hosts decide for themselves; invalid input).
 *
 * @example
 * expectedAudienceForEndpoint("https://contoso.openai.azure.us"); // "https://cognitiveservices.azure.us"
 * expectedAudienceForEndpoint("https://x.services.ai.azure.com/api/projects/p"); // "https://ai.azure.com"
 */
export function expectedAudienceForEndpoint(input: string): string | undefined {
  return classifyEndpoint(input).audience;
}

/**
 * The scope to request a token for, for an endpoint. Never throws: when the endpoint gives no
 * answer (invalid input, unknown hosts, api.openai.com) it returns the public Cognitive Services
 * scope `https://cognitiveservices.azure.com/.default`, the safe default for OpenAI inference;
 * a regional endpoint gets its cloud's Cognitive Services scope (no token will work there anyway).
 *
 * @example
 * scopeForEndpoint("https://contoso.openai.azure.cn"); // "https://cognitiveservices.azure.cn/.default"
 * scopeForEndpoint("https://x.services.ai.azure.com/api/projects/p"); // "https://ai.azure.com/.default"
 * scopeForEndpoint("not a url"); // "https://cognitiveservices.azure.com/.default"
 */
export function scopeForEndpoint(input: string): string {
  const c = classifyEndpoint(input);
  if (c.scope !== undefined) return c.scope;
  return CLOUDS[c.cloud === "unknown" ? "public" : c.cloud].cognitiveServicesScope;
}
