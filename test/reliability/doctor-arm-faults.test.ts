import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator/start-emulator.js";
import { timedDiagnosis, VERDICT_MARGIN_MS, withFaults } from "./reliability-harness.js";

// ARM behind the faults a network puts in front of it, from the emulator's world: it never
// answers, it answers 500, it resets, or it sends its headers and then drips the body. The doctor reads ARM through the Azure SDK clients; the
// verdict (the keyless call itself works here) must still come within the deadline.

const ENDPOINT = "https://contoso-openai.openai.azure.com";
const TIMEOUT_MS = 10_000;

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ scenario: "default", port: 0 });
}, 60_000);
afterAll(async () => {
  await emulator?.close();
});

describe("the doctor with ARM failing", () => {
  it.each([["timeout"], ["reset"], [500], ["drip"]] as const)(
    "ARM %s: the call's verdict, within the deadline",
    async (status) => {
      await withFaults(emulator, [{ id: "arm", target: "arm", status, headers: {} }], async () => {
        const { report, elapsedMs } = await timedDiagnosis(emulator, {
          endpoint: ENDPOINT,
          timeoutMs: TIMEOUT_MS,
        });
        process.stdout.write(
          `ARM ${status}: ${elapsedMs} ms, ok ${report.ok}, primary ${report.primary?.code ?? "none"}\n`,
        );
        expect(report.ok).toBe(true);
        // The fault was met: ARM's request log shows it.
        expect(
          emulator.context.log
            .entries()
            .some((entry) => entry.surface === "arm" && entry.decision.detail === `arm: ${status}`),
        ).toBe(true);
        // A bound, not a speed claim: the verdict comes within the deadline plus a fixed margin.
        expect(elapsedMs).toBeLessThan(TIMEOUT_MS + VERDICT_MARGIN_MS);
      });
    },
    60_000,
  );
});
