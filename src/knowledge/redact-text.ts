import { JWT_IN_TEXT } from "./jwt-shape.js";

/** Header and field names whose value is a secret, as they appear in pasted logs and bodies. */
const SECRET_NAMES =
  "api[-_]?key|apikey|ocp-apim-subscription-key|x-identity-header|client[-_]secret|secret|password|passwd|pwd|access[-_]token|refresh[-_]token|id[-_]token|client[-_]assertion|assertion|sig|signature|accountkey|sharedaccesskey|key1|key2";
/**
 * A name that is one of those, or ends in one after `-` or `_` (`AZURE_OPENAI_API_KEY`,
 * `x-api-key`, `AZURE_CLIENT_SECRET`), or ends in `_TOKEN` / `-token` (`KEYLESS_CONTROL_TOKEN`).
 * The prefix is bounded (at most 6 parts of 40 characters), so a long run of `a-a-a-...` costs
 * linear time.
 */
const SECRET_NAME = `(?:[A-Za-z0-9]{1,40}[-_]){0,6}(?:${SECRET_NAMES})|(?:[A-Za-z0-9]{1,40}[-_]){1,6}token`;
/** `name=value`, `name: value`, `"name": "value"`, `name='value'` (a value without spaces). */
const NAMED_SECRET = new RegExp(
  `(?<![A-Za-z0-9_-])(${SECRET_NAME})(["']?\\s{0,3}[:=]\\s{0,3}["']?)(?!\\[redacted\\])[^\\s"'&,;)}\\]]{4,}`,
  "gi",
);
/** A word each of SECRET_NAME's alternatives contains (the tests mask a value after every name). */
const SECRET_NAME_WORD = /key|secret|passw|pwd|token|assertion|sig|header/i;
const SEPARATOR = /[:=]/;
const BEARER = /\b(Bearer)\s{1,3}(?!\[redacted\])[A-Za-z0-9._~+/=-]{8,}/g;

/**
 * Masks the secrets a pasted error text may hold, wherever they sit: JWTs (access, id and
 * assertion tokens, in a message or a name slot), `Bearer` values, and the values of fields and
 * headers named like a key, secret, password, token or signature. What explain prints and returns
 * passes through it, so a secret pasted with the error never comes back.
 *
 * @example
 * redactText("Authorization: Bearer eyJhbGciOiJub25lIn0.eyJ4IjoxfQ.c2ln api-key: 0123456789abcdef");
 * // "Authorization: Bearer [redacted] api-key: [redacted]"
 */
export function redactText(text: string): string {
  const masked = text.replace(JWT_IN_TEXT, "[redacted]").replace(BEARER, "$1 [redacted]");
  return maskNamedValues(masked);
}

/**
 * Masks the value of every `name: value` pair, scanning on from the start of each value, so a
 * value that is itself a secret's name (`sig: "password": "..."`) does not hide the pair it starts.
 */
function maskNamedValues(text: string): string {
  // Every name in SECRET_NAME holds one of these words and every pair a `:` or `=`: a text with
  // neither (most of the catalog's own sentences) skips the scan, which tries a name at each offset.
  if (!SEPARATOR.test(text) || !SECRET_NAME_WORD.test(text)) return text;
  const pattern = new RegExp(NAMED_SECRET.source, NAMED_SECRET.flags);
  const values: [number, number][] = [];
  for (let found = pattern.exec(text); found !== null; found = pattern.exec(text)) {
    const start = found.index + (found[1]?.length ?? 0) + (found[2]?.length ?? 0);
    values.push([start, found.index + found[0].length]);
    pattern.lastIndex = start;
  }
  if (values.length === 0) return text;
  let out = "";
  let at = 0;
  for (const [start, end] of values) {
    if (start < at) continue;
    out += `${text.slice(at, start)}[redacted]`;
    at = end;
  }
  return out + text.slice(at);
}
