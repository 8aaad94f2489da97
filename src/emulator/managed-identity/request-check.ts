import { deny, withDecision } from "../app/request-decision.js";
import { err, ok, type Result } from "../app/result.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import type { EmulatorResponse } from "../http/emulator-response.js";
import type { Host } from "../world/model.js";
import { IMDS_METADATA_HEADER_MISSING, IMDS_RESOURCE_MISSING } from "./error-bodies.js";
import { jsonResponse } from "./token-response.js";

/**
 * Whether a request carries IMDS's SSRF guard, `Metadata: true` (lower-case value, as IMDS demands).
 *
 * @example
 * hasMetadataHeader(new Headers({ Metadata: "true" })); // true
 */
export function hasMetadataHeader(headers: Pick<Headers, "get">): boolean {
  return headers.get("metadata")?.trim() === "true";
}

/**
 * The endpoints that speak IMDS's protocol: the `Metadata: true` guard, then `resource`.
 *
 * @example
 * const endpoint: MetadataEndpoint = "arc";
 */
export type MetadataEndpoint = "imds" | "arc" | "cloud-shell";

/**
 * The checks every IMDS-style endpoint (IMDS, Azure Arc, Cloud Shell) makes before it looks at an
 * identity, in IMDS's order: the `Metadata: true` header (400 `invalid_request` "Required metadata
 * header not specified", which also answers `DefaultAzureCredential`'s header-less probe, meaning
 * "available"), then a non-empty `resource` (400 "Required audience variable not specified").
 * The value is the resource.
 *
 * @example
 * const checked = checkMetadataRequest(request, "imds", host, request.url.searchParams.get("resource"));
 * if (!checked.ok) return checked.error;
 * const resource = checked.value;
 */
export function checkMetadataRequest(
  request: EmulatorRequest,
  endpoint: MetadataEndpoint,
  host: Host,
  resource: string | null,
): Result<string, EmulatorResponse> {
  if (!hasMetadataHeader(request.headers)) {
    return err(
      withDecision(
        jsonResponse(400, IMDS_METADATA_HEADER_MISSING),
        deny("invalid-request", `${endpoint} ${host.name}: no Metadata: true header`),
      ),
    );
  }
  if (!resource) {
    return err(
      withDecision(
        jsonResponse(400, IMDS_RESOURCE_MISSING),
        deny("invalid-request", `${endpoint} ${host.name}: no resource`),
      ),
    );
  }
  return ok(resource);
}
