import { FAULT_ACTION_HEADER, withDecision } from "../request-decision.js";
import type { Fault } from "../world/model.js";
import { IMDS_FAULT_BODIES } from "./error-bodies.js";
import { jsonResponse } from "./token-response.js";

/**
 * Tells the server never to answer: it holds the socket until the client gives up (its own
 * timeout) or the emulator closes. The handler schedules nothing, so nothing leaks at close().
 *
 * @example
 * if (fault.status === "timeout") return neverAnswer("fault timeout");
 */
export function neverAnswer(decision: string): Response {
  return withDecision(
    new Response(null, { status: 504, headers: { [FAULT_ACTION_HEADER]: "timeout" } }),
    decision,
  );
}

/**
 * Tells the server to drop the connection without answering, which the client sees as a reset
 * (ECONNRESET / "socket hang up"), like an address nothing listens on.
 *
 * @example
 * if (fault.status === "reset") return resetConnection("fault reset");
 */
export function resetConnection(decision: string): Response {
  return withDecision(
    new Response(null, { status: 502, headers: { [FAULT_ACTION_HEADER]: "reset" } }),
    decision,
  );
}

/**
 * The answer to an injected managed identity fault: its status with the world's body, or an
 * IMDS-shaped default body for the status; `timeout` never answers; `reset` drops the connection.
 *
 * @example
 * const fault = ctx.takeFault("imds", request.url.pathname);
 * if (fault) return respondToFault(fault);
 */
export function respondToFault(fault: Fault): Response {
  const decision = `fault ${fault.id}: ${fault.status}`;
  if (fault.status === "timeout") return neverAnswer(decision);
  if (fault.status === "reset") return resetConnection(decision);
  if (fault.body !== undefined) {
    const response = new Response(fault.body, {
      status: fault.status,
      headers: { "content-type": "application/json; charset=utf-8", ...fault.headers },
    });
    return withDecision(response, decision);
  }
  const body = IMDS_FAULT_BODIES[fault.status] ?? {
    error: "unknown",
    error_description: `The managed identity endpoint answered HTTP ${fault.status}.`,
  };
  return withDecision(jsonResponse(fault.status, body, fault.headers), decision);
}
