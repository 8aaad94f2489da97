import { FAULT_ACTION_HEADER } from "../request-decision.js";
import type { Fault } from "../world/model.js";
import { type ResponseMeta, responseHeaders } from "./response-headers.js";

/**
 * The answer to an injected data-plane fault: the world's status, headers and body (a wrapped
 * `{"error":{"code":"<status>",...}}` naming the fault when the world gives none). `timeout` and
 * `reset` cannot be expressed by a `Response`: they carry the fault-action header the server acts
 * on (never answer, or close the socket).
 *
 * @example
 * const fault = ctx.takeFault("data-plane", request.url.pathname);
 * if (fault) return respondToDataPlaneFault(fault, meta);
 */
export function respondToDataPlaneFault(fault: Fault, meta: ResponseMeta): Response {
  if (fault.status === "timeout" || fault.status === "reset") {
    return new Response(null, { status: 504, headers: { [FAULT_ACTION_HEADER]: fault.status } });
  }
  const body =
    fault.body ??
    JSON.stringify({
      error: {
        code: String(fault.status),
        message: `The keyless emulator injected HTTP ${fault.status} (fault ${fault.id}).`,
      },
    });
  return new Response(body, {
    status: fault.status,
    headers: responseHeaders(meta, "application/json", fault.headers),
  });
}
