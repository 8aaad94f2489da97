import { describe, expect, it } from "vitest";
import { createDeadline, withTimeout } from "../../src/diagnose/deadline.js";

describe("withTimeout", () => {
  it("returns the value, the error, or a timeout even when the work ignores its signal", async () => {
    expect((await withTimeout(async () => 42, 1000)).status).toBe("ok");
    const failed = await withTimeout(async () => {
      throw new Error("boom");
    }, 1000);
    expect(failed.status === "error" && (failed.error as Error).message).toBe("boom");
    const slow = await withTimeout(() => new Promise<never>(() => {}), 20);
    expect(slow.status).toBe("timeout");
  });

  it("aborts the signal it hands to the work", async () => {
    let aborted = false;
    await withTimeout(
      (signal) =>
        new Promise((resolve) => {
          signal.addEventListener("abort", () => {
            aborted = true;
            resolve(undefined);
          });
        }),
      10,
    );
    expect(aborted).toBe(true);
  });
});

describe("createDeadline", () => {
  it("caps each budget by what is left, with a floor", () => {
    let now = 1000;
    const deadline = createDeadline(10_000, () => now);
    expect(deadline.budget(5000)).toBe(5000);
    now = 9000;
    expect(deadline.budget(5000)).toBe(2000);
    now = 20_000;
    expect(deadline.remaining()).toBe(0);
    expect(deadline.budget(5000)).toBe(250);
  });
});
