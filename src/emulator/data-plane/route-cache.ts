import type { RequiredDataAction } from "../../knowledge/data-actions.js";
import { ok, type Result } from "../app/result.js";
import type { Refusal } from "./refusal.js";
import { type DataPlaneRoute, requiredDataAction, routeRequest } from "./route-request.js";

/**
 * A routed request and the data action RBAC checks for it.
 *
 * @example
 * const routed: RoutedRequest = { route, required: ok({ operation: "POST /openai/deployments/{deployment-id}/chat/completions", dataAction }) };
 */
export interface RoutedRequest {
  readonly route: DataPlaneRoute;
  /** The data action, or the 404 for a routed operation without one (answered after the route's own checks). */
  readonly required: Result<RequiredDataAction, Refusal>;
}

/**
 * Routes a request and finds its data action ({@link routeRequest}, {@link requiredDataAction}).
 *
 * @example
 * const routed = route("POST", request.url);
 * if (!routed.ok) return refusalResponse(routed.error, meta);
 */
export type RouteLookup = (method: string, url: URL) => Result<RoutedRequest, Refusal>;

const DEFAULT_CAPACITY = 512;

/**
 * A {@link RouteLookup} that remembers what it routed: both steps are pure functions of the method
 * and the URL, and a client calls the same few URLs over and over, so a hit skips the path
 * splitting, the query parsing and the data-action lookup. Only routed requests are kept (a
 * routing refusal is built fresh each time); at `capacity` distinct URLs the cache starts over, so a client
 * walking random paths costs memory bounded by it. One per data plane; the values are shared and
 * read-only.
 *
 * @example
 * const route = createRouteCache();
 * route("POST", new URL("https://x.openai.azure.com/openai/v1/chat/completions")).ok; // true
 */
export function createRouteCache(capacity = DEFAULT_CAPACITY): RouteLookup {
  const known = new Map<string, Result<RoutedRequest, Refusal>>();
  return (method, url) => {
    const key = `${method} ${url.href}`;
    const hit = known.get(key);
    if (hit !== undefined) return hit;
    const routed = routeRequest(method, url);
    if (!routed.ok) return routed;
    const required = requiredDataAction(method, routed.value);
    const result = ok(Object.freeze({ route: Object.freeze(routed.value), required }));
    if (known.size >= capacity) known.clear();
    known.set(key, result);
    return result;
  };
}
