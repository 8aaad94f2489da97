import { CREDENTIAL_NAMES } from "./credential-names.js";
import type { Facts } from "./facts.js";
import { type ErrorBody, type NormalizedText, normalizeErrorText } from "./normalize-error-text.js";
import { trimEndChars, trimStartChars, WHITESPACE } from "./trim-chars.js";

/*
 * Every pattern here is linear: no nested quantifiers, and every free-text run is bounded
 * (`{0,N}`), so a 10 MB paste costs one pass per pattern.
 */

/** A value as printed: quotes, backticks and trailing punctuation removed. */
function clean(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = trimEndChars(trimStartChars(value.trim(), "`'\""), "`'\"").trim();
  return v === "" ? undefined : v;
}

function first(hay: string, pattern: RegExp, group = 1): string | undefined {
  const m = pattern.exec(hay);
  return m === null ? undefined : clean(m[group]);
}

function firstOf(hay: string, patterns: readonly RegExp[]): string | undefined {
  for (const p of patterns) {
    const v = first(hay, p);
    if (v !== undefined) return v;
  }
  return undefined;
}

const HTTP_ERROR_STATUSES = new Set([
  400, 401, 403, 404, 405, 408, 409, 410, 413, 415, 422, 424, 429, 500, 501, 502, 503, 504,
]);

