import type { CauseCode } from "./cause.js";
import type { Facts } from "./facts.js";
import type { FixLanguage } from "./fix-language.js";

/**
 * One explanation of an error text: a cause, how sure we are, what we read, and the fix.
 *
 * `confidence` is in `[0, 1]`: `>= 0.9` the text names the cause; `0.5..0.9` likely, ranked
 * among others (the ambiguous flat 401); `< 0.5` possible, worth checking.
 *
 * @example
 * const match: Match = {
 *   code: "key.auth-disabled", title: "Key authentication is disabled ...", confidence: 0.95,
 *   facts: { status: 403 }, fix: "unset AZURE_OPENAI_API_KEY ...", language: "python", why: "...", confirm: "...",
 * };
 */
export interface Match {
  code: CauseCode;
  title: string;
  confidence: number;
  facts: Facts;
  /** The fix with placeholders filled from `facts` where known, written for `language`. */
  fix: string;
  /**
   * The language `fix` is written for: the one the error text came from (a Python traceback gets a
   * Python fix), or the one asked for with `ExplainOptions.language`. Fixes that are commands are
   * the same in every language.
   */
  language: FixLanguage;
  why: string;
  confirm: string;
  /** For ranked ambiguous matches: what tells this cause apart from the others. */
  distinguish?: string;
}
