import { isIP } from "node:net";
import { deny, withDecision } from "../app/request-decision.js";
import { err, ok, type Result } from "../app/result.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import type { EmulatorResponse } from "../http/emulator-response.js";
import { describeInput } from "../http/safe-text.js";
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

/**
 * The host name a `Host` header names, lower-case, without port or IPv6 brackets.
 *
 * @example
 * hostHeaderName("[::1]:8080"); // "::1"
 */
export function hostHeaderName(value: string): string {
  const trimmed = value.trim().toLowerCase();
  const bracketed = /^\[([^\]]*)\](?::\d*)?$/.exec(trimmed);
  if (bracketed !== null) return bracketed[1] ?? "";
  const colon = trimmed.indexOf(":");
  // More than one colon without brackets: a bare IPv6 address.
  if (colon >= 0 && trimmed.indexOf(":", colon + 1) >= 0) return trimmed;
  return colon >= 0 ? trimmed.slice(0, colon) : trimmed;
}

/**
 * Whether a managed identity endpoint may answer a request with this `Host` header. IMDS and the
 * local agents answer only at their own address, so a web page whose DNS name an attacker rebinds
 * to the machine (`Host: evil.example`) gets no token: the link-local IMDS address, an IP literal
 * (a client addressing the emulator's listener by address, from a container for instance),
 * `localhost`, or a host name the emulator itself listens as (`ctx.urls`). No `Host` at all
 * (HTTP/1.0, in-process callers) is not a browser and passes.
 *
 * @example
 * isManagedIdentityHost("169.254.169.254", ["127.0.0.1"]); // true
 * isManagedIdentityHost("evil.example:8080", ["127.0.0.1"]); // false
 */
export function isManagedIdentityHost(hostHeader: string | null, ownHosts: readonly string[]): boolean {
  if (hostHeader === null) return true;
  const name = hostHeaderName(hostHeader);
  if (name === "localhost" || ownHosts.includes(name)) return true;
  return isIP(name) !== 0;
}

/**
 * The refusal of a request whose `Host` is not the endpoint's address, in IMDS's error shape
 * (`{"error":"invalid_request","error_description":…}`, what @azure/identity reads from every
 * managed identity source): 400, before the `Metadata` check and any identity.
 *
 * @example
 * if (!isManagedIdentityHost(request.headers.get("host"), own)) return hostRefused(request, "imds");
 */
export function hostRefused(request: EmulatorRequest, endpoint: string): EmulatorResponse {
  const shown = describeInput(request.headers.get("host") ?? "").slice(0, 200);
  return withDecision(
    jsonResponse(400, {
      error: "invalid_request",
      error_description: `Host header '${shown}' is not this endpoint's address.`,
    }),
    deny("invalid-request", `${endpoint}: Host ${shown} is not a managed identity address (DNS rebinding)`),
  );
}
