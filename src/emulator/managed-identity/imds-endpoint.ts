import type { EmulatorContext } from "../app/context.js";
import { allow, deny, withDecision } from "../app/request-decision.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import type { EmulatorResponse } from "../http/emulator-response.js";
import type { Host } from "../world/model.js";
import {
  IMDS_IDENTITY_NOT_FOUND,
  IMDS_MULTIPLE_IDENTITIES,
  imdsInvalidResourceDescription,
} from "./error-bodies.js";
import type { ManagedIdentityHandlerDeps } from "./handler-deps.js";
import { isKnownResource } from "./known-resources.js";
import { checkMetadataRequest } from "./request-check.js";
import { chooseIdentity, readSelector } from "./select-identity.js";
import { entraTimestamp, imdsTokenBody, issueV1Token, jsonResponse } from "./token-response.js";

/**
 * The 400 `invalid_resource` IMDS relays from Entra for a resource no principal answers to.
 *
 * @example
 * return invalidResourceResponse(ctx, deps, resource, identity.tenantId);
 */
export function invalidResourceResponse(
  context: EmulatorContext,
  deps: ManagedIdentityHandlerDeps,
  resource: string,
  tenantId: string,
): EmulatorResponse {
  const trailer = {
    traceId: deps.newId(),
    correlationId: deps.newId(),
    timestamp: entraTimestamp(context.clock.now()),
  };
  const response = jsonResponse(400, {
    error: "invalid_resource",
    error_description: imdsInvalidResourceDescription(resource, tenantId, trailer),
  });
  return withDecision(
    response,
    deny("aadsts.50001", `no resource principal ${resource} in tenant ${tenantId}`),
  );
}

/**
 * The Azure Instance Metadata Service token endpoint of a VM host
 * (`GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=…`), in IMDS's order:
 * the `Metadata: true` guard (which also answers `DefaultAzureCredential`'s header-less probe with
 * a 400, i.e. "available"), the `resource` variable, the identity (`client_id` / `object_id` /
 * `msi_res_id`; without one the system identity, else a lone user-assigned one), the resource.
 *
 * @example
 * return handleImdsTokenRequest(request, ctx, host, deps);
 */
export async function handleImdsTokenRequest(
  request: EmulatorRequest,
  context: EmulatorContext,
  host: Host,
  deps: ManagedIdentityHandlerDeps,
): Promise<EmulatorResponse> {
  const query = request.url.searchParams;
  const checked = checkMetadataRequest(request, "imds", host, query.get("resource"));
  if (!checked.ok) return checked.error;
  const resource = checked.value;

  const selector = readSelector(query, ["msi_res_id"]);
  const choice = chooseIdentity(host, selector, { singleUserAssignedDefault: true });
  if (!choice.ok) {
    const multiple = choice.reason === "multiple-user-assigned";
    const decision = multiple
      ? deny(
          "credential.mi-multiple-identities",
          `host ${host.name} has several user-assigned identities and no selector`,
        )
      : deny(
          "credential.mi-identity-not-assigned",
          `${selector === undefined ? "no identity" : `no identity with ${selector.by} ${selector.value}`} on host ${host.name}`,
        );
    return withDecision(
      jsonResponse(400, multiple ? IMDS_MULTIPLE_IDENTITIES : IMDS_IDENTITY_NOT_FOUND),
      decision,
    );
  }
  const { identity } = choice;
  if (!isKnownResource(context.world, identity.tenantId, resource)) {
    return invalidResourceResponse(context, deps, resource, identity.tenantId);
  }
  const issued = await issueV1Token(context, identity, resource);
  return withDecision(
    jsonResponse(200, imdsTokenBody(issued, resource, identity)),
    allow(`imds token for ${identity.name} (${identity.clientId}) resource ${resource}`),
  );
}
