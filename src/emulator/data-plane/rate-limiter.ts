import type { Deployment } from "../world/model.js";
import type { RateLimitKind } from "./error-bodies.js";

const WINDOW_MS = 60_000;

interface Usage {
  time: number;
  tokens: number;
}

// Keyed by the deployment object, so each world (and each test) has its own counters and a
// deployment removed from the world takes its window with it.
const windows = new WeakMap<Deployment, Usage[]>();

/**
 * Headroom left after (or, for a refusal, before) the request; a field is absent when the
 * deployment sets no such limit.
 *
 * @example
 * const left: RateLimitRemaining = { requests: 9, tokens: 950 };
 */
export interface RateLimitRemaining {
  requests?: number;
  tokens?: number;
}

/**
 * Outcome of {@link consumeRateLimit}.
 *
 * @example
 * const r: RateLimitResult = { allowed: false, kind: "call", retryAfterSeconds: 12, remaining: { requests: 0 } };
 */
export type RateLimitResult =
  | { allowed: true; remaining: RateLimitRemaining }
  | { allowed: false; kind: RateLimitKind; retryAfterSeconds: number; remaining: RateLimitRemaining };

function remainingOf(deployment: Deployment, requests: number, tokens: number): RateLimitRemaining {
  return {
    ...(deployment.rpm === undefined ? {} : { requests: Math.max(0, deployment.rpm - requests) }),
    ...(deployment.tpm === undefined ? {} : { tokens: Math.max(0, deployment.tpm - tokens) }),
  };
}

function secondsUntil(expiry: number, now: number): number {
  return Math.max(1, Math.ceil((expiry - now) / 1000));
}

/**
 * Charges one request of `tokens` tokens to the deployment's sliding 60-second windows (RPM and
 * TPM, as Azure enforces per deployment) at time `now` (from the emulator clock), or refuses it with
 * the seconds until enough of the window expires. A refused request is not charged. Requests come
 * first: when both limits are exceeded Azure reports the call rate.
 *
 * @example
 * const result = consumeRateLimit(deployment, ctx.clock.now(), usage.total_tokens);
 * if (!result.allowed) return tooManyRequests(result);
 */
export function consumeRateLimit(deployment: Deployment, now: number, tokens: number): RateLimitResult {
  // Nothing to enforce: keeping a window would only cost a scan of every call of the last minute.
  if (deployment.rpm === undefined && deployment.tpm === undefined) return { allowed: true, remaining: {} };
  const previous = windows.get(deployment) ?? [];
  const window = previous.filter((u) => u.time > now - WINDOW_MS);
  windows.set(deployment, window);
  const usedTokens = window.reduce((sum, u) => sum + u.tokens, 0);

  if (deployment.rpm !== undefined && window.length + 1 > deployment.rpm) {
    // The request fits once enough calls leave the window: the (excess)th oldest.
    const freeing = window[window.length - deployment.rpm];
    return {
      allowed: false,
      kind: "call",
      retryAfterSeconds: freeing === undefined ? 60 : secondsUntil(freeing.time + WINDOW_MS, now),
      remaining: remainingOf(deployment, window.length, usedTokens),
    };
  }
  if (deployment.tpm !== undefined && usedTokens + tokens > deployment.tpm) {
    let excess = usedTokens + tokens - deployment.tpm;
    let retryAfterSeconds = 60;
    if (tokens <= deployment.tpm) {
      for (const usage of window) {
        excess -= usage.tokens;
        if (excess <= 0) {
          retryAfterSeconds = secondsUntil(usage.time + WINDOW_MS, now);
          break;
        }
      }
    }
    return {
      allowed: false,
      kind: "token",
      retryAfterSeconds,
      remaining: remainingOf(deployment, window.length, usedTokens),
    };
  }
  window.push({ time: now, tokens });
  return { allowed: true, remaining: remainingOf(deployment, window.length, usedTokens + tokens) };
}
