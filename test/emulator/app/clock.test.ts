import { describe, expect, it } from "vitest";
import { createClock } from "../../../src/emulator/app/clock.js";

describe("createClock", () => {
  it("starts at start and runs with the source", () => {
    let source = 1_000;
    const clock = createClock({ start: 50_000, now: () => source });
    expect(clock.now()).toBe(50_000);
    source += 250;
    expect(clock.now()).toBe(50_250);
  });

  it("advances by the given milliseconds and refuses negative or non-finite steps", () => {
    const clock = createClock({ start: 0, now: () => 0 });
    clock.advance(60_000);
    clock.advance(0);
    expect(clock.now()).toBe(60_000);
    expect(() => clock.advance(-1)).toThrow(
      "clock: cannot advance by -1 ms; pass a finite number of milliseconds >= 0",
    );
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
  });

  it("defaults to real time", () => {
    const before = Date.now();
    const now = createClock().now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThan(before + 5_000);
  });
});
