import { err, ok, type Result } from "../app/result.js";
import { EmulatorResponse } from "../http/emulator-response.js";
import { responsesContentFilters } from "./content-filter.js";
import { chatReplyText, streamPieces } from "./generate-reply.js";
import {
  type InferenceCall,
  modelLabel,
  type PreparedInference,
  positiveInteger,
  shownValue,
} from "./inference-call.js";
import { invalidRequest, previousResponseNotFound, type Refusal } from "./refusal.js";
import { jsonResponse, type ResponseMeta, responseHeaders } from "./response-headers.js";
import type { StoredResponse } from "./response-store.js";
import { countChatPromptTokens, countTextTokens, messageText, truncateToTokens } from "./token-count.js";

// OpenAI refuses max_output_tokens below 16 ("integer below minimum value").
const MIN_OUTPUT_TOKENS = 16;
const ID_HEX_DIGITS = 50;

/**
 * A Responses API object id as Azure prints them: the prefix, `_`, then 50 hex digits
 * (`resp_0d6bb044bb6f…`, `msg_02ce8dee…`), drawn from fresh random ids.
 *
 * @example
 * responsesId("resp", () => crypto.randomUUID()); // "resp_3f2a…" (55 characters)
 */
export function responsesId(prefix: "resp" | "msg", newId: () => string): string {
  let hex = "";
  while (hex.length < ID_HEX_DIGITS)
    hex += newId()
      .replace(/[^0-9a-f]/gi, "")
      .toLowerCase();
  return `${prefix}_${hex.slice(0, ID_HEX_DIGITS)}`;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** One input item as stored (with an id) and as the chat message it counts as. */
interface InputItem {
  item: Record<string, unknown>;
  message: { role: string; content: unknown };
}

function inputPart(text: string): Record<string, unknown> {
  return { type: "input_text", text };
}

/**
 * The request's `input` as stored input items and chat messages: a string is one user message; an
 * array holds messages (`{ role, content }`, `type` optional) and other items (kept as sent, counted
 * by their `output` text).
 */
function readInput(input: unknown, newId: () => string): Result<InputItem[], Refusal> {
  if (input === undefined || input === null) return ok([]);
  if (typeof input === "string") {
    return ok([
      {
        item: {
          id: responsesId("msg", newId),
          type: "message",
          role: "user",
          content: [inputPart(input)],
          status: "completed",
        },
        message: { role: "user", content: input },
      },
    ]);
  }
  if (!Array.isArray(input)) {
    return err(
      invalidRequest(
        `Invalid type for 'input': expected one of a string or array of input items, but got ${typeName(input)} instead.`,
        "input",
        "invalid_type",
      ),
    );
  }
  const items: InputItem[] = [];
  for (const [index, entry] of input.entries()) {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      return err(
        invalidRequest(
          `Invalid type for 'input[${index}]': expected an input item, but got ${typeName(entry)} instead.`,
          `input[${index}]`,
          "invalid_type",
        ),
      );
    }
    const e = entry as Record<string, unknown>;
    const id = typeof e.id === "string" && e.id !== "" ? e.id : responsesId("msg", newId);
    if ((e.type === undefined || e.type === "message") && typeof e.role === "string") {
      const content = typeof e.content === "string" ? [inputPart(e.content)] : e.content;
      items.push({
        item: { id, type: "message", role: e.role, content, status: "completed" },
        message: { role: e.role, content: e.content },
      });
    } else {
      items.push({
        item: { ...e, id },
        message: {
          role: typeof e.type === "string" ? e.type : "item",
          content: typeof e.output === "string" ? e.output : "",
        },
      });
    }
  }
  return ok(items);
}

/** What a Response object varies by between its states (in progress, completed, incomplete). */
interface ResponseState {
  status: "in_progress" | "completed" | "incomplete";
  output: unknown[];
  contentFilters: unknown[] | null;
  usage: Record<string, unknown> | null;
}

