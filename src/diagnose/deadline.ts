/**
 * The outcome of {@link withTimeout}: the value, a timeout, or the error the work threw.
 *
 * @example
 * const outcome: TimedOutcome<number> = { status: "timeout", durationMs: 5000 };
 */
export type TimedOutcome<T> =
  | { status: "ok"; value: T; durationMs: number }
  /** `cancelledBecause` is set when `cancel` fired before the time ran out. */
  | { status: "timeout"; durationMs: number; cancelledBecause?: string }
  | { status: "error"; error: unknown; durationMs: number };

/**
 * Runs `work` with an `AbortSignal` that fires after `timeoutMs` (or when `cancel` fires), and settles
 * no later than that even when `work` ignores the signal. Never rejects, and leaves no timer behind.
 *
 * @example
 * const outcome = await withTimeout((signal) => fetch(url, { signal }), 5000);
 * if (outcome.status === "timeout") report("no answer within 5 s");
 */
export async function withTimeout<T>(
  work: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  cancel?: AbortSignal,
): Promise<TimedOutcome<T>> {
  const started = Date.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const elapsed = () => Date.now() - started;
  const timeout = new Promise<TimedOutcome<T>>((resolve) => {
    timer = setTimeout(
      () => {
        controller.abort(new Error(`timed out after ${timeoutMs} ms`));
        resolve({ status: "timeout", durationMs: elapsed() });
      },
      Math.max(0, timeoutMs),
    );
    cancel?.addEventListener(
      "abort",
      () => {
        controller.abort(cancel.reason);
        resolve({ status: "timeout", durationMs: elapsed(), cancelledBecause: String(cancel.reason) });
      },
      { once: true },
    );
  });
  const run = (async (): Promise<TimedOutcome<T>> => {
    try {
      return { status: "ok", value: await work(controller.signal), durationMs: elapsed() };
    } catch (error) {
      if (controller.signal.aborted) return { status: "timeout", durationMs: elapsed() };
      return { status: "error", error, durationMs: elapsed() };
    }
  })();
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A fixed point in time all probes share: each asks for its own budget, capped by what is left.
 *
 * @example
 * const deadline = createDeadline(30_000);
 * await withTimeout(probe, deadline.budget(5_000));
 */
export interface Deadline {
  /** Milliseconds since the epoch at which the verdict is due. */
  readonly at: number;
  /** Milliseconds left (never negative). */
  remaining(): number;
  /** `maxMs`, or what is left if that is less; at least `floorMs` (default 250) so a probe can fail cleanly. */
  budget(maxMs: number, floorMs?: number): number;
}

/**
 * Creates a {@link Deadline} `totalMs` from now.
 *
 * @example
 * const deadline = createDeadline(30_000, () => Date.now());
 */
export function createDeadline(totalMs: number, now: () => number = Date.now): Deadline {
  const at = now() + totalMs;
  const remaining = () => Math.max(0, at - now());
  return {
    at,
    remaining,
    budget: (maxMs, floorMs = 250) => Math.max(floorMs, Math.min(maxMs, remaining())),
  };
}
