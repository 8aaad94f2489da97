import type { JWTPayload } from "jose";
import { AADSTS } from "./aadsts-failures.js";
import type { EntraFailure } from "./entra-error.js";

/**
 * Tolerance Entra applies to assertion `nbf` / `exp`.
 *
 * @example
 * payload.exp * 1000 + ASSERTION_CLOCK_SKEW_MS > now;
 */
export const ASSERTION_CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * AADSTS700024 when `now` is outside the assertion's `nbf`..`exp` (with five minutes of skew), or
 * when it has no `exp`.
 *
 * @example
 * checkAssertionTime({ nbf: 0, exp: 600 }, 3_600_000)?.code; // 700024
 */
export function checkAssertionTime(payload: JWTPayload, now: number): EntraFailure | undefined {
  const validFrom = typeof payload.nbf === "number" ? payload.nbf * 1000 : 0;
  const expiry = typeof payload.exp === "number" ? payload.exp * 1000 : 0;
  if (
    typeof payload.exp !== "number" ||
    expiry + ASSERTION_CLOCK_SKEW_MS <= now ||
    validFrom - ASSERTION_CLOCK_SKEW_MS > now
  ) {
    return AADSTS.assertionTimeRange(now, validFrom, expiry);
  }
  return undefined;
}
