import { type RequestDecision, withDecision } from "../app/request-decision.js";
import { EmulatorResponse } from "../http/emulator-response.js";
import type { Fault } from "../world/model.js";

/**
 * How one surface answers an injected fault with a status: the headers all its answers carry
 * (content type, request ids) and the body it sends when the world's fault gives none.
 *
 * @example
 * const shape: FaultShape = {
 *   headers: { "content-type": "application/json; charset=utf-8" },
 *   defaultBody: (status) => JSON.stringify({ error: "unknown", error_description: `HTTP ${status}` }),
 * };
 */
export interface FaultShape {
  headers: Record<string, string>;
  defaultBody(status: number, fault: Fault): string;
}

/**
 * Tells the server never to answer: it holds the socket until the client gives up (its own
 * timeout) or the emulator closes. Nothing is scheduled, so nothing leaks at close(). The 504 is
 * what the request log records.
 *
 * @example
 * if (fault.status === "timeout") return neverAnswer({ outcome: "fault", code: "injected", detail: "f1: timeout" });
 */
export function neverAnswer(decision: RequestDecision): EmulatorResponse {
  const response = new EmulatorResponse(504);
  response.faultAction = "timeout";
  return withDecision(response, decision);
}

/**
 * Tells the server to drop the connection without answering, which the client sees as a reset
 * (ECONNRESET / "socket hang up"), like an address nothing listens on. The 502 is what the request
 * log records.
 *
 * @example
 * return resetConnection(deny("credential.mi-unavailable", "the world has no imds host"));
 */
export function resetConnection(decision: RequestDecision): EmulatorResponse {
  const response = new EmulatorResponse(502);
  response.faultAction = "reset";
  return withDecision(response, decision);
}

/**
 * Tells the server to send a 200's headers at once and then the body a byte a second, the way a
 * stalled proxy or a server under load holds a client that only times the wait for headers. The
 * timer stops when the client goes away or the emulator closes.
 *
 * @example
 * if (fault.status === "drip") return dripBody({ outcome: "fault", code: "injected", detail: "f1: drip" });
 */
export function dripBody(decision: RequestDecision): EmulatorResponse {
  const response = new EmulatorResponse(200);
  response.faultAction = "drip";
  return withDecision(response, decision);
}

/**
 * The answer to an injected fault, the same way on every surface (Entra ID, managed identity, ARM,
 * the data plane): `timeout` never answers, `reset` drops the connection, `drip` sends the headers
 * and then a byte a second, a status is sent with the
 * surface's headers, the fault's own headers, and the fault's body or the surface's default body.
 * The request log records `fault injected: <id>: <status>`.
 *
 * @example
 * const fault = ctx.takeFault("imds", request.url.pathname);
 * if (fault !== undefined) return faultResponse(fault, IMDS_FAULT_SHAPE);
 */
export function faultResponse(fault: Fault, shape: FaultShape): EmulatorResponse {
  const decision: RequestDecision = {
    outcome: "fault",
    code: "injected",
    detail: `${fault.id}: ${fault.status}`,
  };
  if (fault.status === "timeout") return neverAnswer(decision);
  if (fault.status === "reset") return resetConnection(decision);
  if (fault.status === "drip") return dripBody(decision);
  const body = fault.body ?? shape.defaultBody(fault.status, fault);
  return withDecision(
    new EmulatorResponse(fault.status, body, { ...shape.headers, ...fault.headers }),
    decision,
  );
}
