import { normalizeAudience } from "../../knowledge/audience.js";
import type { EmulatorContext } from "../app/context.js";
import { allow, deny, withDecision } from "../app/request-decision.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import type { EmulatorResponse } from "../http/emulator-response.js";
import type { Host } from "../world/model.js";
import { CLOUD_SHELL_SUPPORTED_AUDIENCES, cloudShellAudienceNotSupported } from "./error-bodies.js";
import { checkMetadataRequest } from "./request-check.js";
import { imdsTokenBody, issueV1Token, jsonResponse } from "./token-response.js";

const SUPPORTED: ReadonlySet<string> = new Set(CLOUD_SHELL_SUPPORTED_AUDIENCES.map(normalizeAudience));

/**
 * Whether Cloud Shell hands out tokens for a resource (its allow-list; trailing slashes and case
 * ignored, as `az account get-access-token --resource https://management.azure.com` works there).
 *
 * @example
 * isCloudShellAudience("https://management.azure.com"); // true
 * isCloudShellAudience("https://cognitiveservices.azure.com"); // false
 */
export function isCloudShellAudience(resource: string): boolean {
  return SUPPORTED.has(normalizeAudience(resource));
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
): Promise<EmulatorResponse> {
  const form = request.method === "POST" ? new URLSearchParams(request.body) : request.url.searchParams;
  const checked = checkMetadataRequest(
    request,
    "cloud-shell",
    host,
    form.get("resource") ?? request.url.searchParams.get("resource"),
  );
  if (!checked.ok) return checked.error;
  const resource = checked.value;
  if (!isCloudShellAudience(resource)) {
    return withDecision(
      jsonResponse(400, cloudShellAudienceNotSupported(resource)),
      deny("credential.mi-audience-not-supported", `${resource} is not on Cloud Shell's audience list`),
    );
  }
  const user = host.user;
  if (user === undefined) {
    throw new Error(`Cloud Shell host "${host.name}" has no signed-in user in the world`);
  }
  const issued = await issueV1Token(context, user, resource);
  return withDecision(
    jsonResponse(200, imdsTokenBody(issued, resource, undefined)),
    allow(`cloud-shell token for ${user.upn} resource ${resource}`),
  );
}
