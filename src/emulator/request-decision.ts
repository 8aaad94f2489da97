/**
 * Response headers a surface sets for the request handler and the server, never sent to clients.
 *
 * - {@link DECISION_HEADER}: what the surface decided and why (`deny aadsts.7000215: ...`); the
 *   request handler moves it into the request log.
 * - {@link FAULT_ACTION_HEADER}: `timeout` (never answer) or `reset` (close the socket), for injected
 *   faults a `Response` cannot express; the server acts on it.
 *
 * @example
 * return withDecision(Response.json(body, { status: 401 }), "deny aadsts.7000215: invalid client secret");
 */
export const DECISION_HEADER = "x-keyless-decision";

/**
 * See {@link DECISION_HEADER}.
 *
 * @example
 * new Response(null, { status: 504, headers: { [FAULT_ACTION_HEADER]: "reset" } });
 */
export const FAULT_ACTION_HEADER = "x-keyless-fault-action";

/**
 * Records the decision on a response (for the request log) and returns it.
 *
 * @example
 * withDecision(new Response(null, { status: 204 }), "allow");
 */
export function withDecision(response: Response, decision: string): Response {
  // Header values cannot carry line breaks.
  response.headers.set(DECISION_HEADER, decision.replace(/[\r\n]+/g, " "));
  return response;
}
