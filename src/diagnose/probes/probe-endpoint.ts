import { lookup } from "node:dns/promises";
import { connect as connectTcp, isIP } from "node:net";
import { connect as connectTls, type SecureContext } from "node:tls";
import { CLOUDS, type CloudName } from "../../knowledge/clouds.js";
import {
  classifyEndpoint,
  type EndpointClassification,
  scopeForEndpoint,
} from "../../knowledge/endpoint-form.js";
import { withTimeout } from "../deadline.js";
import type { EndpointReport, ProbeStep } from "../diagnosis-report.js";
import { proxyForUrl } from "../proxy-settings.js";
import { maskUrl } from "../secret-redaction.js";

/**
 * Looks a host name up: its addresses, or a rejection with the resolver's error (`ENOTFOUND`,
 * `EAI_AGAIN`, ...). The default asks the system resolver (`getaddrinfo`), as an app would.
 *
 * @example
 * const resolve: HostResolver = async (host) => (host === "login.microsoftonline.com" ? ["20.190.160.1"] : Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" })));
 */
export type HostResolver = (host: string, signal: AbortSignal) => Promise<string[]>;

/**
 * Options of {@link probeEndpoint}.
 *
 * @example
 * const options: EndpointProbeOptions = { env: process.env, timeoutMs: 5_000 };
 */
export interface EndpointProbeOptions {
  /** Read for HTTPS_PROXY / NO_PROXY. */
  env: Record<string, string | undefined>;
  /** Per step (DNS, TCP, TLS). */
  timeoutMs: number;
  /** The CA certificates the TLS handshake trusts (the doctor network's `secureContext`); default Node's store. */
  secureContext?: SecureContext;
  /** How host names are looked up; default the system resolver. Tests inject the answers. */
  resolve?: HostResolver;
}

/**
 * The endpoint's classification (from `knowledge/`) and how it was reached.
 *
 * @example
 * const { classification, report } = await probeEndpoint("https://contoso.openai.azure.com", options);
 */
export interface EndpointProbeResult {
  classification: EndpointClassification;
  report: EndpointReport;
}

const systemResolver: HostResolver = async (host) =>
  (await lookup(host, { all: true })).map((a) => a.address);

/**
 * The Entra ID login host of the endpoint's cloud (the public cloud's for a host of no known cloud):
 * the name every keyless app must resolve anyway.
 *
 * @example
 * loginHostFor("usgov"); // "login.microsoftonline.us"
 */
export function loginHostFor(cloud: CloudName | "unknown"): string {
  return new URL(CLOUDS[cloud === "unknown" ? "public" : cloud].authorityHost).host;
}

function errorText(error: unknown): string {
  const e = error as { code?: string; message?: string };
  const message = e?.message ?? String(error);
  return e?.code !== undefined && !message.includes(e.code) ? `${e.code}: ${message}` : message;
}

async function step<T>(
  work: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
): Promise<[ProbeStep, T?]> {
  const outcome = await withTimeout(work, timeoutMs);
  if (outcome.status === "ok") return [{ status: "ok", durationMs: outcome.durationMs }, outcome.value];
  if (outcome.status === "timeout") {
    return [{ status: "timeout", error: `no answer within ${timeoutMs} ms`, durationMs: outcome.durationMs }];
  }
  return [{ status: "failed", error: errorText(outcome.error), durationMs: outcome.durationMs }];
}

function tcp(host: string, port: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp({ host, port });
    const abort = () => socket.destroy(new Error("aborted"));
    signal.addEventListener("abort", abort, { once: true });
    socket.once("connect", () => {
      signal.removeEventListener("abort", abort);
      socket.destroy();
      resolve();
    });
    socket.once("error", (error) => {
      signal.removeEventListener("abort", abort);
      reject(error);
    });
  });
}

