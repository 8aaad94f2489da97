import type { CauseCode } from "../cause.js";
import type { NormalizedText } from "../normalize-error-text.js";
import { AZURE_AI_HOST, CHAIN_SELECTED, MANAGED_IDENTITY } from "./azure-context.js";
import type { RawMatch } from "./matcher.js";

/*
 * The last resort for a managed identity failure whose wording keyless does not know: the status
 * the identity endpoint answered (IMDS, App Service / Functions / Container Apps, Cloud Shell, Arc,
 * AKS pod identity's NMI) narrows the cause, whatever the SDK printed around it. A status inside a
 * managed identity's failure is that endpoint's, not the Azure AI endpoint's: the data plane was
 * never called.
 */

/** A line where a managed identity (its credential, its endpoint, its words) failed. */
const FAILED_LINE = new RegExp(
  String.raw`(?:${MANAGED_IDENTITY.source})[^\n]{0,200}?\b(?:fail\w*|unavailable|unable|error|could not|cannot|not found)\b|\b(?:fail\w*|unable|error|could not|cannot)\b[^\n]{0,120}?(?:${MANAGED_IDENTITY.source})`,
  "i",
);

/** The status as the SDKs and tools print it, named or numbered. */
const STATUS_PATTERNS: readonly RegExp[] = [
  // .NET `Status: 400 (Bad Request)`, JS `(status code 404)`, Go `StatusCode=403`, adal
  // `Status Code = '400'`, azd `response code: 400`, MSAL.NET `Request failure status code: 404`,
  // JSON `"statusCode":500`.
  /\bstatus(?:[ _]?code)?["']?\s{0,2}[:=]\s{0,2}['"]?(\d{3})\b/gi,
  /\bstatus code (\d{3})\b/gi,
  /\bresponse code:? (\d{3})\b/gi,
  // Python requests `<Response [405]>`, `405 Client Error: Method Not Allowed for url`.
  /<Response \[(\d{3})\]>/g,
  /\b(\d{3}) (?:Client|Server) Error\b/g,
  // The older AppAuthentication library: `MSI ResponseCode: NotFound`.
  /\bResponseCode: (BadRequest|Unauthorized|Forbidden|NotFound|MethodNotAllowed|InternalServerError|ServiceUnavailable)\b/g,
];

const NAMED_STATUS: Readonly<Record<string, number>> = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  InternalServerError: 500,
  ServiceUnavailable: 503,
};

/** AKS pod identity (NMI / MIC) answered: it has no identity for this pod yet. */
const POD_IDENTITY =
  /\bpods?\b|\bNMI\b|\bMIC\b|\baad-pod-identity\b|\bAzureAssignedIdentity\b|\bAzureIdentityBinding\b|\bno azure identity found\b/i;
/** AKS workload identity, whose pods are not pod identity's. */
const WORKLOAD_IDENTITY =
  /\bworkload identity\b|\bWorkloadIdentityCredential\b|\bAZURE_FEDERATED_TOKEN_FILE\b/i;
/** A data-plane host or path named: the status may be the Azure AI endpoint's. */
const DATA_PLANE = new RegExp(`${AZURE_AI_HOST.source}|/openai/deployments/|/openai/v1/`, "i");

const CHECK_ENDPOINT =
  "Call the identity endpoint from the same host (keyless doctor does, and prints its raw answer) to read what it says beside the status.";

type Ranked = readonly (readonly [CauseCode, number, string])[];

const BY_STATUS: Readonly<Record<number, Ranked>> = {
  400: [
    [
      "credential.mi-identity-not-assigned",
      0.44,
      "A client id, object id or resource id that names no identity assigned to this host answers 400: compare it with the host's identities (az webapp identity show, az vm identity show).",
    ],
    [
      "credential.mi-audience-not-supported",
      0.34,
      "An endpoint that does not issue tokens for the requested resource (Cloud Shell, older Arc agents) answers 400 naming the audience.",
    ],
    [
      "resource.managed-identity-not-enabled",
      0.28,
      "A host whose system-assigned identity is off answers 400 to every token request: turn it on (az webapp identity assign).",
    ],
  ],
  401: [
    [
      "credential.mi-app-service-env-missing",
      0.4,
      "App Service and Container Apps refuse a request whose X-IDENTITY-HEADER is not this process's IDENTITY_HEADER: use the IDENTITY_ENDPOINT and IDENTITY_HEADER the platform set for this process; do not copy them between processes or containers.",
    ],
    ["credential.mi-endpoint-error", 0.3, CHECK_ENDPOINT],
  ],
  403: [
    [
      "credential.mi-gateway",
      0.4,
      "A proxy on the way to the identity endpoint (HTTP_PROXY without NO_PROXY) can refuse the call with 403: call it with curl --noproxy '*' and set NO_PROXY=169.254.169.254 if that works.",
    ],
    [
      "credential.mi-pod-identity-not-ready",
      0.36,
      "On AKS with pod identity, NMI answers 403 for a pod it has no identity for: check the pod's AzureIdentityBinding label.",
    ],
    ["credential.mi-endpoint-error", 0.3, CHECK_ENDPOINT],
  ],
  404: [
    [
      "credential.mi-pod-identity-not-ready",
      0.4,
      "On AKS with pod identity, NMI answers 404 until the pod's identity is assigned: check kubectl get azureassignedidentity for the pod.",
    ],
    [
      "credential.mi-identity-not-assigned",
      0.36,
      "An identity id that names no identity of this host can also answer 404.",
    ],
    [
      "credential.mi-unavailable",
      0.3,
      "A host that is not an Azure VM answers 404 for the IMDS path: run on the Azure host or use another credential.",
    ],
  ],
};

