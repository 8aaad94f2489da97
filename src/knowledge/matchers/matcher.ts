import type { CauseCode } from "../cause.js";
import type { Facts } from "../facts.js";
import type { NormalizedText } from "../normalize-error-text.js";

/**
 * What a matcher found: a cause code, how sure it is, the facts it read beyond the shared ones, and,
 * for ranked ambiguous causes, what tells this cause apart from the others.
 *
 * @example
 * const m: RawMatch = { code: "token.expired", confidence: 0.6, distinguish: "Decode the token's exp claim." };
 */
export interface RawMatch {
  code: CauseCode;
  /** In `[0, 1]`; `>= 0.9` only when the text names the cause. */
  confidence: number;
  facts?: Facts;
  distinguish?: string;
}

/**
 * Reads one family of error texts. Pure and linear: bounded patterns only, never throws on odd input.
 *
 * @example
 * const matcher: Matcher = (view) =>
 *   view.haystack.includes("DeploymentNotFound") ? [{ code: "resource.deployment-not-found", confidence: 0.97 }] : [];
 */
export type Matcher = (view: NormalizedText, facts: Facts) => RawMatch[];

/**
 * A confidence scaled by `factor` and rounded to two decimals: how a matcher says "as likely as
 * that, but less sure" (a candidate among alternatives, a text that names no service).
 *
 * @example
 * scaleConfidence(0.46, 0.7); // 0.32
 */
export function scaleConfidence(confidence: number, factor: number): number {
  return Math.round(confidence * factor * 100) / 100;
}
