import type { EmulatorContext } from "../app/context.js";
import { allow, type DecisionCode, deny, withDecision } from "../app/request-decision.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import type { EmulatorResponse } from "../http/emulator-response.js";
import type { Host } from "../world/model.js";
import type { ManagedIdentityHandlerDeps } from "./handler-deps.js";
import { isKnownResource } from "./known-resources.js";
import { issueV1Token, jsonResponse } from "./token-response.js";

const SUPPORTED_API_VERSION = "2019-07-01-preview";

function serviceFabricError(
  status: number,
  code: string,
  message: string,
  correlationId: string,
  reason: DecisionCode,
): EmulatorResponse {
  return withDecision(
    jsonResponse(status, { error: { correlationId, code, message } }),
    deny(reason, `service-fabric ${code}`),
  );
}

/**
 * Service Fabric's managed identity token endpoint
 * (`GET $IDENTITY_ENDPOINT?api-version=2019-07-01-preview&resource=…` with header `secret: $IDENTITY_HEADER`),
 * with the error codes and messages of the Service Fabric docs ("Error handling"):
 * `SecretHeaderNotFound`, `ManagedIdentityNotFound` (wrong secret or no identity),
 * `ArgumentNullOrEmpty`, `InvalidApiVersion`. The application's identity is the host's
 * system-assigned one; selectors are not part of the protocol.
 *
 * @example
 * return handleServiceFabricTokenRequest(request, ctx, host, deps);
 */
export async function handleServiceFabricTokenRequest(
  request: EmulatorRequest,
  context: EmulatorContext,
  host: Host,
  deps: ManagedIdentityHandlerDeps,
): Promise<EmulatorResponse> {
  const correlationId = deps.newId();
  const query = request.url.searchParams;
  const apiVersion = query.get("api-version") ?? "";
  if (apiVersion !== SUPPORTED_API_VERSION) {
    return serviceFabricError(
      400,
      "InvalidApiVersion",
      `The api-version '${apiVersion}' is not supported. Supported version is '${SUPPORTED_API_VERSION}'.`,
      correlationId,
      "invalid-request",
    );
  }
  const secret = request.headers.get("secret");
  if (secret === null) {
    return serviceFabricError(
      401,
      "SecretHeaderNotFound",
      "Secret is not found in the request headers.",
      correlationId,
      "no-credentials",
    );
  }
  const identity = host.identities.find((i) => i.identityKind === "system") ?? host.identities[0];
  if (secret !== deps.identityHeader || identity === undefined) {
    return serviceFabricError(
      404,
      "ManagedIdentityNotFound",
      "Managed identity not found for the specified application host.",
      correlationId,
      secret === deps.identityHeader ? "credential.mi-identity-not-assigned" : "invalid-credentials",
    );
  }
  const resource = query.get("resource");
  if (!resource) {
    return serviceFabricError(
      400,
      "ArgumentNullOrEmpty",
      "The parameter 'resource' should not be null or empty string.",
      correlationId,
      "invalid-request",
    );
  }
  if (!isKnownResource(context.world, identity.tenantId, resource)) {
    return serviceFabricError(
      500,
      "InternalServerError",
      "An error occurred.",
      correlationId,
      "aadsts.500011",
    );
  }
  const issued = await issueV1Token(context, identity, resource);
  const response = jsonResponse(200, {
    token_type: "Bearer",
    access_token: issued.accessToken,
    expires_on: issued.expiresOn,
    resource,
  });
  return withDecision(
    response,
    allow(`service-fabric token for ${identity.name} (${identity.clientId}) resource ${resource}`),
  );
}
