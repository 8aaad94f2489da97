import { describe, expect, it } from "vitest";
import { createRateLimiter } from "../../../src/emulator/data-plane/rate-limiter.js";
import type { Deployment } from "../../../src/emulator/world/model.js";

function deployment(limits: { rpm?: number; tpm?: number }): Deployment {
  return { name: "d", model: "gpt-4o", modelVersion: "2024-11-20", kind: "chat", createdAt: 0, ...limits };
}

describe("createRateLimiter", () => {
  it("counts requests in a sliding 60 s window and names the call rate", () => {
    const limiter = createRateLimiter();
    const d = deployment({ rpm: 2 });
    expect(limiter.consume(d, 1_000, 10)).toEqual({ allowed: true, remaining: { requests: 1 } });
    expect(limiter.consume(d, 11_000, 10)).toEqual({ allowed: true, remaining: { requests: 0 } });
    expect(limiter.consume(d, 21_000, 10)).toEqual({
      allowed: false,
      kind: "call",
      retryAfterSeconds: 40,
      remaining: { requests: 0 },
    });
    // The first call leaves the window at 61 s.
    expect(limiter.consume(d, 61_001, 10)).toEqual({ allowed: true, remaining: { requests: 0 } });
  });

  it("counts tokens and waits until enough of them expire", () => {
    const limiter = createRateLimiter();
    const d = deployment({ tpm: 100 });
    expect(limiter.consume(d, 0, 60)).toEqual({ allowed: true, remaining: { tokens: 40 } });
    expect(limiter.consume(d, 30_000, 30)).toEqual({ allowed: true, remaining: { tokens: 10 } });
    expect(limiter.consume(d, 45_000, 20)).toEqual({
      allowed: false,
      kind: "token",
      retryAfterSeconds: 15,
      remaining: { tokens: 10 },
    });
    expect(limiter.consume(d, 60_001, 20)).toEqual({ allowed: true, remaining: { tokens: 50 } });
  });

  it("a request larger than the whole TPM waits a full window", () => {
    const limiter = createRateLimiter();
    expect(limiter.consume(deployment({ tpm: 10 }), 0, 11)).toEqual({
      allowed: false,
      kind: "token",
      retryAfterSeconds: 60,
      remaining: { tokens: 10 },
    });
  });

  it("reports nothing for a deployment without limits", () => {
    const limiter = createRateLimiter();
    expect(limiter.consume(deployment({}), 0, 1_000_000)).toEqual({ allowed: true, remaining: {} });
  });
});
