import type { EmulatorResponse } from "./http/emulator-response.js";

/**
 * Records what a surface decided and why on its response (the request handler moves it into the
 * request log; clients never see it) and returns the response. Line breaks become spaces: a log
 * line is one line.
 *
 * @example
 * return withDecision(EmulatorResponse.json(401, body), "deny aadsts.7000215: invalid client secret");
 */
export function withDecision(response: EmulatorResponse, decision: string): EmulatorResponse {
  response.decision =
    decision.includes("\n") || decision.includes("\r") ? decision.replace(/[\r\n]+/g, " ") : decision;
  return response;
}
