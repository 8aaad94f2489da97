import type { EmulatorContext } from "../app/context.js";
import { deny, withDecision } from "../app/request-decision.js";
import { type FaultShape, faultResponse } from "../faults/fault-response.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import { EmulatorResponse } from "../http/emulator-response.js";
import { decodeComponent } from "../http/safe-text.js";
import type { Surface } from "../http/surface.js";
import { instanceDiscovery } from "./instance-discovery.js";
import { jwksEndpoint } from "./jwks-endpoint.js";
import { LOGIN_HOSTS } from "./login-hosts.js";
import { openIdConfiguration } from "./openid-configuration.js";
import type { EntraRuntime } from "./token-call.js";
import { handleTokenEndpoint } from "./token-endpoint.js";

type Route = (
  request: EmulatorRequest,
  ctx: EmulatorContext,
  runtime: EntraRuntime,
  tenant: string,
) => Promise<EmulatorResponse> | EmulatorResponse;

/** Entra's paths after the tenant segment, and what answers each. */
const ROUTES: readonly [RegExp, Route][] = [
  [/^v2\.0\/\.well-known\/openid-configuration$/, (r, c, rt, t) => openIdConfiguration(r, c, rt, t, 2)],
  [/^\.well-known\/openid-configuration$/, (r, c, rt, t) => openIdConfiguration(r, c, rt, t, 1)],
  [/^discovery\/v2\.0\/keys$/, (r, c, rt, t) => jwksEndpoint(r, c, rt, t, 2)],
  [/^discovery\/keys$/, (r, c, rt, t) => jwksEndpoint(r, c, rt, t, 1)],
  [/^discovery\/instance$/, (r, c, rt) => instanceDiscovery(r, c, rt)],
  [/^oauth2\/v2\.0\/token$/, (r, c, rt, t) => handleTokenEndpoint(r, c, rt, t, 2)],
  [/^oauth2\/token$/, (r, c, rt, t) => handleTokenEndpoint(r, c, rt, t, 1)],
];

/** Paths the emulator recognises as Entra's but does not emulate (interactive flows need a browser). */
const INTERACTIVE = /^oauth2\/(v2\.0\/)?(authorize|devicecode|logout)$/;

/** Entra's answer to an injected fault without a body: OAuth error JSON naming the fault. */
const ENTRA_FAULT_SHAPE: FaultShape = {
  headers: { "content-type": "application/json; charset=utf-8" },
  defaultBody: (status, fault) =>
    JSON.stringify({
      error: status >= 500 ? "temporarily_unavailable" : "invalid_request",
      error_description: `The keyless emulator injected HTTP ${status} (fault ${fault.id}).`,
    }),
};

function split(pathname: string): { tenant: string; rest: string } | undefined {
  const match = /^\/([^/]+)\/(.+?)\/?$/.exec(pathname);
  if (match === null) return undefined;
  return { tenant: decodeComponent(match[1] ?? ""), rest: match[2] ?? "" };
}

function isEntraPath(pathname: string): boolean {
  const parts = split(pathname);
  return (
    parts !== undefined &&
    (ROUTES.some(([pattern]) => pattern.test(parts.rest)) || INTERACTIVE.test(parts.rest))
  );
}

/**
 * Options of {@link createEntraSurface}.
 *
 * @example
 * const options: EntraSurfaceOptions = { newId: () => "00000000-0000-4000-8000-000000000000" };
 */
export interface EntraSurfaceOptions {
  /** Makes GUIDs (trace ids, correlation ids, token ids); defaults to the context's `newId`. */
  newId?: () => string;
}

/**
 * Entra ID, per tenant, at the paths MSAL uses: OIDC discovery (v2 and v1), JWKS, instance
 * discovery, and the token endpoint (v2 and v1). It answers every path on the login hosts of every
 * cloud (`login.microsoftonline.com`, `.us`, `login.chinacloudapi.cn`, ...) and Entra's paths on the
 * emulator's own origin. Injected `entra` faults come first.
 *
 * @example
 * const entra = createEntraSurface({ newId: sequentialIds() });
 * if (entra.claims(request)) return entra.handle(request, ctx);
 */
export function createEntraSurface(options: EntraSurfaceOptions = {}): Surface {
  return {
    name: "entra",
    claims: (request) =>
      LOGIN_HOSTS.has(request.host) || (request.host === "emulator" && isEntraPath(request.url.pathname)),
    async handle(request, ctx) {
      const runtime: EntraRuntime = { newId: options.newId ?? ctx.newId };
      const fault = ctx.takeFault("entra", request.url.pathname);
      if (fault !== undefined) return faultResponse(fault, ENTRA_FAULT_SHAPE);
      const parts = split(request.url.pathname);
      if (parts !== undefined) {
        for (const [pattern, route] of ROUTES) {
          if (pattern.test(parts.rest)) return route(request, ctx, runtime, parts.tenant);
        }
      }
      const interactive = parts !== undefined && INTERACTIVE.test(parts.rest);
      const message = interactive
        ? `The emulator does not emulate ${request.url.pathname}: interactive sign-in needs a browser. Use a client secret, certificate, federated token, password or managed identity credential.`
        : `Entra ID has no endpoint at ${request.method} ${request.url.pathname}.`;
      return withDecision(
        EmulatorResponse.json(404, { error: "not_found", error_description: message }),
        deny("unrouted", `entra: no route for ${request.method} ${request.url.pathname}`),
      );
    },
  };
}
