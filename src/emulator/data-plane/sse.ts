import { EmulatorResponse } from "../http/emulator-response.js";
import { safeCompletionFilterResults } from "./content-filter.js";
import { streamPieces } from "./generate-reply.js";
import { type ResponseMeta, responseHeaders } from "./response-headers.js";

/**
 * One server-sent event as Azure writes it: `data: <json>\n\n`.
 *
 * @example
 * sseFrame({ choices: [] }); // 'data: {"choices":[]}\n\n'
 */
export function sseFrame(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

/**
 * The terminator every Azure stream ends with.
 *
 * @example
 * chunks.push(SSE_DONE);
 */
export const SSE_DONE = "data: [DONE]\n\n";

/**
 * What every chunk of one stream repeats: the completion's id, creation time, model label and
 * object type, and for chat the `system_fingerprint`.
 *
 * @example
 * const stream: StreamIdentity = { id: "chatcmpl-abc", created: 1748854800, model: "gpt-4o-2024-11-20", object: "chat.completion.chunk", systemFingerprint: "fp_247c298f06" };
 */
export interface StreamIdentity {
  id: string;
  /** Epoch seconds. */
  created: number;
  model: string;
  object: "chat.completion.chunk" | "text_completion";
  /** Chat streams only. */
  systemFingerprint?: string;
}

/**
 * One chunk of a stream, keys in Azure's order: `choices`, `created`, `id`, `model`, `object`,
 * `system_fingerprint` (chat), then `extra` (the usage frame's `usage`).
 *
 * @example
 * streamChunk(identity, [{ delta: { content: "Hello " }, finish_reason: null, index: 0 }]);
 */
export function streamChunk(
  identity: StreamIdentity,
  choices: readonly unknown[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    choices,
    created: identity.created,
    id: identity.id,
    model: identity.model,
    object: identity.object,
    ...(identity.systemFingerprint === undefined ? {} : { system_fingerprint: identity.systemFingerprint }),
    ...extra,
  };
}

/**
 * One choice of a stream as chat and completions both send it: what the choice says, and where.
 *
 * @example
 * const choice: StreamedChoice = { index: 0, text: "Hello big world", finishReason: "stop" };
 */
export interface StreamedChoice {
  index: number;
  text: string;
  finishReason: string;
}

/**
 * A choice entry of one chunk, keys sorted as Azure prints them. Chat carries the piece in
 * `delta.content` (the finish frame's `delta` is empty), completions in `text` (`""` to finish).
 */
function choiceEntry(
  object: StreamIdentity["object"],
  filterResults: Readonly<Record<string, unknown>>,
  piece: string | undefined,
  finishReason: string | null,
  index: number,
): Record<string, unknown> {
  return object === "chat.completion.chunk"
    ? {
        content_filter_results: filterResults,
        delta: piece === undefined ? {} : { content: piece },
        finish_reason: finishReason,
        index,
        logprobs: null,
      }
    : {
        content_filter_results: filterResults,
        finish_reason: finishReason,
        index,
        logprobs: null,
        text: piece ?? "",
      };
}

/**
 * The `choices` of each chunk that streams one choice's text: a chunk per piece of the text (one
 * word each, the clean content filter results, `finish_reason: null`), then the finish chunk
 * (empty filter results, the choice's `finish_reason`). Chat streams send their role chunk first.
 *
 * @example
 * streamedChoiceFrames("text_completion", { index: 0, text: "Hello world", finishReason: "stop" }).length; // 3
 */
export function streamedChoiceFrames(
  object: StreamIdentity["object"],
  choice: StreamedChoice,
): Record<string, unknown>[][] {
  const frames: Record<string, unknown>[][] = [];
  const filterResults = safeCompletionFilterResults();
  for (const piece of streamPieces(choice.text)) {
    frames.push([choiceEntry(object, filterResults, piece, null, choice.index)]);
  }
  frames.push([choiceEntry(object, {}, undefined, choice.finishReason, choice.index)]);
  return frames;
}

/**
 * Whether a chat or completions request asked for the usage frame (`stream_options.include_usage`).
 *
 * @example
 * wantsStreamUsage({ stream: true, stream_options: { include_usage: true } }); // true
 */
export function wantsStreamUsage(body: Record<string, unknown>): boolean {
  const options = body.stream_options as { include_usage?: unknown } | undefined | null;
  return typeof options === "object" && options?.include_usage === true;
}

/**
 * What {@link streamResponse} sends.
 *
 * @example
 * const stream: CompletionStream = { identity, promptFilterResults: [safePromptFilterResults(0)], choiceFrames: [[roleChoice], [contentChoice]] };
 */
export interface CompletionStream {
  identity: StreamIdentity;
  /** The first frame's `prompt_filter_results` (Azure sends it with an empty identity). */
  promptFilterResults: readonly unknown[];
  /** The `choices` of each chunk after the first, in order. */
  choiceFrames: readonly (readonly unknown[])[];
  /** The usage frame's `usage`, when the client asked for it. */
  usage?: unknown;
}

/**
 * A chat or completions stream in Azure's order (reference/wire-openai.md §4): the prompt-filter
 * frame (empty `choices`, `created: 0`, empty `id`, `model` and `object`), one chunk per entry of
 * `choiceFrames`, the usage frame when `usage` is given, then `data: [DONE]`. Each frame is its own
 * chunk on the wire, as a token-by-token stream would be.
 *
 * @example
 * return streamResponse({ identity, promptFilterResults, choiceFrames, usage }, meta);
 */
export function streamResponse(stream: CompletionStream, meta: ResponseMeta): EmulatorResponse {
  const frames: unknown[] = [
    {
      choices: [],
      created: 0,
      id: "",
      model: "",
      object: "",
      prompt_filter_results: stream.promptFilterResults,
    },
    ...stream.choiceFrames.map((choices) => streamChunk(stream.identity, choices)),
  ];
  if (stream.usage !== undefined) frames.push(streamChunk(stream.identity, [], { usage: stream.usage }));
  return new EmulatorResponse(
    200,
    { chunks: [...frames.map(sseFrame), SSE_DONE] },
    responseHeaders(meta, "text/event-stream", { "cache-control": "no-cache" }),
  );
}
