import { err, ok, type Result } from "../app/result.js";
import {
  SAFE_COMPLETION_FILTER_JSON,
  safePromptFilterJson,
  safePromptFilterResults,
} from "./content-filter.js";
import { chatReplyText } from "./generate-reply.js";
import {
  boundedInteger,
  type InferenceCall,
  maxTokensOf,
  modelLabel,
  objectId,
  type PreparedInference,
  usageJson,
} from "./inference-call.js";
import { invalidRequest, type Refusal } from "./refusal.js";
import { jsonResponse } from "./response-headers.js";
import { streamedChoiceFrames, streamResponse, wantsStreamUsage } from "./sse.js";
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
 * if (!prepared.ok) return refusalResponse(prepared.error, meta);
 */
export function prepareChatCompletion(call: InferenceCall): Result<PreparedInference, Refusal> {
  const { body, deployment } = call;
  const messages = body.messages;
  if (messages === undefined || messages === null)
    return err(invalidRequest("'messages' is a required property", "messages"));
  if (!Array.isArray(messages))
    return err(invalidRequest(`${JSON.stringify(messages)} is not of type 'array' - 'messages'`));
  if (messages.length === 0) return err(invalidRequest("[] is too short - 'messages'", "messages"));
  const checkedN = boundedInteger(body, "n", 1, MAX_CHOICES);
  if (!checkedN.ok) return checkedN;
  const n = checkedN.value;
  const maxTokensField = body.max_completion_tokens !== undefined ? "max_completion_tokens" : "max_tokens";
  const checkedMax = maxTokensOf(body, maxTokensField);
  if (!checkedMax.ok) return checkedMax;
  const maxTokens = checkedMax.value;

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
  const fingerprint = call.systemFingerprint;

  return ok({
    totalTokens: usage.total_tokens,
    respond(meta) {
      if (body.stream === true) {
        const choiceFrames: unknown[][] = [];
        for (let index = 0; index < choices; index += 1) {
          choiceFrames.push([
            {
              content_filter_results: {},
              delta: { content: "", refusal: null, role: "assistant" },
              finish_reason: null,
              index,
              logprobs: null,
            },
          ]);
          choiceFrames.push(
            ...streamedChoiceFrames("chat.completion.chunk", { index, text: reply.text, finishReason }),
          );
        }
        const identity = {
          id,
          created: call.created,
          model,
          object: "chat.completion.chunk",
          systemFingerprint: fingerprint,
        } as const;
        return streamResponse(
          {
            identity,
            promptFilterResults: [safePromptFilterResults(0)],
            choiceFrames,
            ...(wantsStreamUsage(body) ? { usage } : {}),
          },
          meta,
        );
      }
      // The bytes JSON.stringify gives for Azure's answer (keys in its order), built from text
      // fragments: stringifying the shared frozen filter objects is most of an answer's cost.
      const choiceHead = `{"content_filter_results":${SAFE_COMPLETION_FILTER_JSON},"finish_reason":${JSON.stringify(finishReason)},"index":`;
      const choiceTail = `,"logprobs":null,"message":{"content":${JSON.stringify(reply.text)},"refusal":null,"role":"assistant"}}`;
      const choiceTexts: string[] = [];
      for (let index = 0; index < choices; index += 1) choiceTexts.push(`${choiceHead}${index}${choiceTail}`);
      const json =
        `{"choices":[${choiceTexts.join(",")}],"created":${call.created},"id":${JSON.stringify(id)},` +
        `"model":${JSON.stringify(model)},"object":"chat.completion",` +
        `"prompt_filter_results":[${safePromptFilterJson(0)}],` +
        `"system_fingerprint":${JSON.stringify(fingerprint)},"usage":${usageJson(usage)}}`;
      return jsonResponse(200, json, meta);
    },
  });
}