function tls(
  target: { host: string; address: string; port: number },
  secureContext: SecureContext | undefined,
  signal: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const { host, address, port } = target;
    // SNI takes host names only (RFC 6066).
    const sni = isIP(host) === 0 ? { servername: host } : {};
    const trust = secureContext === undefined ? {} : { secureContext };
    const socket = connectTls({ host: address, port, ...sni, ...trust, rejectUnauthorized: true });
    const abort = () => socket.destroy(new Error("aborted"));
    signal.addEventListener("abort", abort, { once: true });
    socket.once("secureConnect", () => {
      signal.removeEventListener("abort", abort);
      socket.end();
      resolve();
    });
    socket.once("error", (error) => {
      signal.removeEventListener("abort", abort);
      reject(error);
    });
  });
}

/**
 * Classifies the endpoint (cloud, kind, resource, scope, form problems) and, unless a proxy applies
 * to its host, resolves it, connects and completes a TLS handshake, each step within `timeoutMs`.
 * When the host does not resolve, the cloud's login host is looked up too (`loginHostDns`), so the
 * analysis can tell "this machine resolves nothing" from "this name does not exist". Through a proxy
 * the host cannot be probed directly (the proxy resolves it): the report says `via: "proxy"` and the
 * data-plane request tells whether it is reachable, and what the proxy said when it is not.
 *
 * @example
 * const { report } = await probeEndpoint("https://contoso.openai.azure.com", { env: process.env, timeoutMs: 5000 });
 * report.reachable; // true after a successful TLS handshake
 */
export async function probeEndpoint(
  input: string,
  options: EndpointProbeOptions,
): Promise<EndpointProbeResult> {
  const classification = classifyEndpoint(input);
  const report: EndpointReport = {
    input: maskUrl(classification.input),
    cloud: classification.cloud,
    kind: classification.kind,
    acceptsEntraTokens: classification.acceptsEntraTokens,
    scope: classification.scope ?? scopeForEndpoint(input),
    problems: classification.problems,
    via: "direct",
  };
  for (const key of ["url", "host", "resourceName", "region", "audience", "recommendedEndpoint"] as const) {
    const value = classification[key];
    if (value !== undefined) report[key] = value;
  }
  if (!classification.valid || classification.url === undefined || classification.host === undefined) {
    return { classification, report };
  }
  const url = new URL(classification.url);
  const route = proxyForUrl(url.origin, options.env);
  if (route.proxy !== undefined) {
    report.via = "proxy";
    report.proxy = maskUrl(route.proxy);
    const skipped: ProbeStep = { status: "skipped" };
    report.dns = { ...skipped };
    report.tcp = { ...skipped };
    report.tls = { ...skipped };
    return { classification, report };
  }
  const host = classification.host;
  const port = Number(url.port || (url.protocol === "http:" ? 80 : 443));
  const resolve = options.resolve ?? systemResolver;
  const [dns, addresses] = await step((signal) => resolve(host, signal), options.timeoutMs);
  report.dns = addresses === undefined ? dns : { ...dns, addresses };
  const address = addresses?.[0];
  if (address === undefined) {
    report.reachable = false;
    if (report.dns.status === "ok") report.dns = { ...report.dns, status: "failed", error: "no address" };
    const loginHost = loginHostFor(classification.cloud);
    const [loginDns, loginAddresses] = await step((signal) => resolve(loginHost, signal), options.timeoutMs);
    report.loginHostDns =
      loginAddresses === undefined
        ? { host: loginHost, ...loginDns }
        : loginAddresses.length === 0
          ? { host: loginHost, ...loginDns, status: "failed", error: "no address" }
          : { host: loginHost, ...loginDns, addresses: loginAddresses };
    return { classification, report };
  }
  [report.tcp] = await step((signal) => tcp(address, port, signal), options.timeoutMs);
  if (report.tcp.status !== "ok") {
    report.reachable = false;
    return { classification, report };
  }
  if (url.protocol === "https:") {
    [report.tls] = await step(
      (signal) => tls({ host, address, port }, options.secureContext, signal),
      options.timeoutMs,
    );
    report.reachable = report.tls.status === "ok";
  } else {
    report.reachable = true;
  }
  return { classification, report };
}
