import http from "node:http";
import https from "node:https";
import net from "node:net";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClock } from "../../../src/emulator/app/clock.js";
import { createEmulatorApp } from "../../../src/emulator/app/create-emulator-app.js";
import { EmulatorResponse } from "../../../src/emulator/http/emulator-response.js";
import { startEmulatorServer } from "../../../src/emulator/http/server.js";
import { type RunningEmulator, startEmulator } from "../../../src/emulator/start-emulator.js";
import { createLocalCa, type LocalCa } from "../../../src/emulator/tls/local-ca.js";
import { validateWorld } from "../../../src/emulator/world/load-world.js";
import { resolveWorld } from "../../../src/emulator/world/resolve-world.js";
import { defaultWorld } from "../entra/test-emulator.js";

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function collect(res: http.IncomingMessage): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let body = "";
    res.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    res.on("error", reject);
  });
}

function send(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    ca?: string;
    createConnection?: () => net.Socket;
  } = {},
): Promise<Reply> {
  const target = new URL(url);
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: options.method ?? "GET",
        headers: options.headers ?? {},
        ...(options.ca === undefined ? {} : { ca: options.ca }),
        ...(options.createConnection === undefined ? {} : { createConnection: options.createConnection }),
      },
      (res) => {
        collect(res).then(resolve, reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Raw bytes to a port; resolves with everything read until the server closes (or `waitMs`). */
function raw(port: number, bytes: string, waitMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(bytes));
    let data = "";
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(data);
    }, waitMs);
    socket.on("data", (chunk) => {
      data += chunk.toString();
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(data);
    });
    socket.on("error", () => undefined);
  });
}

/** Opens a CONNECT tunnel through the emulator's HTTP listener; resolves with the proxy's status line and the socket. */
function connectTunnel(
  proxyPort: number,
  target: string,
): Promise<{ statusLine: string; socket: net.Socket; rest: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(proxyPort, "127.0.0.1", () => {
      socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);
    });
    let buffer = "";
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString("latin1");
      const end = buffer.indexOf("\r\n\r\n");
      if (end < 0) return;
      socket.off("data", onData);
      socket.pause();
      resolve({ statusLine: buffer.slice(0, buffer.indexOf("\r\n")), socket, rest: buffer.slice(end + 4) });
    };
    socket.on("data", onData);
    socket.on("error", reject);
    socket.on("close", () => {
      if (!buffer.includes("\r\n\r\n")) resolve({ statusLine: buffer, socket, rest: "" });
    });
  });
}

async function throughProxy(
  emulator: RunningEmulator,
  ca: string,
  host: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  const proxyPort = Number(new URL(emulator.urls.http).port);
  const { statusLine, socket } = await connectTunnel(proxyPort, `${host}:443`);
  expect(statusLine).toBe("HTTP/1.1 200 Connection Established");
  const secure = tls.connect({ socket, servername: host, ca });
  return send(`https://${host}${path}`, { ...options, ca, createConnection: () => secure });
}

