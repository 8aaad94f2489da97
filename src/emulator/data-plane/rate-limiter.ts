import { err, ok, type Result } from "../app/result.js";
import type { Account, Deployment } from "../world/model.js";
import type { RateLimitKind } from "./error-bodies.js";
import { type Refusal, rateLimited } from "./refusal.js";

const WINDOW_MS = 60_000;

interface Usage {
  time: number;
  tokens: number;
}

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
 * Outcome of {@link RateLimiter.consume}.
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
 * The per-deployment RPM and TPM counters of one emulator.
 *
 * @example
 * const limiter: RateLimiter = createRateLimiter();
 * limiter.consume(deployment, ctx.clock.now(), prepared.totalTokens).allowed;
 */
export interface RateLimiter {
  /**
   * Charges one request of `tokens` tokens to the deployment's sliding 60-second windows (RPM and
   * TPM, as Azure enforces per deployment) at time `now` (from the emulator clock), or refuses it
   * with the seconds until enough of the window expires. A refused request is not charged. Requests
   * come first: when both limits are exceeded Azure reports the call rate.
   */
  consume(deployment: Deployment, now: number, tokens: number): RateLimitResult;
}

/**
 * Creates the rate limiter of one emulator's data plane. Windows are keyed by the deployment
 * object, so a deployment removed from the world takes its window with it.
 *
 * @example
 * const limiter = createRateLimiter();
 * const result = limiter.consume(deployment, ctx.clock.now(), usage.total_tokens);
 * if (!result.allowed) return tooManyRequests(result);
 */
export function createRateLimiter(): RateLimiter {
  const windows = new WeakMap<Deployment, Usage[]>();
  return { consume: (deployment, now, tokens) => consume(windows, deployment, now, tokens) };
}

function consume(
  windows: WeakMap<Deployment, Usage[]>,
  deployment: Deployment,
  now: number,
  tokens: number,
): RateLimitResult {
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

/**
 * One request to charge to a deployment's limits (see {@link enforceRateLimit}).
 *
 * @example
 * const charge: RateLimitCharge = { account, deployment, operation: "ChatCompletions_Create", apiVersion: "2024-10-21", now, tokens: 24 };
 */
export interface RateLimitCharge {
  account: Account;
  deployment: Deployment;
  /** The operation's name in 429 messages, e.g. `ChatCompletions_Create`. */
  operation: string;
  /** `api-version` of the request, `v1` on the v1 API. */
  apiVersion: string;
  /** Emulator time, epoch ms. */
  now: number;
  tokens: number;
}

/**
 * The rate-limit step of the data plane: charges the request to the deployment's RPM / TPM
 * windows. The value is the headroom left (`x-ratelimit-remaining-*`); a refusal is Azure's 429
 * with `retry-after` and the headroom before the request.
 *
 * @example
 * const limit = enforceRateLimit(limiter, { account, deployment, operation, apiVersion, now, tokens });
 * if (!limit.ok) return refusalResponse(limit.error, meta);
 */
export function enforceRateLimit(
  limiter: RateLimiter,
  charge: RateLimitCharge,
): Result<RateLimitRemaining, Refusal> {
  const limit = limiter.consume(charge.deployment, charge.now, charge.tokens);
  if (limit.allowed) return ok(limit.remaining);
  return err(
    rateLimited({
      deployment: charge.deployment,
      operation: charge.operation,
      apiVersion: charge.apiVersion,
      kind: limit.kind,
      tier: charge.account.kind === "AIServices" ? "AIServices S0" : "OpenAI S0",
      retryAfterSeconds: limit.retryAfterSeconds,
      remaining: limit.remaining,
    }),
  );
}
