import type { EmulatorContext } from "../app/context.js";
import { allow, withDecision } from "../app/request-decision.js";
import { err, ok, type Result } from "../app/result.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import type { EmulatorResponse } from "../http/emulator-response.js";
import type { Account, Deployment } from "../world/model.js";
import { prepareChatCompletion } from "./chat-completions.js";
import { prepareCompletion } from "./completions.js";
import { prepareEmbeddings } from "./embeddings.js";
import type { UnsupportedOperationName } from "./error-bodies.js";
import { findReadyDeployment } from "./find-deployment.js";
import type { InferenceCall, PreparedInference } from "./inference-call.js";
import { enforceRateLimit, type RateLimiter } from "./rate-limiter.js";
import {
  invalidJson,
  invalidRequest,
  modelRequired,
  noModelName,
  operationNotSupported,
  type Refusal,
  unknownModel,
} from "./refusal.js";
import { type ResponseMeta, refusalResponse } from "./response-headers.js";
import type { ResponseStore } from "./response-store.js";
import { prepareResponse } from "./responses.js";
import type { DataPlaneRoute } from "./route-request.js";

/**
 * The operations that run a model.
 *
 * @example
 * const op: InferenceOperation = "embeddings";
 */
export type InferenceOperation = "chat" | "completions" | "embeddings" | "responses";

interface InferenceSpec {
  kind: Deployment["kind"];
  /** Operation name in 429 messages (error-bodies.md §5). */
  rateLimitName: string;
  /** Operation name in OperationNotSupported messages. */
  unsupportedName: UnsupportedOperationName;
  prepare(call: InferenceCall): Result<PreparedInference, Refusal>;
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
  // Chat models answer the Responses API. The 429 operation name follows the others' pattern; no
  // public 429 of the Responses API was found.
  responses: {
    kind: "chat",
    rateLimitName: "Responses_Create",
    unsupportedName: "responses",
    prepare: prepareResponse,
  },
};

/**
 * Whether a routed operation runs a model.
 *
 * @example
 * isInference("list-models"); // false
 */
export function isInference(operation: DataPlaneRoute["operation"]): operation is InferenceOperation {
  return Object.hasOwn(INFERENCE, operation);
}

/**
 * An authorized inference request and what answering it needs.
 *
 * @example
 * const call: InferenceRequest = { ctx, request, account, route, operation: "chat", allowed, meta, newId, limiter, fingerprint, responses };
 */
export interface InferenceRequest {
  ctx: EmulatorContext;
  request: EmulatorRequest;
  account: Account;
  route: DataPlaneRoute;
  operation: InferenceOperation;
  /** Why the caller was allowed, for the log line. */
  allowed: string;
  /** The response headers so far; this step adds the deployment and the rate-limit headroom. */
  meta: ResponseMeta;
  newId: () => string;
  limiter: RateLimiter;
  /** The `system_fingerprint` of a deployment's model (memoised by the data plane). */
  fingerprint(deployment: Deployment): string;
  /** The data plane's stored responses (Responses API). */
  responses: ResponseStore;
}

function parseBody(text: string): Result<Record<string, unknown>, Refusal> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return err(invalidJson());
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return err(invalidRequest(`${text.trim().slice(0, 50)} is not of type 'object'`));
  }
  return ok(parsed as Record<string, unknown>);
}

/**
 * The deployment name a request without one in its path gives: the body's `model`, or on model
 * inference also the `x-ms-model-mesh-model-name` header; 400 when there is none (model inference
 * answers `no_model_name`, the OpenAI APIs `you must provide a model parameter`).
 */
function modelInBody(call: InferenceRequest, body: Record<string, unknown>): Result<string, Refusal> {
  if (typeof body.model === "string" && body.model !== "") return ok(body.model);
  if (call.route.form !== "models") return err(modelRequired());
  const header = call.request.headers.get("x-ms-model-mesh-model-name");
  return header === null || header === "" ? err(noModelName()) : ok(header);
}

/**
 * Chat completions, completions, embeddings and the Responses API, in Azure's order: (without a
 * deployment in the path: the body and its `model`), the deployment exists and is older than 5
 * minutes (404 `DeploymentNotFound`; model inference answers `unknown_model`), its model serves
 * the operation (400 `OperationNotSupported`), the body is JSON and valid for the operation, the
 * deployment's RPM / TPM (429 with `retry-after`), then the answer.
 *
 * @example
 * return serveInference({ ctx, request, account, route, operation: "chat", allowed, meta, ...plane });
 */
export function serveInference(call: InferenceRequest): EmulatorResponse {
  const { account, route, meta } = call;
  const spec = INFERENCE[call.operation];
  const now = call.ctx.clock.now();
  let body: Record<string, unknown> | undefined;
  let deploymentName = route.deploymentName ?? "";
  if (route.deploymentName === undefined) {
    const parsed = parseBody(call.request.body);
    if (!parsed.ok) return refusalResponse(parsed.error, meta);
    body = parsed.value;
    const model = modelInBody(call, body);
    if (!model.ok) return refusalResponse(model.error, meta);
    deploymentName = model.value;
  }
  const found = findReadyDeployment(account, deploymentName, now);
  if (!found.ok) {
    const refusal = route.form === "models" ? unknownModel(deploymentName, found.error.detail) : found.error;
    return refusalResponse(refusal, meta);
  }
  const deployment = found.value;
  meta.deploymentName = deployment.name;
  if (deployment.kind !== spec.kind) {
    return refusalResponse(operationNotSupported(call.operation, spec.unsupportedName, deployment), meta);
  }
  if (body === undefined) {
    const parsed = parseBody(call.request.body);
    if (!parsed.ok) return refusalResponse(parsed.error, meta);
    body = parsed.value;
  }

  const prepared = spec.prepare({
    deployment,
    body,
    created: Math.floor(now / 1000),
    newId: call.newId,
    systemFingerprint: call.fingerprint(deployment),
    account: account.resourceId,
    responses: call.responses,
  });
  if (!prepared.ok) return refusalResponse(prepared.error, meta);
  const { totalTokens } = prepared.value;

  const limit = enforceRateLimit(call.limiter, {
    account,
    deployment,
    operation: spec.rateLimitName,
    apiVersion: route.apiVersion ?? "v1",
    now,
    tokens: totalTokens,
  });
  if (!limit.ok) return refusalResponse(limit.error, meta);
  meta.remaining = limit.value;
  return withDecision(
    prepared.value.respond(meta),
    allow(`${call.allowed}; ${call.operation} on "${deployment.name}" (${totalTokens} tokens)`),
  );
}
