import { EnvHttpProxyAgent } from "undici";

const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"] as const;

/**
 * An undici dispatcher for Node's `fetch` that follows `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY`
 * from `env` (Node 20's `fetch` ignores them), trusting `ca` besides Node's roots (and
 * `NODE_EXTRA_CA_CERTS`) on the proxy and through the tunnel; `undefined` when no proxy is set
 * and no extra CA is given, so `fetch` keeps its own.
 *
 * @example
 * const dispatcher = proxyDispatcher(process.env);
 * new AzureOpenAI({ ..., fetchOptions: dispatcher === undefined ? {} : { dispatcher } });
 */
export function proxyDispatcher(
  env: Record<string, string | undefined>,
  ca: readonly string[] = [],
): EnvHttpProxyAgent | undefined {
  const value = (name: string) => {
    const v = env[name];
    return v === undefined || v === "" ? undefined : v;
  };
  const httpsProxy = value("HTTPS_PROXY") ?? value("https_proxy");
  const httpProxy = value("HTTP_PROXY") ?? value("http_proxy");
  if (!PROXY_VARIABLES.some((name) => value(name) !== undefined) && ca.length === 0) return undefined;
  const noProxy = value("NO_PROXY") ?? value("no_proxy");
  const tls = ca.length === 0 ? {} : { ca: [...ca] };
  const options = {
    // "" rather than absent: undici would read the process's own variables instead of `env`.
    httpsProxy: httpsProxy ?? httpProxy ?? "",
    httpProxy: httpProxy ?? "",
    noProxy: noProxy ?? "",
    connect: tls,
    requestTls: tls,
    proxyTls: tls,
  };
  // undici 6 flags EnvHttpProxyAgent experimental once per process; that notice is ours, not the app's.
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) =>
    rest.some((r) => r === "UNDICI-EHPA" || (r as { code?: string } | undefined)?.code === "UNDICI-EHPA")
      ? undefined
      : emitWarning.call(process, warning, ...(rest as []))) as typeof process.emitWarning;
  try {
    return new EnvHttpProxyAgent(options as ConstructorParameters<typeof EnvHttpProxyAgent>[0]);
  } finally {
    process.emitWarning = emitWarning;
  }
}
