import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type Socket } from "node:net";
import { checkServerIdentity, connect as connectTls, type PeerCertificate } from "node:tls";
import type { DoctorNetwork } from "../doctor-network.js";
import { proxyForUrl } from "../proxy-settings.js";
import { maskUrl } from "../secret-redaction.js";

/**
 * What a raw connection to an HTTPS origin met, below HTTP: the proxy's answer to `CONNECT` and the
 * certificate the TLS handshake was shown. Node's proxy agents hand a refused `CONNECT` to the
 * client as if the host had answered, and MSAL words an untrusted certificate as
 * `endpoints_resolution_error`; this probe tells both apart from the host's own answer.
 *
 * @example
 * const facts: ConnectionFacts = { outcome: "tls-untrusted", host: "login.microsoftonline.com", via: "proxy", error: "SELF_SIGNED_CERT_IN_CHAIN", subject: "CN=login.microsoftonline.com", issuer: "CN=Contoso Inspection CA, O=Contoso" };
 */
export type ConnectionFacts =
  | { outcome: "ok"; host: string; via: "direct" | "proxy"; subject?: string; issuer?: string }
  | {
      outcome: "proxy-refused";
      host: string;
      via: "proxy";
      proxy: string;
      status: number;
      statusText: string;
    }
  | {
      outcome: "tls-untrusted";
      host: string;
      via: "direct" | "proxy";
      /** Node's verification error: `SELF_SIGNED_CERT_IN_CHAIN`, `ERR_TLS_CERT_ALTNAME_INVALID`, ... */
      error: string;
      subject: string;
      issuer: string;
    }
  | { outcome: "failed"; host: string; via: "direct" | "proxy"; error: string };

/** `CN=..., O=...` of a certificate's subject or issuer, the fields a person recognises. */
function distinguishedName(name: PeerCertificate["subject"] | undefined): string {
  if (name === undefined) return "(none)";
  const parts: string[] = [];
  for (const field of ["CN", "O", "OU"] as const) {
    const value = name[field];
    const text = Array.isArray(value) ? value.join("+") : value;
    if (typeof text === "string" && text !== "") parts.push(`${field}=${text.slice(0, 120)}`);
  }
  return parts.length === 0 ? "(empty)" : parts.join(", ");
}

function errorText(error: unknown): string {
  const e = error as { code?: string; message?: string };
  const message = e?.message ?? String(error);
  return e?.code !== undefined && !message.includes(e.code) ? `${e.code}: ${message}` : message;
}

/** Opens the `CONNECT` tunnel through `proxy`: the socket, or the proxy's refusal. */
function openTunnel(
  proxy: URL,
  target: string,
  track: (socket: Socket) => void,
): Promise<{ socket: Socket } | { status: number; statusText: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: target };
    if (proxy.username !== "") {
      const user = decodeURIComponent(proxy.username);
      const password = decodeURIComponent(proxy.password);
      headers["proxy-authorization"] = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
    }
    const send = proxy.protocol === "https:" ? httpsRequest : httpRequest;
    const request = send({
      host: proxy.hostname.replace(/^\[|\]$/g, ""),
      port: Number(proxy.port || (proxy.protocol === "https:" ? 443 : 80)),
      method: "CONNECT",
      path: target,
      headers,
      agent: false,
    });
    request.once("socket", track);
    request.once("connect", (response: IncomingMessage, socket: Socket) => {
      if (response.statusCode === 200) resolve({ socket });
      else {
        socket.destroy();
        resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? "" });
      }
    });
    // A proxy that answers CONNECT with a plain response (no upgrade) lands here.
    request.once("response", (response: IncomingMessage) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? "" });
    });
    request.once("error", reject);
    request.end();
  });
}

/** The TLS handshake over `socket` (or a new connection), verified by hand so the certificate shows. */
function handshake(
  options: { host: string; port: number; socket?: Socket },
  network: DoctorNetwork,
  track: (socket: Socket) => void,
): Promise<
  { authorized: true; cert: PeerCertificate } | { authorized: false; error: string; cert: PeerCertificate }
