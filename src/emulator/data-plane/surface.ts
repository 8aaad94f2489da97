import { CLOUD_NAMES, CLOUDS } from "../../knowledge/clouds.js";
import type { EmulatorContext } from "../app/context.js";
import { allow, withDecision } from "../app/request-decision.js";
import { createVerifiedTokenCache, type VerifiedTokenCache } from "../auth/verified-token-cache.js";
import { type FaultShape, faultResponse } from "../faults/fault-response.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import type { EmulatorResponse } from "../http/emulator-response.js";
import type { Surface } from "../http/surface.js";
import type { Account, Deployment } from "../world/model.js";
import { authenticateRequest } from "./authenticate-request.js";
import { authorizeRequest } from "./authorize-request.js";
import { INTERNAL_ERROR_BODY } from "./error-bodies.js";
import { findAccount } from "./find-account.js";
import { findDeployment } from "./find-deployment.js";
import { isInference, serveInference } from "./inference.js";
import { modelLabel, systemFingerprint } from "./inference-call.js";
import { deploymentList, deploymentResource, emptyAgentList, modelList } from "./list-resources.js";
import { checkNetworkRules } from "./network-rules.js";
import { createRateLimiter, type RateLimiter } from "./rate-limiter.js";
import { resourceNotFound, responseNotFound } from "./refusal.js";
import {
  jsonResponse,
  type ResponseMeta,
  refusalResponse,
  regionDisplayName,
  responseHeaders,
} from "./response-headers.js";
import { createResponseStore, inputItemsPage, type ResponseStore } from "./response-store.js";
import { createRouteCache, type RouteLookup } from "./route-cache.js";
import type { DataPlaneRoute } from "./route-request.js";

/**
 * Options of {@link createDataPlaneSurface}.
 *
 * @example
 * const options: DataPlaneSurfaceOptions = { newId: () => "00000000-0000-0000-0000-000000000000" };
 */
export interface DataPlaneSurfaceOptions {
  /** Source of request ids and completion ids; the context's `newId` by default. */
  newId?: () => string;
  /** Verified tokens kept (see `createVerifiedTokenCache`); default 1000. */
  tokenCacheSize?: number;
  /** Responses API answers kept for `GET /responses/{id}` and `previous_response_id`; default 1000. */
  responseCapacity?: number;
}

const DATA_PLANE_SUFFIXES: readonly string[] = CLOUD_NAMES.flatMap((name) => [
  ...CLOUDS[name].openAIHostSuffixes,
  CLOUDS[name].regionalHostSuffix,
]);

/**
 * Whether a virtual host looks like an Azure OpenAI / Cognitive Services data-plane host
 * (`<name>.openai.azure.com`, `<name>.cognitiveservices.azure.com`, `<name>.services.ai.azure.com`,
 * `<region>.api.cognitive.microsoft.com` and their sovereign twins).
 *
 * @example
 * isDataPlaneHost("contoso.openai.azure.com"); // true
 * isDataPlaneHost("management.azure.com"); // false
 */
export function isDataPlaneHost(host: string): boolean {
  const lower = host.toLowerCase();
  return DATA_PLANE_SUFFIXES.some((suffix) => lower.endsWith(suffix) && lower.length > suffix.length);
}

/**
 * What one data plane keeps between requests: its ids, rate-limit windows, verified tokens,
 * fingerprints and stored responses.
 */
interface DataPlane {
  newId: () => string;
  limiter: RateLimiter;
  tokens: VerifiedTokenCache;
  route: RouteLookup;
  fingerprint(deployment: Deployment): string;
  responses: ResponseStore;
}

/** The data plane's answer to an injected fault without a body: `{"error":{"code":"<status>",...}}`. */
function faultShape(meta: ResponseMeta): FaultShape {
  return {
    headers: responseHeaders(meta),
    defaultBody: (status, fault) =>
      JSON.stringify({
        error: {
          code: String(status),
          message: `The keyless emulator injected HTTP ${status} (fault ${fault.id}).`,
        },
      }),
  };
}

function answer(body: Record<string, unknown>, meta: ResponseMeta, detail: string): EmulatorResponse {
  return withDecision(jsonResponse(200, JSON.stringify(body), meta), allow(detail));
}

/**
 * One request through the data plane's steps, in Azure's order; each step gives its value or a
 * refusal, and the first refusal is the answer.
 */
async function serve(
  ctx: EmulatorContext,
  request: EmulatorRequest,
  plane: DataPlane,
  meta: ResponseMeta,
): Promise<EmulatorResponse> {
  const found = findAccount(ctx.world, request);
  if (!found.ok) return refusalResponse(found.error, meta);
  const { account } = found.value;
  meta.region = regionDisplayName(account.location);

  const fault = ctx.takeFault("data-plane", request.url.pathname);
  if (fault !== undefined) return faultResponse(fault, faultShape(meta));

  const network = checkNetworkRules(account, request, found.value.regional);
  if (!network.ok) return refusalResponse(network.error, meta);

  const routed = plane.route(request.method, request.url);
  if (!routed.ok) return refusalResponse(routed.error, meta);
  const { route } = routed.value;
  // Azure AI model inference is an AIServices account's endpoint; an OpenAI account has no `/models`.
  if (route.form === "models" && account.kind !== "AIServices") {
    return refusalResponse(
      resourceNotFound(`account ${account.name} is of kind OpenAI; model inference needs AIServices`),
      meta,
    );
  }
  const required = routed.value.required;
  if (!required.ok) return refusalResponse(required.error, meta);

  const caller = await authenticateRequest(ctx, request, found.value, route, plane.tokens);
  if (!caller.ok) return refusalResponse(caller.error, meta);

  const allowed = authorizeRequest(ctx, caller.value, account, route, required.value);
  if (!allowed.ok) return refusalResponse(allowed.error, meta);

  return operate(ctx, request, plane, { account, route, allowed: allowed.value, meta });
}

