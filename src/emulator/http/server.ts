import http from "node:http";
import https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import tls from "node:tls";
import type { EmulatorUrls } from "../app/context.js";
import type { LocalCa } from "../tls/local-ca.js";
import type { EmulatorRequest, RequestHeaders } from "./emulator-request.js";
import type { EmulatorResponse } from "./emulator-response.js";
import { decodeComponent } from "./safe-text.js";

/**
 * A request the proxy refused, for the request log.
 *
 * @example
 * const refusal: ProxyRefusal = { method: "CONNECT", host: "example.com:443", reason: "not an Azure host of the world" };
 */
export interface ProxyRefusal {
  method: string;
  host: string;
  reason: string;
}

/**
 * Options of {@link startEmulatorServer}.
 *
 * @example
 * const options: EmulatorServerOptions = { handler, ca, servesHost: (host, scheme) => scheme === "https" && host.endsWith(".azure.com") };
 */
export interface EmulatorServerOptions {
  /** Answers one request; must not throw (the request handler turns errors into 500s). */
  handler: (request: EmulatorRequest) => Promise<EmulatorResponse>;
  ca: LocalCa;
  /** Interface to bind; default `127.0.0.1` (loopback only). */
  host?: string;
  /** HTTPS port; `0` (default) picks a free one. */
  port?: number;
  /** Plain-HTTP port (managed identity endpoints, proxy); `0` (default) picks a free one. */
  httpPort?: number;
  /** Whether proxy mode serves the host: `https` for CONNECT targets, `http` for plain proxy requests. */
  servesHost: (host: string, scheme: "https" | "http") => boolean;
  /** Called for every proxy request refused. */
  onRefused?: (refusal: ProxyRefusal) => void;
  /** Largest request body accepted; larger ones get 413. Default 4 MiB. */
  maxBodyBytes?: number;
  /** A request not fully received within this time gets 408 and is closed. Default 30 s. */
  requestTimeoutMs?: number;
}

/**
 * The listening emulator: its URLs and a way to stop it.
 *
 * @example
 * const server = await startEmulatorServer(options);
 * await server.close();
 */