> {
  return new Promise((resolve, reject) => {
    const { host, port, socket } = options;
    const tls = connectTls({
      ...(socket === undefined ? { host, port } : { socket }),
      ...(isIP(host) === 0 ? { servername: host } : {}),
      ...(network.secureContext === undefined ? {} : { secureContext: network.secureContext }),
      rejectUnauthorized: false,
    });
    track(tls);
    tls.once("secureConnect", () => {
      const cert = tls.getPeerCertificate();
      const chainError = tls.authorizationError;
      const nameError = chainError === null ? checkServerIdentity(host, cert) : undefined;
      if (chainError !== null) resolve({ authorized: false, error: String(chainError), cert });
      else if (nameError !== undefined) resolve({ authorized: false, error: errorText(nameError), cert });
      else resolve({ authorized: true, cert });
    });
    tls.once("error", reject);
  });
}

/**
 * Connects to `url`'s origin the way the doctor's HTTP client would (through the proxy `network`
 * names, trusting its CA certificates), without sending a request: the proxy's `CONNECT` answer and
 * the TLS certificate's subject and issuer. Bounded by `timeoutMs` from the first byte to the last;
 * never rejects. Only `https:` URLs are probed (`failed` otherwise).
 *
 * @example
 * const facts = await probeConnection("https://login.microsoftonline.com", network, 5_000);
 * if (facts.outcome === "proxy-refused") console.log(facts.status); // 403
 */
export async function probeConnection(
  url: string,
  network: DoctorNetwork,
  timeoutMs: number,
): Promise<ConnectionFacts> {
  let origin: URL;
  try {
    origin = new URL(url);
  } catch {
    return { outcome: "failed", host: "(invalid URL)", via: "direct", error: "not a URL" };
  }
  const host = origin.hostname.replace(/^\[|\]$/g, "");
  const port = Number(origin.port || 443);
  const route = proxyForUrl(origin.origin, network.env);
  const via = route.proxy === undefined ? "direct" : "proxy";
  if (origin.protocol !== "https:") return { outcome: "failed", host, via, error: "not an https: URL" };
  const sockets: Socket[] = [];
  const track = (socket: Socket) => {
    sockets.push(socket);
    socket.on("error", () => {});
  };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<ConnectionFacts>((resolve) => {
    timer = setTimeout(
      () => resolve({ outcome: "failed", host, via, error: `no handshake within ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  const work = (async (): Promise<ConnectionFacts> => {
    let socket: Socket | undefined;
    if (route.proxy !== undefined) {
      let proxy: URL;
      try {
        proxy = new URL(route.proxy.includes("://") ? route.proxy : `http://${route.proxy}`);
      } catch {
        return { outcome: "failed", host, via, error: `the proxy ${maskUrl(route.proxy)} is not a URL` };
      }
      const tunnel = await openTunnel(proxy, `${host.includes(":") ? `[${host}]` : host}:${port}`, track);
      if (!("socket" in tunnel)) {
        return { outcome: "proxy-refused", host, via: "proxy", proxy: maskUrl(route.proxy), ...tunnel };
      }
      socket = tunnel.socket;
    }
    // Direct: the TLS socket opens its own connection (wrapping a separate TCP socket and destroying
    // both crashes Node 20's TLS wrap).
    const result = await handshake(
      { host, port, ...(socket === undefined ? {} : { socket }) },
      network,
      track,
    );
    const subject = distinguishedName(result.cert.subject);
    const issuer = distinguishedName(result.cert.issuer);
    return result.authorized
      ? { outcome: "ok", host, via, subject, issuer }
      : { outcome: "tls-untrusted", host, via, error: result.error, subject, issuer };
  })().catch(
    (error: unknown): ConnectionFacts => ({ outcome: "failed", host, via, error: errorText(error) }),
  );
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
    // The outermost socket last opened (the TLS one) owns the ones under it.
    for (const socket of sockets.reverse()) if (!socket.destroyed) socket.destroy();
  }
}
