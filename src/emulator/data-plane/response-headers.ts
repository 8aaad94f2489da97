import { withDecision } from "../app/request-decision.js";
import { EmulatorResponse } from "../http/emulator-response.js";
import { headerSafe } from "../http/safe-text.js";
import type { RateLimitRemaining } from "./rate-limiter.js";
import { type Refusal, refusalDecision } from "./refusal.js";

/**
 * What goes into the headers of every data-plane response.
 *
 * @example
 * const meta: ResponseMeta = { requestId: "0b7c...", region: "East US" };
 */
export interface ResponseMeta {
  /** Sent as both `apim-request-id` and `x-request-id` (openai-node reads the latter as `requestID`). */
  requestId: string;
  /** `x-ms-region`, Azure's display name of the account's location. */
  region: string;
  /** `x-ms-deployment-name`, once a deployment is known. */
  deploymentName?: string;
  /** The client's `x-ms-client-request-id`, echoed back as Azure does. */
  clientRequestId?: string;
  /** `x-ratelimit-remaining-*`, for deployments with limits. */
  remaining?: RateLimitRemaining;
}

// Azure prints display names in x-ms-region; unknown locations are printed as configured.
const REGION_NAMES: Readonly<Record<string, string>> = {
  australiaeast: "Australia East",
  brazilsouth: "Brazil South",
  canadaeast: "Canada East",
  centralus: "Central US",
  eastus: "East US",
  eastus2: "East US 2",
  francecentral: "France Central",
  germanywestcentral: "Germany West Central",
  japaneast: "Japan East",
  koreacentral: "Korea Central",
  northcentralus: "North Central US",
  norwayeast: "Norway East",
  polandcentral: "Poland Central",
  southafricanorth: "South Africa North",
  southcentralus: "South Central US",
  southindia: "South India",
  swedencentral: "Sweden Central",
  switzerlandnorth: "Switzerland North",
  uksouth: "UK South",
  westeurope: "West Europe",
  westus: "West US",
  westus3: "West US 3",
  usgovvirginia: "USGov Virginia",
  usgovarizona: "USGov Arizona",
  chinaeast2: "China East 2",
  chinanorth3: "China North 3",
};

/**
 * Azure's display name of a location (`eastus` -> `East US`); the input when unknown.
 *
 * @example
 * regionDisplayName("swedencentral"); // "Sweden Central"
 */
export function regionDisplayName(location: string): string {
  return REGION_NAMES[location.toLowerCase().replace(/\s+/g, "")] ?? location;
}

/**
 * The headers of a data-plane response: `content-type`, `apim-request-id` and `x-request-id`
 * always, `x-ms-region`, `x-ms-client-request-id`, `x-ms-deployment-name` and
 * `x-ratelimit-remaining-{requests,tokens}` when known, then `extra` (e.g. `retry-after`, `policy-id`).
 *
 * @example
 * responseHeaders(meta, "text/event-stream")["apim-request-id"];
 */
export function responseHeaders(
  meta: ResponseMeta,
  contentType = "application/json",
  extra?: Record<string, string>,
): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": contentType,
    "apim-request-id": meta.requestId,
    "x-request-id": meta.requestId,
    "x-ms-region": meta.region,
  };
  // Both repeat the request (a header, a path segment): only text a header can hold.
  if (meta.clientRequestId !== undefined)
    headers["x-ms-client-request-id"] = headerSafe(meta.clientRequestId);
  if (meta.deploymentName !== undefined) headers["x-ms-deployment-name"] = headerSafe(meta.deploymentName);
  if (meta.remaining?.requests !== undefined) {
    headers["x-ratelimit-remaining-requests"] = String(meta.remaining.requests);
  }
  if (meta.remaining?.tokens !== undefined) {
    headers["x-ratelimit-remaining-tokens"] = String(meta.remaining.tokens);
  }
  if (extra !== undefined) Object.assign(headers, extra);
  return headers;
}

/**
 * A JSON response with the data-plane headers. `body` is sent as is (verbatim bodies keep their bytes).
 *
 * @example
 * return jsonResponse(404, DEPLOYMENT_NOT_FOUND_BODY, meta);
 */
export function jsonResponse(
  status: number,
  body: string,
  meta: ResponseMeta,
  extra?: Record<string, string>,
): EmulatorResponse {
  return new EmulatorResponse(status, body, responseHeaders(meta, "application/json", extra));
}

/**
 * A refusal as Azure answers it (status, verbatim body, data-plane headers and the refusal's own),
 * with its decision for the request log.
 *
 * @example
 * if (!found.ok) return refusalResponse(found.error, meta);
 */
export function refusalResponse(refusal: Refusal, meta: ResponseMeta): EmulatorResponse {
  return withDecision(
    jsonResponse(refusal.status, refusal.body, meta, refusal.headers),
    refusalDecision(refusal),
  );
}
