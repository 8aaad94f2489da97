import { createHash } from "node:crypto";
import type { EmulatorResponse } from "../http/emulator-response.js";
import type { Deployment } from "../world/model.js";
import type { ResponseMeta } from "./response-headers.js";
import type { ResponseStore } from "./response-store.js";

/**
 * What an inference operation (chat, completions, embeddings) works on once the request is
 * authorized and its deployment found.
 *
 * @example
 * const call: InferenceCall = { deployment, body, created: 1_700_000_000, newId: () => randomUUID(), systemFingerprint: "fp_3c1e2a9b0d", account: account.resourceId, responses };
 */
export interface InferenceCall {
  deployment: Deployment;
  /** The parsed JSON body (an object). */
  body: Record<string, unknown>;
  /** Epoch seconds from the emulator clock, for `created`. */
  created: number;
  /** Random id source (UUID-like), injectable for tests. */
  newId: () => string;
  /** The deployment's `system_fingerprint` ({@link systemFingerprint}), computed once per model. */
  systemFingerprint: string;
  /** The account's ARM id: stored responses belong to it. */
  account: string;
  /** The data plane's stored responses (the Responses API reads and writes them). */
  responses: ResponseStore;
}

/**
 * A validated inference request, ready to answer once the rate limiter accepted its tokens.
 *
 * @example
 * const prepared = prepareChatCompletion(call);
 * if (prepared.ok) limiter.consume(deployment, now, prepared.value.totalTokens);
 */
export interface PreparedInference {
  /** Prompt plus completion tokens: what usage reports and what TPM is charged. */
  totalTokens: number;
  respond(meta: ResponseMeta): EmulatorResponse;
}

/**
 * The model string Azure prints in completions: model name and version, e.g. `gpt-4o-2024-11-20`.
 *
 * @example
 * modelLabel({ model: "gpt-4o", modelVersion: "2024-11-20" }); // "gpt-4o-2024-11-20"
 */
export function modelLabel(deployment: Pick<Deployment, "model" | "modelVersion">): string {
  return `${deployment.model}-${deployment.modelVersion}`;
}

/**
 * A stable `system_fingerprint` per model version (`fp_` + 10 hex digits).
 *
 * @example
 * systemFingerprint(deployment); // "fp_3c1e2a9b0d"
 */
export function systemFingerprint(deployment: Pick<Deployment, "model" | "modelVersion">): string {
  return `fp_${createHash("sha256").update(modelLabel(deployment)).digest("hex").slice(0, 10)}`;
}

/**
 * An OpenAI-style object id: prefix plus 29 alphanumerics derived from a fresh random id.
 *
 * @example
 * objectId("chatcmpl", () => "0b7c6d8e-..."); // "chatcmpl-0b7c6d8e..."
 */
export function objectId(prefix: string, newId: () => string): string {
  const raw = `${newId()}${newId()}`.replace(/[^A-Za-z0-9]/g, "");
  return `${prefix}-${raw.slice(0, 29)}`;
}

/**
 * Reads an optional positive integer field; `undefined` when absent, `null` when present but invalid.
 *
 * @example
 * positiveInteger({ n: 2 }, "n"); // 2
 */
export function positiveInteger(body: Record<string, unknown>, field: string): number | undefined | null {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  return typeof value === "number" && Number.isInteger(value) && value >= 1 ? value : null;
}
