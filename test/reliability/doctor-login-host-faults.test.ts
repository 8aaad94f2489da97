import { createServer as createHttpServer, type IncomingMessage, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DiagnosisReport } from "../../src/diagnose/diagnosis-report.js";
import { type RunningEmulator, startEmulator } from "../../src/emulator/start-emulator.js";
import { createLocalCa, type LocalCa } from "../../src/emulator/tls/local-ca.js";
import { type TimedDiagnosis, timedDiagnosis } from "./reliability-harness.js";

// The login host (AZURE_AUTHORITY_HOST) behind the faults a corporate network puts in front of it:
// fake servers on loopback that answer 500, 429 with Retry-After, an HTML page, reset the
// connection, cut the body short, present a certificate from an intercepting CA, and a proxy that
// refuses CONNECT. Before, every one of them was reported as credential.tenant-invalid (or an
// unintended service principal); the doctor must name the fault its own probe met.

const ENDPOINT = "https://contoso-openai.openai.azure.com";
const TIMEOUT_MS = 10_000;

type Behaviour = "500" | "429" | "html" | "reset" | "cut" | "hang" | "drip";

let emulator: RunningEmulator;
let interceptionCa: LocalCa;
let behaviour: Behaviour = "500";
let faultServer: Server;
let faultUrl: string;
let refusingProxy: Server;
let refusingProxyUrl: string;
let tunnellingProxy: Server;
let tunnellingProxyUrl: string;

function portOf(server: Server): number {
  const address = server.address();
  return typeof address === "object" && address !== null ? address.port : 0;
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
}