/** Status layouts, most specific first. Each captures the three digits. */
const STATUS_PATTERNS: readonly RegExp[] = [
  // .NET RequestFailedException: `Status: 401 (PermissionDenied)`.
  /(?:^|\n)\s{0,8}Status:\s{0,4}(\d{3})\b/,
  // .NET ClientResultException: `HTTP 400 (Request is badly formated)`; raw `HTTP/1.1 401 Unauthorized`.
  /\bHTTP(?:\/\d(?:\.\d)?)?\s(\d{3})\b/,
  // Go azcore: `RESPONSE 401 Unauthorized`.
  /\bRESPONSE\s(\d{3})\b/,
  // openai-python: `Error code: 401 - {...}`.
  /\bError code:\s{0,4}(\d{3})\b/,
  // @azure/identity AuthenticationError `Status code: 400`; pipelines `Status Code: 401.`
  /\bStatus\s?code[:=]?\s{0,4}(\d{3})\b/i,
  // Flat body and its printings: `"statusCode": 401`, `statusCode: 401`, `'statusCode': 401`.
  /\bstatus_?code["']?\s{0,4}[:=]\s{0,4}["']?(\d{3})\b/i,
  /["']status["']\s{0,4}:\s{0,4}(\d{3})\b/,
  /\bstatus\s(\d{3})\b/i,
  // openai-node: `401 Unauthorized. Access token...`, `401 status code (no body)`, `AuthenticationError: 401 ...`.
  /(?:^|\n|Error:\s{1,4})\s{0,8}(\d{3})\s(?:status code|[A-Z])/,
  // azure-core Python: `(401) Access denied...` and `Code: 401`.
  /(?:^|\n|Error:\s{1,4})\s{0,8}\((\d{3})\)\s/,
  /(?:^|\n)\s{0,8}Code:\s{0,4}(\d{3})\b/,
  /\bStatus:\s{0,4}(\d{3})\b/,
];

/** A body's own status field, anywhere in the text (an inner service's, wrapped in the outer answer). */
const BODY_STATUS =
  /\bstatus_?code["']?\s{0,4}[:=]\s{0,4}["']?(40[13])\b|["']status["']\s{0,4}:\s{0,4}(40[13])\b/i;

/**
 * A 400 or 5xx that wraps another service's 401 or 403 (On Your Data, search skills, Foundry's
 * memory): the inner refusal is the failure, the outer status only reports it.
 */
function innerAuthStatus(hay: string, outer: number): number | undefined {
  if (outer !== 400 && outer < 500) return undefined;
  const inner = BODY_STATUS.exec(hay);
  return inner === null ? undefined : Number(inner[1] ?? inner[2]);
}

function readStatus(hay: string, bodies: readonly ErrorBody[]): number | undefined {
  for (const p of STATUS_PATTERNS) {
    const v = first(hay, p);
    if (v !== undefined && HTTP_ERROR_STATUSES.has(Number(v)))
      return innerAuthStatus(hay, Number(v)) ?? Number(v);
  }
  for (const b of bodies) {
    if (b.status !== undefined) return b.status;
  }
  for (const b of bodies) {
    if (b.code !== undefined && /^\d{3}$/.test(b.code) && HTTP_ERROR_STATUSES.has(Number(b.code))) {
      return Number(b.code);
    }
  }
  return undefined;
}

/** The data-plane body (wrapped or flat) that best names the error. */
function serviceBody(bodies: readonly ErrorBody[]): ErrorBody | undefined {
  return (
    bodies.find((b) => b.oauthError === undefined && b.code !== undefined && b.message !== undefined) ??
    bodies.find((b) => b.oauthError === undefined && b.message !== undefined) ??
    bodies.find((b) => b.oauthError === undefined && b.code !== undefined)
  );
}

const REASON_PHRASES = new Set([
  "Unauthorized",
  "Forbidden",
  "Bad Request",
  "Not Found",
  "Too Many Requests",
  "Internal Server Error",
  "Service Unavailable",
  "Gateway Timeout",
  "Bad Gateway",
]);

function readServiceCode(hay: string, body: ErrorBody | undefined): string | undefined {
  if (body?.code !== undefined) return body.code;
  const code = firstOf(hay, [
    // .NET: `ErrorCode: PermissionDenied`.
    /(?:^|\n)\s{0,8}ErrorCode:\s{0,4}([^\n]{1,120})/,
    // azure-core Python: `Code: PermissionDenied`.
    /(?:^|\n)\s{0,8}Code:\s{0,4}([^\n]{1,120})/,
    // .NET ClientResultException: `HTTP 400 (Request is badly formated)`, `Status: 401 (PermissionDenied)`.
    /\bHTTP\s\d{3}\s\(([^)\n]{1,120})\)/,
    /(?:^|\n)\s{0,8}Status:\s{0,4}\d{3}\s\(([^)\n]{1,120})\)/,
    // azure-core Python first line: `(PermissionDenied) Principal does not...`.
    /(?:^|\n|Error:\s{1,4})\s{0,8}\(([A-Za-z][A-Za-z ]{1,80})\)\s/,
  ]);
  return code !== undefined && !REASON_PHRASES.has(code) ? code : undefined;
}

function readServiceMessage(hay: string, body: ErrorBody | undefined): string | undefined {
  if (body?.message !== undefined) return body.message;
  return firstOf(hay, [
    /(?:^|\n)\s{0,8}Message:\s{0,4}([^\n]{1,2000})/,
    // .NET ClientResultException: the message follows `HTTP 401 (Code)` after a blank line.
    /\bHTTP\s\d{3}\s\([^)\n]{1,120}\)[ \t]{0,4}\n[ \t]{0,4}\n?[ \t]{0,4}([^\s][^\n]{0,1999})/,
    // The first line of an SDK exception, without azure-core's `(Code) ` prefix.
    /\b(?:RestError|ClientAuthenticationError|HttpResponseError|RequestFailedException|ResourceNotFoundError):\s{1,4}(?:\([^)\n]{1,80}\)\s)?([^\n]{1,2000})/,
  ]);
}

/**
 * An OAuth error followed by the bare AADSTS number, as @azure/identity prints
 * `AuthenticationRequiredError: unauthorized_client: 700016 - ...`.
 *
 * @example
 * OAUTH_CODE_NUMBER.exec("unauthorized_client: 700016 - AADSTS700016: ...")?.[1]; // "700016"
 */
export const OAUTH_CODE_NUMBER =
  /\b(?:invalid|unauthorized|unsupported|access|interaction|consent|login|temporarily|server)_[a-z_]{2,30}:\s(\d{4,9})\b/;

/** The first AADSTS number in a text. */
const AADSTS_CODE = /\bAADSTS(\d{4,9})\b/;

/**
 * The AADSTS message line for `code` (`"AADSTS7000215: ..."`), without the `Trace ID:`,
 * `Correlation ID:` and `Timestamp:` trailer, whether the trailer follows a newline, an escaped
 * `\r\n` or a space.
 *
 * @example
 * aadstsMessageFrom("AADSTS50126: Bad password.\r\nTrace ID: 1", "50126"); // "AADSTS50126: Bad password."
 */
