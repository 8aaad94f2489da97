import { armSurface } from "./arm/surface.js";
import type { EmulatorContext } from "./context.js";
import { controlSurface } from "./control/control-surface.js";
import { dataPlaneSurface } from "./data-plane/surface.js";
import { entraSurface } from "./entra/surface.js";
import type { EmulatorRequest } from "./http/emulator-request.js";
import type { Surface } from "./http/surface.js";
import { managedIdentitySurface } from "./managed-identity/surface.js";
import { DECISION_HEADER } from "./request-decision.js";

/**
 * What the emulator serves, in the order requests are offered to it. The first surface that claims
 * a request handles it.
 *
 * @example
 * SURFACES.map((s) => s.name); // ["control", "entra", "managed-identity", "arm", "data-plane"]
 */
export const SURFACES: readonly Surface[] = Object.freeze([
  // The control API goes first: its /_keyless/ paths must win over everything else.
  controlSurface,
  entraSurface,
  managedIdentitySurface,
  armSurface,
  dataPlaneSurface,
]);

/**
 * Body of the generic 500: nothing about the failure reaches the client.
 *
 * @example
 * new Response(INTERNAL_ERROR_BODY, { status: 500 });
 */
export const INTERNAL_ERROR_BODY =
  '{"error":{"code":"InternalServerError","message":"The emulator failed to handle the request; see its log."}}';

function pathOf(request: EmulatorRequest): string {
  return `${request.url.pathname}${request.url.search}`;
}

/**
 * A request handler over a table of surfaces (for a different table than {@link SURFACES}, e.g.
 * with the control API first): the first surface that claims the request answers; nothing claims it
 * -> 404 JSON; anything thrown -> a logged 500 with a generic body, never a stack. Every request is
 * logged with the surface's decision (taken from the decision header, which clients never see).
 *
 * @example
 * const handle = createRequestHandler([controlSurface, ...SURFACES]);
 * const response = await handle(request, ctx);
 */
export function createRequestHandler(
  surfaces: readonly Surface[],
): (request: EmulatorRequest, ctx: EmulatorContext) => Promise<Response> {
  return async (request, ctx) => {
    const record = (surface: string, status: number, decision: string) =>
      ctx.log.record({
        time: ctx.clock.now(),
        surface,
        method: request.method,
        host: request.host,
        path: pathOf(request),
        status,
        decision,
      });
    let surface: Surface | undefined;
    try {
      surface = surfaces.find((s) => s.claims(request));
      if (surface === undefined) {
        const message = `The emulator serves no Azure endpoint at ${request.method} ${request.host}${request.url.pathname}.`;
        record("none", 404, "deny: no surface serves this host and path");
        return Response.json({ error: { code: "NotFound", message } }, { status: 404 });
      }
      const response = await surface.handle(request, ctx);
      const decision = response.headers.get(DECISION_HEADER);
      response.headers.delete(DECISION_HEADER);
      record(surface.name, response.status, decision ?? (response.status < 400 ? "allow" : "deny"));
      return response;
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : "non-error thrown";
      record(surface?.name ?? "none", 500, `error: ${reason}`);
      return new Response(INTERNAL_ERROR_BODY, {
        status: 500,
        headers: { "content-type": "application/json" },
      });
    }
  };
}

const handleWithSurfaces = createRequestHandler(SURFACES);

/**
 * Answers one emulator request with the built-in surfaces: the control API, Entra ID, managed
 * identity, ARM and the Azure OpenAI data plane.
 *
 * @example
 * const response = await handleRequest(request, ctx);
 */
export function handleRequest(request: EmulatorRequest, ctx: EmulatorContext): Promise<Response> {
  return handleWithSurfaces(request, ctx);
}
