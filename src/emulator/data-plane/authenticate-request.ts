import { CLOUDS } from "../../knowledge/clouds.js";
import type { RequiredDataAction } from "../../knowledge/data-actions.js";
import { type AccessDenialReason, evaluateDataAction } from "../auth/evaluate-access.js";
import {
  type TokenFailure,
  type VerifiedAccessToken,
  verifyAccessToken,
} from "../auth/verify-access-token.js";
import type { EmulatorContext } from "../context.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import type { Account } from "../world/model.js";
import {
  AUTHENTICATION_TYPE_DISABLED_BODY,
  CUSTOM_SUBDOMAIN_REQUIRED_BODY,
  flatUnauthorizedBody,
  INVALID_SUBSCRIPTION_KEY_BODY,
  permissionDeniedBody,
  tenantMismatchBody,
} from "./error-bodies.js";
import type { Refusal } from "./refusal.js";
import type { DataPlaneRoute } from "./route-request.js";

/**
 * Who is calling, once authentication and authorization passed.
 *
 * @example
 * const caller: Caller = { kind: "key" };
 */
export type Caller = { kind: "key" } | { kind: "token"; token: VerifiedAccessToken };

/**
 * A request that passed authentication and RBAC, with the log line saying why.
 *
 * @example
 * const ok: Authenticated = { caller: { kind: "key" }, decision: "allow api-key of account contoso" };
 */
