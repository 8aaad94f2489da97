import { err, ok, type Result } from "../app/result.js";
import { safeCompletionFilterResults, safePromptFilterResults } from "./content-filter.js";
import { completionText } from "./generate-reply.js";
import {
  boundedInteger,
  type InferenceCall,
  maxTokensOf,
  modelLabel,
  objectId,
  type PreparedInference,
} from "./inference-call.js";
import { invalidRequest, type Refusal } from "./refusal.js";
import { jsonResponse } from "./response-headers.js";
import { streamedChoiceFrames, streamResponse, wantsStreamUsage } from "./sse.js";
import { countTextTokens, truncateToTokens } from "./token-count.js";

// The legacy completions API defaults max_tokens to 16 (OpenAI API reference, "max_tokens ... Defaults to 16").
const DEFAULT_MAX_TOKENS = 16;
const MAX_CHOICES = 128;

interface Prompt {
  text: string;
  tokens: number;
}

function isTokenArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === "number");
}

function readPrompts(prompt: unknown): Prompt[] | undefined {
  if (typeof prompt === "string") return [{ text: prompt, tokens: countTextTokens(prompt) }];
  if (isTokenArray(prompt)) return [{ text: "", tokens: prompt.length }];
  if (!Array.isArray(prompt) || prompt.length === 0) return undefined;
  const prompts: Prompt[] = [];
  for (const item of prompt) {
    if (typeof item === "string") prompts.push({ text: item, tokens: countTextTokens(item) });
    else if (isTokenArray(item)) prompts.push({ text: "", tokens: item.length });
    else return undefined;
  }
  return prompts;
}

/**
 * Validates a (legacy) completions request and prepares Azure's `text_completion` answer: one
 * choice per prompt and `n`, a deterministic continuation cut at `max_tokens` (default 16, as the
 * API documents) with `finish_reason: "length"`, honest usage, and SSE frames with `stream: true`
 * (prompt-filter frame, text frames, finish frame, optional usage frame, `data: [DONE]`).
 *
 * @example
 * const prepared = prepareCompletion(call);
 */
export function prepareCompletion(call: InferenceCall): Result<PreparedInference, Refusal> {
  const { body, deployment } = call;
  if (body.prompt === undefined || body.prompt === null)
    return err(invalidRequest("'prompt' is a required property", "prompt"));
  const prompts = readPrompts(body.prompt);
  if (prompts === undefined)
    return err(
      invalidRequest(`${JSON.stringify(body.prompt)} is not valid under any of the given schemas - 'prompt'`),
    );
  const checkedN = boundedInteger(body, "n", 1, MAX_CHOICES);
  if (!checkedN.ok) return checkedN;
  const n = checkedN.value;
  const checkedMax = maxTokensOf(body, "max_tokens");
  if (!checkedMax.ok) return checkedMax;
  const maxTokens = checkedMax.value;

  const perPrompt = n ?? 1;
  const choices = prompts.flatMap((prompt, promptIndex) => {
    const text = truncateToTokens(
      completionText(prompt.text, deployment.model),
      maxTokens ?? DEFAULT_MAX_TOKENS,
    );
    return Array.from({ length: perPrompt }, (_, i) => ({
      index: promptIndex * perPrompt + i,
      text: text.text,
      finishReason: text.truncated ? "length" : "stop",
    }));
  });
  const promptTokens = prompts.reduce((sum, p) => sum + p.tokens, 0);
  const completionTokens = choices.reduce((sum, c) => sum + countTextTokens(c.text), 0);
  const usage = {
    completion_tokens: completionTokens,
    prompt_tokens: promptTokens,
    total_tokens: promptTokens + completionTokens,
  };
  const id = objectId("cmpl", call.newId);
  const model = modelLabel(deployment);
  const promptFilters = prompts.map((_, i) => safePromptFilterResults(i));

  return ok({
    totalTokens: usage.total_tokens,
    respond(meta) {
      if (body.stream === true) {
        const choiceFrames = choices.flatMap((choice) => streamedChoiceFrames("text_completion", choice));
        return streamResponse(
          {
            identity: { id, created: call.created, model, object: "text_completion" },
            promptFilterResults: promptFilters,
            choiceFrames,
            ...(wantsStreamUsage(body) ? { usage } : {}),
          },
          meta,
        );
      }
      const payload = {
        choices: choices.map((choice) => ({
          content_filter_results: safeCompletionFilterResults(),
          finish_reason: choice.finishReason,
          index: choice.index,
          logprobs: null,
          text: choice.text,
        })),
        created: call.created,
        id,
        model,
        object: "text_completion",
        prompt_filter_results: promptFilters,
        usage,
      };
      return jsonResponse(200, JSON.stringify(payload), meta);
    },
  });
}
