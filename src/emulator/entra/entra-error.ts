import type { EmulatorContext } from "../app/context.js";
import { deny, withDecision } from "../app/request-decision.js";
import type { RequestHeaders } from "../http/emulator-request.js";
import { EmulatorResponse } from "../http/emulator-response.js";

/**
 * One Entra ID failure: the OAuth `error`, the AADSTS number and message (without the `AADSTS<n>: `
 * prefix and the trace trailer, which {@link entraErrorResponse} adds), and the HTTP status.
 *
 * @example
 * const failure: EntraFailure = { status: 401, error: "invalid_client", code: 7000215, message: "Invalid client secret provided. ..." };
 */
export interface EntraFailure {
  status: number;
  error: string;
  code: number;
  message: string;
  /** `suberror` field, e.g. `basic_action` for MFA. */
  suberror?: string;
}

/**
 * Trace and correlation ids of one Entra response.
 *
 * @example
 * const ids: EntraResponseIds = { traceId: randomUUID(), correlationId: randomUUID() };
 */
export interface EntraResponseIds {
  traceId: string;
  correlationId: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Trace and correlation ids for a response: Entra echoes a GUID `client-request-id` (header, or the
 * query parameter MSAL uses) as the correlation id, and makes both up otherwise.
 *
 * @example
 * responseIds(request, () => randomUUID());
 */
export function responseIds(
  request: { headers: RequestHeaders; url: URL },
  newId: () => string,
): EntraResponseIds {
  const requested =
    request.headers.get("client-request-id") ?? request.url.searchParams.get("client-request-id");
  return {
    traceId: newId(),
    correlationId: requested !== null && GUID.test(requested) ? requested.toLowerCase() : newId(),
  };
}

/**
 * Entra's timestamp format, `yyyy-mm-dd hh:mm:ssZ`.
 *
 * @example
 * entraTimestamp(Date.UTC(2022, 2, 2, 18, 25, 26)); // "2022-03-02 18:25:26Z"
 */
export function entraTimestamp(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19).replace("T", " ")}Z`;
}

/**
 * Headers every Entra token-endpoint answer carries.
 *
 * @example
 * new EmulatorResponse(200, body, entraHeaders(ids));
 */
export function entraHeaders(ids: EntraResponseIds): Record<string, string> {
  return {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store, no-cache",
    pragma: "no-cache",
    "x-ms-request-id": ids.traceId,
    "client-request-id": ids.correlationId,
  };
}

/**
 * The failure in Entra's exact shape:
 * `{"error","error_description":"AADSTS<n>: <message>\r\nTrace ID: <id>\r\nCorrelation ID: <id>\r\nTimestamp: <ts>","error_codes":[n],"timestamp","trace_id","correlation_id","error_uri"}`,
 * plus `suberror` when there is one. The decision names `aadsts.<n>` for the request log.
 *
 * @example
 * return entraErrorResponse(ctx, ids, "https://login.microsoftonline.com", failure);
 */
export function entraErrorResponse(
  ctx: EmulatorContext,
  ids: EntraResponseIds,
  loginHost: string,
  failure: EntraFailure,
): EmulatorResponse {
  const timestamp = entraTimestamp(ctx.clock.now());
  const body: Record<string, unknown> = {
    error: failure.error,
    error_description: `AADSTS${failure.code}: ${failure.message}\r\nTrace ID: ${ids.traceId}\r\nCorrelation ID: ${ids.correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [failure.code],
    timestamp,
    trace_id: ids.traceId,
    correlation_id: ids.correlationId,
    error_uri: `${loginHost}/error?code=${failure.code}`,
  };
  if (failure.suberror !== undefined) body.suberror = failure.suberror;
  const response = new EmulatorResponse(failure.status, JSON.stringify(body), entraHeaders(ids));
  return withDecision(response, deny(`aadsts.${failure.code}`, failure.message.split(/(?<=\.)\s/)[0] ?? ""));
}
