import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator/start-emulator.js";
import type { Fault } from "../../src/emulator/world/model.js";
import { timedDiagnosis, VERDICT_MARGIN_MS, withFaults } from "./reliability-harness.js";

// A 200 from the data plane is not "the keyless call works" when the body is an HTML page: a
// captive portal or a block page answering for the endpoint's name, which the SDKs then fail to
// parse ("Unexpected token '<'"). The emulator's data plane answers with that page, as a fault.

const ENDPOINT = "https://contoso-openai.openai.azure.com";
const PAGE =
  "<!DOCTYPE html><html><head><title>Contoso Guest Wi-Fi: sign in</title></head><body>Accept the terms</body></html>";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ scenario: "default", port: 0 });
}, 60_000);

afterAll(async () => {
  await emulator?.close();
});

describe("the doctor reads a data-plane 200 for what it is", () => {
  it("an HTML page with 200: network.html-instead-of-json with the page's title, exit not ok", async () => {
    const portal: Fault = {
      id: "portal",
      target: "data-plane",
      status: 200,
      headers: { "content-type": "text/html; charset=utf-8" },
      body: PAGE,
    };
    await withFaults(emulator, [portal], async () => {
      const { report } = await timedDiagnosis(emulator, { endpoint: ENDPOINT, timeoutMs: 20_000 });
      expect(report.ok).toBe(false);
      expect(report.primary?.code).toBe("network.html-instead-of-json");
      expect(report.primary?.detail).toContain(
        'The call answered 200 with an HTML page ("Contoso Guest Wi-Fi: sign in"), not Azure OpenAI\'s JSON',
      );
    });
  }, 60_000);

  it.each([
    [
      "timeout",
      "endpoint.unreachable",
      /^The data-plane request got no complete HTTP answer through the proxy http:\/\/127\.0\.0\.1:\d+: no complete answer within \d+ ms\.$/,
    ],
    [
      "reset",
      "endpoint.unreachable",
      /^The data-plane request got no complete HTTP answer through the proxy http:\/\/127\.0\.0\.1:\d+: ECONNRESET: socket hang up\.$/,
    ],
    [
      "drip",
      "endpoint.unreachable",
      /^The data-plane request got no complete HTTP answer through the proxy http:\/\/127\.0\.0\.1:\d+: no complete answer within \d+ ms: the answer's body was still arriving at the deadline \(\d+ bytes after the headers\)\.$/,
    ],
    [
      500,
      "resource.service-error",
      /^The call answered 500 \(The keyless emulator injected HTTP 500 \(fault f\)\): the service failed after accepting the credentials/,
    ],
    [
      503,
      "resource.service-error",
      /^The call answered 503 \(The keyless emulator injected HTTP 503 \(fault f\)\): the service failed after accepting the credentials/,
    ],
  ] as const)(
    "the data plane %s: %s, within the deadline",
    async (status, code, detail) => {
      await withFaults(emulator, [{ id: "f", target: "data-plane", status, headers: {} }], async () => {
        const { report, elapsedMs } = await timedDiagnosis(emulator, {
          endpoint: ENDPOINT,
          timeoutMs: 10_000,
        });
        expect(report.ok).toBe(false);
        expect(report.primary?.code).toBe(code);
        expect(report.primary?.detail).toMatch(detail);
        // A bound, not a speed claim: the verdict comes within the deadline plus a fixed margin.
        expect(elapsedMs).toBeLessThan(10_000 + VERDICT_MARGIN_MS);
      });
    },
    60_000,
  );

  it("the same endpoint without the page: the call works", async () => {
    const { report } = await timedDiagnosis(emulator, { endpoint: ENDPOINT, timeoutMs: 20_000 });
    expect(report.primary?.code ?? null).toBeNull();
    expect(report.ok).toBe(true);
  }, 60_000);
});
