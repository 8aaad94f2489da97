import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createDoctorNetwork } from "../../src/diagnose/doctor-network.js";
import { sendProbeRequest } from "../../src/diagnose/http-request.js";

// Fake servers on loopback (the network boundary): what the doctor's own requests meet.
const servers: Server[] = [];
const timers: NodeJS.Timeout[] = [];

afterEach(() => {
  for (const t of timers.splice(0)) clearInterval(t);
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

const network = createDoctorNetwork({ env: {} });

describe("sendProbeRequest: one deadline for every byte", () => {
  it("a server that sends its headers and then drips the body is cut at the deadline (it used to hold the doctor for as long as the socket stayed open)", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("{");
      timers.push(setInterval(() => res.write(" "), 50));
    });
    const response = await sendProbeRequest(
      { method: "GET", url, headers: {}, timeoutMs: 400, allowInsecureConnection: true },
      network,
    );
    expect(response.status).toBeUndefined();
    if (response.status !== undefined) return;
    expect(response.timedOut).toBe(true);
    expect(response.error).toMatch(
      /^no complete answer within 400 ms: the answer's body was still arriving at the deadline \(\d+ bytes after the headers\)$/,
    );
  });

  it("a server that never answers is a time-out too", async () => {
    const url = await serve(() => undefined);
    const response = await sendProbeRequest(
      { method: "GET", url, headers: {}, timeoutMs: 300, allowInsecureConnection: true },
      network,
    );
    expect(response.status === undefined && response.timedOut).toBe(true);
  });

  it("a whole answer within the deadline is read as before", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(401, { "content-type": "application/json" });
      res.end('{"statusCode": 401}');
    });
    const response = await sendProbeRequest(
      { method: "GET", url, headers: {}, timeoutMs: 5_000, allowInsecureConnection: true },
      network,
    );
    expect(response.status === 401 && response.body).toBe('{"statusCode": 401}');
  });
});
