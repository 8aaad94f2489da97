import type { CauseCode } from "./cause.js";
import { getCause } from "./causes.js";
import { extractFacts } from "./extract-facts.js";
import type { Facts } from "./facts.js";
import { detectFixLanguage, FIX_LANGUAGES, type FixLanguage } from "./fix-language.js";
import type { Match } from "./match.js";
import { credentialChainMatcher, findCredentialChain } from "./matchers/credential-chain.js";
import { chainRanOut, credentialNameFallback } from "./matchers/credential-name-fallback.js";
import { credentialsMatcher } from "./matchers/credentials.js";
import { dataPlaneMatcher } from "./matchers/data-plane.js";
import { entraMatcher } from "./matchers/entra.js";
import { managedIdentityStatusFallback } from "./matchers/managed-identity-status.js";
import type { Matcher, RawMatch } from "./matchers/matcher.js";
import { networkMatcher } from "./matchers/network.js";
import { openAiClientMatcher } from "./matchers/openai-client.js";
import { statusFallback } from "./matchers/status-fallback.js";
import { vocabularyFallback } from "./matchers/vocabulary-fallback.js";
import { type NormalizedText, normalizeErrorText } from "./normalize-error-text.js";
import { redactText } from "./redact-text.js";
import { type FixContext, renderCause } from "./render-fix.js";
import { rolesGrantingDataAction } from "./roles.js";
import { trimEndChars } from "./trim-chars.js";

/**
 * Options of {@link explain}.
 *
 * @example
 * const options: ExplainOptions = { maxBytes: 1024 * 1024, language: "python" };
 */
export interface ExplainOptions {
  /**
   * Inputs longer than this (in UTF-16 code units), or than 2 MB if that is smaller, are not analysed
   * whole: they are scanned once, linearly, for error anchors, and the windows around the first and
   * (above all) the last anchors are analysed. Nothing is dropped unseen. Default 16 MB.
   */
  maxBytes?: number;
  /**
   * The language to write code fixes in. Default: the one the text came from (see
   * {@link detectFixLanguage}), JavaScript when nothing says otherwise.
   */
  language?: FixLanguage;
}

const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
/** Above this size the text is condensed to windows around anchors, whatever `maxBytes` says. */
const FULL_ANALYSIS_LIMIT = 2 * 1024 * 1024;
const WINDOW_BEFORE = 4 * 1024;
const WINDOW_AFTER = 8 * 1024;
/** The condensed text keeps the first windows up to HEAD_BUDGET and the last up to TAIL_BUDGET. */
const HEAD_BUDGET = 256 * 1024;
const TAIL_BUDGET = 768 * 1024;

const ANCHOR =
  /AADSTS|Credential|Error|error|denied|Denied|failed|unavailable|Unauthorized|Forbidden|status|Status|exceeded|invalid|not found|Please run|mutually exclusive|Must provide|[Mm]issing|disabled|timed out|statusCode|RESPONSE \d/g;

/**
 * Cuts a huge paste down to the windows around error anchors, in one linear pass. Keeps the first
 * and, above all, the last windows: an error usually sits at the end of a log.
 */
function condense(text: string): string {
  const windows: Array<[number, number]> = [];
  ANCHOR.lastIndex = 0;
  for (let m = ANCHOR.exec(text); m !== null; m = ANCHOR.exec(text)) {
    const start = Math.max(0, m.index - WINDOW_BEFORE);
    const end = Math.min(text.length, m.index + WINDOW_AFTER);
    const last = windows[windows.length - 1];
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else windows.push([start, end]);
  }
  const head: string[] = [];
  let headSize = 0;
  let i = 0;
  for (; i < windows.length && headSize < HEAD_BUDGET; i++) {
    const [s, e] = windows[i] as [number, number];
    head.push(text.slice(s, e));
    headSize += e - s;
  }
  const tail: string[] = [];
  let tailSize = 0;
  for (let j = windows.length - 1; j >= i && tailSize < TAIL_BUDGET; j--) {
    const [s, e] = windows[j] as [number, number];
    tail.unshift(text.slice(s, e));
    tailSize += e - s;
  }
  return [...head, ...tail].join("\n\n");
}

interface Pending {
  code: CauseCode;
  confidence: number;
  facts: Facts;
  distinguish?: string;
}

/** Same code and no conflicting credential: the same cause seen twice. */
function sameCause(a: Pending, b: RawMatch & { facts: Facts }): boolean {
  if (a.code !== b.code) return false;
  const ca = a.facts.credential;
  const cb = b.facts.credential;
  return ca === undefined || cb === undefined || ca === cb;
}

function mergeInto(pending: Pending[], raw: RawMatch, base: Facts): void {
  const facts: Facts = { ...base, ...raw.facts };
  const existing = pending.find((p) => sameCause(p, { ...raw, facts }));
  if (existing === undefined) {
    const p: Pending = { code: raw.code, confidence: raw.confidence, facts };
    if (raw.distinguish !== undefined) p.distinguish = raw.distinguish;
    pending.push(p);
    return;
  }
  existing.confidence = Math.max(existing.confidence, raw.confidence);
  existing.facts = { ...facts, ...existing.facts };
  if (existing.distinguish === undefined && raw.distinguish !== undefined)
    existing.distinguish = raw.distinguish;
}

/** The older PermissionDenied wording names no action; it was the OpenAI chat/completions data plane. */
const DEFAULT_DATA_ACTION = "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action";

function leastPrivilegeRole(dataAction: string | undefined): string | undefined {
  return rolesGrantingDataAction(dataAction ?? DEFAULT_DATA_ACTION)[0]?.name;
}