/**
 * Validates a Responses API request (`POST /responses`) and prepares Azure's answer: the
 * deterministic chat reply to the last user message (of this input and, through
 * `previous_response_id`, the stored conversation it continues), one `message` output item, usage
 * counted like chat (`instructions` a system message, `input` the messages after it), cut at
 * `max_output_tokens` with `status: "incomplete"`. The answer is stored unless `store: false`.
 * With `stream: true` the events are those of the recorded Azure stream (vercel/ai
 * `packages/azure/src/__fixtures__/azure-text.1.chunks.txt`): `response.created`,
 * `response.in_progress`, `response.output_item.added`, `response.content_part.added`, one
 * `response.output_text.delta` per word, `response.output_text.done`, `response.content_part.done`,
 * `response.output_item.done`, then `response.completed` (or `response.incomplete`), numbered by
 * `sequence_number`, each framed `event: <type>` + `data: <json>`, with no `[DONE]`.
 *
 * @example
 * const prepared = prepareResponse(call);
 * if (!prepared.ok) return refusalResponse(prepared.error, meta);
 */
export function prepareResponse(call: InferenceCall): Result<PreparedInference, Refusal> {
  const { body, deployment } = call;
  const instructions = body.instructions;
  if (instructions !== undefined && instructions !== null && typeof instructions !== "string") {
    return err(
      invalidRequest(
        `Invalid type for 'instructions': expected a string, but got ${typeName(instructions)} instead.`,
        "instructions",
        "invalid_type",
      ),
    );
  }
  const maxOutput = positiveInteger(body, "max_output_tokens");
  if (maxOutput === null || (maxOutput !== undefined && maxOutput < MIN_OUTPUT_TOKENS)) {
    return err(
      invalidRequest(
        `Invalid 'max_output_tokens': integer below minimum value. Expected a value >= ${MIN_OUTPUT_TOKENS}, but got ${shownValue(body.max_output_tokens)} instead.`,
        "max_output_tokens",
        "integer_below_min_value",
      ),
    );
  }
  const previousId = body.previous_response_id;
  let previous: StoredResponse | undefined;
  if (previousId !== undefined && previousId !== null) {
    if (typeof previousId !== "string") {
      return err(
        invalidRequest(
          `Invalid type for 'previous_response_id': expected a string, but got ${typeName(previousId)} instead.`,
          "previous_response_id",
          "invalid_type",
        ),
      );
    }
    previous = call.responses.get(call.account, previousId);
    if (previous === undefined) return err(previousResponseNotFound(previousId));
  }
  const input = readInput(body.input, call.newId);
  if (!input.ok) return input;

  const conversation = [...(previous?.conversation ?? []), ...input.value.map((i) => i.message)];
  const prompt =
    typeof instructions === "string"
      ? [{ role: "system", content: instructions }, ...conversation]
      : conversation;
  const reply = truncateToTokens(
    chatReplyText(prompt, deployment.model),
    maxOutput ?? Number.MAX_SAFE_INTEGER,
  );
  const inputTokens = countChatPromptTokens(prompt);
  const outputTokens = countTextTokens(reply.text);
  const promptChars = prompt.reduce<number>(
    (sum, m) => sum + messageText((m as { content?: unknown }).content).length,
    0,
  );
  const id = responsesId("resp", call.newId);
  const itemId = responsesId("msg", call.newId);
  const done = reply.truncated ? "incomplete" : "completed";
  const text = { type: "output_text", annotations: [], logprobs: [], text: reply.text };
  const item = { id: itemId, type: "message", status: done, content: [text], role: "assistant" };
  const usage = {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: inputTokens + outputTokens,
  };
  const store = body.store !== false;
  const responseObject = (state: ResponseState): Record<string, unknown> => {
    const final = state.status !== "in_progress";
    return {
      id,
      object: "response",
      created_at: call.created,
      status: state.status,
      background: false,
      completed_at: state.status === "completed" ? call.created : null,
      content_filters: state.contentFilters,
      error: null,
      incomplete_details: state.status === "incomplete" ? { reason: "max_output_tokens" } : null,
      instructions: typeof instructions === "string" ? instructions : null,
      max_output_tokens: maxOutput ?? null,
      max_tool_calls: body.max_tool_calls ?? null,
      model: modelLabel(deployment),
      output: state.output,
      parallel_tool_calls: body.parallel_tool_calls ?? true,
      previous_response_id: previous?.id ?? null,
      prompt_cache_key: body.prompt_cache_key ?? null,
      prompt_cache_retention: body.prompt_cache_retention ?? null,
      reasoning: {
        effort: (body.reasoning as { effort?: unknown } | undefined)?.effort ?? null,
        summary: (body.reasoning as { summary?: unknown } | undefined)?.summary ?? null,
      },
      safety_identifier: body.safety_identifier ?? null,
      // The recorded stream says "auto" until the response is done, then "default".
      service_tier: final ? "default" : "auto",
      store,
      temperature: body.temperature ?? 1,
      text: body.text ?? { format: { type: "text" }, verbosity: "medium" },
      tool_choice: body.tool_choice ?? "auto",
      tools: body.tools ?? [],
      top_logprobs: body.top_logprobs ?? 0,
      top_p: body.top_p ?? 1,
      truncation: body.truncation ?? "disabled",
      usage: state.usage,
      user: body.user ?? null,
      metadata: body.metadata ?? {},
    };
  };
  const finalResponse = responseObject({
    status: done,
    output: [item],
    contentFilters: responsesContentFilters(promptChars, reply.text.length),
    usage,
  });

  return ok({
    totalTokens: usage.total_tokens,
    respond(meta) {
      if (store) {
        call.responses.put({
          id,
          account: call.account,
          response: finalResponse,
          inputItems: input.value.map((i) => i.item),
          conversation: [...conversation, { role: "assistant", content: reply.text }],
        });
      }
      if (body.stream !== true) return jsonResponse(200, JSON.stringify(finalResponse), meta);
      const inProgress = responseObject({
        status: "in_progress",
        output: [],
        contentFilters: null,
        usage: null,
      });
      return responseStream(
        {
          inProgress,
          final: finalResponse,
          item,
          text: reply.text,
          pieces: streamPieces(reply.text),
        },
        meta,
      );
    },
  });
}

