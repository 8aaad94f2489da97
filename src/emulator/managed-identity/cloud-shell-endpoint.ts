import type { EmulatorContext } from "../context.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import { withDecision } from "../request-decision.js";
import type { Host } from "../world/model.js";
import {
  CLOUD_SHELL_SUPPORTED_AUDIENCES,
  cloudShellAudienceNotSupported,
  IMDS_METADATA_HEADER_MISSING,
  IMDS_RESOURCE_MISSING,
} from "./error-bodies.js";
import { hasMetadataHeader } from "./imds-endpoint.js";
import { normaliseResource } from "./known-resources.js";
import { imdsTokenBody, issueV1Token, jsonResponse } from "./token-response.js";

const SUPPORTED = new Set(CLOUD_SHELL_SUPPORTED_AUDIENCES.map(normaliseResource));

/**
 * Whether Cloud Shell hands out tokens for a resource (its allow-list; trailing slashes and case
 * ignored, as `az account get-access-token --resource https://management.azure.com` works there).
 *
 * @example
 * isCloudShellAudience("https://management.azure.com"); // true
 * isCloudShellAudience("https://cognitiveservices.azure.com"); // false
 */
export function isCloudShellAudience(resource: string): boolean {
  return SUPPORTED.has(normaliseResource(resource));
}

/**
 * Cloud Shell's local token endpoint (`POST $MSI_ENDPOINT` with form body `resource=…` and
 * `Metadata: true`; a GET with `?resource=` works too). Tokens are for the signed-in user of the
 * host; audiences outside Cloud Shell's allow-list get 400 `AudienceNotSupported`
 * (Azure/CloudShell#351). User-assigned selectors do not exist here and are ignored.
 *
 * @example
 * return handleCloudShellTokenRequest(request, ctx, host);
 */
export async function handleCloudShellTokenRequest(
  request: EmulatorRequest,
  context: EmulatorContext,
  host: Host,
): Promise<Response> {
  if (!hasMetadataHeader(request.headers)) {
    return withDecision(
      jsonResponse(400, IMDS_METADATA_HEADER_MISSING),
      `deny cloud-shell ${host.name}: no Metadata: true header`,
    );
  }
  const form = request.method === "POST" ? new URLSearchParams(request.body) : request.url.searchParams;
  const resource = form.get("resource") ?? request.url.searchParams.get("resource");
  if (!resource)
    return withDecision(
      jsonResponse(400, IMDS_RESOURCE_MISSING),
      `deny cloud-shell ${host.name}: no resource`,
    );
  if (!isCloudShellAudience(resource)) {
    return withDecision(
      jsonResponse(400, cloudShellAudienceNotSupported(resource)),
      `deny credential.mi-audience-not-supported: ${resource} is not on Cloud Shell's audience list`,
    );
  }
  const user = host.user;
  if (user === undefined) {
    throw new Error(`Cloud Shell host "${host.name}" has no signed-in user in the world`);
  }
  const issued = await issueV1Token(context, user, resource);
  return withDecision(
    jsonResponse(200, imdsTokenBody(issued, resource, undefined)),
    `allow cloud-shell token for ${user.upn} resource ${resource}`,
  );
}
