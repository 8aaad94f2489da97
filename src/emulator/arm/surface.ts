import type { EmulatorContext } from "../app/context.js";
import { allow, deny, withDecision } from "../app/request-decision.js";
import { type FaultShape, faultResponse } from "../faults/fault-response.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import { EmulatorResponse } from "../http/emulator-response.js";
import { headerSafe } from "../http/safe-text.js";
import type { Surface } from "../http/surface.js";
import { armError, MISSING_API_VERSION_MESSAGE } from "./arm-errors.js";
import { ARM_HOSTS, type ArmCloud, armCloudForHost } from "./arm-hosts.js";
import { type ArmRequest, pathOf, requireSubscription, same } from "./arm-request.js";
import { resolveArmScope } from "./arm-scope.js";
import { authenticateArmCaller } from "./authenticate-arm-caller.js";
import { routeCognitiveServices } from "./cognitive-services-routes.js";
import { routeRoleAssignments } from "./role-assignment-routes.js";
import { routeRoleDefinitions } from "./role-definition-routes.js";
import { getSubscription, listSubscriptions, listTenants } from "./subscription-routes.js";

/**
 * Options of {@link createArmSurface}.
 *
 * @example
 * const options: ArmSurfaceOptions = { newId: () => "00000000-0000-0000-0000-000000000000" };
 */
export interface ArmSurfaceOptions {
  /** GUID source for `x-ms-request-id` / `x-ms-correlation-request-id`; the context's `newId` by default. */
  newId?: () => string;
}

const DEFAULT_FAULT_CODES: Readonly<Record<number, [string, string]>> = {
  429: ["TooManyRequests", "The request is being throttled."],
  500: ["InternalServerError", "Encountered internal server error. Diagnostic information: timestamp ''."],
  502: ["BadGateway", "The gateway did not receive a response from the service."],
  503: ["ServiceUnavailable", "The service is unavailable."],
  504: ["GatewayTimeout", "The gateway did not receive a response within the specified time period."],
};

/** ARM's answer to an injected fault without a body: its `{"error":{"code","message"}}` for the status. */
const ARM_FAULT_SHAPE: FaultShape = {
  headers: { "content-type": "application/json; charset=utf-8" },
  defaultBody: (status) => {
    const [code, message] = DEFAULT_FAULT_CODES[status] ?? ["Error", `HTTP ${status}`];
    return JSON.stringify({ error: { code, message } });
  },
};

const ALLOWED = allow("");

function notFoundRoute(arm: ArmRequest): EmulatorResponse {
  arm.decision = deny("unrouted", `no ARM route for ${arm.request.method} ${pathOf(arm.segments)}`);
  return armError(404, "NotFound", `The emulator does not serve '${pathOf(arm.segments)}'.`);
}

function authorizationProviderIndex(segments: readonly string[]): number {
  for (let i = 0; i + 1 < segments.length; i += 1) {
    if (same(segments[i], "providers") && same(segments[i + 1], "Microsoft.Authorization")) return i;
  }
  return -1;
}

function routeAuthorization(arm: ArmRequest, index: number): EmulatorResponse {
  const scopeSegments = arm.segments.slice(0, index);
  const [collection, ...tail] = arm.segments.slice(index + 2);
  const isDefinitions = same(collection, "roleDefinitions");
  const isAssignments = same(collection, "roleAssignments");
  if (!isDefinitions && !isAssignments) return notFoundRoute(arm);
  if (scopeSegments.length === 0) {
    return isDefinitions ? routeRoleDefinitions(arm, undefined, tail) : notFoundRoute(arm);
  }
  if (!same(scopeSegments[0], "subscriptions") || scopeSegments[1] === undefined) return notFoundRoute(arm);
  const subscription = requireSubscription(arm, scopeSegments[1]);
  if (subscription instanceof EmulatorResponse) return subscription;
  const scope = resolveArmScope(arm.context.world, subscription, scopeSegments.slice(2));
  if (scope instanceof EmulatorResponse) {
    arm.decision = deny("not-found", `scope ${pathOf(scopeSegments)} not found`);
    return scope;
  }
  return isDefinitions ? routeRoleDefinitions(arm, scope, tail) : routeRoleAssignments(arm, scope, tail);
}

function route(arm: ArmRequest): EmulatorResponse {
  const { segments } = arm;
  const { method } = arm.request;
  if (segments.length === 1 && same(segments[0], "subscriptions") && method === "GET")
    return listSubscriptions(arm);
  if (segments.length === 1 && same(segments[0], "tenants") && method === "GET") return listTenants(arm);

  const authorizationIndex = authorizationProviderIndex(segments);
  if (authorizationIndex >= 0) return routeAuthorization(arm, authorizationIndex);

  if (!same(segments[0], "subscriptions") || segments[1] === undefined) return notFoundRoute(arm);
  const subscription = requireSubscription(arm, segments[1]);
  if (subscription instanceof EmulatorResponse) return subscription;
  const rest = segments.slice(2);
  if (rest.length === 0 && method === "GET") return getSubscription(arm, subscription);
  return routeCognitiveServices(arm, subscription, rest) ?? notFoundRoute(arm);
}

async function handleArm(
  request: EmulatorRequest,
  context: EmulatorContext,
  cloud: ArmCloud,
  newId: () => string,
): Promise<EmulatorResponse> {
  const fault = context.takeFault("arm", request.url.pathname);
  if (fault !== undefined) return faultResponse(fault, ARM_FAULT_SHAPE);

  const authentication = await authenticateArmCaller(request, context, cloud);
  if (!authentication.ok) return withDecision(authentication.response, authentication.decision);
  if (!request.url.searchParams.get("api-version")) {
    return withDecision(
      armError(400, "MissingApiVersionParameter", MISSING_API_VERSION_MESSAGE),
      deny("invalid-request", "no api-version"),
    );
  }
  const arm: ArmRequest = {
    request,
    context,
    caller: authentication.caller,
    cloud,
    segments: request.url.pathname.split("/").filter((s) => s !== ""),
    newId,
    decision: undefined,
  };
  const response = route(arm);
  return withDecision(response, arm.decision ?? ALLOWED);
}

/**
 * Creates the Azure Resource Manager surface (management.azure.com and its sovereign twins): the
 * subset `@azure/arm-authorization` v9 and `@azure/arm-cognitiveservices` v7 need — subscriptions,
 * tenants, Cognitive Services accounts (get, list, `listKeys`), deployments, built-in role
 * definitions, role assignments (list with `atScope()` / `assignedTo()` / `principalId eq`, get,
 * create, delete) — behind ARM's bearer authentication, subscription-tenant check and its own RBAC,
 * with ARM's error bodies. Every response carries `x-ms-request-id` and
 * `x-ms-correlation-request-id`.
 *
 * @example
 * const surface = createArmSurface();
 * const response = await surface.handle(request, ctx);
 */
export function createArmSurface(options: ArmSurfaceOptions = {}): Surface {
  return {
    name: "arm",
    claims: (request) => ARM_HOSTS.includes(request.host.toLowerCase()),
    async handle(request, context) {
      const newId = options.newId ?? context.newId;
      const cloud = armCloudForHost(request.host);
      if (cloud === undefined)
        return armError(404, "NotFound", `The host '${request.host}' is not an ARM endpoint.`);
      const response = await handleArm(request, context, cloud, newId);
      const requestId = newId();
      response.headers["x-ms-request-id"] = requestId;
      response.headers["x-ms-correlation-request-id"] = headerSafe(
        request.headers.get("x-ms-correlation-request-id") ?? requestId,
      );
      return response;
    },
  };
}