/** The operation itself (inference runs its own deployment, body and rate-limit steps). */
function operate(
  ctx: EmulatorContext,
  request: EmulatorRequest,
  plane: DataPlane,
  call: { account: Account; route: DataPlaneRoute; allowed: string; meta: ResponseMeta },
): EmulatorResponse {
  const { account, route, allowed, meta } = call;
  const operation = route.operation;
  if (isInference(operation)) {
    return serveInference({
      ctx,
      request,
      account,
      route,
      operation,
      allowed,
      meta,
      newId: plane.newId,
      limiter: plane.limiter,
      fingerprint: plane.fingerprint,
      responses: plane.responses,
    });
  }
  const responseId = route.responseId ?? "";
  switch (operation) {
    case "list-deployments":
      return answer(deploymentList(account), meta, `${allowed}; list deployments`);
    case "get-deployment": {
      const deployment = findDeployment(account, route.deploymentName ?? "");
      if (!deployment.ok) return refusalResponse(deployment.error, meta);
      return answer(deploymentResource(deployment.value), meta, `${allowed}; get deployment`);
    }
    case "list-models":
      return answer(
        modelList(account, route.form === "deployments" ? "deployments" : "v1", ctx.clock.now()),
        meta,
        `${allowed}; list models`,
      );
    case "list-agents":
      return answer(emptyAgentList(), meta, `${allowed}; list agents`);
    case "get-response": {
      const stored = plane.responses.get(account.resourceId, responseId);
      if (stored === undefined) return refusalResponse(responseNotFound(responseId), meta);
      return answer(stored.response, meta, `${allowed}; get response ${responseId}`);
    }
    case "list-response-input-items": {
      const stored = plane.responses.get(account.resourceId, responseId);
      if (stored === undefined) return refusalResponse(responseNotFound(responseId), meta);
      return answer(
        inputItemsPage(stored, request.url.searchParams),
        meta,
        `${allowed}; input items of response ${responseId}`,
      );
    }
    case "delete-response":
      if (!plane.responses.delete(account.resourceId, responseId)) {
        return refusalResponse(responseNotFound(responseId), meta);
      }
      // OpenAI's answer; openai-node ignores the body (responses.delete resolves to void).
      return answer(
        { id: responseId, object: "response", deleted: true },
        meta,
        `${allowed}; delete response ${responseId}`,
      );
    default:
      return refusalResponse(resourceNotFound(operation), meta);
  }
}

/**
 * The Azure OpenAI data plane: claims requests whose virtual host is a data-plane host name and
 * answers them as named steps in Azure's order, each giving its value or a refusal (built in
 * `refusal.ts`):
 *
 * 1. find the account by host (`find-account.ts`; 404 `Resource not found`), then any injected fault;
 * 2. network rules: public access, private endpoint, VNet, IP firewall (`network-rules.ts`; 403);
 * 3. route the request and find the data action it needs (`route-request.ts`; 404, also for a
 *    missing `api-version` on the dated form or `/models` on an OpenAI account; 400 for an
 *    `api-version` the v1 paths do not take);
 * 4. authenticate: `api-key`, or a Bearer token verified with its tenant's keys, the signature
 *    check skipped for a token this data plane verified before (`authenticate-request.ts`);
 * 5. authorize: Azure RBAC with propagation, on every request (`authorize-request.ts`; 401
 *    `PermissionDenied`);
 * 6. rate-limit and 7. the operation: chat,
 *    completions, embeddings and the Responses API (`inference.ts`: deployment exists and is ready,
 *    serves the operation, valid body, RPM / TPM 429, the answer), stored responses (get, delete,
 *    input items; `response-store.ts`), deployment and model lists, the Foundry agent list.
 *
 * Every response carries `apim-request-id`, `x-request-id` and `x-ms-region`, and its decision for
 * the request log, never a credential. Anything unexpected becomes a logged generic 500. Each
 * surface has its own rate-limit windows, verified-token cache and stored responses.
 *
 * @example
 * const surface = createDataPlaneSurface({ newId: () => "00000000-0000-0000-0000-000000000001" });
 * const response = await surface.handle(request, ctx);
 */
export function createDataPlaneSurface(options: DataPlaneSurfaceOptions = {}): Surface {
  const limiter = createRateLimiter();
  // A SHA-256 per model label, not per request.
  const fingerprints = new Map<string, string>();
  const fingerprint = (deployment: Deployment) => {
    const label = modelLabel(deployment);
    let known = fingerprints.get(label);
    if (known === undefined) {
      known = systemFingerprint(deployment);
      fingerprints.set(label, known);
    }
    return known;
  };
  const tokens = createVerifiedTokenCache(
    options.tokenCacheSize === undefined ? {} : { capacity: options.tokenCacheSize },
  );
  const responses = createResponseStore(options.responseCapacity);
  const route = createRouteCache();
  return {
    name: "data-plane",
    claims: (request) => isDataPlaneHost(request.host),
    async handle(request, ctx) {
      const newId = options.newId ?? ctx.newId;
      const clientRequestId = request.headers.get("x-ms-client-request-id");
      const meta: ResponseMeta = {
        requestId: newId(),
        region: "",
        ...(clientRequestId === null ? {} : { clientRequestId }),
      };
      try {
        return await serve(ctx, request, { newId, limiter, tokens, route, fingerprint, responses }, meta);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return withDecision(jsonResponse(500, INTERNAL_ERROR_BODY, meta), {
          outcome: "error",
          code: "internal",
          detail: message,
        });
      }
    },
  };
}
