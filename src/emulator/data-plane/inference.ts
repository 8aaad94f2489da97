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
  operationNotSupported,
  type Refusal,
} from "./refusal.js";
import { type ResponseMeta, refusalResponse } from "./response-headers.js";
import type { DataPlaneRoute } from "./route-request.js";

/**
 * The operations that run a model.
 *
 * @example
 * const op: InferenceOperation = "embeddings";
 */
export type InferenceOperation = "chat" | "completions" | "embeddings";

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
 * const call: InferenceRequest = { ctx, request, account, route, operation: "chat", allowed, meta, newId, limiter, fingerprint };
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
 * Chat completions, completions and embeddings, in Azure's order: (v1: the body and its `model`),
 * the deployment exists and is older than 5 minutes (404 `DeploymentNotFound`), its model serves
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
  if (route.form === "v1") {
    const parsed = parseBody(call.request.body);
    if (!parsed.ok) return refusalResponse(parsed.error, meta);
    body = parsed.value;
    if (typeof body.model !== "string" || body.model === "") return refusalResponse(modelRequired(), meta);
    deploymentName = body.model;
  }
  const found = findReadyDeployment(account, deploymentName, now);
  if (!found.ok) return refusalResponse(found.error, meta);
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
