const SAFE = Object.freeze({ filtered: false, severity: "safe" } as const);

// Shared and frozen: every answer only serialises them, and a chat answer or stream would
// otherwise build a dozen identical objects per request.
const COMPLETION_FILTER_RESULTS = Object.freeze({
  hate: SAFE,
  self_harm: SAFE,
  sexual: SAFE,
  violence: SAFE,
});
const PROMPT_FILTER_RESULTS = Object.freeze({
  hate: SAFE,
  jailbreak: Object.freeze({ filtered: false, detected: false }),
  self_harm: SAFE,
  sexual: SAFE,
  violence: SAFE,
});

/**
 * Per-choice content filter results of a clean completion, as Azure prints them (keys sorted).
 * reference/wire-openai.md §3. Read-only (shared by every answer).
 *
 * @example
 * const choice = { content_filter_results: safeCompletionFilterResults(), finish_reason: "stop" };
 */
export function safeCompletionFilterResults(): Readonly<Record<string, unknown>> {
  return COMPLETION_FILTER_RESULTS;
}

/**
 * Prompt filter results of a clean prompt: the completion categories plus `jailbreak`, as in the
 * first streaming frame of reference/wire-openai.md §4.
 *
 * @example
 * safePromptFilterResults(0); // { prompt_index: 0, content_filter_results: { hate: ..., jailbreak: ... } }
 */
export function safePromptFilterResults(promptIndex: number): Record<string, unknown> {
  return { prompt_index: promptIndex, content_filter_results: PROMPT_FILTER_RESULTS };
}

const NOT_DETECTED = Object.freeze({ filtered: false, detected: false } as const);
const RESPONSES_COMPLETION_FILTER_RESULTS = Object.freeze({
  ...COMPLETION_FILTER_RESULTS,
  protected_material_code: NOT_DETECTED,
  protected_material_text: NOT_DETECTED,
});

/**
 * {@link safeCompletionFilterResults} as JSON text, serialised once: the non-streamed answers are
 * built around it (`JSON.stringify` of the frozen objects costs several microseconds per answer).
 *
 * @example
 * `{"content_filter_results":${SAFE_COMPLETION_FILTER_JSON},"finish_reason":"stop"}`;
 */
export const SAFE_COMPLETION_FILTER_JSON: string = JSON.stringify(COMPLETION_FILTER_RESULTS);

const PROMPT_FILTER_RESULTS_JSON = JSON.stringify(PROMPT_FILTER_RESULTS);

/**
 * {@link safePromptFilterResults} as JSON text, the same bytes `JSON.stringify` gives.
 *
 * @example
 * safePromptFilterJson(0); // '{"prompt_index":0,"content_filter_results":{"hate":...}}'
 */
export function safePromptFilterJson(promptIndex: number): string {
  return `{"prompt_index":${promptIndex},"content_filter_results":${PROMPT_FILTER_RESULTS_JSON}}`;
}

/**
 * The `content_filters` of a completed Responses API answer (Azure only; `null` while in
 * progress): a clean prompt entry (with `jailbreak`) and a clean completion entry (with the
 * protected-material checks), each with the character offsets it covered, as in the recorded Azure
 * answer vercel/ai `packages/azure/src/__fixtures__/azure-text.1.json`.
 *
 * @example
 * responsesContentFilters(12, 4)[1]; // { blocked: false, source_type: "completion", ... }
 */
export function responsesContentFilters(promptChars: number, completionChars: number): unknown[] {
  const entry = (sourceType: string, results: unknown, end: number) => ({
    blocked: false,
    source_type: sourceType,
    content_filter_raw: null,
    content_filter_results: results,
    content_filter_offsets: { start_offset: 0, end_offset: end, check_offset: 0 },
  });
  return [
    entry("prompt", PROMPT_FILTER_RESULTS, promptChars),
    entry("completion", RESPONSES_COMPLETION_FILTER_RESULTS, completionChars),
  ];
}
