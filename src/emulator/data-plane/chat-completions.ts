import { safeCompletionFilterResults, safePromptFilterResults } from "./content-filter.js";
import { chatReplyText, streamPieces } from "./generate-reply.js";
import {
  type InferenceCall,
  modelLabel,
  objectId,
  type PreparedInference,
  positiveInteger,
  systemFingerprint,
} from "./inference-call.js";
import type { Refusal } from "./refusal.js";
import { invalidRequest } from "./refusal.js";
import { jsonResponse } from "./response-headers.js";
import { sseResponse } from "./sse.js";
import { countChatPromptTokens, countTextTokens, truncateToTokens } from "./token-count.js";

const MAX_CHOICES = 128;

/**
 * Validates a chat completions request and prepares Azure's answer (reference/wire-openai.md §3–4):
 * `n` identical deterministic choices quoting the last user message, cut at
 * `max_completion_tokens` / `max_tokens` with `finish_reason: "length"`, honest usage from
 * `token-count.ts`, and with `stream: true` the SSE frames in Azure's order: prompt-filter frame,
 * role frame, one content frame per word, finish frame with `delta: {}`, usage frame when
 * `stream_options.include_usage`, `data: [DONE]`.
 *
 * @example
 * const prepared = prepareChatCompletion(call);
 * if ("status" in prepared) return refuse(prepared);
 */
export function prepareChatCompletion(call: InferenceCall): PreparedInference | Refusal {
  const { body, deployment } = call;
  const messages = body.messages;
  if (messages === undefined || messages === null)
    return invalidRequest("'messages' is a required property", "messages");
  if (!Array.isArray(messages))
    return invalidRequest(`${JSON.stringify(messages)} is not of type 'array' - 'messages'`);
  if (messages.length === 0) return invalidRequest("[] is too short - 'messages'", "messages");
  const n = positiveInteger(body, "n");
  if (n === null || (n !== undefined && n > MAX_CHOICES))
    return invalidRequest(`Invalid value for 'n': ${String(body.n)}`, "n");
  const maxTokensField = body.max_completion_tokens !== undefined ? "max_completion_tokens" : "max_tokens";
  const maxTokens = positiveInteger(body, maxTokensField);
  if (maxTokens === null)
    return invalidRequest(`Invalid value for '${maxTokensField}': ${String(body[maxTokensField])}`);

  const choices = n ?? 1;
  const reply = truncateToTokens(
    chatReplyText(messages, deployment.model),
    maxTokens ?? Number.MAX_SAFE_INTEGER,
  );
  const finishReason = reply.truncated ? "length" : "stop";
  const promptTokens = countChatPromptTokens(messages);
  const completionTokens = countTextTokens(reply.text) * choices;
  const usage = {
    completion_tokens: completionTokens,
    prompt_tokens: promptTokens,
    total_tokens: promptTokens + completionTokens,
  };
  const id = objectId("chatcmpl", call.newId);
  const model = modelLabel(deployment);
  const fingerprint = systemFingerprint(deployment);
  const streamOptions = body.stream_options as { include_usage?: unknown } | undefined | null;
  const includeUsage = typeof streamOptions === "object" && streamOptions?.include_usage === true;

  return {
    totalTokens: usage.total_tokens,
    respond(meta) {
      if (body.stream === true) {
        const chunk = (choicesPayload: unknown[], extra: Record<string, unknown> = {}) => ({
          choices: choicesPayload,
          created: call.created,
          id,
          model,
          object: "chat.completion.chunk",
          system_fingerprint: fingerprint,
          ...extra,
        });
        const frames: unknown[] = [
          {
            choices: [],
            created: 0,
            id: "",
            model: "",
            object: "",
            prompt_filter_results: [safePromptFilterResults(0)],
          },
        ];
        for (let index = 0; index < choices; index += 1) {
          frames.push(
            chunk([
              {
                content_filter_results: {},
                delta: { content: "", refusal: null, role: "assistant" },
                finish_reason: null,
                index,
                logprobs: null,
              },
            ]),
          );
          for (const piece of streamPieces(reply.text)) {
            frames.push(
              chunk([
                {
                  content_filter_results: safeCompletionFilterResults(),
                  delta: { content: piece },
                  finish_reason: null,
                  index,
                  logprobs: null,
                },
              ]),
            );
          }
          frames.push(
            chunk([
              { content_filter_results: {}, delta: {}, finish_reason: finishReason, index, logprobs: null },
            ]),
          );
        }
        if (includeUsage) frames.push(chunk([], { usage }));
        return sseResponse(frames, meta);
      }
      const payload = {
        choices: Array.from({ length: choices }, (_, index) => ({
          content_filter_results: safeCompletionFilterResults(),
          finish_reason: finishReason,
          index,
          logprobs: null,
          message: { content: reply.text, refusal: null, role: "assistant" },
        })),
        created: call.created,
        id,
        model,
        object: "chat.completion",
        prompt_filter_results: [safePromptFilterResults(0)],
        system_fingerprint: fingerprint,
        usage,
      };
      return jsonResponse(200, JSON.stringify(payload), meta);
    },
  };
}