export function aadstsMessageFrom(text: string, code: string): string | undefined {
  const re = new RegExp(`\\bAADSTS${code}\\b[^\\n]{0,4000}`);
  const m = re.exec(text);
  if (m === null) return undefined;
  let line = m[0];
  for (const stop of [
    "\\r\\n",
    "\\n",
    "Trace ID:",
    "Correlation ID:",
    "Timestamp:",
    '",',
    '"}',
    "', '",
    "'}",
  ]) {
    const at = line.indexOf(stop);
    if (at !== -1) line = line.slice(0, at);
  }
  return trimEndChars(line, `${WHITESPACE},`);
}

const OAUTH_ERRORS =
  /\b(invalid_client|invalid_grant|invalid_request|invalid_scope|invalid_resource|unauthorized_client|unsupported_grant_type|access_denied|interaction_required|consent_required|login_required|temporarily_unavailable|server_error)\b/;

const FAILING_CREDENTIAL =
  /\b([A-Z][A-Za-z]{2,60}Credential)\b(?=:|\s(?:authentication\s(?:failed|unavailable)|is\sunavailable|failed\sto)|\.get_?[Tt]oken)/g;

function readCredential(hay: string): string | undefined {
  FAILING_CREDENTIAL.lastIndex = 0;
  for (let m = FAILING_CREDENTIAL.exec(hay); m !== null; m = FAILING_CREDENTIAL.exec(hay)) {
    if (m[1] !== undefined && CREDENTIAL_NAMES.has(m[1])) return m[1];
  }
  return undefined;
}

/** Hosts that serve the Azure OpenAI / AI services data plane (and APIM gateways in front of it). */
const DATA_PLANE_HOST =
  /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:openai\.azure\.(?:com|us|cn)|cognitiveservices\.azure\.(?:com|us|cn)|api\.cognitive\.microsoft\.(?:com|us)|api\.cognitive\.azure\.cn|services\.ai\.azure\.com|azure-api\.net)$/i;

const URL_PATTERN = /\bhttps?:\/\/([A-Za-z0-9.-]{1,253})(?::\d{1,5})?/g;

function readEndpoint(hay: string): string | undefined {
  URL_PATTERN.lastIndex = 0;
  for (let m = URL_PATTERN.exec(hay); m !== null; m = URL_PATTERN.exec(hay)) {
    const host = (m[1] ?? "").replace(/\.$/, "");
    if (DATA_PLANE_HOST.test(host)) return m[0].replace(/\.$/, "");
  }
  return undefined;
}

