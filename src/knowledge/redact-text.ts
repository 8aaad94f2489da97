import { JWT_IN_TEXT } from "./jwt-shape.js";

/** Header and field names whose value is a secret, as they appear in pasted logs and bodies. */
const SECRET_NAMES =
  "api[-_]?key|apikey|ocp-apim-subscription-key|x-identity-header|client[-_]secret|secret|password|passwd|pwd|access[-_]token|refresh[-_]token|id[-_]token|client[-_]assertion|assertion|sig|signature|accountkey|sharedaccesskey|key1|key2";
/** `name=value`, `name: value`, `"name": "value"`, `name='value'` (a value without spaces). */
const NAMED_SECRET = new RegExp(
  `(?<![A-Za-z0-9_-])(${SECRET_NAMES})(["']?\\s{0,3}[:=]\\s{0,3}["']?)(?!\\[redacted\\])[^\\s"'&,;)}\\]]{4,}`,
  "gi",
);
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
  return text
    .replace(JWT_IN_TEXT, "[redacted]")
    .replace(BEARER, "$1 [redacted]")
    .replace(NAMED_SECRET, "$1$2[redacted]");
}
