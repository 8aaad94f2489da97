import { deny, type EmulatorReason, type RequestDecision, withDecision } from "../app/request-decision.js";
import { EmulatorResponse } from "../http/emulator-response.js";

/**
 * A JSON answer of the control API with the decision the request log records.
 *
 * @example
 * return controlJson(200, { status: "ok" }, allow("control health"));
 */
export function controlJson(status: number, body: unknown, decision: RequestDecision): EmulatorResponse {
  return withDecision(
    new EmulatorResponse(status, `${JSON.stringify(body, null, 2)}\n`, {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
    }),
    decision,
  );
}

/**
 * The `error.code` values the control API answers with.
 *
 * @example
 * const code: ControlErrorCode = "InvalidField";
 */
export type ControlErrorCode =
  | "NotFound"
  | "Unauthorized"
  | "MethodNotAllowed"
  | "InvalidBody"
  | "InvalidField"
  | "RoleAssignmentExists"
  | "RoleAssignmentNotFound"
  | "AccountNotFound";

/** The request log's reason for each control API error. */
const CONTROL_ERROR_REASONS: Readonly<Record<ControlErrorCode, EmulatorReason>> = {
  NotFound: "unrouted",
  Unauthorized: "invalid-credentials",
  MethodNotAllowed: "method-not-allowed",
  InvalidBody: "invalid-request",
  InvalidField: "invalid-request",
  RoleAssignmentExists: "conflict",
  RoleAssignmentNotFound: "not-found",
  AccountNotFound: "not-found",
};

/**
 * A control API error: `{"error":{"code","message"[,"field"]}}`. `field` names the request field at
 * fault for validation errors (400). The request log records `deny <reason>: control <code>:
 * <message>` (the reason follows from `code`) unless `decision` says otherwise.
 *
 * @example
 * return controlError(400, "InvalidField", "minutes: must be a number >= 0, not the text \"x\"", "minutes");
 */
export function controlError(
  status: number,
  code: ControlErrorCode,
  message: string,
  field?: string,
  decision: RequestDecision = deny(CONTROL_ERROR_REASONS[code], `control ${code}: ${message}`),
): EmulatorResponse {
  const error = field === undefined ? { code, message } : { code, field, message };
  return controlJson(status, { error }, decision);
}

/**
 * A request body a control route could not use, naming the field (`""` for the body itself).
 *
 * @example
 * throw new ControlInputError("role", '"Owner2" is not a built-in role name or role definition GUID');
 */
export class ControlInputError extends Error {
  readonly code = "control.invalid-input";
  /** The body field at fault, e.g. `principal`, `networkRules.defaultAction`; `""` for the whole body. */
  readonly field: string;

  constructor(field: string, problem: string) {
    super(field === "" ? problem : `${field}: ${problem}`);
    this.name = "ControlInputError";
    this.field = field;
  }
}

/**
 * Parses a JSON request body into an object, or throws {@link ControlInputError}.
 *
 * @example
 * const body = parseJsonObject(request.body); // { minutes: 10 }
 */
export function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text === "" ? "null" : text);
  } catch {
    throw new ControlInputError("", 'the body is not JSON; send a JSON object, e.g. {"minutes": 10}');
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ControlInputError("", "the body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

/**
 * How a value reads in an error message.
 *
 * @example
 * describeValue("x"); // 'the text "x"'
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return `the text ${JSON.stringify(value)}`;
  return `${typeof value === "number" ? "the number" : "the value"} ${String(value)}`;
}
