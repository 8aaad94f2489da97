import type { EmulatorContext } from "../app/context.js";
import { allow, withDecision } from "../app/request-decision.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import { EmulatorResponse } from "../http/emulator-response.js";
import type { Tenant } from "../world/model.js";
import { type EntraFailure, type EntraResponseIds, entraErrorResponse, entraHeaders } from "./entra-error.js";

/**
 * Injectable parts of the emulated Entra ID.
 *
 * @example
 * const runtime: EntraRuntime = { newId: () => randomUUID() };
 */
export interface EntraRuntime {
  /** Makes GUIDs: trace and correlation ids, token ids. */
  newId: () => string;
}

/**
 * One call of the token endpoint, after routing: everything a grant handler needs.
 *
 * @example
 * const handler: GrantHandler = async (call) => fail(call, AADSTS.unsupportedGrantType("x"));
 */
export interface TokenCall {
  request: EmulatorRequest;
  ctx: EmulatorContext;
  runtime: EntraRuntime;
  form: URLSearchParams;
  /** The tenant segment of the path, as sent. */
  tenantSegment: string;
  /** The tenant the path names; undefined for `common` / `organizations` / `consumers`. */
  tenant?: Tenant;
  ids: EntraResponseIds;
  /** Origin used in `error_uri`, e.g. `https://login.microsoftonline.com`. */
  loginOrigin: string;
  /** Origin the client reached Entra at (assertion audiences may name it). */
  baseUrl: string;
  /** 2 for `/oauth2/v2.0/token` (scope), 1 for `/oauth2/token` (resource). */
  endpointVersion: 1 | 2;
}

/**
 * A grant type's handler.
 *
 * @example
 * const handler: GrantHandler = async (call) => fail(call, AADSTS.unsupportedGrantType("x"));
 */
export type GrantHandler = (call: TokenCall) => Promise<EmulatorResponse>;

/**
 * The failure as Entra's error response for this call.
 *
 * @example
 * return fail(call, AADSTS.invalidClientSecret(clientId));
 */
export function fail(call: TokenCall, failure: EntraFailure): EmulatorResponse {
  return entraErrorResponse(call.ctx, call.ids, call.loginOrigin, failure);
}

/**
 * A successful token response with Entra's headers; the request log records `allow <detail>`.
 *
 * @example
 * return tokenResponse(call, { token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token }, "client_credentials for app");
 */
export function tokenResponse(
  call: TokenCall,
  body: Record<string, unknown>,
  detail: string,
): EmulatorResponse {
  return withDecision(new EmulatorResponse(200, JSON.stringify(body), entraHeaders(call.ids)), allow(detail));
}
