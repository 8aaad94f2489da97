import { AADSTS_ENTRIES, aadstsCodesIn } from "../aadsts.js";
import type { CauseCode } from "../cause.js";
import { isCauseCode } from "../causes.js";
import { aadstsMessageFrom, OAUTH_CODE_NUMBER } from "../extract-facts.js";
import type { Facts } from "../facts.js";
import type { NormalizedText } from "../normalize-error-text.js";
import type { Matcher, RawMatch } from "./matcher.js";

/** AADSTS numbers in order of appearance: from the text, then from OAuth `error_codes` arrays. */
function aadstsNumbers(view: NormalizedText): string[] {
  const numbers: string[] = [];
  for (const raw of aadstsCodesIn(view.haystack)) {
    const n = String(raw).replace(/\D/g, "");
    if (n !== "" && !numbers.includes(n)) numbers.push(n);
  }
  // `unauthorized_client: 700016 - ...`: the number without its AADSTS prefix.
  const bare = new RegExp(OAUTH_CODE_NUMBER.source, "g");
  for (let m = bare.exec(view.haystack); m !== null; m = bare.exec(view.haystack)) {
    const n = m[1] as string;
    if (!numbers.includes(n)) numbers.push(n);
  }
  for (const body of view.bodies) {
    for (const n of body.errorCodes ?? []) {
      if (/^\d{4,9}$/.test(n) && !numbers.includes(n)) numbers.push(n);
    }
  }
  return numbers;
}

function messageFor(view: NormalizedText, n: string): string | undefined {
  for (const body of view.bodies) {
    if (body.message?.includes(`AADSTS${n}`)) return aadstsMessageFrom(body.message, n);
  }
  return aadstsMessageFrom(view.haystack, n);
}

/**
 * Each Entra message's literal stretches (its sentences, cut at `{placeholders}`), lower-cased, for
 * texts that print the message without its `AADSTS<n>` prefix (portals, wrappers, older SDKs, a
 * page that changes the case). Only stretches of four words or more count, and one of at least 30
 * characters (or the whole of a message without placeholders) must be present: shorter ones are
 * too common to name a code.
 */
const MESSAGE_SIGNATURES: ReadonlyArray<{ code: string; stretches: readonly string[]; whole?: string }> =
  AADSTS_ENTRIES.flatMap((entry) => {
    const stretches = entry.message
      .split(/\{[^{}]*\}|(?<=\.) /)
      .map((part) => part.replace(/^[\s'"(.,:]+|[\s'"(,:]+$/g, "").toLowerCase())
      .filter((part) => part.length >= 20 && part.split(/\s+/).length >= 4)
      .sort((a, b) => b.length - a.length);
    const message = entry.message.trim();
    const whole =
      !message.includes("{") && message.split(/\s+/).length >= 4 ? message.toLowerCase() : undefined;
    if (stretches.length === 0) return [];
    return [whole === undefined ? { code: entry.code, stretches } : { code: entry.code, stretches, whole }];
  });

/**
 * `aadsts.<n>` for a message printed without its code (lower confidence than a printed code): the
 * entries the text holds a long stretch of, and of those the one whose stretches cover the most
 * (`was not found in the tenant named` is in two messages; the rest of the text tells them apart).
 */
function codelessMessages(view: NormalizedText, seen: readonly string[]): RawMatch[] {
  const scored: Array<{ code: string; score: number }> = [];
  const hay = view.haystack.toLowerCase();
  for (const { code, stretches, whole } of MESSAGE_SIGNATURES) {
    if (seen.includes(code)) continue;
    let score = 0;
    let anchored = whole !== undefined && hay.includes(whole);
    for (const stretch of stretches) {
      if (!hay.includes(stretch)) continue;
      score += stretch.length;
      anchored ||= stretch.length >= 30;
    }
    if (anchored) scored.push({ code, score });
  }
  const best = Math.max(0, ...scored.map((s) => s.score));
  const out: RawMatch[] = [];
  for (const { code, score } of scored) {
    const cause = `aadsts.${code}`;
    if (score === best && isCauseCode(cause))
      out.push({ code: cause, confidence: 0.8, facts: { aadsts: code } });
  }
  return out;
}

interface MsalRule {
  pattern: RegExp;
  code: CauseCode;
  confidence: number;
}

/** MSAL and @azure/identity authority errors that name their cause. */
const MSAL_RULES: readonly MsalRule[] = [
  {
    pattern:
      /\bendpoints_resolution_error\b|\bopenid_config_error\b|Could not resolve endpoints|Could not retrieve endpoints/,
    code: "credential.tenant-invalid",
    confidence: 0.9,
  },
  {
    pattern:
      /The authorityHost address must use the 'https' protocol|\bauthority_uri_insecure\b|Authority URIs must use https/,
    code: "credential.authority-not-https",
    confidence: 0.97,
  },
  {
    pattern: /\buntrusted_authority\b|The provided authority is not a trusted authority/,
    code: "credential.authority-untrusted",
    confidence: 0.95,
  },
  {
    pattern: /\bclient secret keys (?:for app '[^'\n]{0,100}' )?(?:are|is) expired\b/,
    code: "aadsts.7000222",
    confidence: 0.85,
  },
  {
    pattern: /is not supported over the \/common or \/consumers endpoints/,
    code: "aadsts.50194",
    confidence: 0.8,
  },
  {
    pattern: /is not configured to acquire tokens for tenant/,
    code: "credential.tenant-not-allowed",
    confidence: 0.95,
  },
];

/** AADSTS codes that wrap the one printed after them (ADAL's and old v1 endpoints' 70002). */
const WRAPPING_CODES: ReadonlySet<string> = new Set(["70002"]);

/**
 * Matches Microsoft Entra ID (STS) errors: every AADSTS code yields `aadsts.<n>` with its message;
 * MSAL authority and tenant errors yield their `credential.*` code.
 *
 * @example
 * entraMatcher(normalizeErrorText("AADSTS7000215: Invalid client secret provided."), {});
 * // [{ code: "aadsts.7000215", confidence: 0.95, facts: { aadsts: "7000215", aadstsMessage: "AADSTS7000215: ..." } }]
 */
export const entraMatcher: Matcher = (view, facts) => {
  const out: RawMatch[] = [];
  const numbers = aadstsNumbers(view);
  // The body's error_codes field is the service's own: a code only retyped in the text around it
  // (a wrapper's summary, a typo) ranks below the codes the field holds.
  const fielded = new Set(view.bodies.flatMap((body) => body.errorCodes ?? []));
  for (const n of numbers) {
    const matchFacts: Facts = { aadsts: n };
    const message = messageFor(view, n);
    if (message !== undefined) matchFacts.aadstsMessage = message;
    const code = `aadsts.${n}`;
    // "AADSTS70002: Error validating credentials." only announces the code that follows it.
    const wrapping = WRAPPING_CODES.has(n) && numbers.length > 1;
    const outsideField = fielded.size > 0 && !fielded.has(n);
    const confidence = wrapping ? 0.9 : outsideField ? 0.94 : 0.95;
    if (isCauseCode(code)) out.push({ code, confidence, facts: matchFacts });
  }
  out.push(...codelessMessages(view, numbers));
  for (const rule of MSAL_RULES) {
    if (!rule.pattern.test(view.haystack)) continue;
    const match: RawMatch = { code: rule.code, confidence: rule.confidence };
    if (rule.code === "credential.tenant-not-allowed" && facts.tenantId !== undefined) {
      match.facts = { tenantId: facts.tenantId };
    }
    out.push(match);
  }
  return out;
};
