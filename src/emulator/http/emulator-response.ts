import type { RequestDecision } from "../app/request-decision.js";

/**
 * What the server does instead of answering, for injected faults a response cannot express:
 * `timeout` holds the connection without a word, `reset` drops it, `drip` sends a 200's headers
 * (`Content-Length: 100000`) at once and then one space a second for as long as the client stays.
 *
 * @example
 * const action: FaultAction = "reset";
 */
export type FaultAction = "timeout" | "reset" | "drip";

/**
 * A body sent piece by piece: each chunk is written (and flushed) on its own as soon as it is
 * there, as a server-sent event stream is. A list, or an async iterable for chunks that take time.
 * Read once.
 *
 * @example
 * const body: StreamedBody = { chunks: ['data: {"choices":[]}\n\n', "data: [DONE]\n\n"] };
 */
export interface StreamedBody {
  readonly chunks: Iterable<string> | AsyncIterable<string>;
}

/**
 * A response body: the whole text, a stream of chunks, or nothing.
 *
 * @example
 * const body: EmulatorResponseBody = '{"error":{"code":"404","message": "Resource not found"}}';
 */
export type EmulatorResponseBody = string | StreamedBody | null;

/**
 * The in-process response header that carries {@link EmulatorResponse.faultAction} in
 * {@link toFetchResponse}'s answers; the server acts on the field and never sends it.
 *
 * @example
 * (await app.request(request)).headers.get(FAULT_ACTION_HEADER); // "timeout"
 */
export const FAULT_ACTION_HEADER = "x-keyless-fault-action";

/**
 * What a surface answers: status, headers (lower-case names) and body, plus, for the emulator
 * only, the decision the request log records and the fault action the server takes. Plain data
 * the server writes as it is (no streams, no Fetch `Headers`): building and writing it costs next
 * to nothing, which is what lets the data plane run near the speed of a bare HTTPS server.
 * {@link toFetchResponse} turns it into a Fetch `Response` for in-process callers.
 *
 * @example
 * const response = new EmulatorResponse(404, '{"error":{"code":"404","message": "Resource not found"}}', {
 *   "content-type": "application/json",
 * });
 * response.decision = { outcome: "deny", code: "unrouted", detail: "no operation GET /x" };
 */
export class EmulatorResponse {
  /** What the emulator decided and why (see `withDecision`); never a secret. */
  decision: RequestDecision | undefined = undefined;
  /** Set for injected `timeout` / `reset` faults. */
  faultAction: FaultAction | undefined = undefined;

  constructor(
    readonly status: number,
    readonly body: EmulatorResponseBody = null,
    readonly headers: Record<string, string> = {},
  ) {}

  /**
   * A JSON response: `value` serialised, `content-type: application/json` unless `headers` says
   * otherwise.
   *
   * @example
   * EmulatorResponse.json(404, { error: { code: "NotFound", message } });
   */
  static json(status: number, value: unknown, headers: Record<string, string> = {}): EmulatorResponse {
    return new EmulatorResponse(status, JSON.stringify(value), {
      "content-type": "application/json",
      ...headers,
    });
  }

  /** The whole body as text (the chunks of a stream joined); `""` without a body. */
  async text(): Promise<string> {
    const { body } = this;
    if (body === null) return "";
    if (typeof body === "string") return body;
    let text = "";
    for await (const chunk of body.chunks) text += chunk;
    return text;
  }
}

/**
 * The answer as a Fetch `Response`, for in-process callers (tests, `app.request()`): same status,
 * headers and body (a stream's chunks as separate reads), the fault action as
 * {@link FAULT_ACTION_HEADER}; the decision stays in the request log.
 *
 * @example
 * const response = toFetchResponse(await surface.handle(request, ctx));
 * await response.json();
 */
export function toFetchResponse(response: EmulatorResponse): Response {
  const headers = new Headers(response.headers);
  if (response.faultAction !== undefined) headers.set(FAULT_ACTION_HEADER, response.faultAction);
  const { body } = response;
  if (body === null || typeof body === "string")
    return new Response(body, { status: response.status, headers });
  const encoder = new TextEncoder();
  const chunks = body.chunks;
  const iterator =
    Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done === true) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  return new Response(stream, { status: response.status, headers });
}