/** A plain-HTTP request through the emulator as an HTTP proxy: the absolute URI is the request target. */
function proxyGet(proxyPort: number, absoluteUri: string, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: proxyPort,
        path: absoluteUri,
        headers: { Host: new URL(absoluteUri).host, ...headers },
      },
      (res) => {
        collect(res).then(resolve, reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

let emulator: RunningEmulator;
let ca: string;
let tenantId: string;

beforeAll(async () => {
  const world = defaultWorld();
  world.faults = [
    { target: "entra", status: "reset", times: 1, pathPrefix: "/fault-reset" },
    { target: "entra", status: 503, times: 1, pathPrefix: "/fault-503", headers: { "retry-after": "7" } },
  ];
  emulator = await startEmulator({ world });
  const { readFile } = await import("node:fs/promises");
  ca = await readFile(emulator.files.caCertificate, "utf8");
  tenantId = emulator.world.tenants[0]?.id ?? "";
});

afterAll(async () => {
  await emulator.close();
});

describe("direct mode (HTTPS on 127.0.0.1)", () => {
  it("serves Entra at the root with URLs of the emulator's origin", async () => {
    expect(emulator.urls.base).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const reply = await send(`${emulator.urls.base}/${tenantId}/v2.0/.well-known/openid-configuration`, {
      ca,
    });
    expect(reply.status).toBe(200);
    const doc = JSON.parse(reply.body) as Record<string, string>;
    expect(doc.token_endpoint).toBe(`${emulator.urls.base}/${tenantId}/oauth2/v2.0/token`);
    expect(doc.issuer).toBe(`https://login.microsoftonline.com/${tenantId}/v2.0`);
  });

  it("routes /_host/<azure-host>/... to that virtual host and hands out /_host/ URLs", async () => {
    const reply = await send(
      `${emulator.urls.base}/_host/login.microsoftonline.com/${tenantId}/v2.0/.well-known/openid-configuration`,
      { ca },
    );
    const doc = JSON.parse(reply.body) as Record<string, string>;
    expect(doc.token_endpoint).toBe(
      `${emulator.urls.base}/_host/login.microsoftonline.com/${tenantId}/oauth2/v2.0/token`,
    );
    const entry = emulator.context.log.entries().at(-1);
    expect(entry).toMatchObject({ surface: "entra", host: "login.microsoftonline.com", status: 200 });

    const chat = await send(
      `${emulator.urls.base}/_host/contoso-openai.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`,
      { ca, method: "POST", headers: { "content-type": "application/json" }, body: "{}" },
    );
    expect(chat.status).toBe(401);
    expect(emulator.context.log.entries().at(-1)).toMatchObject({
      surface: "data-plane",
      host: "contoso-openai.openai.azure.com",
    });
  });

  it("answers 404 JSON for what no surface serves", async () => {
    const reply = await send(`${emulator.urls.base}/_host/example.com/anything`, { ca });
    expect(reply.status).toBe(404);
    expect(JSON.parse(reply.body)).toEqual({
      error: {
        code: "NotFound",
        message: "The emulator serves no Azure endpoint at GET example.com/anything.",
      },
    });
  });

  it("refuses bodies over 4 MiB with 413, declared or streamed", async () => {
    const big = "a".repeat(4 * 1024 * 1024 + 1);
    const declared = await send(`${emulator.urls.base}/${tenantId}/oauth2/v2.0/token`, {
      ca,
      method: "POST",
      body: big,
    });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toEqual({
      error: { code: "RequestEntityTooLarge", message: "The request body is larger than 4194304 bytes." },
    });
    const streamed = await send(`${emulator.urls.base}/${tenantId}/oauth2/v2.0/token`, {
      ca,
      method: "POST",
      headers: { "transfer-encoding": "chunked" },
      body: big,
    });
    expect(streamed.status).toBe(413);
  });

  it("applies injected faults: a status with its headers, and a reset connection", async () => {
    const unavailable = await send(`${emulator.urls.base}/fault-503/oauth2/v2.0/token`, {
      ca,
      method: "POST",
    });
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers["retry-after"]).toBe("7");
    expect(unavailable.headers["x-keyless-fault-action"]).toBeUndefined();
    await expect(
      send(`${emulator.urls.base}/fault-reset/oauth2/v2.0/token`, { ca, method: "POST" }),
    ).rejects.toThrow(/socket hang up|ECONNRESET/);
    // Each fault applied once.
    expect(
      (await send(`${emulator.urls.base}/fault-503/oauth2/v2.0/token`, { ca, method: "POST" })).status,
    ).toBe(400);
  });

  it("never crashes on malformed requests: bad HTTP gets 400, plain HTTP on the TLS port is dropped", async () => {
    const httpPort = Number(new URL(emulator.urls.http).port);
    expect(await raw(httpPort, "GARBAGE\r\n\r\n")).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(await raw(httpPort, "GET /x HTTP/1.1\r\nHost: a\r\nContent-Length: nope\r\n\r\n")).toMatch(
      /^HTTP\/1\.1 400 Bad Request\r\n/,
    );
    const tlsPort = Number(new URL(emulator.urls.base).port);
    expect(await raw(tlsPort, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")).not.toContain("200");
    const after = await send(`${emulator.urls.base}/${tenantId}/discovery/v2.0/keys`, { ca });
    expect(after.status).toBe(200);
  });
});

describe("proxy mode (CONNECT on the HTTP listener)", () => {
  it("terminates TLS for login.microsoftonline.com with a leaf from the local CA", async () => {
    const reply = await throughProxy(
      emulator,
      ca,
      "login.microsoftonline.com",
      `/${tenantId}/v2.0/.well-known/openid-configuration`,
    );
    expect(reply.status).toBe(200);
    const doc = JSON.parse(reply.body) as Record<string, string>;
    expect(doc.token_endpoint).toBe(`https://login.microsoftonline.com/${tenantId}/oauth2/v2.0/token`);
    expect(emulator.context.log.entries().at(-1)).toMatchObject({
      surface: "entra",
      host: "login.microsoftonline.com",
    });
  });

  it("answers instance discovery through the proxy", async () => {
    const authorize = encodeURIComponent("https://login.microsoftonline.com/common/oauth2/v2.0/authorize");
    const reply = await throughProxy(
      emulator,
      ca,
      "login.microsoftonline.com",
      `/common/discovery/instance?api-version=1.1&authorization_endpoint=${authorize}`,
    );
    expect(reply.status).toBe(200);
    const body = JSON.parse(reply.body) as {
      tenant_discovery_endpoint: string;
      "api-version": string;
      metadata: unknown[];
    };
    expect(body.tenant_discovery_endpoint).toBe(
      "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
    );
    expect(body["api-version"]).toBe("1.1");
    expect(body.metadata).toHaveLength(5);
  });

  it("terminates TLS for the account's host names", async () => {
    const reply = await throughProxy(
      emulator,
      ca,
      "contoso-openai.openai.azure.com",
      "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
      { method: "POST", headers: { "content-type": "application/json" }, body: "{}" },
    );
    expect(reply.status).toBe(401);
    expect(emulator.context.log.entries().at(-1)).toMatchObject({
      surface: "data-plane",
      host: "contoso-openai.openai.azure.com",
    });
  });

  it("refuses every other host (and other ports) with 403 and logs it", async () => {
    const proxyPort = Number(new URL(emulator.urls.http).port);
    for (const target of ["example.com:443", "login.microsoftonline.com:80"]) {
      const { statusLine, socket } = await connectTunnel(proxyPort, target);
      socket.destroy();
      expect(statusLine).toBe("HTTP/1.1 403 Forbidden");
      expect(emulator.context.log.entries().at(-1)).toMatchObject({
        surface: "proxy",
        method: "CONNECT",
        host: target,
        status: 403,
        decision: {
          outcome: "deny",
          code: "host-not-served",
          detail: `proxy: The emulator does not serve ${target}; it terminates TLS only for the Azure hosts of its world.`,
        },
      });
    }
    const plain = await proxyGet(proxyPort, "http://example.com/", {});
    expect(plain.status).toBe(403);
    expect(emulator.context.log.entries().at(-1)).toMatchObject({
      surface: "proxy",
      method: "GET",
      status: 403,
    });
  });

  it("serves plain-HTTP IMDS requests sent to it as a proxy (absolute URI)", async () => {
    const proxyPort = Number(new URL(emulator.urls.http).port);
    const reply = await proxyGet(
      proxyPort,
      "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://cognitiveservices.azure.com",
      { Metadata: "true" },
    );
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({
      token_type: "Bearer",
      resource: "https://cognitiveservices.azure.com",
    });
    expect(emulator.context.log.entries().at(-1)).toMatchObject({ host: "169.254.169.254", status: 200 });
  });
});

describe("startEmulatorServer", () => {
  let localCa: LocalCa;
  beforeAll(async () => {
    localCa = await createLocalCa();
  });

  it("times out a request that stalls with 408", async () => {
    const clock = createClock();
    const world = await resolveWorld(validateWorld({ tenants: [{ name: "t" }] }, "t"), { now: clock.now() });
    const app = await createEmulatorApp({ world, clock });
    const server = await startEmulatorServer({
      handler: app.handle,
      ca: localCa,
      servesHost: () => false,
      requestTimeoutMs: 300,
    });
    try {
      const port = Number(new URL(server.urls.http).port);
      const answer = await raw(
        port,
        "POST /t/oauth2/v2.0/token HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nabc",
        5000,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    } finally {
      await server.close();
    }
  });

  it("streams response bodies chunk by chunk and turns a handler that throws into a generic 500", async () => {
    const server = await startEmulatorServer({
      ca: localCa,
      servesHost: () => false,
      handler: async (request) => {
        if (request.url.pathname === "/throw") throw new Error("secret detail");
        async function* chunks() {
          for (let step = 1; step <= 3; step += 1) {
            await new Promise((resolve) => setTimeout(resolve, 30));
            yield `data: ${step}\n\n`;
          }
        }
        return new EmulatorResponse(200, { chunks: chunks() }, { "content-type": "text/event-stream" });
      },
    });
    try {
      const chunks: string[] = await new Promise((resolve, reject) => {
        http
          .get(`${server.urls.http}/stream`, (res) => {
            const seen: string[] = [];
            res.on("data", (chunk: Buffer) => seen.push(chunk.toString()));
            res.on("end", () => resolve(seen));
          })
          .on("error", reject);
      });
      expect(chunks).toEqual(["data: 1\n\n", "data: 2\n\n", "data: 3\n\n"]);
      const failed = await send(`${server.urls.http}/throw`);
      expect(failed.status).toBe(500);
      expect(failed.body).toBe(
        '{"error":{"code":"InternalServerError","message":"The emulator failed to handle the request; see its log."}}',
      );
    } finally {
      await server.close();
    }
  });
});

describe("issue 12: 500s on plausible input, at the server", () => {
  const FLAT_401 =
    '{"statusCode": 401, "message": "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired."}';
  const chatPath = "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21";

  it("invalid percent-encoding in a /_host/ prefix and an absolute URI the proxy cannot parse get 400 JSON", async () => {
    const httpPort = Number(new URL(emulator.urls.http).port);
    const badHost = await raw(httpPort, "GET /_host/%E0%A4%A/x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 500);
    expect(badHost).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(badHost).toContain(
      '\r\n\r\n{"error":{"code":"BadRequest","message":"The request target is not a valid URL."}}',
    );
    const badUri = await raw(httpPort, "GET http://[::1/metadata HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 500);
    expect(badUri).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(badUri).toContain(
      '\r\n\r\n{"error":{"code":"BadRequest","message":"The request target is not a valid URL."}}',
    );
  });

  it("a 100 KB bearer token reaches the data plane and gets Azure's flat 401, not an empty 400", async () => {
    const reply = await send(`${emulator.urls.base}/_host/contoso-openai.openai.azure.com${chatPath}`, {
      method: "POST",
      ca,
      headers: { authorization: `Bearer ${"e".repeat(100 * 1024)}`, "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ role: "user", content: "hi" }] }),
    });
    expect(reply.status).toBe(401);
    expect(reply.body).toBe(FLAT_401);
  });

  it("headers beyond 256 KiB get 431 with a JSON body", async () => {
    const httpPort = Number(new URL(emulator.urls.http).port);
    const reply = await raw(
      httpPort,
      `GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${"e".repeat(300 * 1024)}\r\n\r\n`,
      1000,
    );
    expect(reply).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(
      reply.endsWith(
        '{"error":{"code":"RequestHeaderFieldsTooLarge","message":"The request headers are larger than 262144 bytes."}}',
      ),
    ).toBe(true);
  });

  it("a deployment name a header cannot hold (zero-width space, CR/LF) is answered, not a 500", async () => {
    const reply = await send(
      `${emulator.urls.base}/_host/contoso-openai.openai.azure.com/openai/deployments/gpt%E2%80%8B4o%0D%0Ax/chat/completions?api-version=2024-10-21`,
      { method: "POST", ca, headers: { "api-key": "wrong", "content-type": "application/json" }, body: "{}" },
    );
    expect(reply.status).toBeLessThan(500);
    expect(emulator.context.log.entries().at(-1)?.status).toBe(reply.status);
  });
});