function extraValues(p: Pending): FixContext {
  const extra: FixContext = {};
  if (p.code === "rbac.missing-data-action") {
    const role = leastPrivilegeRole(p.facts.dataAction);
    if (role !== undefined) extra.role = role;
  }
  if (p.facts.audience !== undefined && /^https:\/\//.test(p.facts.audience)) {
    extra.expectedScope = `${trimEndChars(p.facts.audience, "/")}/.default`;
  }
  return extra;
}

function toMatch(p: Pending, language: FixLanguage): Match {
  const entry = getCause(p.code);
  const match: Match = {
    code: p.code,
    title: entry?.title ?? p.code,
    confidence: p.confidence,
    facts: p.facts,
    fix: entry?.fix ?? "",
    language,
    why: entry?.why ?? "",
    confirm: entry?.confirm ?? "",
  };
  if (entry !== undefined) {
    const extra = extraValues(p);
    const rendered = renderCause(entry, { ...p.facts, ...extra }, language);
    match.title = rendered.title;
    match.why = rendered.why;
    match.confirm = rendered.confirm;
    match.fix = rendered.fix;
  }
  if (p.distinguish !== undefined) match.distinguish = p.distinguish;
  return redactMatch(match);
}

/** A value with every string in it (at any depth) passed through {@link redactText}. */
function redactDeep(value: unknown): unknown {
  if (typeof value === "string") return redactText(value);
  if (Array.isArray(value)) return value.map(redactDeep);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactDeep(inner)]));
  }
  return value;
}

/**
 * Every string a match carries (facts, title, why, confirm, fix, distinguish, and whatever field
 * is added later), with any secret the pasted text held masked (see {@link redactText}). The code
 * and the language are the catalog's own and stay as they are.
 */
function redactMatch(match: Match): Match {
  const { code, language, confidence, ...rest } = match;
  return {
    ...(redactDeep(rest) as Omit<Match, "code" | "language" | "confidence">),
    code,
    language,
    confidence,
  };
}

const TEXT_MATCHERS: readonly Matcher[] = [
  dataPlaneMatcher,
  entraMatcher,
  credentialsMatcher,
  openAiClientMatcher,
  networkMatcher,
];

/** For a wording no matcher knows: candidates from the status it carries and from its words. */
export const FALLBACKS: readonly Matcher[] = [
  managedIdentityStatusFallback,
  statusFallback,
  vocabularyFallback,
  credentialNameFallback,
];

/** One matcher failing on an odd input must not take the others' answers with it. */
function safely(matcher: Matcher, view: NormalizedText, facts: Facts): RawMatch[] {
  try {
    return matcher(view, facts);
  } catch {
    return [];
  }
}

function explainText(input: string, maxBytes: number, language: FixLanguage | undefined): Match[] {
  const text = input.length > Math.min(maxBytes, FULL_ANALYSIS_LIMIT) ? condense(input) : input;
  const view = normalizeErrorText(text);
  const chain = findCredentialChain(view);
  // With a chain, the per-credential parts are matched by the chain matcher alone.
  const restView = chain === undefined ? view : normalizeErrorText(chain.rest);
  const restFacts = extractFacts(restView);
  const pending: Pending[] = [];
  for (const matcher of TEXT_MATCHERS) {
    for (const raw of safely(matcher, restView, restFacts)) mergeInto(pending, raw, restFacts);
  }
  if (chain !== undefined) {
    for (const raw of safely(credentialChainMatcher, view, restFacts)) mergeInto(pending, raw, {});
  }
  // Several credentials failing, printed without a chain's header (Java's suppressed list): the
  // chain ran out, whatever each one's own cause.
  const ranOut = chain === undefined && pending.length > 0 ? chainRanOut(view) : undefined;
  if (ranOut !== undefined && !pending.some((p) => p.code === ranOut.code)) {
    mergeInto(pending, ranOut, restFacts);
  }
  // An Azure AI auth failure in a wording no matcher knows still gets ranked candidates.
  if (pending.length === 0) {
    for (const fallback of FALLBACKS) {
      for (const raw of safely(fallback, view, restFacts)) mergeInto(pending, raw, restFacts);
    }
  }
  const fixLanguage = language ?? detectFixLanguage(text);
  const matches = pending.map((p) => toMatch(p, fixLanguage));
  // Array.prototype.sort is stable: equal confidences keep the order the matchers found them in.
  return matches.sort((a, b) => b.confidence - a.confidence);
}

/**
 * Explains an error text from any language or tool, offline: the cause(s) best first, each with the
 * facts read from the text and the fix filled from them. An aggregated credential-chain error yields
 * one match per failing credential (`facts.credential`) plus `credential.chain-exhausted`. A fix
 * that is code is written in the language the text came from (`language` on each match; see
 * `options.language`). Returns `[]` for anything that names no known cause (including
 * non-strings); never throws.
 *
 * @example
 * explain('{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist."}}')[0]?.code;
 * // "resource.deployment-not-found"
 * explain("Traceback (most recent call last):\n...\nopenai.AuthenticationError: Error code: 401 - {...}")[0]?.language;
 * // "python"
 */
export function explain(text: unknown, options: ExplainOptions = {}): Match[] {
  if (typeof text !== "string" || text.trim() === "") return [];
  const maxBytes =
    typeof options.maxBytes === "number" && options.maxBytes > 0 ? options.maxBytes : DEFAULT_MAX_BYTES;
  const language =
    typeof options.language === "string" && (FIX_LANGUAGES as readonly string[]).includes(options.language)
      ? options.language
      : undefined;
  try {
    return explainText(text, maxBytes, language);
  } catch {
    return [];
  }
}
