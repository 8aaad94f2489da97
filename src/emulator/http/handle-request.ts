import type { EmulatorContext } from "../app/context.js";
import { deny, type RequestDecision } from "../app/request-decision.js";
import type { EmulatorRequest } from "./emulator-request.js";
import { EmulatorResponse } from "./emulator-response.js";
import { headerSafe, isHeaderSafe } from "./safe-text.js";
import type { Surface } from "./surface.js";

/**
 * Body of the generic 500: nothing about the failure reaches the client.
 *
 * @example
 * new EmulatorResponse(500, INTERNAL_ERROR_BODY, { "content-type": "application/json" });
 */
export const INTERNAL_ERROR_BODY =
  '{"error":{"code":"InternalServerError","message":"The emulator failed to handle the request; see its log."}}';

const UNDECIDED_ALLOW: RequestDecision = { outcome: "allow", code: "no-decision", detail: "" };
const UNDECIDED_DENY: RequestDecision = { outcome: "deny", code: "no-decision", detail: "" };

/** A response whose surface recorded no decision: its status says allow or deny. */
function undecided(status: number): RequestDecision {
  return status < 400 ? UNDECIDED_ALLOW : UNDECIDED_DENY;
}

/**
 * The last guard before the wire: a header value a response cannot hold (CR/LF, a zero-width space
 * from a pasted id) would make Node's `writeHead` or Fetch `Headers` throw after the surface has
 * answered; such a value goes out with those characters as `?` instead.
 */
function safeHeaders(response: EmulatorResponse): void {
  const { headers } = response;
  for (const name in headers) {
    const value = headers[name];
    if (typeof value !== "string") headers[name] = String(value);
    else if (!isHeaderSafe(value)) headers[name] = headerSafe(value);
  }
}

function pathOf(request: EmulatorRequest): string {
  return `${request.url.pathname}${request.url.search}`;
}

/**
 * A request handler over a table of surfaces (an emulator's, see `createEmulatorApp`, or any other
 * table, e.g. one surface in a test): the first surface that claims the request answers; nothing
 * claims it -> 404 JSON; anything thrown -> a logged 500 with a generic body, never a stack. Every
 * request is logged with the surface's decision (from {@link EmulatorResponse.decision}, which
 * clients never see).
 *
 * @example
 * const handle = createRequestHandler([createEntraSurface(), createDataPlaneSurface()]);
 * const response = await handle(request, ctx);
 */
export function createRequestHandler(
  surfaces: readonly Surface[],
): (request: EmulatorRequest, ctx: EmulatorContext) => Promise<EmulatorResponse> {
  return async (request, ctx) => {
    const record = (surface: string, status: number, decision: RequestDecision) =>
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
      for (const candidate of surfaces) {
        if (candidate.claims(request)) {
          surface = candidate;
          break;
        }
      }
      if (surface === undefined) {
        const message = `The emulator serves no Azure endpoint at ${request.method} ${request.host}${request.url.pathname}.`;
        record("none", 404, deny("unrouted", "no surface serves this host and path"));
        return EmulatorResponse.json(404, { error: { code: "NotFound", message } });
      }
      const response = await surface.handle(request, ctx);
      safeHeaders(response);
      record(surface.name, response.status, response.decision ?? undecided(response.status));
      return response;
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : "non-error thrown";
      record(surface?.name ?? "none", 500, { outcome: "error", code: "internal", detail: reason });
      return new EmulatorResponse(500, INTERNAL_ERROR_BODY, { "content-type": "application/json" });
    }
  };
}
