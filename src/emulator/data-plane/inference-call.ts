import { createHash } from "node:crypto";
import { err, ok, type Result } from "../app/result.js";
import type { EmulatorResponse } from "../http/emulator-response.js";
import type { Deployment } from "../world/model.js";
import { invalidRequest, type Refusal } from "./refusal.js";
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

const NOT_ALPHANUMERIC = /[^A-Za-z0-9]/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An OpenAI-style object id: prefix plus 29 alphanumerics derived from a fresh random id (a UUID
 * gives 32; a shorter id source is asked again until there are 29).
 *
 * @example
 * objectId("chatcmpl", () => "0b7c6d8e-..."); // "chatcmpl-0b7c6d8e..."
 */
export function objectId(prefix: string, newId: () => string): string {
  let raw = "";
  for (let attempt = 0; raw.length < 29 && attempt < 8; attempt += 1) {
    const id = newId();
    // A canonical UUID (what randomUUID gives, on every request): its 32 hex digits.
    raw += UUID.test(id)
      ? `${id.slice(0, 8)}${id.slice(9, 13)}${id.slice(14, 18)}${id.slice(19, 23)}${id.slice(24)}`
      : id.replace(NOT_ALPHANUMERIC, "");
  }
  return `${prefix}-${raw.slice(0, 29)}`;
}

/**
 * Token usage as JSON text, in the key order Azure prints it (the bytes `JSON.stringify` gives).
 *
 * @example
 * usageJson({ completion_tokens: 5, prompt_tokens: 9, total_tokens: 14 });
 * // '{"completion_tokens":5,"prompt_tokens":9,"total_tokens":14}'
 */
export function usageJson(usage: {
  completion_tokens: number;
  prompt_tokens: number;
  total_tokens: number;
}): string {
  return `{"completion_tokens":${usage.completion_tokens},"prompt_tokens":${usage.prompt_tokens},"total_tokens":${usage.total_tokens}}`;
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

/**
 * Reads an optional integer field bounded by `min`..`max` the way the OpenAI API Azure serves
 * checks it: `ok(undefined)` when absent (or null), else the number, or the 400 Azure answers in
 * OpenAI's wording, `Invalid type for 'n': expected an integer, but got an object instead.`
 * (`invalid_type`), `Invalid 'n': integer below minimum value. Expected a value >= 1, but got 0
 * instead.` (`integer_below_min_value`) or `... integer above maximum value. Expected a value <= 128,
 * but got 129 instead.` (`integer_above_max_value`). Values are shown as JSON, never through
 * `String()`, so `{"toString": 0}` is an answer, not an exception.
 *
 * @example
 * const n = boundedInteger(body, "n", 1, 128);
 * if (!n.ok) return n;
 */
export function boundedInteger(
  body: Record<string, unknown>,
  field: string,
  min: number,
  max: number,
): Result<number | undefined, Refusal> {
  const value = body[field];
  if (value === undefined || value === null) return ok(undefined);
  if (typeof value !== "number" || !Number.isInteger(value)) {
    return err(
      invalidRequest(
        `Invalid type for '${field}': expected an integer, but got ${jsonTypeName(value)} instead.`,
        field,
        "invalid_type",
      ),
    );
  }
  if (value < min) {
    return err(
      invalidRequest(
        `Invalid '${field}': integer below minimum value. Expected a value >= ${min}, but got ${shownValue(value)} instead.`,
        field,
        "integer_below_min_value",
      ),
    );
  }
  if (value > max) {
    return err(
      invalidRequest(
        `Invalid '${field}': integer above maximum value. Expected a value <= ${max}, but got ${shownValue(value)} instead.`,
        field,
        "integer_above_max_value",
      ),
    );
  }
  return ok(value);
}

/**
 * How OpenAI's validation names a JSON value's type (`a decimal` for a non-integer number).
 *
 * @example
 * jsonTypeName({}); // "an object"
 */
export function jsonTypeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a decimal";
  if (typeof value === "boolean") return "a boolean";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * A request value as error text: strings as they are, anything else as JSON (never `String()`,
 * which throws for `{"toString": 0}`), cut to 200 characters.
 *
 * @example
 * shownValue({ toString: 0 }); // '{"toString":0}'
 */
export function shownValue(value: unknown): string {
  let text: string;
  try {
    text = typeof value === "string" ? value : (JSON.stringify(value) ?? typeof value);
  } catch {
    text = typeof value;
  }
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/**
 * The most completion tokens any model Azure OpenAI serves writes in one answer (the o-series'
 * 100,000); a larger `max_tokens` gets the API's "too large" 400.
 *
 * @example
 * MAX_COMPLETION_TOKENS; // 100000
 */
export const MAX_COMPLETION_TOKENS = 100_000;

/**
 * `max_tokens` / `max_completion_tokens`: an integer >= 1 (see {@link boundedInteger}) and at most
 * {@link MAX_COMPLETION_TOKENS}, above which the API answers `max_tokens is too large: 200000. This
 * model supports at most 100000 completion tokens, whereas you provided 200000.` (`invalid_value`).
 *
 * @example
 * const max = maxTokensOf(body, "max_tokens");
 */
export function maxTokensOf(
  body: Record<string, unknown>,
  field: string,
): Result<number | undefined, Refusal> {
  const checked = boundedInteger(body, field, 1, Number.MAX_SAFE_INTEGER);
  if (!checked.ok || checked.value === undefined || checked.value <= MAX_COMPLETION_TOKENS) return checked;
  return err(
    invalidRequest(
      `${field} is too large: ${checked.value}. This model supports at most ${MAX_COMPLETION_TOKENS} completion tokens, whereas you provided ${checked.value}.`,
      field,
      "invalid_value",
    ),
  );
}
