import type { CauseCode } from "../../knowledge/cause.js";
import type { EmulatorResponse } from "../http/emulator-response.js";

/**
 * What the emulator did with a request:
 * - `allow`: answered it as asked (a token, a completion, a list);
 * - `deny`: refused it the way Azure does (an error status and Azure's body);
 * - `challenge`: asked the client to authenticate again, as part of the protocol (Azure Arc's
 *   401 with the secret file);
 * - `fault`: did what the world told it to instead of answering (an injected fault, a CLI that hangs);
 * - `error`: failed itself (the generic 500).
 *
 * @example
 * const outcome: DecisionOutcome = "deny";
 */
export type DecisionOutcome = "allow" | "deny" | "challenge" | "fault" | "error";

/**
 * Why the emulator decided as it did, when the reason is not a cause a client of Azure runs into
 * (those are {@link CauseCode}s). Kebab-case without a dot, so it never reads as a catalog code:
 * - `ok`: allowed, nothing to explain;
 * - `unrouted`: no surface, route or endpoint serves the method and path;
 * - `host-not-served`: the host is not one of the world's (no account behind a data-plane host, a
 *   proxy `CONNECT` to a host the emulator does not terminate);
 * - `not-found`: the route exists, the thing it names does not (subscription, account, role
 *   assignment, project...);
 * - `not-implemented`: a real operation or command the emulator does not emulate;
 * - `method-not-allowed`: the path answers other methods;
 * - `invalid-request`: a missing or malformed parameter, header, argument or body;
 * - `operation-not-supported`: the deployment's model does not serve the operation;
 * - `conflict`: the thing to create exists already;
 * - `no-credentials`: no credential at all where one is needed (no `Authorization`, no secret header);
 * - `invalid-credentials`: a credential that is not one (not Bearer, not a JWT, a bad signature or
 *   issuer, a wrong secret or control token);
 * - `no-role-assignment`, `action-not-granted`: ARM's own RBAC refused a control-plane action;
 * - `injected`: a fault of the world answered;
 * - `internal`: the emulator itself failed;
 * - `no-decision`: the surface recorded nothing (the status decides allow or deny).
 *
 * @example
 * const reason: EmulatorReason = "unrouted";
 */
export type EmulatorReason =
  | "ok"
  | "unrouted"
  | "host-not-served"
  | "not-found"
  | "not-implemented"
  | "method-not-allowed"
  | "invalid-request"
  | "operation-not-supported"
  | "conflict"
  | "no-credentials"
  | "invalid-credentials"
  | "no-role-assignment"
  | "action-not-granted"
  | "injected"
  | "internal"
  | "no-decision";

/**
 * A decision's code: the cause from the catalog when the request shows one (`aadsts.7000215`,
 * `rbac.missing-data-action`), else the emulator's own reason.
 *
 * @example
 * const code: DecisionCode = "token.wrong-audience";
 */
export type DecisionCode = CauseCode | EmulatorReason;

/**
 * What a surface decided about one request and why, for the request log (clients never see it):
 * the outcome, a code to filter on, and a sentence for people (ids and names only, never a secret).
 *
 * @example
 * const decision: RequestDecision = { outcome: "deny", code: "aadsts.7000215", detail: "invalid client secret" };
 */
export interface RequestDecision {
  readonly outcome: DecisionOutcome;
  readonly code: DecisionCode;
  readonly detail: string;
}

/**
 * An `allow` decision (code `ok`).
 *
 * @example
 * allow(`jwks v2 for ${tenant}`); // { outcome: "allow", code: "ok", detail: "jwks v2 for ..." }
 */
export function allow(detail: string): RequestDecision {
  return { outcome: "allow", code: "ok", detail };
}

/**
 * A `deny` decision.
 *
 * @example
 * deny("aadsts.7000215", "invalid client secret");
 */
export function deny(code: DecisionCode, detail: string): RequestDecision {
  return { outcome: "deny", code, detail };
}

/**
 * The decision as one line of text: `<outcome> <code>: <detail>`, `allow <detail>` for `ok`, and
 * without `: <detail>` when there is none.
 *
 * @example
 * formatDecision(deny("aadsts.7000215", "invalid client secret")); // "deny aadsts.7000215: invalid client secret"
 * formatDecision(allow("jwks v2 for contoso")); // "allow jwks v2 for contoso"
 */
export function formatDecision(decision: RequestDecision): string {
  const { outcome, code, detail } = decision;
  if (code === "ok") return detail === "" ? outcome : `${outcome} ${detail}`;
  return detail === "" ? `${outcome} ${code}` : `${outcome} ${code}: ${detail}`;
}

/**
 * Records what a surface decided and why on its response (the request handler moves it into the
 * request log; clients never see it) and returns the response. Line breaks in the detail become
 * spaces: a log line is one line.
 *
 * @example
 * return withDecision(EmulatorResponse.json(401, body), deny("aadsts.7000215", "invalid client secret"));
 */
export function withDecision(response: EmulatorResponse, decision: RequestDecision): EmulatorResponse {
  const { detail } = decision;
  response.decision =
    detail.includes("\n") || detail.includes("\r")
      ? { ...decision, detail: detail.replace(/[\r\n]+/g, " ") }
      : decision;
  return response;
}
