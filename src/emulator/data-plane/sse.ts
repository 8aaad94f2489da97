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
 * controller.enqueue(encoder.encode(SSE_DONE));
 */
export const SSE_DONE = "data: [DONE]\n\n";

/**
 * A 200 `text/event-stream` response that sends the frames in order, then `data: [DONE]`. Each frame
 * is its own chunk on the wire, as a token-by-token stream would be.
 *
 * @example
 * return sseResponse([promptFilterFrame, roleFrame, ...contentFrames, finishFrame], meta);
 */
export function sseResponse(frames: readonly unknown[], meta: ResponseMeta): Response {
  const encoder = new TextEncoder();
  const chunks = [...frames.map(sseFrame), SSE_DONE];
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[next];
      next += 1;
      if (chunk === undefined) controller.close();
      else controller.enqueue(encoder.encode(chunk));
    },
  });
  const headers = responseHeaders(meta, "text/event-stream");
  headers.set("cache-control", "no-cache");
  return new Response(body, { status: 200, headers });
}
