const SAFE = { filtered: false, severity: "safe" } as const;

/**
 * Per-choice content filter results of a clean completion, as Azure prints them (keys sorted).
 * reference/wire-openai.md §3.
 *
 * @example
 * choice.content_filter_results = safeCompletionFilterResults();
 */
export function safeCompletionFilterResults(): Record<string, unknown> {
  return { hate: { ...SAFE }, self_harm: { ...SAFE }, sexual: { ...SAFE }, violence: { ...SAFE } };
}

/**
 * Prompt filter results of a clean prompt: the completion categories plus `jailbreak`, as in the
 * first streaming frame of reference/wire-openai.md §4.
 *
 * @example
 * safePromptFilterResults(0); // { prompt_index: 0, content_filter_results: { hate: ..., jailbreak: ... } }
 */
export function safePromptFilterResults(promptIndex: number): Record<string, unknown> {
  return {
    prompt_index: promptIndex,
    content_filter_results: {
      hate: { ...SAFE },
      jailbreak: { filtered: false, detected: false },
      self_harm: { ...SAFE },
      sexual: { ...SAFE },
      violence: { ...SAFE },
    },
  };
}
