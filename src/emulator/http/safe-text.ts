/**
 * `decodeURIComponent` that never throws: the decoded text, or the text as it came when its
 * percent-encoding is broken (`%`, `%E0%A4%A`), so a lookup by it fails the way a wrong name
 * does instead of answering 500.
 *
 * @example
 * decodeComponent("contoso%2Donmicrosoft.com"); // "contoso-onmicrosoft.com"
 * decodeComponent("%E0%A4%A"); // "%E0%A4%A"
 */
export function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// What Node's `writeHead` and Fetch `Headers` both accept in a value: tab, printable ASCII and
// latin-1 letters. Anything else (CR/LF, NUL, a zero-width space, curly quotes) makes them throw.
const UNSAFE_HEADER_TEXT = /[^\t\x20-\x7e\x80-\xff]/;
const UNSAFE_HEADER_TEXT_GLOBAL = /[^\t\x20-\x7e\x80-\xff]/g;

/**
 * Whether a response header can hold the text as it is.
 *
 * @example
 * isHeaderSafe("gpt-4o"); // true
 * isHeaderSafe("gpt\u200b4o"); // false
 */
export function isHeaderSafe(text: string): boolean {
  return !UNSAFE_HEADER_TEXT.test(text);
}

/**
 * Text a response header can hold: the text itself when it can, else with each character a header
 * cannot carry replaced by `?` (a header that repeats input, e.g. a deployment name from the path,
 * is built only from this).
 *
 * @example
 * headerSafe("a\r\nb"); // "a??b"
 */
export function headerSafe(text: string): string {
  return isHeaderSafe(text) ? text : text.replace(UNSAFE_HEADER_TEXT_GLOBAL, "?");
}

/**
 * A value from a request (a JWT claim, a JSON field) as text for a message or a decision: strings
 * as they are, anything else as JSON. Never `String()` or a template literal on the value itself,
 * which throw for `{"toString": 0}`.
 *
 * @example
 * describeInput({ toString: 0 }); // '{"toString":0}'
 */
export function describeInput(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}
