/**
 * The proxy a request to a URL goes through, decided the way `@azure/core-rest-pipeline` (and so
 * `@azure/identity` and the ARM clients) decides it: `HTTPS_PROXY`, else `ALL_PROXY`, else
 * `HTTP_PROXY` (upper case first, then lower case), unless `NO_PROXY` names the host.
 *
 * @example
 * const route: ProxyRoute = proxyForUrl("https://contoso.openai.azure.com", { HTTPS_PROXY: "http://127.0.0.1:8080" });
 * route.proxy; // "http://127.0.0.1:8080"
 */
export interface ProxyRoute {
  /** The proxy URL, unmasked (callers mask it before showing it). */
  proxy?: string;
  /** The variable that named it. */
  variable?: string;
  /** `NO_PROXY` matched the host, so no proxy is used although one is set. */
  bypassed: boolean;
}

function read(env: Record<string, string | undefined>, name: string): [string, string] | undefined {
  for (const candidate of [name, name.toLowerCase()]) {
    const value = env[candidate];
    if (value !== undefined && value !== "") return [candidate, value];
  }
  return undefined;
}

/** core-rest-pipeline's rule: `.foo.com` matches foo.com and its subdomains, anything else the exact host. */
function bypasses(noProxy: string, hostname: string): boolean {
  return noProxy
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "")
    .some((pattern) =>
      pattern.startsWith(".")
        ? hostname.endsWith(pattern) || hostname === pattern.slice(1)
        : hostname === pattern,
    );
}

/**
 * Which proxy (if any) a request to `url` would use under `env`.
 *
 * @example
 * proxyForUrl("https://127.0.0.1:8443", { HTTPS_PROXY: "http://p:1", NO_PROXY: "127.0.0.1" }).bypassed; // true
 */
export function proxyForUrl(url: string, env: Record<string, string | undefined>): ProxyRoute {
  let hostname: string;
  try {
    hostname = new URL(url).hostname;
  } catch {
    return { bypassed: false };
  }
  const found = read(env, "HTTPS_PROXY") ?? read(env, "ALL_PROXY") ?? read(env, "HTTP_PROXY");
  if (found === undefined) return { bypassed: false };
  const noProxy = read(env, "NO_PROXY");
  if (noProxy !== undefined && bypasses(noProxy[1], hostname)) return { bypassed: true };
  return { proxy: found[1], variable: found[0], bypassed: false };
}