export interface EmulatorServer {
  urls: EmulatorUrls;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 4 * 1024 * 1024;
const DEFAULT_TIMEOUT = 30_000;
/**
 * The request headers the server reads, in bytes (Node's default is 16 KiB). Azure's front doors
 * read a bearer token of 100 KB and answer it (the data plane's flat 401 for a token it cannot
 * verify), so the emulator reads that far too; beyond it, 431 with a JSON body, never an empty 400.
 */
const MAX_HEADER_BYTES = 256 * 1024;
const HOST_PREFIX = /^\/_host\/([^/?#]+)(.*)$/;

interface Arrival {
  secure: boolean;
  /** The CONNECT target, for requests inside a proxy tunnel. */
  tunnelHost?: string;
}

class RequestProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function jsonError(status: number, code: string, message: string): { status: number; body: string } {
  return { status, body: JSON.stringify({ error: { code, message } }) };
}

function originOf(scheme: "http" | "https", host: string, port: number): string {
  const shown = host.includes(":") ? `[${host}]` : host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return `${scheme}://${shown}:${port}`;
}

function normaliseHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1");
}

/** Where a request goes: its virtual host and URL, from the tunnel, an absolute URI or `/_host/`. */
function locate(
  req: http.IncomingMessage,
  arrival: Arrival,
  origins: EmulatorUrls,
  servesHost: EmulatorServerOptions["servesHost"],
): { host: string; url: URL; via: "direct" | "proxy" } {
  const target = req.url ?? "/";
  if (arrival.tunnelHost !== undefined) {
    const scheme = arrival.secure ? "https" : "http";
    return {
      host: arrival.tunnelHost,
      url: urlAt(`${scheme}://${arrival.tunnelHost}`, target),
      via: "proxy",
    };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    // An absolute URI: a client using us as its HTTP proxy (plain-HTTP IMDS, for instance).
    const url = parsedUrl(target);
    const host = normaliseHost(url.hostname);
    if (url.protocol !== "http:" || !servesHost(host, "http")) {
      throw new RequestProblem(
        403,
        "ProxyHostRefused",
        `The emulator does not proxy ${url.protocol}//${url.host}.`,
      );
    }
    return { host, url, via: "proxy" };
  }
  if (!target.startsWith("/"))
    throw new RequestProblem(400, "BadRequest", "The request target is not a path.");
  const base = arrival.secure ? origins.base : origins.http;
  const prefixed = HOST_PREFIX.exec(target);
  if (prefixed !== null) {
    const host = normaliseHost(decodeComponent(prefixed[1] ?? ""));
    const rest = prefixed[2] ?? "";
    const path = rest.startsWith("/") ? rest : `/${rest}`;
    return { host, url: urlAt(`${arrival.secure ? "https" : "http"}://${host}`, path), via: "direct" };
  }
  return { host: "emulator", url: urlAt(base, target), via: "direct" };
}

/**
 * Join an origin and a request path. `new URL(path, origin)` would read a path starting with `//`
 * as a host name; the ARM SDKs send `//subscriptions/...` when given an id with a leading slash, and
 * ARM treats repeated leading slashes as one, so we do too.
 */
function urlAt(origin: string, path: string): URL {
  return parsedUrl(`${origin}${path.replace(/^\/+/, "/")}`);
}

/** A URL, or the 400 a request target that is not one gets (`http://[::1`, a host with a space). */
function parsedUrl(text: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new RequestProblem(400, "BadRequest", "The request target is not a valid URL.");
  }
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (Number.isFinite(declared) && declared > limit) {
    return Promise.reject(
      new RequestProblem(413, "RequestEntityTooLarge", `The request body is larger than ${limit} bytes.`),
    );
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        reject(
          new RequestProblem(413, "RequestEntityTooLarge", `The request body is larger than ${limit} bytes.`),
        );
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * The request's headers as Node parsed them (lower-case names, repeated headers joined with ", "
 * except those Node keeps once, such as `Authorization`), read in place: no copy per request.
 */
class NodeRequestHeaders implements RequestHeaders {
  constructor(private readonly parsed: http.IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.parsed[name.toLowerCase()];
    if (value === undefined) return null;
    return typeof value === "string" ? value : value.join(", ");
  }
}

/** Statuses that never carry a body, nor a `Content-Length`. */
function bodiless(status: number): boolean {
  return status === 204 || status === 304 || (status >= 100 && status < 200);
}

/**
 * Writes an answer: a whole body in one write with its `Content-Length` (as Azure sends its JSON),
 * a streamed body chunk by chunk (each flushed on its own, honouring back-pressure, stopping when
 * the client goes away).
 */
async function writeResponse(res: http.ServerResponse, response: EmulatorResponse): Promise<void> {
  const { body, status } = response;
  if (body === null || typeof body === "string") {
    if (bodiless(status)) {
      res.writeHead(status, response.headers);
      res.end();
      return;
    }
    const length = body === null ? 0 : Buffer.byteLength(body, "utf8");
    res.writeHead(status, { ...response.headers, "content-length": String(length) });
    res.end(body ?? undefined);
    return;
  }
  res.writeHead(status, response.headers);
  for await (const chunk of body.chunks) {
    if (res.destroyed) return;
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        res.once("drain", resolve);
        res.once("close", resolve);
      });
    }
  }
  res.end();
}

/** Bytes a `drip` answer announces: at one a second, longer than any client waits. */
const DRIP_LENGTH = 100_000;

/** A 200's headers now, then one space a second until the client or the emulator closes the socket. */
function drip(res: http.ServerResponse): void {
  res.writeHead(200, { "content-type": "application/json", "content-length": String(DRIP_LENGTH) });
  res.flushHeaders();
  let sent = 0;
  const timer = setInterval(() => {
    if (res.destroyed || sent >= DRIP_LENGTH) {
      clearInterval(timer);
      return;
    }
    sent += 1;
    res.write(" ");
  }, 1000);
  timer.unref();
  res.once("close", () => clearInterval(timer));
}