function close(server: Server | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (server === undefined) return resolve();
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

beforeAll(async () => {
  emulator = await startEmulator({ scenario: "default", port: 0 });
  interceptionCa = await createLocalCa({ commonName: "Contoso TLS Inspection CA" });
  const leaf = await interceptionCa.leafFor(["127.0.0.1", "login.microsoftonline.com"]);
  faultServer = createHttpsServer({ cert: leaf.certPem, key: leaf.keyPem }, (req, res) => {
    req.resume();
    switch (behaviour) {
      case "500":
        res.writeHead(500, { "content-type": "text/plain" }).end("Internal Server Error");
        break;
      case "429":
        res
          .writeHead(429, { "content-type": "application/json", "retry-after": "30" })
          .end('{"error":"temporarily_unavailable"}');
        break;
      case "html":
        res
          .writeHead(200, { "content-type": "text/html" })
          .end(
            "<html><head><title>Access blocked by Contoso policy</title></head><body>Blocked</body></html>",
          );
        break;
      case "reset":
        req.socket.destroy();
        break;
      case "hang":
        // Accepts the request and never answers.
        break;
      case "drip": {
        // Headers at once, then a byte a second for as long as the socket stays open.
        res.writeHead(200, { "content-type": "application/json", "content-length": "100000" });
        const timer = setInterval(() => res.write(" "), 1000);
        req.socket.once("close", () => clearInterval(timer));
        break;
      }
      case "cut":
        res.writeHead(200, { "content-type": "application/json", "content-length": "500" });
        res.write('{"token_endpoint":"https://');
        setTimeout(() => req.socket.destroy(), 20);
        break;
    }
  });
  await listen(faultServer);
  faultUrl = `https://127.0.0.1:${portOf(faultServer)}`;

  refusingProxy = createHttpServer((_req, res) => res.writeHead(403).end());
  refusingProxy.on("connect", (_req: IncomingMessage, socket: Socket) => {
    socket.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
  });
  await listen(refusingProxy);
  refusingProxyUrl = `http://127.0.0.1:${portOf(refusingProxy)}`;

  // Tunnels every CONNECT to the fault server: TLS interception as a proxy does it.
  tunnellingProxy = createHttpServer((_req, res) => res.writeHead(403).end());
  tunnellingProxy.on("connect", (_req: IncomingMessage, socket: Socket, head: Buffer) => {
    const upstream = connect(portOf(faultServer), "127.0.0.1", () => {
      socket.write("HTTP/1.1 200 Connection established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  await listen(tunnellingProxy);
  tunnellingProxyUrl = `http://127.0.0.1:${portOf(tunnellingProxy)}`;
}, 60_000);

afterAll(async () => {
  await Promise.all([close(faultServer), close(refusingProxy), close(tunnellingProxy)]);
  await emulator?.close();
});

function doctor(
  env: Record<string, string | undefined>,
  trustInterceptionCa: boolean,
): Promise<TimedDiagnosis> {
  return timedDiagnosis(emulator, {
    endpoint: ENDPOINT,
    env,
    ca: trustInterceptionCa ? [emulator.ca, interceptionCa.caPem] : [emulator.ca],
    timeoutMs: TIMEOUT_MS,
  });
}

function environmentCredential(report: DiagnosisReport) {
  return report.credentials.find((c) => c.name === "EnvironmentCredential");
}

describe("the doctor names the fault between it and the login host", () => {
  const cases: { behaviour: Behaviour; code: string; evidence: RegExp }[] = [
    { behaviour: "500", code: "credential.entra-unavailable", evidence: /Microsoft Entra ID answered 500/ },
    {
      behaviour: "429",
      code: "credential.entra-unavailable",
      evidence: /Microsoft Entra ID answered 429 with Retry-After: 30/,
    },
    {
      behaviour: "html",
      code: "network.html-instead-of-json",
      evidence:
        /answered 200 with an HTML page \("Access blocked by Contoso policy"\) where Microsoft Entra ID answers JSON/,
    },
    {
      behaviour: "reset",
      code: "credential.entra-unavailable",
      evidence: /Microsoft Entra ID closed the connection without answering \(ECONNRESET: socket hang up\)/,
    },
    {
      behaviour: "hang",
      code: "credential.entra-unavailable",
      evidence: /Microsoft Entra ID did not answer in time: no complete answer within \d+ ms/,
    },
    {
      behaviour: "drip",
      code: "credential.entra-unavailable",
      evidence:
        /Microsoft Entra ID did not answer in time: no complete answer within \d+ ms: the answer's body was still arriving at the deadline/,
    },
    {
      behaviour: "cut",
      code: "network.body-cut-short",
      evidence:
        /the connection closed before the answer's body was complete \(\d+ of 500 bytes after a 200 status line\)/,
    },
  ];
  for (const c of cases) {
    it(`login host answers ${c.behaviour}: ${c.code}, not credential.tenant-invalid`, async () => {
      behaviour = c.behaviour;
      const { report, elapsedMs } = await doctor({ AZURE_AUTHORITY_HOST: faultUrl }, true);
      expect(report.primary?.code).toBe(c.code);
      expect(environmentCredential(report)?.cause).toBe(c.code);
      expect(environmentCredential(report)?.reason).toMatch(c.evidence);
      // A bound, not a speed claim: the verdict comes within the deadline plus a fixed margin.
      expect(elapsedMs).toBeLessThan(TIMEOUT_MS + 15_000);
    }, 60_000);
  }

  it("a certificate from an intercepting CA: network.tls-untrusted with its issuer", async () => {
    behaviour = "500";
    const { report } = await doctor({ AZURE_AUTHORITY_HOST: faultUrl }, false);
    expect(report.primary?.code).toBe("network.tls-untrusted");
    expect(environmentCredential(report)?.reason).toMatch(
      /127\.0\.0\.1 presented a certificate this machine does not trust \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\): subject CN=127\.0\.0\.1.*, issuer CN=Contoso TLS Inspection CA, O=keyless/,
    );
  }, 60_000);

  it("TLS interception through the proxy: network.tls-untrusted, said to be through the proxy", async () => {
    behaviour = "500";
    const { report } = await doctor(
      {
        AZURE_AUTHORITY_HOST: "https://login.microsoftonline.com",
        HTTPS_PROXY: tunnellingProxyUrl,
        https_proxy: tunnellingProxyUrl,
        NO_PROXY: "127.0.0.1,localhost",
        no_proxy: "127.0.0.1,localhost",
      },
      false,
    );
    expect(environmentCredential(report)?.cause).toBe("network.tls-untrusted");
    expect(environmentCredential(report)?.reason).toMatch(
      /login\.microsoftonline\.com presented a certificate this machine does not trust \(.+\): subject .*, issuer CN=Contoso TLS Inspection CA, O=keyless, through the proxy/,
    );
  }, 60_000);

  it("a proxy that refuses CONNECT to the login host: network.proxy-refused", async () => {
    const { report } = await doctor(
      {
        AZURE_AUTHORITY_HOST: "https://login.microsoftonline.com",
        HTTPS_PROXY: refusingProxyUrl,
        https_proxy: refusingProxyUrl,
        NO_PROXY: "127.0.0.1,localhost",
        no_proxy: "127.0.0.1,localhost",
      },
      true,
    );
    expect(environmentCredential(report)?.cause).toBe("network.proxy-refused");
    expect(environmentCredential(report)?.reason).toContain(
      `the proxy ${refusingProxyUrl} answered CONNECT login.microsoftonline.com:443 with 403 Forbidden`,
    );
  }, 60_000);
});
