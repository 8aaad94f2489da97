/**
 * `text` without the characters of `chars` at its end, in one pass from the end. A pattern such as
 * `/[\s,]+$/` retries from every position of a long run and costs quadratic time on text it does
 * not end; this never does.
 *
 * @example
 * trimEndChars("https://x.y///", "/"); // "https://x.y"
 */
export function trimEndChars(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text.charAt(end - 1))) end--;
  return end === text.length ? text : text.slice(0, end);
}

/**
 * `text` without the characters of `chars` at its start (see {@link trimEndChars}).
 *
 * @example
 * trimStartChars("`'value'`", "`'\""); // "value'`"
 */
export function trimStartChars(text: string, chars: string): string {
  let start = 0;
  while (start < text.length && chars.includes(text.charAt(start))) start++;
  return start === 0 ? text : text.slice(start);
}

/** Whitespace as `\s` knows it, for {@link trimEndChars}. */
export const WHITESPACE =
  " \t\n\r\v\f\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";
