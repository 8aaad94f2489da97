import type { Clock } from "./context.js";

/**
 * Options of {@link createClock}.
 *
 * @example
 * const options: ClockOptions = { start: Date.parse("2025-01-01T00:00:00Z"), now: () => 0 };
 */
export interface ClockOptions {
  /** Epoch ms the emulated clock shows at creation; defaults to the source's current time. */
  start?: number;
  /** The underlying time source (epoch ms); defaults to `Date.now`. A constant source freezes time. */
  now?: () => number;
}

/**
 * The emulator's clock: starts at `start`, then runs with the source, plus whatever `advance()`
 * added (the control API jumps forward to expire tokens or let role assignments propagate).
 *
 * @example
 * const clock = createClock({ start: 0, now: () => 0 });
 * clock.advance(60_000);
 * clock.now(); // 60000
 */
export function createClock(options: ClockOptions = {}): Clock {
  const source = options.now ?? Date.now;
  const origin = source();
  const start = options.start ?? origin;
  let offset = 0;
  return {
    now: () => start + (source() - origin) + offset,
    advance(ms: number): void {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new RangeError(
          `clock: cannot advance by ${String(ms)} ms; pass a finite number of milliseconds >= 0`,
        );
      }
      offset += ms;
    },
  };
}
