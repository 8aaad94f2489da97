import type { EmulatorContext } from "../app/context.js";
import type { EmulatorRequest } from "./emulator-request.js";

/**
 * The origin a client used to reach the virtual host, so a surface can hand out URLs the client can
 * follow: the real host in proxy mode (`https://login.microsoftonline.com`), the emulator's origin
 * for requests to `emulator`, and `<emulator>/_host/<host>` for direct requests to a virtual host.
 *
 * @example
 * requestBaseUrl(request, ctx); // "https://127.0.0.1:8443"
 */
export function requestBaseUrl(request: EmulatorRequest, ctx: EmulatorContext): string {
  if (request.via === "proxy") return request.url.origin;
  if (request.host === "emulator") return request.url.origin;
  const base = request.secure ? ctx.urls.base : ctx.urls.http;
  return `${base}/_host/${request.host}`;
}