function sendProblem(res: http.ServerResponse, problem: RequestProblem): void {
  const { status, body } = jsonError(problem.status, problem.code, problem.message);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(body)),
    connection: "close",
  });
  res.end(body);
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function refuseTunnel(socket: Socket, status: string, message: string): void {
  const body = JSON.stringify({ error: { code: "ProxyHostRefused", message } });
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Starts the emulator's listeners:
 *
 * - HTTPS (direct mode) with a certificate for `127.0.0.1`, `localhost` and `::1` from the local CA;
 *   `/_host/<azure-host>/...` addresses any virtual host, everything else goes to host `emulator`;
 * - plain HTTP, for managed identity endpoints and as a proxy: `CONNECT <host>:443` for the hosts
 *   `servesHost` accepts is answered with a TLS tunnel terminated with a leaf certificate for that
 *   host (requests inside are `via: "proxy"` with that host), absolute-URI requests
 *   (`GET http://169.254.169.254/...`, as curl and Python send them) and `CONNECT <host>:80`
 *   tunnels (as undici, Node's fetch, sends them) are served for the plain-HTTP hosts it accepts,
 *   and every other host gets 403 and is reported to `onRefused`.
 *
 * Bodies over `maxBodyBytes` get 413, requests that stall get 408, malformed requests get 400 and
 * never reach the handler. A `timeout` fault leaves the request unanswered; `reset` drops the socket.
 *
 * @example
 * const server = await startEmulatorServer({ handler: app.handle, ca, servesHost });
 * server.urls.base; // "https://127.0.0.1:50123"
 */
export async function startEmulatorServer(options: EmulatorServerOptions): Promise<EmulatorServer> {
  const bindHost = options.host ?? "127.0.0.1";
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const timeout = options.requestTimeoutMs ?? DEFAULT_TIMEOUT;
  const timeouts = {
    maxHeaderSize: MAX_HEADER_BYTES,
    requestTimeout: timeout,
    headersTimeout: timeout,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(timeout / 2))),
  };
  const urls: EmulatorUrls = { base: "", http: "" };
  const tunnelHosts = new WeakMap<Socket, string>();
  // Tunnelled sockets leave the HTTP server's bookkeeping once CONNECT is answered.
  const tunnels = new Set<Socket>();

  const onRequest =
    (arrival: (req: http.IncomingMessage) => Arrival) =>
    (req: http.IncomingMessage, res: http.ServerResponse) => {
      void (async () => {
        const where = arrival(req);
        try {
          const located = locate(req, where, urls, options.servesHost);
          const body = await readBody(req, maxBody);
          const request: EmulatorRequest = {
            method: req.method ?? "GET",
            url: located.url,
            host: located.host,
            headers: new NodeRequestHeaders(req.headers),
            body,
            remoteAddress: (req.socket.remoteAddress ?? "").replace(/^::ffff:/, ""),
            via: located.via,
            secure: where.secure,
          };
          const response = await options.handler(request);
          if (response.faultAction === "reset") {
            req.socket.destroy();
            return;
          }
          if (response.faultAction === "timeout") return;
          if (response.faultAction === "drip") {
            drip(res);
            return;
          }
          await writeResponse(res, response);
        } catch (error) {
          if (error instanceof RequestProblem) {
            if (error.status === 403) {
              options.onRefused?.({
                method: req.method ?? "GET",
                host: req.url ?? "",
                reason: error.message,
              });
            }
            sendProblem(res, error);
            if (error.status === 413) req.socket.end();
            return;
          }
          sendProblem(
            res,
            new RequestProblem(
              500,
              "InternalServerError",
              "The emulator failed to handle the request; see its log.",
            ),
          );
        }
      })();
    };

  const clientError = (error: NodeJS.ErrnoException, socket: import("node:stream").Duplex) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const [status, code, message] =
      error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? ["408 Request Timeout", "RequestTimeout", "The request was not received in time."]
        : error.code === "HPE_HEADER_OVERFLOW"
          ? [
              "431 Request Header Fields Too Large",
              "RequestHeaderFieldsTooLarge",
              `The request headers are larger than ${MAX_HEADER_BYTES} bytes.`,
            ]
          : ["400 Bad Request", "BadRequest", "The request is not valid HTTP/1.1."];
    const body = JSON.stringify({ error: { code, message } });
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  };

  const local = await options.ca.leafFor(["127.0.0.1", "localhost", "::1"]);
  const httpsServer = https.createServer(
    { cert: local.certPem, key: local.keyPem, ...timeouts },
    onRequest(() => ({ secure: true })),
  );
  const httpServer = http.createServer(
    { ...timeouts },
    onRequest(() => ({ secure: false })),
  );
  // Requests inside CONNECT tunnels: TLS is already terminated, the tunnel names the host.
  const tunnelServer = http.createServer(
    { ...timeouts },
    onRequest((req) => {
      const host = tunnelHosts.get(req.socket);
      return host === undefined ? { secure: true } : { secure: true, tunnelHost: host };
    }),
  );
  // Plain-HTTP requests inside CONNECT tunnels to port 80: undici's proxy agent (Node's fetch)
  // tunnels http:// URLs too, where curl and Python send absolute URIs.
  const plainTunnelServer = http.createServer(
    { ...timeouts },
    onRequest((req) => {
      const host = tunnelHosts.get(req.socket);
      return host === undefined ? { secure: false } : { secure: false, tunnelHost: host };
    }),
  );
  for (const server of [httpsServer, httpServer, tunnelServer, plainTunnelServer]) {
    server.on("clientError", clientError);
  }
  httpsServer.on("tlsClientError", (_error, socket) => socket.destroy());

  httpServer.on("connect", (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    tunnels.add(socket);
    socket.on("close", () => tunnels.delete(socket));
    const target = req.url ?? "";
    const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(target);
    const host = normaliseHost(match?.[1] ?? "");
    const port = match?.[2];
    if (match !== null && port === "80" && options.servesHost(host, "http")) {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) socket.unshift(head);
      tunnelHosts.set(socket, host);
      plainTunnelServer.emit("connection", socket);
      return;
    }
    if (match === null || port !== "443" || !options.servesHost(host, "https")) {
      const reason = `The emulator does not serve ${target}; it terminates TLS only for the Azure hosts of its world.`;
      options.onRefused?.({ method: "CONNECT", host: target, reason });
      refuseTunnel(socket, "403 Forbidden", reason);
      return;
    }
    void (async () => {
      try {
        const leaf = await options.ca.leafFor([host]);
        if (socket.destroyed) return;
        socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        if (head.length > 0) socket.unshift(head);
        const tlsSocket = new tls.TLSSocket(socket, {
          isServer: true,
          secureContext: tls.createSecureContext({ cert: leaf.certPem, key: leaf.keyPem }),
          ALPNProtocols: ["http/1.1"],
        });
        tlsSocket.on("error", () => tlsSocket.destroy());
        tunnelHosts.set(tlsSocket, host);
        tunnelServer.emit("connection", tlsSocket);
      } catch {
        socket.destroy();
      }
    })();
  });

  const port = await listen(httpsServer, options.port ?? 0, bindHost);
  let httpPort: number;
  try {
    httpPort = await listen(httpServer, options.httpPort ?? 0, bindHost);
  } catch (error) {
    await closeServer(httpsServer);
    throw error;
  }
  urls.base = originOf("https", bindHost, port);
  urls.http = originOf("http", bindHost, httpPort);
  return {
    urls: { ...urls },
    async close() {
      for (const socket of tunnels) socket.destroy();
      await Promise.all(
        [httpsServer, httpServer, tunnelServer, plainTunnelServer].map((server) => closeServer(server)),
      );
    },
  };
}
