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
