import { randomUUID } from "node:crypto";
import { CLOUD_NAMES, CLOUDS } from "../../knowledge/clouds.js";
import { dataActionForRequest } from "../../knowledge/data-actions.js";
import type { EmulatorContext } from "../context.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import type { Surface } from "../http/surface.js";
import { withDecision } from "../request-decision.js";
import type { Account, Deployment } from "../world/model.js";
import { authenticateRequest } from "./authenticate-request.js";
import { prepareChatCompletion } from "./chat-completions.js";
import { prepareCompletion } from "./completions.js";
import { prepareEmbeddings } from "./embeddings.js";
import {
  DEPLOYMENT_NOT_FOUND_BODY,
  INTERNAL_ERROR_BODY,
  INVALID_JSON_BODY,
  invalidRequestBody,
  operationNotSupportedBody,
  RESOURCE_NOT_FOUND_BODY,
  rateLimitBody,
  type UnsupportedOperationName,
} from "./error-bodies.js";
import { respondToDataPlaneFault } from "./fault-response.js";
import { findAccountsForHost, pickAccount } from "./find-account.js";
import type { InferenceCall, PreparedInference } from "./inference-call.js";
import { deploymentList, deploymentResource, emptyAgentList, modelList } from "./list-resources.js";
import { checkNetworkRules } from "./network-rules.js";
import { consumeRateLimit } from "./rate-limiter.js";
import type { Refusal } from "./refusal.js";
import { jsonResponse, type ResponseMeta, regionDisplayName } from "./response-headers.js";
import { type DataPlaneOperation, type DataPlaneRoute, routeRequest } from "./route-request.js";

/**
 * Options of {@link createDataPlaneSurface}.
 *
 * @example
 * const options: DataPlaneSurfaceOptions = { newId: () => "00000000-0000-0000-0000-000000000000" };
 */
export interface DataPlaneSurfaceOptions {
  /** Source of request ids and completion ids; `crypto.randomUUID` by default. */
  newId?: () => string;
}

// "If you created the deployment within the last 5 minutes, please wait" (DeploymentNotFound body).
const DEPLOYMENT_READY_MS = 5 * 60_000;

type InferenceOperation = "chat" | "completions" | "embeddings";

interface InferenceSpec {
  kind: Deployment["kind"];
  /** Operation name in 429 messages (error-bodies.md §5). */
  rateLimitName: string;
  /** Operation name in OperationNotSupported messages. */
  unsupportedName: UnsupportedOperationName;
  prepare(call: InferenceCall): PreparedInference | Refusal;
}

const INFERENCE: Readonly<Record<InferenceOperation, InferenceSpec>> = {
  chat: {
    kind: "chat",
    rateLimitName: "ChatCompletions_Create",
    unsupportedName: "chatCompletion",
    prepare: prepareChatCompletion,
  },
  completions: {
    kind: "completions",
    rateLimitName: "Completions_Create",
    unsupportedName: "completion",
    prepare: prepareCompletion,
  },
  embeddings: {
    kind: "embeddings",
    rateLimitName: "Embeddings_Create",
    unsupportedName: "embeddings",
    prepare: prepareEmbeddings,
  },
};

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

interface Outcome {
  response: Response;
  decision: string;
}

function isInference(operation: DataPlaneOperation): operation is InferenceOperation {
  return operation === "chat" || operation === "completions" || operation === "embeddings";
}

function refuse(refusal: Refusal, meta: ResponseMeta): Outcome {
  return {
    response: jsonResponse(refusal.status, refusal.body, meta, refusal.headers),
    decision: refusal.decision,
  };
}

function ok(body: Record<string, unknown>, meta: ResponseMeta, decision: string): Outcome {
  return { response: jsonResponse(200, JSON.stringify(body), meta), decision };
}

function findDeployment(account: Account, name: string, now: number): Deployment | Refusal {
  const deployment = account.deployments.find((d) => d.name === name);
  if (deployment === undefined) {
    return {
      status: 404,
      body: DEPLOYMENT_NOT_FOUND_BODY,
      decision: `deny resource.deployment-not-found: account ${account.name} has no deployment "${name}"`,
    };
  }
  if (now - deployment.createdAt < DEPLOYMENT_READY_MS) {
    const seconds = Math.ceil((deployment.createdAt + DEPLOYMENT_READY_MS - now) / 1000);
    return {
      status: 404,
      body: DEPLOYMENT_NOT_FOUND_BODY,
      decision: `deny resource.deployment-not-found: deployment "${name}" of account ${account.name} is ready in ${seconds} s`,
    };
  }
  return deployment;
}

