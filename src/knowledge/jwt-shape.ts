/**
 * The shape of a compact JWT in running text: `eyJ` (base64url of `{"`), then three base64url
 * parts separated by dots, the last possibly empty (`alg: none`). A global pattern: use it with
 * `replace` or `matchAll`, or through {@link looksLikeJwt} for one value.
 *
 * @example
 * text.replace(JWT_IN_TEXT, "[redacted jwt]");
 */
export const JWT_IN_TEXT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

const WHOLE_JWT = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Whether a whole value (a header, a variable) is shaped like a compact JWT.
 *
 * @example
 * looksLikeJwt("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."); // true
 * looksLikeJwt("0123456789abcdef0123456789abcdef"); // false
 */
export function looksLikeJwt(value: string): boolean {
  return WHOLE_JWT.test(value.trim());
}
