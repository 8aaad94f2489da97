import { CLOUDS } from "../../knowledge/clouds.js";
import type { EmulatorContext } from "../app/context.js";
import type { DecisionCode } from "../app/request-decision.js";
import { err, ok, type Result } from "../app/result.js";
import type { VerifiedTokenCache } from "../auth/verified-token-cache.js";
import {
  type TokenFailure,
  type VerifiedAccessToken,
  verifyAccessToken,
} from "../auth/verify-access-token.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import type { Account } from "../world/model.js";
import type { AccountMatch } from "./find-account.js";
import {
  customSubdomainRequired,
  invalidKey,
  keyAuthDisabled,
  type Refusal,
  tenantMismatch,
  unauthorized,
} from "./refusal.js";
import type { DataPlaneRoute } from "./route-request.js";

/**
 * Who is calling, once authenticated: the account's key, or a verified Entra ID token of the
 * account's tenant (RBAC has not been asked yet).
 *
 * @example
 * const caller: Caller = { kind: "key", account: "contoso-openai" };
 */
export type Caller = { kind: "key"; account: string } | { kind: "token"; token: VerifiedAccessToken };

/**
 * The credential of `Authorization: Bearer <credential>` (scheme case-insensitive, surrounding
 * white space allowed), or undefined for any other scheme or an empty credential. A credential
 * with white space inside is returned as it is: it is not a JWT and fails the shape check.
 */