/** What {@link responseStream} sends. */
interface ResponseStreamParts {
  inProgress: Record<string, unknown>;
  final: Record<string, unknown>;
  item: { id: string; type: string; status: string; content: unknown[]; role: string };
  text: string;
  pieces: string[];
}

const OBFUSCATION_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
// Azure pads each delta with `obfuscation` characters so that delta and padding have about the same length.
const OBFUSCATED_LENGTH = 16;

function obfuscation(sequence: number, delta: string): string {
  const length = Math.max(2, OBFUSCATED_LENGTH - delta.length);
  let padding = "";
  for (let i = 0; i < length; i += 1) {
    padding += OBFUSCATION_ALPHABET[(sequence * 7 + i * 13) % OBFUSCATION_ALPHABET.length];
  }
  return padding;
}

/**
 * The Responses API event stream in the recorded Azure order (see {@link prepareResponse}); each
 * event is its own chunk on the wire.
 */
function responseStream(parts: ResponseStreamParts, meta: ResponseMeta): EmulatorResponse {
  const { item } = parts;
  const events: Record<string, unknown>[] = [];
  const emit = (type: string, fields: Record<string, unknown>) => {
    events.push({ type, sequence_number: events.length, ...fields });
  };
  const at = { item_id: item.id, output_index: 0, content_index: 0 };
  const part = (text: string) => ({ type: "output_text", annotations: [], logprobs: [], text });

  emit("response.created", { response: parts.inProgress });
  emit("response.in_progress", { response: parts.inProgress });
  emit("response.output_item.added", {
    output_index: 0,
    item: { id: item.id, type: "message", status: "in_progress", content: [], role: "assistant" },
  });
  emit("response.content_part.added", { ...at, part: part("") });
  for (const delta of parts.pieces) {
    emit("response.output_text.delta", {
      ...at,
      delta,
      logprobs: [],
      obfuscation: obfuscation(events.length, delta),
    });
  }
  emit("response.output_text.done", { ...at, text: parts.text, logprobs: [] });
  emit("response.content_part.done", { ...at, part: part(parts.text) });
  emit("response.output_item.done", { output_index: 0, item });
  emit(parts.final.status === "incomplete" ? "response.incomplete" : "response.completed", {
    response: parts.final,
  });
  return new EmulatorResponse(
    200,
    { chunks: events.map((event) => `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`) },
    responseHeaders(meta, "text/event-stream", { "cache-control": "no-cache" }),
  );
}
