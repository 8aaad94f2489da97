import { Agent as HttpsAgent } from "node:https";
import { createSecureContext, rootCertificates, type SecureContext } from "node:tls";
import {
  createDefaultHttpClient,
  type HttpClient,
  type PipelinePolicy,
  type ProxySettings,
  proxyPolicy,
} from "@azure/core-rest-pipeline";
import { proxyForUrl } from "./proxy-settings.js";

/**
 * Where the doctor's connections go and whom they trust: the environment the proxy variables are
 * read from, and CA certificates to trust besides Node's bundled roots.
 *
 * @example
 * const settings: NetworkSettings = { env: emulator.env, ca: [emulator.ca] };
 */
export interface NetworkSettings {
  /** Read for `HTTPS_PROXY`, `ALL_PROXY`, `HTTP_PROXY` and `NO_PROXY` (upper case first, then lower case). */
  env: Record<string, string | undefined>;
  /** Extra CA certificates (PEM), trusted for every HTTPS connection besides Node's bundled roots. */
  ca?: readonly string[];
}

/**
 * The network every probe and credential of one doctor run uses: an `@azure/core-rest-pipeline`
 * HTTP client for SDK clients and the doctor's own requests, and the TLS context for raw handshakes.
 *
 * @example
 * const network: DoctorNetwork = createDoctorNetwork({ env: process.env });
 * new CognitiveServicesManagementClient(credential, subscriptionId, { httpClient: network.httpClient });
 */
export interface DoctorNetwork {
  env: Record<string, string | undefined>;
  ca: readonly string[];
  /** Trusts Node's bundled roots and `ca`; `undefined` without extra CA (Node's default store then). */
  secureContext?: SecureContext;
  /**
   * Sends every request the way `@azure/core-rest-pipeline` does, with the proxy `env` names (not
   * `process.env`: whatever proxy a pipeline's own proxy policy chose is replaced) and, for HTTPS,
   * {@link DoctorNetwork.secureContext}, through a proxy too.
   */
  httpClient: HttpClient;
}

/** The proxy policy's form of a proxy URL; the port defaults to the scheme's, as Node's agents do. */
function proxySettingsOf(proxy: string): ProxySettings | undefined {
  let url: URL;
  try {
    url = new URL(proxy);
  } catch {
    return undefined;
  }
  return {
    host: `${url.protocol}//${url.hostname}`,
    port: Number.parseInt(url.port || (url.protocol === "https:" ? "443" : "80"), 10),
    ...(url.username === "" ? {} : { username: url.username }),
    ...(url.password === "" ? {} : { password: url.password }),
  };
}

function isHttps(url: string): boolean {
  return url.slice(0, 6).toLowerCase() === "https:";
}

/**
 * Builds the {@link DoctorNetwork} for `settings`. Proxy choice follows core-rest-pipeline's rules
 * (see {@link proxyForUrl}); the proxy agents are core-rest-pipeline's own, so a proxy answers the
 * doctor as it answers the app. With extra CA certificates every TLS connection (direct, or tunnelled
 * through the proxy) trusts Node's bundled roots plus them, as `NODE_EXTRA_CA_CERTS` would at start.
 *
 * @example
 * const network = createDoctorNetwork({ env: { HTTPS_PROXY: "http://127.0.0.1:8080" }, ca: [caPem] });
 * await pipeline.sendRequest(network.httpClient, createPipelineRequest({ url: "https://management.azure.com/" }));
 */
export function createDoctorNetwork(settings: NetworkSettings): DoctorNetwork {
  const ca = [...(settings.ca ?? [])];
  const secureContext =
    ca.length === 0 ? undefined : createSecureContext({ ca: [...rootCertificates, ...ca] });
  const direct = secureContext === undefined ? undefined : new HttpsAgent({ keepAlive: true, secureContext });
  const inner = createDefaultHttpClient();
  const proxies = new Map<string, PipelinePolicy | undefined>();
  const proxyFor = (proxy: string): PipelinePolicy | undefined => {
    if (!proxies.has(proxy)) {
      const proxySettings = proxySettingsOf(proxy);
      // NO_PROXY is already applied by proxyForUrl; an empty list keeps the policy from reading process.env's.
      proxies.set(
        proxy,
        proxySettings === undefined ? undefined : proxyPolicy(proxySettings, { customNoProxyList: [] }),
      );
    }
    return proxies.get(proxy);
  };
  const httpClient: HttpClient = {
    sendRequest(request) {
      request.agent = undefined;
      request.proxySettings = undefined;
      const secure = isHttps(request.url);
      if (secure && secureContext !== undefined) {
        // Passed on to tls.connect, by Node's agent and by the proxy agent's tunnel alike.
        request.requestOverrides = { ...request.requestOverrides, secureContext };
      }
      const route = proxyForUrl(request.url, settings.env);
      const policy = route.proxy === undefined ? undefined : proxyFor(route.proxy);
      if (policy !== undefined) return policy.sendRequest(request, (r) => inner.sendRequest(r));
      if (secure && direct !== undefined) request.agent = direct;
      return inner.sendRequest(request);
    },
  };
  return {
    env: settings.env,
    ca,
    ...(secureContext === undefined ? {} : { secureContext }),
    httpClient,
  };
}
