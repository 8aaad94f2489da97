import { describe, expect, it } from "vitest";
import { imdsSettles } from "../../../src/diagnose/probes/imds-settles.js";

const URL = "http://169.254.169.254/metadata/identity/oauth2/token";

describe("imdsSettles", () => {
  it("resolves with the reason when IMDS can only fail: a gateway error or no answer", async () => {
    await expect(
      imdsSettles(Promise.resolve({ url: URL, source: "imds", status: 502, durationMs: 3 }), 0),
    ).resolves.toBe(`one direct request to ${URL} answered HTTP 502 (credential.mi-gateway)`);
    await expect(
      imdsSettles(
        Promise.resolve({ url: URL, source: "imds", connectionError: "ECONNRESET", durationMs: 3 }),
        0,
      ),
    ).resolves.toBe(
      `one direct request to ${URL} gave no HTTP answer (ECONNRESET) (credential.mi-unavailable)`,
    );
  });

  it("resolves with the reason for throttling and the endpoint's own errors, whose retries end alike", async () => {
    await expect(
      imdsSettles(Promise.resolve({ url: URL, source: "imds", status: 429, durationMs: 3 }), 0),
    ).resolves.toBe(`one direct request to ${URL} answered HTTP 429 (credential.mi-endpoint-error)`);
  });

  it("a promise that never resolves: resolves with undefined when the answer settles nothing, or IMDS was not asked", async () => {
    await expect(
      imdsSettles(Promise.resolve({ url: URL, source: "imds", status: 200, durationMs: 3 }), 0),
    ).resolves.toBeUndefined();
    await expect(imdsSettles(Promise.resolve(undefined), 0)).resolves.toBeUndefined();
  });
});