function parseBody(text: string): Record<string, unknown> | Refusal {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {
      status: 400,
      body: INVALID_JSON_BODY,
      decision: "deny request.invalid-json: the body is not JSON",
    };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    const message = `${text.trim().slice(0, 50)} is not of type 'object'`;
    return { status: 400, body: invalidRequestBody(message), decision: `deny request.invalid: ${message}` };
  }
  return parsed as Record<string, unknown>;
}

function isRefusal(value: object): value is Refusal {
  return "status" in value && "decision" in value && "body" in value;
}

async function serveInference(
  ctx: EmulatorContext,
  request: EmulatorRequest,
  account: Account,
  route: DataPlaneRoute & { operation: InferenceOperation },
  meta: ResponseMeta,
  allow: string,
  newId: () => string,
): Promise<Outcome> {
  const spec = INFERENCE[route.operation];
  const now = ctx.clock.now();
  let body: Record<string, unknown> | undefined;
  let deploymentName = route.deploymentName;
  if (route.form === "v1") {
    const parsed = parseBody(request.body);
    if (isRefusal(parsed)) return refuse(parsed, meta);
    body = parsed;
    if (typeof body.model !== "string" || body.model === "") {
      return refuse(
        {
          status: 400,
          body: invalidRequestBody("you must provide a model parameter"),
          decision: "deny request.invalid: the v1 API needs the deployment name in `model`",
        },
        meta,
      );
    }
    deploymentName = body.model;
  }
  const found = findDeployment(account, deploymentName ?? "", now);
  if (isRefusal(found)) return refuse(found, meta);
  const deployment = found;
  const withDeployment: ResponseMeta = { ...meta, deploymentName: deployment.name };
  if (deployment.kind !== spec.kind) {
    return refuse(
      {
        status: 400,
        body: operationNotSupportedBody(spec.unsupportedName, deployment.model),
        decision: `deny request.operation-not-supported: ${route.operation} on ${deployment.kind} deployment "${deployment.name}" (${deployment.model})`,
      },
      withDeployment,
    );
  }
  if (body === undefined) {
    const parsed = parseBody(request.body);
    if (isRefusal(parsed)) return refuse(parsed, withDeployment);
    body = parsed;
  }

  const prepared = spec.prepare({ deployment, body, created: Math.floor(now / 1000), newId });
  if (isRefusal(prepared)) return refuse(prepared, withDeployment);

  const limit = consumeRateLimit(deployment, now, prepared.totalTokens);
  if (!limit.allowed) {
    const apiVersion = route.apiVersion ?? "v1";
    const tier = account.kind === "AIServices" ? "AIServices S0" : "OpenAI S0";
    return refuse(
      {
        status: 429,
        body: rateLimitBody({
          operation: spec.rateLimitName,
          apiVersion,
          kind: limit.kind,
          tier,
          retryAfterSeconds: limit.retryAfterSeconds,
        }),
        headers: { "retry-after": String(limit.retryAfterSeconds) },
        decision: `deny rate-limit.${limit.kind === "call" ? "rpm" : "tpm"}: deployment "${deployment.name}" (rpm ${deployment.rpm ?? "-"}, tpm ${deployment.tpm ?? "-"}); retry after ${limit.retryAfterSeconds} s`,
      },
      { ...withDeployment, remaining: limit.remaining },
    );
  }
  const response = prepared.respond({ ...withDeployment, remaining: limit.remaining });
  return {
    response,
    decision: `${allow}; ${route.operation} on "${deployment.name}" (${prepared.totalTokens} tokens)`,
  };
}

