import type { CauseCode } from "./cause.js";
import type { Facts } from "./facts.js";

/**
 * One explanation of an error text: a cause, how sure we are, what we read, and the fix.
 *
 * `confidence` is in `[0, 1]`: `>= 0.9` the text names the cause; `0.5..0.9` likely, ranked
 * among others (the ambiguous flat 401); `< 0.5` possible, worth checking.
 */
export interface Match {
  code: CauseCode;
  title: string;
  confidence: number;
  facts: Facts;
  /** The fix with placeholders filled from `facts` where known. */
  fix: string;
  why: string;
  confirm: string;
  /** For ranked ambiguous matches: what tells this cause apart from the others. */
  distinguish?: string;
}