function readDeployment(hay: string): string | undefined {
  const re = /\/openai\/deployments\/([^/?\s"'`{}\\]{1,64})/g;
  for (let m = re.exec(hay); m !== null; m = re.exec(hay)) {
    const name = clean(m[1]);
    if (name !== undefined && !name.startsWith("<")) return name;
  }
  return undefined;
}

const ENV_VAR =
  /\b((?:AZURE|OPENAI|SYSTEM|MSI|IDENTITY|IMDS|DEFAULT_IDENTITY)_[A-Z0-9_]{2,60}|AZURE_OPENAI_[A-Z_]{2,40})\b/;

function readEnvVar(hay: string): string | undefined {
  return firstOf(hay, [
    /Required environment variable[^'"`\n]{0,20}['"`]([A-Z_][A-Z0-9_]{1,80})/,
    /\bmissing environment variable\s{1,4}['"`]?([A-Z_][A-Z0-9_]{1,80})/i,
    /\bMissing value for the\s{1,4}([A-Z_][A-Z0-9_]{1,80})\s{1,4}environment variable/,
    /\b(AZURE_TOKEN_CREDENTIALS)\b/,
    /\b(OPENAI_API_VERSION)\b/,
    ENV_VAR,
  ]);
}

const GUIDISH = "[0-9A-Za-z][0-9A-Za-z-]{6,63}";

function readRetryAfter(hay: string): number | undefined {
  const v = firstOf(hay, [
    /\bretry after\s{1,4}(\d{1,6})\s{0,2}seconds?\b/i,
    /\bretry-after["']?\s{0,4}[:=]\s{0,4}["']?(\d{1,6})\b/i,
  ]);
  return v === undefined ? undefined : Number(v);
}

function readTenants(hay: string): Pick<Facts, "tokenTenant" | "resourceTenant" | "tenantId"> {
  const out: Pick<Facts, "tokenTenant" | "resourceTenant" | "tenantId"> = {};
  const tokenTenant = first(
    hay,
    /\bToken (?:tenant\s{1,4})?[`'"]?([^\s`'"]{1,100})[`'"]?\s{1,4}does not match resource tenant/,
  );
  if (tokenTenant !== undefined) out.tokenTenant = tokenTenant;
  const arm =
    /wrong issuer\s{1,4}'https:\/\/sts\.windows\.net\/([^/'\s]{1,100})\/?'[^\n]{0,200}?must match the tenant\s{1,4}'https:\/\/sts\.windows\.net\/([^/'\s]{1,100})\/?'/.exec(
      hay,
    );
  if (arm !== null) {
    out.tokenTenant = clean(arm[1]);
    out.resourceTenant = clean(arm[2]);
  }
  const tenantId = firstOf(hay, [
    /not configured to acquire tokens for tenant\s{1,4}['"`]?(?!<)([^\s'"`]{1,100}?)['"`]?(?:[.,;]?\s|[.,;]?$)/,
    /Specified tenant identifier\s{1,4}'([^'\n]{1,100})'/,
    /\bin the directory\s{1,4}'([^'\n]{1,100})'/,
    /\bTenant\s{1,4}'([^'\n]{1,100})'\s{1,4}not found/,
    /\blogin\.(?:microsoftonline\.(?:com|us)|chinacloudapi\.cn|partner\.microsoftonline\.cn)\/((?!common\/|organizations\/|consumers\/)[0-9A-Za-z.-]{3,100})\/(?:oauth2|v2\.0)/,
  ]);
  if (tenantId !== undefined) out.tenantId = tenantId;
  return out;
}

/**
 * Pulls every fact an error text states: HTTP status (from every SDK's layout), the service's code
 * and message, AADSTS code and message, OAuth error, failing credential, principal, data action,
 * operation, audience, tenants, client id, correlation/trace/request ids, timestamp, environment
 * variable, retry-after, API version, endpoint and deployment. Values are exact, trimmed, unquoted.
 *
 * @example
 * extractFacts('Status: 401 (PermissionDenied)\n{"error":{"code":"PermissionDenied","message":"..."}}');
 * // { status: 401, serviceCode: "PermissionDenied", serviceMessage: "..." }
 */
export function extractFacts(input: string | NormalizedText): Facts {
  const view = typeof input === "string" ? normalizeErrorText(input) : input;
  const hay = view.haystack;
  const bodies = view.bodies;
  const body = serviceBody(bodies);
  const oauth = bodies.find((b) => b.oauthError !== undefined);
  const facts: Facts = {};

  const status = readStatus(hay, bodies);
  if (status !== undefined) facts.status = status;
  const serviceCode = readServiceCode(hay, body);
  if (serviceCode !== undefined) facts.serviceCode = serviceCode;
  const serviceMessage = readServiceMessage(hay, body);
  if (serviceMessage !== undefined) facts.serviceMessage = serviceMessage;

  const aadsts = first(hay, AADSTS_CODE) ?? oauth?.errorCodes?.[0] ?? first(hay, OAUTH_CODE_NUMBER);
  if (aadsts !== undefined) {
    facts.aadsts = aadsts;
    const message =
      (oauth?.message !== undefined ? aadstsMessageFrom(oauth.message, aadsts) : undefined) ??
      aadstsMessageFrom(hay, aadsts);
    if (message !== undefined) facts.aadstsMessage = message;
  }
  const oauthError = oauth?.oauthError ?? first(hay, OAUTH_ERRORS);
  if (oauthError !== undefined) facts.oauthError = oauthError;

  const credential = readCredential(hay);
  if (credential !== undefined) facts.credential = credential;

  const principalId = first(hay, /\bThe principal\s{1,4}`?([^\s`'"]{1,100})`?\s{1,4}lacks\b/);
  if (principalId !== undefined) facts.principalId = principalId;
  const dataAction = first(
    hay,
    /\blacks the required data action\s{1,4}`?([A-Za-z0-9./*_-]{3,300})`?\s{1,4}to perform\b/,
  );
  if (dataAction !== undefined) facts.dataAction = dataAction;
  const operation = first(hay, /\bto perform\s{1,4}`?([A-Z]{3,7}\s{1,2}[^\s`'"]{1,300})`?\s{1,4}operation\b/);
  if (operation !== undefined) facts.operation = operation;

  const audience = first(hay, /\baudience is incorrect\s{0,2}\(\s{0,8}([^()]{1,300}?)\s{0,8}\)/)?.replace(
    /\s+/g,
    " ",
  );
  if (audience !== undefined) facts.audience = audience;
  const resource = firstOf(hay, [
    /\bAudience\s{1,4}([^\s'"]{3,300})\s{1,4}is not a supported MSI token audience/,
    /\bThe application named\s{1,4}([^\s'"]{3,300})\s{1,4}was not found/,
  ]);
  if (resource !== undefined) facts.resource = resource;

  Object.assign(facts, readTenants(hay));

  const clientId = firstOf(hay, [
    /\bapp\s{1,4}'([^'\n]{1,100})'/,
    /\bApplication with identifier\s{1,4}'([^'\n]{1,100})'/,
    /\brequest clientID\s{1,4}['"]?([0-9A-Za-z-]{8,64})/,
    /\bclient_?id["']?\s{0,4}[:=]\s{0,4}["']?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/i,
  ]);
  if (clientId !== undefined) facts.clientId = clientId;

  const correlationId =
    oauth?.correlationId ??
    firstOf(hay, [
      new RegExp(`\\bCorrelation ID:\\s{0,4}(${GUIDISH})`),
      new RegExp(`["']?correlation_?id["']?\\s{0,4}[:=]\\s{0,4}["']?(${GUIDISH})`, "i"),
    ]);
  if (correlationId !== undefined) facts.correlationId = correlationId;
  const traceId =
    oauth?.traceId ??
    firstOf(hay, [
      new RegExp(`\\bTrace ID:\\s{0,4}(${GUIDISH})`),
      new RegExp(`["']?trace_?id["']?\\s{0,4}[:=]\\s{0,4}["']?(${GUIDISH})`, "i"),
    ]);
  if (traceId !== undefined) facts.traceId = traceId;
  const timestamp =
    oauth?.timestamp ??
    firstOf(hay, [
      /\bTimestamp:\s{0,4}(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z?)/,
      /["']timestamp["']\s{0,4}:\s{0,4}["'](\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z?)["']/i,
    ]);
  if (timestamp !== undefined) facts.timestamp = timestamp;
  const requestId = first(
    hay,
    /\b(?:apim-request-id|x-request-id|x-ms-request-id)["']?\s{0,4}[:=]\s{0,4}["']?([0-9A-Za-z][0-9A-Za-z_-]{7,63})/i,
  );
  if (requestId !== undefined) facts.requestId = requestId;

  const envVar = readEnvVar(hay);
  if (envVar !== undefined) facts.envVar = envVar;
  const retryAfter = readRetryAfter(hay);
  if (retryAfter !== undefined) facts.retryAfterSeconds = retryAfter;
  const apiVersion = firstOf(hay, [
    /\bapi[-_ ]?version\s{0,2}[=:]\s{0,2}["']?(\d{4}-\d{2}-\d{2}(?:-preview)?|v1|latest|preview)\b/i,
    /\bAPI version\s{1,2}(\d{4}-\d{2}-\d{2}(?:-preview)?)\b/i,
  ]);
  if (apiVersion !== undefined) facts.apiVersion = apiVersion;
  const endpoint = readEndpoint(hay);
  if (endpoint !== undefined) facts.endpoint = endpoint;
  const deployment = readDeployment(hay);
  if (deployment !== undefined) facts.deployment = deployment;
  return facts;
}
