import { decodeJwt } from "jose";
import type { EmulatorContext } from "../app/context.js";
import { deny, type RequestDecision } from "../app/request-decision.js";
import { verifyAccessToken } from "../auth/verify-access-token.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import type { EmulatorResponse } from "../http/emulator-response.js";
import { describeInput } from "../http/safe-text.js";
import type { Principal } from "../world/model.js";
import {
  AUTHORIZATION_HEADER_MISSING_MESSAGE,
  armError,
  expiredTokenMessage,
  INVALID_TOKEN_MESSAGE,
  wrongAudienceMessage,
} from "./arm-errors.js";
import type { ArmCloud } from "./arm-hosts.js";

/**
 * Who called ARM, from a verified bearer token.
 *
 * @example
 * const caller: ArmCaller = { principalId: oid, tenantId: tid, issuer: "https://sts.windows.net/tid/", client: oid };
 */
export interface ArmCaller {
  /** The token's `oid`. */
  principalId: string;
  /** The token's tenant. */
  tenantId: string;
  /** The token's `iss`, quoted back in wrong-tenant errors. */
  issuer: string;
  /** How ARM names the caller in `AuthorizationFailed`: the UPN of a user, else the object id. */
  client: string;
  principal?: Principal;
}

/**
 * The outcome of {@link authenticateArmCaller}: a caller, or the 401 to send with a log line.
 *
 * @example
 * const auth: ArmAuthentication = await authenticateArmCaller(request, ctx, cloud);
 * if (!auth.ok) return auth.response;
 */
export type ArmAuthentication =
  | { ok: true; caller: ArmCaller }
  | { ok: false; response: EmulatorResponse; decision: RequestDecision };

function unauthorized(
  code: string,
  message: string,
  errorDescription: string,
  decision: RequestDecision,
): ArmAuthentication {
  const challenge = `Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="${errorDescription}"`;
  return {
    ok: false,
    response: armError(401, code, message, { "www-authenticate": challenge }),
    decision,
  };
}

function peekClaims(token: string): { aud?: unknown; exp?: unknown } {
  try {
    return decodeJwt(token);
  } catch {
    return {};
  }
}

/**
 * ARM's authentication step: a `Bearer` token in `Authorization`, valid for one of the cloud's ARM
 * audiences (`https://management.azure.com/` and `https://management.core.windows.net/`, with or
 * without the slash). Refusals: no header 401 `AuthenticationFailed`; wrong audience 401
 * `InvalidAuthenticationTokenAudience`; expired 401 `ExpiredAuthenticationToken`; anything else
 * 401 `InvalidAuthenticationToken`. The subscription's tenant is checked later, per route.
 *
 * @example
 * const auth = await authenticateArmCaller(request, ctx, armCloudForHost(request.host)!);
 * if (!auth.ok) return auth.response;
 */
export async function authenticateArmCaller(
  request: EmulatorRequest,
  context: EmulatorContext,
  cloud: ArmCloud,
): Promise<ArmAuthentication> {
  const header = request.headers.get("authorization");
  if (header === null || header.trim() === "") {
    return unauthorized(
      "AuthenticationFailed",
      AUTHORIZATION_HEADER_MISSING_MESSAGE,
      "The authentication failed because of missing 'Authorization' header.",
      deny("no-credentials", "no Authorization header"),
    );
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
  if (match?.[1] === undefined) {
    return unauthorized(
      "InvalidAuthenticationToken",
      INVALID_TOKEN_MESSAGE,
      "The access token is invalid.",
      deny("invalid-credentials", "Authorization is not a Bearer token"),
    );
  }
  const token = match[1];
  const result = await verifyAccessToken(token, context, { expectedAudiences: cloud.audiences });
  if (!result.ok) {
    const claims = peekClaims(token);
    if (result.failure === "audience") {
      const audience = Array.isArray(claims.aud)
        ? claims.aud.map(describeInput).join(",")
        : describeInput(claims.aud);
      return unauthorized(
        "InvalidAuthenticationTokenAudience",
        wrongAudienceMessage(audience, cloud.audiences),
        "The access token has been obtained for wrong audience or resource.",
        deny("token.wrong-audience", result.reason),
      );
    }
    if (
      result.failure === "lifetime" &&
      typeof claims.exp === "number" &&
      claims.exp * 1000 < context.clock.now()
    ) {
      return unauthorized(
        "ExpiredAuthenticationToken",
        expiredTokenMessage(claims.exp * 1000, context.clock.now()),
        "The access token expiry UTC time is earlier than current UTC time.",
        deny("token.expired", result.reason),
      );
    }
    return unauthorized(
      "InvalidAuthenticationToken",
      INVALID_TOKEN_MESSAGE,
      "The access token is invalid.",
      deny("invalid-credentials", result.reason),
    );
  }
  const principal = result.principal;
  const upn = typeof result.claims.upn === "string" ? result.claims.upn : undefined;
  const client = principal?.kind === "user" ? principal.upn : (upn ?? result.principalId);
  return {
    ok: true,
    caller: {
      principalId: result.principalId,
      tenantId: result.tenantId,
      issuer: typeof result.claims.iss === "string" ? result.claims.iss : "",
      client,
      ...(principal === undefined ? {} : { principal }),
    },
  };
}