async function serve(
  ctx: EmulatorContext,
  request: EmulatorRequest,
  newId: () => string,
  meta: ResponseMeta,
): Promise<Outcome> {
  const target = findAccountsForHost(ctx.world, request.host);
  if (target === undefined) {
    return refuse(
      {
        status: 404,
        body: RESOURCE_NOT_FOUND_BODY,
        decision: `deny endpoint.unknown: no account serves ${request.host}`,
      },
      meta,
    );
  }
  const account = pickAccount(
    target,
    request.headers.get("api-key") ?? request.headers.get("ocp-apim-subscription-key"),
  );
  const accountMeta: ResponseMeta = { ...meta, region: regionDisplayName(account.location) };

  const fault = ctx.takeFault("data-plane", request.url.pathname);
  if (fault !== undefined) {
    const response = respondToDataPlaneFault(fault, accountMeta);
    return { response, decision: `fault ${fault.id}: injected ${String(fault.status)}` };
  }

  const network = checkNetworkRules(account, request, target.regional);
  if (network !== undefined) return refuse(network, accountMeta);

  const route = routeRequest(request.method, request.url);
  if ("unrouted" in route) {
    return refuse(
      { status: 404, body: RESOURCE_NOT_FOUND_BODY, decision: `deny resource.not-found: ${route.unrouted}` },
      accountMeta,
    );
  }
  const required = dataActionForRequest(request.method, route.path);
  if (required === undefined) {
    return refuse(
      {
        status: 404,
        body: RESOURCE_NOT_FOUND_BODY,
        decision: `deny resource.not-found: no data action for ${route.path}`,
      },
      accountMeta,
    );
  }

  const auth = await authenticateRequest(ctx, request, account, route, required, target.regional);
  if ("status" in auth) return refuse(auth, accountMeta);

  switch (route.operation) {
    case "list-deployments":
      return ok(deploymentList(account), accountMeta, `${auth.decision}; list deployments`);
    case "get-deployment": {
      const deployment = account.deployments.find((d) => d.name === route.deploymentName);
      if (deployment === undefined) {
        return refuse(
          {
            status: 404,
            body: DEPLOYMENT_NOT_FOUND_BODY,
            decision: `deny resource.deployment-not-found: account ${account.name} has no deployment "${route.deploymentName ?? ""}"`,
          },
          accountMeta,
        );
      }
      return ok(deploymentResource(deployment), accountMeta, `${auth.decision}; get deployment`);
    }
    case "list-models":
      return ok(
        modelList(account, route.form === "v1" ? "v1" : "deployments", ctx.clock.now()),
        accountMeta,
        `${auth.decision}; list models`,
      );
    case "list-agents":
      if (!account.projects.includes(route.projectName ?? "")) {
        return refuse(
          {
            status: 404,
            body: RESOURCE_NOT_FOUND_BODY,
            decision: `deny resource.not-found: account ${account.name} has no project "${route.projectName ?? ""}"`,
          },
          accountMeta,
        );
      }
      return ok(emptyAgentList(), accountMeta, `${auth.decision}; list agents`);
    default:
      if (isInference(route.operation)) {
        return serveInference(
          ctx,
          request,
          account,
          route as DataPlaneRoute & { operation: InferenceOperation },
          accountMeta,
          auth.decision,
          newId,
        );
      }
      return refuse(
        {
          status: 404,
          body: RESOURCE_NOT_FOUND_BODY,
          decision: `deny resource.not-found: ${route.operation}`,
        },
        accountMeta,
      );
  }
}

/**
 * The Azure OpenAI data plane: claims requests whose virtual host is a data-plane host name and
 * answers them in Azure's order: account by host; injected fault; network rules (public access,
 * private endpoint, VNet, IP firewall); routing (404 `Resource not found`, also for a missing
 * `api-version` on the deployments form); `api-key` / Bearer token and RBAC
 * (`authenticate-request.ts`); then per operation: deployment exists and is older than 5 minutes
 * (404 `DeploymentNotFound`), its model serves the operation (400 `OperationNotSupported`), the body
 * is JSON, per-deployment RPM/TPM (429 with `retry-after`), and the answer (chat, completions,
 * embeddings, deployment and model lists, Foundry agent list). Every response carries
 * `apim-request-id`, `x-request-id` and `x-ms-region`, and the decision header (the request handler
 * moves it into the request log) with the reason, never a credential. Anything unexpected becomes a logged generic 500.
 *
 * @example
 * const surface = createDataPlaneSurface({ newId: () => "00000000-0000-0000-0000-000000000001" });
 * const response = await surface.handle(request, ctx);
 */
export function createDataPlaneSurface(options: DataPlaneSurfaceOptions = {}): Surface {
  const newId = options.newId ?? randomUUID;
  return {
    name: "data-plane",
    claims: (request) => isDataPlaneHost(request.host),
    async handle(request, ctx) {
      const clientRequestId = request.headers.get("x-ms-client-request-id");
      const meta: ResponseMeta = {
        requestId: newId(),
        region: "",
        ...(clientRequestId === null ? {} : { clientRequestId }),
      };
      let outcome: Outcome;
      try {
        outcome = await serve(ctx, request, newId, meta);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        outcome = {
          response: jsonResponse(500, INTERNAL_ERROR_BODY, meta),
          decision: `error: ${message}`,
        };
      }
      return withDecision(outcome.response, outcome.decision);
    },
  };
}

/**
 * The data-plane surface with default options, for the emulator's request handler table.
 *
 * @example
 * const surfaces: Surface[] = [entraSurface, managedIdentitySurface, armSurface, dataPlaneSurface];
 */
export const dataPlaneSurface: Surface = createDataPlaneSurface();
