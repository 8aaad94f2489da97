import type { EmulatorContext } from "../app/context.js";
import { allow, deny, type RequestDecision, withDecision } from "../app/request-decision.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import { EmulatorResponse } from "../http/emulator-response.js";
import type { Host } from "../world/model.js";
import { APP_SERVICE_IDENTITY_NOT_FOUND_MESSAGE } from "./error-bodies.js";
import type { ManagedIdentityHandlerDeps } from "./handler-deps.js";
import { isKnownResource } from "./known-resources.js";
import { chooseIdentity, readSelector } from "./select-identity.js";
import { appServiceTokenBody, issueV1Token, jsonResponse } from "./token-response.js";

/** The protocol version whose secret travels in the `secret` header instead of `X-IDENTITY-HEADER`. */
const LEGACY_API_VERSION = "2017-09-01";

function appServiceError(
  status: number,
  message: string,
  correlationId: string,
  decision: RequestDecision,
): EmulatorResponse {
  const response = jsonResponse(
    status,
    { statusCode: status, message, correlationId },
    { "x-correlation-id": correlationId },
  );
  return withDecision(response, decision);
}

/**
 * The App Service / Functions token service (`GET $IDENTITY_ENDPOINT?api-version=2019-08-01&resource=…`).
 * A missing or wrong `X-IDENTITY-HEADER` gets what the live service sends: 403 with an empty body
 * (Kestrel, `X-CORRELATION-ID` header; AzureAD/microsoft-authentication-library-for-dotnet#5245).
 * Identities are chosen by `client_id`, `object_id`/`principal_id` or `mi_res_id`; without a
 * selector only a system-assigned identity answers (a lone user-assigned one does not, unlike IMDS);
 * otherwise 400 `{"statusCode":400,"message":"Unable to load the proper Managed Identity.","correlationId":"…"}`.
 *
 * @example
 * return handleAppServiceTokenRequest(request, ctx, host, deps);
 */
export async function handleAppServiceTokenRequest(
  request: EmulatorRequest,
  context: EmulatorContext,
  host: Host,
  deps: ManagedIdentityHandlerDeps,
): Promise<EmulatorResponse> {
  const query = request.url.searchParams;
  const correlationId = deps.newId();
  const presented =
    request.headers.get("x-identity-header") ??
    (query.get("api-version") === LEGACY_API_VERSION ? request.headers.get("secret") : null);
  if (presented !== deps.identityHeader) {
    const response = new EmulatorResponse(403, null, { "x-correlation-id": correlationId });
    const which = presented === null ? "missing" : "wrong";
    return withDecision(
      response,
      deny(
        presented === null ? "no-credentials" : "invalid-credentials",
        `app-service ${host.name}: ${which} X-IDENTITY-HEADER`,
      ),
    );
  }

  const resource = query.get("resource");
  if (!resource) {
    return appServiceError(
      400,
      "The resource parameter is required.",
      correlationId,
      deny("invalid-request", `app-service ${host.name}: no resource`),
    );
  }

  const selector = readSelector(query, ["mi_res_id"], ["principal_id"]);
  const choice = chooseIdentity(host, selector, { singleUserAssignedDefault: false });
  if (!choice.ok) {
    const decision =
      choice.reason === "multiple-user-assigned"
        ? deny(
            "credential.mi-multiple-identities",
            `host ${host.name} has several user-assigned identities and no selector`,
          )
        : deny(
            "credential.mi-identity-not-assigned",
            `${selector === undefined ? "no system-assigned identity" : `no identity with ${selector.by} ${selector.value}`} on host ${host.name}`,
          );
    return appServiceError(400, APP_SERVICE_IDENTITY_NOT_FOUND_MESSAGE, correlationId, decision);
  }
  const { identity } = choice;

  if (!isKnownResource(context.world, identity.tenantId, resource)) {
    const tenant = context.world.tenants.find((t) => t.id === identity.tenantId);
    return appServiceError(
      400,
      `AADSTS500011: The resource principal named ${resource} was not found in the tenant named ${tenant?.name ?? identity.tenantId}. ` +
        "This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. " +
        "You might have sent your authentication request to the wrong tenant.",
      correlationId,
      deny("aadsts.500011", `no resource principal ${resource} in tenant ${identity.tenantId}`),
    );
  }
  const issued = await issueV1Token(context, identity, resource);
  return withDecision(
    jsonResponse(200, appServiceTokenBody(issued, resource, identity)),
    allow(`app-service token for ${identity.name} (${identity.clientId}) resource ${resource}`),
  );
}