/** A proxy's own failure statuses: the request went through a proxy, which IMDS does not work with. */
const GATEWAY: Ranked = [
  [
    "credential.mi-gateway",
    0.44,
    "A 502 or 504 is a proxy's answer: call the identity endpoint with curl --noproxy '*'; if that works, set NO_PROXY=169.254.169.254.",
  ],
  [
    "credential.mi-endpoint-error",
    0.34,
    "Without a proxy in the way, the identity endpoint itself is failing.",
  ],
];

/** 405, 410, 429 and the other 5xx statuses: the endpoint itself is failing or not ready. */
const ENDPOINT_FAILING: Ranked = [
  ["credential.mi-endpoint-error", 0.44, CHECK_ENDPOINT],
  [
    "credential.mi-retries-exhausted",
    0.3,
    "The SDK retries these statuses; if they persist past the retries, the host's identity endpoint is unhealthy or still starting (a new VM extension, a Container App revision).",
  ],
];

/**
 * The statuses printed in a managed identity's failure, innermost (last printed) first: the one the
 * identity endpoint's own upstream answered (IMDS's 400 inside NMI's 403), then those around it.
 *
 * @example
 * identityEndpointStatuses("...Status: 403 (Forbidden)\nContent: ... Status Code = '400'"); // [400, 403]
 */
export function identityEndpointStatuses(text: string): number[] {
  const found: { index: number; status: number }[] = [];
  for (const pattern of STATUS_PATTERNS) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      const raw = m[1] ?? "";
      const status = /^\d+$/.test(raw) ? Number(raw) : NAMED_STATUS[raw];
      if (status !== undefined && status >= 400 && status <= 599) found.push({ index: m.index, status });
    }
  }
  const statuses = found.sort((a, b) => b.index - a.index).map((f) => f.status);
  return [...new Set(statuses)];
}

/** What one status points at, most likely first. */
function rankedFor(status: number): Ranked {
  return (
    BY_STATUS[status] ??
    (status === 502 || status === 504
      ? GATEWAY
      : [405, 410, 429].includes(status) || status >= 500
        ? ENDPOINT_FAILING
        : [])
  );
}

/** How far below the innermost status's causes those of a status around it rank. */
const OUTER_STATUS_PENALTY = 0.08;

/**
 * The causes the statuses in a managed identity's failure point at, most likely first: the
 * innermost status's, then those of the statuses around it not already named (AKS pod identity's
 * first when its words are in the text); empty when no status that says anything is printed.
 *
 * @example
 * identityEndpointAnswer("ManagedIdentityCredential authentication failed.\nStatus: 400 (Bad Request)")[0]?.code;
 * // "credential.mi-identity-not-assigned"
 */
function identityEndpointAnswer(hay: string): RawMatch[] {
  const pod = POD_IDENTITY.test(hay) && !WORKLOAD_IDENTITY.test(hay);
  const matches: RawMatch[] = [];
  identityEndpointStatuses(hay).forEach((status, depth) => {
    for (const [code, confidence, distinguish] of rankedFor(status)) {
      if (matches.some((m) => m.code === code)) continue;
      const base = pod && code === "credential.mi-pod-identity-not-ready" ? 0.48 : confidence;
      matches.push({
        code,
        confidence: depth === 0 ? base : Math.round((base - OUTER_STATUS_PENALTY) * 100) / 100,
        distinguish,
        facts: { status },
      });
    }
  });
  if (pod && matches.length > 0 && !matches.some((m) => m.code === "credential.mi-pod-identity-not-ready")) {
    matches.push({
      code: "credential.mi-pod-identity-not-ready",
      confidence: 0.48,
      distinguish:
        "AKS pod identity answered: check that the pod's identity is assigned (kubectl get azureassignedidentity) and that NMI is healthy.",
    });
  }
  return matches;
}

/**
 * Whether the text is a managed identity's failure with no data-plane host or path in it and no
 * credential said to have got its token: a status it prints is the identity endpoint's, not the
 * Azure AI endpoint's.
 *
 * @example
 * managedIdentityFailed("ManagedIdentityCredential authentication failed. Status: 400"); // true
 */
function managedIdentityFailed(hay: string): boolean {
  return FAILED_LINE.test(hay) && !DATA_PLANE.test(hay) && !CHAIN_SELECTED.test(hay);
}

/**
 * The causes of a managed identity's failure that the statuses it printed point at; empty when no
 * managed identity failed, when a data-plane host is named or a credential got its token (the
 * status may be the Azure AI endpoint's), or when no status is printed.
 *
 * @example
 * identityStatusAnswer("ManagedIdentityCredential authentication failed.\nStatus: 400 (Bad Request)")[0]?.code;
 * // "credential.mi-identity-not-assigned"
 */
export function identityStatusAnswer(hay: string): RawMatch[] {
  return managedIdentityFailed(hay) ? identityEndpointAnswer(hay) : [];
}

/**
 * The managed identity fallback: candidates from the status the identity endpoint answered, for a
 * wording no matcher knows (an endpoint that was not reached at all is the network matcher's).
 *
 * @example
 * managedIdentityStatusFallback(normalizeErrorText("ManagedIdentityCredential authentication failed: Service request failed.\nStatus: 400 (Bad Request)"))[0]?.code;
 * // "credential.mi-identity-not-assigned"
 */
export function managedIdentityStatusFallback(view: NormalizedText): RawMatch[] {
  return identityStatusAnswer(view.haystack);
}
