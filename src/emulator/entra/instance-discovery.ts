import type { EmulatorContext } from "../app/context.js";
import { allow, withDecision } from "../app/request-decision.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import { EmulatorResponse } from "../http/emulator-response.js";
import { requestBaseUrl } from "../http/request-base-url.js";
import { AADSTS } from "./aadsts-failures.js";
import { entraErrorResponse, entraHeaders, responseIds } from "./entra-error.js";
import { LOGIN_HOSTS, loginOrigin } from "./login-hosts.js";
import type { EntraRuntime } from "./token-call.js";

/**
 * Entra's instance discovery metadata: one entry per cloud, with the host aliases MSAL caches under.
 *
 * @example
 * INSTANCE_METADATA[0]?.preferred_cache; // "login.windows.net"
 */
export const INSTANCE_METADATA: readonly {
  preferred_network: string;
  preferred_cache: string;
  aliases: string[];
}[] = Object.freeze([
  {
    preferred_network: "login.microsoftonline.com",
    preferred_cache: "login.windows.net",
    aliases: ["login.microsoftonline.com", "login.windows.net", "login.microsoft.com", "sts.windows.net"],
  },
  {
    preferred_network: "login.partner.microsoftonline.cn",
    preferred_cache: "login.partner.microsoftonline.cn",
    aliases: ["login.partner.microsoftonline.cn", "login.chinacloudapi.cn"],
  },
  {
    preferred_network: "login.microsoftonline.de",
    preferred_cache: "login.microsoftonline.de",
    aliases: ["login.microsoftonline.de"],
  },
  {
    preferred_network: "login.microsoftonline.us",
    preferred_cache: "login.microsoftonline.us",
    aliases: ["login.microsoftonline.us", "login.usgovcloudapi.net"],
  },
  {
    preferred_network: "login-us.microsoftonline.com",
    preferred_cache: "login-us.microsoftonline.com",
    aliases: ["login-us.microsoftonline.com"],
  },
]);

/**
 * The emulator's own origin an `authorization_endpoint` names, if it does: the origin itself, or a
 * port-less URL on the emulator's host name. MSAL Python builds `authorization_endpoint` from the
 * authority's host name without its port (`https://127.0.0.1/<tenant>/oauth2/v2.0/authorize` for an
 * authority `https://127.0.0.1:PORT/<tenant>`) and then follows the `tenant_discovery_endpoint` the
 * answer names, so the answer must put the port back for the client to reach the emulator.
 */
function ownOrigin(url: URL, bases: readonly string[]): string | undefined {
  for (const base of bases) {
    let own: URL;
    try {
      own = new URL(base);
    } catch {
      // No listener yet (in-process tests): nothing to match.
      continue;
    }
    if (own.protocol !== "https:") continue;
    if (url.host === own.host || (url.port === "" && url.hostname === own.hostname)) return own.origin;
  }
  return undefined;
}

/**
 * `GET /common/discovery/instance?api-version=1.1&authorization_endpoint=<authority>/oauth2/v2.0/authorize`:
 * what MSAL calls before trusting an authority (without `disableInstanceDiscovery`). Entra's hosts and
 * the emulator's own origin are valid instances; any other host is AADSTS50049 `invalid_instance`,
 * which MSAL turns into `untrusted_authority`. An `authorization_endpoint` on the emulator's host name
 * without a port (what MSAL Python sends for `https://127.0.0.1:PORT/<tenant>`) gets a
 * `tenant_discovery_endpoint` at the emulator's origin, port included.
 *
 * @example
 * const response = instanceDiscovery(request, ctx, runtime);
 */
export function instanceDiscovery(
  request: EmulatorRequest,
  ctx: EmulatorContext,
  runtime: EntraRuntime,
): EmulatorResponse {
  const ids = responseIds(request, runtime.newId);
  const origin = loginOrigin(LOGIN_HOSTS.get(request.host) ?? "public");
  const endpoint = request.url.searchParams.get("authorization_endpoint");
  let url: URL | undefined;
  try {
    url = endpoint === null ? undefined : new URL(endpoint);
  } catch {
    url = undefined;
  }
  const own = url === undefined ? undefined : ownOrigin(url, [ctx.urls.base, requestBaseUrl(request, ctx)]);
  const oauth = url?.href.toLowerCase().indexOf("/oauth2/") ?? -1;
  if (
    url === undefined ||
    url.protocol !== "https:" ||
    oauth < 0 ||
    (!LOGIN_HOSTS.has(url.host) && own === undefined)
  ) {
    return entraErrorResponse(ctx, ids, origin, AADSTS.unknownInstance());
  }
  const path = url.href.slice(url.origin.length, oauth + 1);
  const authority = `${LOGIN_HOSTS.has(url.host) ? url.origin : (own ?? url.origin)}${path}`;
  const known = INSTANCE_METADATA.some((m) => m.aliases.includes(url.host));
  const metadata = known
    ? INSTANCE_METADATA
    : [...INSTANCE_METADATA, { preferred_network: url.host, preferred_cache: url.host, aliases: [url.host] }];
  const body = {
    tenant_discovery_endpoint: `${authority}v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata,
  };
  return withDecision(
    new EmulatorResponse(200, JSON.stringify(body), entraHeaders(ids)),
    allow(`instance discovery for ${url.host}`),
  );
}