export interface Authenticated {
  caller: Caller;
  decision: string;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const PUBLIC_FOUNDRY_AUDIENCE = "https://ai.azure.com";

/**
 * The audiences a route accepts, the first being the one the flat 401 names: the account cloud's
 * Cognitive Services audience for `/openai/...`, plus the Foundry audience on the v1 API (openai-node
 * `docs/azure.md` requests `https://ai.azure.com/.default` there), and only the Foundry audience on
 * Foundry project APIs (reference/roles-and-endpoints.md §4).
 *
 * @example
 * expectedAudiences(account, route)[0]; // "https://cognitiveservices.azure.com"
 */
export function expectedAudiences(account: Account, route: DataPlaneRoute): string[] {
  const cloud = CLOUDS[account.cloud];
  const foundry = cloud.foundryAudience ?? PUBLIC_FOUNDRY_AUDIENCE;
  if (route.form === "project") return [foundry];
  if (route.form === "v1" && cloud.foundryAudience !== undefined) {
    return [cloud.cognitiveServicesAudience, cloud.foundryAudience];
  }
  return [cloud.cognitiveServicesAudience];
}

/**
 * The ARM scope RBAC evaluates for a route: the account, or the Foundry project under it.
 *
 * @example
 * rbacScope(account, route); // "/subscriptions/.../accounts/contoso"
 */
export function rbacScope(account: Account, route: DataPlaneRoute): string {
  return route.projectName === undefined
    ? account.resourceId
    : `${account.resourceId}/projects/${route.projectName}`;
}

const TOKEN_CAUSES: Readonly<Record<TokenFailure, string>> = {
  malformed: "token.invalid",
  algorithm: "token.invalid",
  issuer: "token.invalid",
  signature: "token.invalid",
  claims: "token.invalid",
  lifetime: "token.expired",
  audience: "token.wrong-audience",
};

const RBAC_CAUSES: Readonly<Record<AccessDenialReason, string>> = {
  propagating: "rbac.propagation-pending",
  "wrong-scope": "rbac.wrong-scope",
  "control-plane-only": "rbac.control-plane-role-only",
  "action-not-granted": "rbac.missing-data-action",
  "no-assignment": "rbac.missing-data-action",
};

function flat(account: Account, route: DataPlaneRoute, decision: string): Refusal {
  return { status: 401, body: flatUnauthorizedBody(expectedAudiences(account, route)[0] ?? ""), decision };
}

/**
 * Authenticates and authorizes a data-plane request in Azure's order (reference/wire-openai.md §2):
 * an `api-key` (or `Ocp-Apim-Subscription-Key`) header is checked first: refused with 403
 * `AuthenticationTypeDisabled` when local auth is off, 401 when it is not one of the account's two
 * keys. Otherwise `Authorization: Bearer`: 400 on a regional endpoint; the flat 401 when missing,
 * not a JWT (an API key sent as Bearer), badly signed, expired or for another audience; 400 when the
 * token's tenant is not the account's; 401 `PermissionDenied` naming the data action when RBAC
 * refuses. Never logs a token or key.
 *
 * @example
 * const result = await authenticateRequest(ctx, request, account, route, required, false);
 * if ("status" in result) return refuse(result);
 */
export async function authenticateRequest(
  ctx: EmulatorContext,
  request: EmulatorRequest,
  account: Account,
  route: DataPlaneRoute,
  required: RequiredDataAction,
  regional: boolean,
): Promise<Authenticated | Refusal> {
  const apiKey = request.headers.get("api-key") ?? request.headers.get("ocp-apim-subscription-key");
  if (apiKey !== null) {
    if (account.disableLocalAuth) {
      return {
        status: 403,
        body: AUTHENTICATION_TYPE_DISABLED_BODY,
        decision: `deny key.auth-disabled: account ${account.name} has disableLocalAuth; the request carried an api-key`,
      };
    }
    if (!account.keys.includes(apiKey.trim())) {
      const what = JWT_SHAPE.test(apiKey.trim())
        ? "token.in-api-key-header: a JWT in the api-key header"
        : "key.invalid";
      return {
        status: 401,
        body: INVALID_SUBSCRIPTION_KEY_BODY,
        decision: `deny ${what}: not a key of account ${account.name}`,
      };
    }
    return { caller: { kind: "key" }, decision: `allow api-key of account ${account.name}` };
  }

  const authorization = request.headers.get("authorization");
  if (authorization === null)
    return flat(account, route, "deny token.missing: no api-key or Authorization header");
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization.trim());
  if (bearer?.[1] === undefined) {
    return flat(account, route, "deny token.invalid: the Authorization scheme is not Bearer");
  }
  if (regional) {
    return {
      status: 400,
      body: CUSTOM_SUBDOMAIN_REQUIRED_BODY,
      decision: `deny endpoint.regional-no-subdomain: an Entra ID token was sent to the regional endpoint ${request.host}`,
    };
  }
  const token = bearer[1];
  if (!JWT_SHAPE.test(token)) {
    const decision = account.keys.includes(token)
      ? "deny key.sent-as-bearer: the account's API key was sent in the Authorization header instead of api-key"
      : "deny token.invalid: the Authorization value is not a JWT";
    return flat(account, route, decision);
  }

  const verified = await verifyAccessToken(token, ctx, {
    expectedAudiences: expectedAudiences(account, route),
  });
  if (!verified.ok) return flat(account, route, `deny ${TOKEN_CAUSES[verified.failure]}: ${verified.reason}`);

  if (verified.tenantId.toLowerCase() !== account.tenantId.toLowerCase()) {
    return {
      status: 400,
      body: tenantMismatchBody(verified.tenantId),
      decision: `deny token.wrong-tenant: token tenant ${verified.tenantId}, account ${account.name} is in ${account.tenantId}`,
    };
  }

  const access = evaluateDataAction(ctx, {
    principalId: verified.principalId,
    tenantId: verified.tenantId,
    scope: rbacScope(account, route),
    dataAction: required.dataAction,
  });
  if (!access.allowed) {
    return {
      status: 401,
      body: permissionDeniedBody(
        verified.principalId,
        required.dataAction,
        required.operation,
        route.form === "project",
      ),
      decision: `deny ${RBAC_CAUSES[access.reason]}: ${access.detail}`,
    };
  }
  return { caller: { kind: "token", token: verified }, decision: `allow ${access.detail}` };
}