function bearerValue(authorization: string): string | undefined {
  const value = authorization.trim();
  if (value.length < 8 || value.slice(0, 6).toLowerCase() !== "bearer" || !/\s/.test(value[6] ?? "")) {
    return undefined;
  }
  return value.slice(7).trimStart();
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const PUBLIC_FOUNDRY_AUDIENCE = "https://ai.azure.com";

/**
 * Which token gate a data-plane request meets, by surface:
 * - `project`: a Foundry project API, `/api/projects/<project>/...` (its `/openai/v1` included);
 * - `models`: Azure AI model inference on the account, `/models/...`;
 * - `openai-v1`: the account's `/openai/v1/...`;
 * - `openai`: the account's dated `/openai/...` paths (deployments form).
 *
 * @example
 * const gate: TokenGate = "project";
 */
export type TokenGate = "project" | "models" | "openai-v1" | "openai";

/**
 * The token gate of a route: from the project name when there is one (whatever form the route has),
 * else from the path (`/models` may be routed like the v1 API, with the deployment in `model`, but
 * its gate is not the v1 one), else from the form.
 *
 * @example
 * tokenGate({ operation: "chat", form: "v1", path: "/openai/v1/chat/completions" }); // "openai-v1"
 */
export function tokenGate(route: DataPlaneRoute): TokenGate {
  if (route.projectName !== undefined || route.form === "project") return "project";
  // The path is normalised (`/a/b`): its first segment is `models` when it starts `/models`,
  // followed by nothing or `/`.
  const { path } = route;
  if (path.slice(0, 7).toLowerCase() === "/models" && (path.length === 7 || path[7] === "/")) return "models";
  return route.form === "v1" ? "openai-v1" : "openai";
}

/**
 * The audiences a route accepts, the first being the one the flat 401 names (as Azure issues and
 * refuses them):
 * - dated `/openai/...`: the account cloud's Cognitive Services audience only (Microsoft's
 *   api-version-lifecycle.md, Entra tab);
 * - `/openai/v1/...`: Cognitive Services, and `https://ai.azure.com` too. Sources disagree here:
 *   Microsoft's docs show only the Cognitive Services scope for v1, openai-node's `docs/azure.md`
 *   and `examples/azure/responses.ts` request `https://ai.azure.com/.default`. The emulator takes
 *   the lenient reading; no public capture shows Azure refusing ai.azure.com on v1;
 * - `/models/...` (services.ai.azure.com): Cognitive Services only (microsoft/PyRIT#1453);
 * - `/api/projects/<project>/...`: `https://ai.azure.com` only; a Cognitive Services token gets the
 *   flat 401 naming `(https://ai.azure.com)` (reference/roles-and-endpoints.md §4, error-bodies.md §2).
 *
 * `https://ml.azure.com` (which Entra issues, and @azure-rest/ai-inference requests by default) is
 * accepted nowhere. A sovereign cloud without a Foundry audience in `knowledge/clouds.ts` answers
 * project paths with the public one.
 *
 * @example
 * expectedAudiences(account, route)[0]; // "https://cognitiveservices.azure.com"
 */
export function expectedAudiences(account: Account, route: DataPlaneRoute): string[] {
  const cloud = CLOUDS[account.cloud];
  switch (tokenGate(route)) {
    case "project":
      return [cloud.foundryAudience ?? PUBLIC_FOUNDRY_AUDIENCE];
    case "openai-v1":
      return cloud.foundryAudience === undefined
        ? [cloud.cognitiveServicesAudience]
        : [cloud.cognitiveServicesAudience, cloud.foundryAudience];
    case "models":
    case "openai":
      return [cloud.cognitiveServicesAudience];
  }
}

const TOKEN_CAUSES: Readonly<Record<TokenFailure, DecisionCode>> = {
  malformed: "invalid-credentials",
  algorithm: "invalid-credentials",
  issuer: "invalid-credentials",
  signature: "invalid-credentials",
  claims: "invalid-credentials",
  lifetime: "token.expired",
  audience: "token.wrong-audience",
};

function flat(account: Account, route: DataPlaneRoute, code: DecisionCode, detail: string) {
  return err(unauthorized(expectedAudiences(account, route)[0] ?? "", code, detail));
}

/**
 * Authenticates a data-plane request in Azure's order (reference/wire-openai.md §2): an `api-key`
 * (or `Ocp-Apim-Subscription-Key`) header is checked first: refused with 403
 * `AuthenticationTypeDisabled` when local auth is off, 401 when it is not one of the account's two
 * keys. Otherwise `Authorization: Bearer`: 400 on a regional endpoint; the flat 401 when missing,
 * not a JWT (an API key sent as Bearer), badly signed, expired or for another audience; 400 when the
 * token's tenant is not the account's. A token seen before skips its signature check (`cache`),
 * nothing else. Never logs a token or key.
 *
 * @example
 * const caller = await authenticateRequest(ctx, request, found.value, route, cache);
 * if (!caller.ok) return refusalResponse(caller.error, meta);
 */
export async function authenticateRequest(
  ctx: EmulatorContext,
  request: EmulatorRequest,
  target: AccountMatch,
  route: DataPlaneRoute,
  cache?: VerifiedTokenCache,
): Promise<Result<Caller, Refusal>> {
  const { account, regional } = target;
  const apiKey = request.headers.get("api-key") ?? request.headers.get("ocp-apim-subscription-key");
  if (apiKey !== null) {
    if (account.disableLocalAuth) return err(keyAuthDisabled(account));
    const key = apiKey.trim();
    if (!account.keys.includes(key)) return err(invalidKey(account, JWT_SHAPE.test(key)));
    return ok({ kind: "key", account: account.name });
  }

  const authorization = request.headers.get("authorization");
  if (authorization === null) {
    return flat(account, route, "no-credentials", "no api-key or Authorization header");
  }
  const token = bearerValue(authorization);
  if (token === undefined) {
    return flat(account, route, "invalid-credentials", "the Authorization scheme is not Bearer");
  }
  if (regional) return err(customSubdomainRequired(request.host));
  // A token this data plane verified before has the JWT shape; the check reads 1.5 KB otherwise.
  if (cache?.has(token) !== true && !JWT_SHAPE.test(token)) {
    return account.keys.includes(token)
      ? flat(
          account,
          route,
          "key.sent-as-bearer",
          "the account's API key was sent in the Authorization header instead of api-key",
        )
      : flat(account, route, "invalid-credentials", "the Authorization value is not a JWT");
  }

  const verified = await verifyAccessToken(token, ctx, {
    expectedAudiences: expectedAudiences(account, route),
    ...(cache === undefined ? {} : { cache }),
  });
  if (!verified.ok) return flat(account, route, TOKEN_CAUSES[verified.failure], verified.reason);
  if (verified.tenantId.toLowerCase() !== account.tenantId.toLowerCase()) {
    return err(tenantMismatch(verified.tenantId, account));
  }
  return ok({ kind: "token", token: verified });
}
