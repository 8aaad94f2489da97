/**
 * One error body found inside a text, whatever its printing (raw JSON, pretty-printed, JSON escaped
 * inside a string, a Python repr dict).
 *
 * @example
 * const body: ErrorBody = { code: "PermissionDenied", message: "Principal does not have access to API/Operation." };
 */
export interface ErrorBody {
  /** `error.code` of a wrapped body, or `code` of a bare `{code, message}` body; always a string. */
  code?: string;
  /** `error.message`, `message` of a flat body, or the OAuth `error_description`. */
  message?: string;
  /** `statusCode` / `status` of a flat body. */
  status?: number;
  /** OAuth `error` (`invalid_client`...) of a token endpoint body. */
  oauthError?: string;
  /** OAuth `error_codes`, as strings. */
  errorCodes?: string[];
  traceId?: string;
  correlationId?: string;
  timestamp?: string;
}

/**
 * An error text made searchable: cleaned, with every embedded JSON body decoded.
 *
 * @example
 * const view = normalizeErrorText('{"error":{"code":"PermissionDenied","message":"..."}}');
 * view.bodies[0]?.code; // "PermissionDenied"
 */
export interface NormalizedText {
  /** The input with ANSI escapes removed and line ends normalised to `\n`. */
  text: string;
  /** `text` first, then the unescaped printings of JSON escaped inside strings, then decoded body strings. */
  views: readonly string[];
  /** Every view joined by blank lines: the string matchers search. */
  haystack: string;
  /** Error bodies decoded from the JSON objects and Python dicts found in the text. */
  bodies: readonly ErrorBody[];
  /** The parseable JSON objects (and converted Python dicts) found, outermost first. */
  objects: readonly unknown[];
}

/** Bounds that keep the expensive parts (JSON candidates) linear in the size of the input. */
const MAX_CANDIDATE_CHARS = 64 * 1024;
const MAX_CANDIDATES = 400;
const MAX_NESTED_PARSE_DEPTH = 4;
const MAX_WALK_DEPTH = 8;
const MAX_BODIES = 64;

/* CSI (`ESC [ ... final`), OSC (`ESC ] ... BEL|ST`, bounded) and single-character escapes. */
const ANSI_PATTERN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are control characters.
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]{0,512}(?:\u0007|\u001b\\)?|\u009b[0-?]*[ -/]*[@-~]|\u001b[@-Z\\-_]/g;

/* PowerShell's CLIXML error stream encodes control characters as `_xHHHH_` inside `<S S="Error">` elements. */
const CLIXML_MARKER = /_x000[AD]_|<S S="Error">/;
const CLIXML_CHAR = /_x([0-9A-Fa-f]{4})_/g;
const CLIXML_TAGS = /#< CLIXML\s*|<\/?Objs\b[^>\n]{0,200}>|<\/S>\s*<S S="\w{1,20}">|<\/?S\b[^>\n]{0,40}>/g;

/* A GitHub Actions log copied from its web page keeps the links it drew over digit runs:
 * `AADSTS700[21](https://github.com/o/r/actions/runs/1#step:3:21)1` was `AADSTS700211`. */
const LOG_LINE_LINK = /\[(\d{1,8})\]\(https?:\/\/[^)\s]{1,300}\)/g;

/* HTML character references, as text copied from a rendered page or an HTML-escaped log keeps them. */
const HTML_ENTITY = /&(?:(quot|amp|lt|gt|apos|nbsp)|#(\d{1,7})|#[xX]([0-9A-Fa-f]{1,6}));/g;
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  quot: '"',
  amp: "&",
  lt: "<",
  gt: ">",
  apos: "'",
  nbsp: " ",
};

/* Typography a page or a word processor puts in: no-break and other Unicode spaces, zero-width
 * characters and curly quotes. Azure's, the SDKs' and the CLIs' own texts use none of them. */
const UNICODE_SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201a\u201b\u2032]/g;
const DOUBLE_QUOTES = /[\u201c\u201d\u201e\u201f\u2033]/g;

function decodeCodePoint(value: number): string {
  return value > 0 && value <= 0x10ffff ? String.fromCodePoint(value) : "";
}

/**
 * Makes one printing of an error comparable with the others: removes ANSI colour/cursor escapes,
 * normalises CRLF and lone CR to LF, decodes PowerShell CLIXML (`_x000D__x000A_`) and HTML
 * character references (`&quot;`), drops the links a GitHub Actions log page draws over digits, and
 * turns Unicode spaces and curly quotes into their ASCII forms.
 *
 * @example
 * cleanErrorText("\u001b[31mError\u001b[0m\r\n"); // "Error\n"
 * cleanErrorText("&quot;code&quot;:\u00a0\u201cPermissionDenied\u201d"); // '"code": "PermissionDenied"'
 */
export function cleanErrorText(text: string): string {
  let out = text;
  if (CLIXML_MARKER.test(out)) {
    out = out
      .replace(CLIXML_CHAR, (_whole, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
      .replace(CLIXML_TAGS, "");
  }
  if (out.includes("&")) {
    out = out.replace(HTML_ENTITY, (whole, name?: string, dec?: string, hex?: string) => {
      if (name !== undefined) return NAMED_ENTITIES[name] ?? whole;
      return decodeCodePoint(dec !== undefined ? Number(dec) : Number.parseInt(hex ?? "", 16));
    });
  }
  if (out.includes("](")) out = out.replace(LOG_LINE_LINK, "$1");
  return out
    .replace(ANSI_PATTERN, "")
    .replace(/\r\n?/g, "\n")
    .replace(UNICODE_SPACES, " ")
    .replace(ZERO_WIDTH, "")
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"');
}

/** Markdown's quote markers at the start of a line (`> `, `>> `, `> > `). */
const QUOTE_MARKERS = /^(?:[ \t]{0,8}>(?=[ \t>]|$)[ \t]?)+/gm;
/**
 * A log line's timestamp (ISO 8601 or `yyyy-mm-dd hh:mm:ss,ms`, a container runtime's
 * `stderr F`), and after it the level, the thread in brackets and the logger's name up to ` - `.
 */
const LOG_PREFIX =
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[ ]?[+-]\d{2}:?\d{2})?(?:[ \t]+std(?:err|out)[ \t]+[FP])?[ \t]+(?:(?:ERROR|WARN(?:ING)?|INFO|DEBUG|TRACE|FATAL|CRITICAL)\b[ \t]{0,4}(?:\[[^\]\n]{0,80}\][ \t]{0,4})?(?:[\w.$-]{1,100}[ \t]{1,4}-[ \t]{1,4})?)?/gm;

/**
 * The text without what Markdown quoting and loggers put before each line: quote markers, then a
 * timestamp with its level and logger.
 *
 * @example
 * withoutLinePrefixes("> 2024-05-01T10:00:00Z ERROR [main] app - Please run 'az login'"); // "Please run 'az login'"
 */
export function withoutLinePrefixes(text: string): string {
  const unquoted = text.includes(">") ? text.replace(QUOTE_MARKERS, "") : text;
  return unquoted.replace(LOG_PREFIX, "");
}

const ESCAPE_PATTERN = /\\(?:u([0-9a-fA-F]{4})|r\\n|(["\\/bfnrt'])|x([0-9a-fA-F]{2}))/g;

/**
 * Undoes one level of string escaping (`\"` -> `"`, `\\` -> `\`, `\n` -> newline, `\uXXXX`), so a JSON
 * body escaped inside a log line becomes plain JSON again.
 *
 * @example
 * unescapeOnce('{\\"error\\":{\\"code\\":\\"401\\"}}'); // '{"error":{"code":"401"}}'
 */
export function unescapeOnce(text: string): string {
  return text.replace(ESCAPE_PATTERN, (whole, hex?: string, simple?: string, byte?: string) => {
    if (hex !== undefined) return String.fromCharCode(Number.parseInt(hex, 16));
    if (byte !== undefined) return String.fromCharCode(Number.parseInt(byte, 16));
    switch (simple) {
      case undefined:
        // `\r\n` escape pair.
        return whole.length === 4 ? "\n" : whole;
      case "n":
      case "r":
        return "\n";
      case "t":
        return "\t";
      case "b":
      case "f":
        return " ";
      default:
        return simple;
    }
  });
}

/**
 * Finds where the object or array opening at `start` closes, skipping `"` and `'` strings, within
 * `MAX_CANDIDATE_CHARS`; -1 when it does not close in time.
 */
function findClosingBrace(text: string, start: number): number {
  const limit = Math.min(text.length, start + MAX_CANDIDATE_CHARS);
  let depth = 0;
  let quote = "";
  for (let i = start; i < limit; i++) {
    const ch = text[i];
    if (quote !== "") {
      if (ch === "\\") i++;
      else if (ch === quote) quote = "";
      // Neither JSON nor Python strings hold a raw newline: this quote was prose.
      else if (ch === "\n") return -1;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "{" || ch === "[") depth++;
    else if (ch === "}" || ch === "]") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

const PY_WORDS: Record<string, string> = { True: "true", False: "false", None: "null" };

/**
 * Converts a Python repr dict (`{'error': {'code': 'X', 'ok': True}}`) to JSON text, or returns
 * undefined when the text is not a plain literal. Linear in the length of `text`.
 *
 * @example
 * pythonReprToJson("{'a': None, 'b': \"it's\"}"); // '{"a":null,"b":"it\'s"}'
 */
export function pythonReprToJson(text: string): string | undefined {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === "'" || ch === '"') {
      let value = "";
      let j = i + 1;
      let closed = false;
      while (j < text.length) {
        const c = text[j] as string;
        if (c === "\\") {
          const next = text[j + 1] ?? "";
          if (next === "x" && /^[0-9a-fA-F]{2}$/.test(text.slice(j + 2, j + 4))) {
            value += String.fromCharCode(Number.parseInt(text.slice(j + 2, j + 4), 16));
            j += 4;
            continue;
          }
          if (next === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) {
            value += String.fromCharCode(Number.parseInt(text.slice(j + 2, j + 6), 16));
            j += 6;
            continue;
          }
          value += next === "n" ? "\n" : next === "r" ? "\r" : next === "t" ? "\t" : next;
          j += 2;
          continue;
        }
        if (c === ch) {
          closed = true;
          break;
        }
        value += c;
        j++;
      }
      if (!closed) return undefined;
      out += JSON.stringify(value);
      i = j + 1;
      continue;
    }
    if ("{}[]:,".includes(ch)) {
      out += ch;
      i++;
      continue;
    }
    if (ch === " " || ch === "\n" || ch === "\t" || ch === "\r") {
      i++;
      continue;
    }
    const word = /^(?:True|False|None|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 40));
    if (word === null) return undefined;
    out += PY_WORDS[word[0]] ?? word[0];
    i += word[0].length;
  }
  return out;
}

function parseCandidate(candidate: string): unknown {
  try {
    return JSON.parse(candidate);
  } catch {
    // Not JSON: maybe a Python repr dict, as openai-python and azure-core print bodies.
  }
  if (!candidate.includes("'")) return undefined;
  const json = pythonReprToJson(candidate);
  if (json === undefined) return undefined;
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

/** A `{` worth trying: followed (after blanks) by a quote, as every JSON object with keys is. */
const OBJECT_START = /\{\s{0,40}["']/g;

/**
 * Every parseable JSON object (or Python dict) body in `text`, outermost first. The number of
 * candidates and the size of each are bounded, so this is linear in `text`; when there are more
 * candidates than the bound, the first and the last ones are tried (errors sit at the end of logs).
 *
 * @example
 * extractJsonObjects('Content:\n{"error":{"code":"429"}}'); // [{ error: { code: "429" } }]
 */
export function extractJsonObjects(text: string): unknown[] {
  const starts: number[] = [];
  OBJECT_START.lastIndex = 0;
  for (let m = OBJECT_START.exec(text); m !== null; m = OBJECT_START.exec(text)) {
    starts.push(m.index);
    OBJECT_START.lastIndex = m.index + 1;
  }
  const chosen =
    starts.length <= MAX_CANDIDATES
      ? starts
      : [...starts.slice(0, MAX_CANDIDATES / 2), ...starts.slice(starts.length - MAX_CANDIDATES / 2)];
  const objects: unknown[] = [];
  let coveredUntil = -1;
  for (const start of chosen) {
    if (start <= coveredUntil) continue;
    const end = findClosingBrace(text, start);
    if (end === -1) continue;
    const value = parseCandidate(text.slice(start, end + 1));
    if (value !== null && typeof value === "object") {
      objects.push(value);
      coveredUntil = end;
    }
  }
  return objects;
}

function asString(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() === "" ? undefined : value.trim();
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

function asStatus(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
  return Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
}

function compact(body: ErrorBody): ErrorBody {
  const out: ErrorBody = {};
  for (const [key, value] of Object.entries(body)) {
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

/** Reads one object as an error body, if it is one. */
function readBody(obj: Record<string, unknown>): ErrorBody | undefined {
  const error = obj.error;
  if (error !== null && typeof error === "object" && !Array.isArray(error)) {
    const inner = error as Record<string, unknown>;
    const code = asString(inner.code);
    const message = asString(inner.message);
    if (code !== undefined || message !== undefined) {
      return compact({ code, message, status: asStatus(obj.statusCode ?? obj.status ?? inner.status) });
    }
    // openai >= 7.5 wraps a flat body as `{ error: { statusCode, message } }`.
    return undefined;
  }
  if (typeof error === "string") {
    const codes = Array.isArray(obj.error_codes)
      ? obj.error_codes.map((c) => asString(c)).filter((c): c is string => c !== undefined)
      : undefined;
    return compact({
      oauthError: error,
      message: asString(obj.error_description),
      errorCodes: codes !== undefined && codes.length > 0 ? codes : undefined,
      traceId: asString(obj.trace_id),
      correlationId: asString(obj.correlation_id),
      timestamp: asString(obj.timestamp),
      status: asStatus(obj.statusCode ?? obj.status),
    });
  }
  const message = asString(obj.message ?? obj.Message);
  const code = asString(obj.code ?? obj.Code);
  const status = asStatus(obj.statusCode ?? obj.status);
  // `{code, message}`, flat `{statusCode, message}`, or a JS RestError dump `{code, statusCode}`.
  if (
    (message !== undefined && (code !== undefined || status !== undefined)) ||
    (code !== undefined && status !== undefined)
  ) {
    return compact({ code, message, status });
  }
  return undefined;
}

interface BodyWalk {
  bodies: ErrorBody[];
  strings: string[];
  objects: unknown[];
}

function walk(value: unknown, depth: number, parseDepth: number, acc: BodyWalk): void {
  if (depth > MAX_WALK_DEPTH || acc.bodies.length >= MAX_BODIES) return;
  if (typeof value === "string") {
    const trimmed = value.trim();
    if (
      parseDepth < MAX_NESTED_PARSE_DEPTH &&
      trimmed.length <= MAX_CANDIDATE_CHARS &&
      /^[{[]/.test(trimmed)
    ) {
      const inner = parseCandidate(trimmed);
      if (inner !== null && typeof inner === "object") {
        acc.objects.push(inner);
        walk(inner, 0, parseDepth + 1, acc);
      }
    }
    return;
  }
  if (value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    for (const item of value.slice(0, 32)) walk(item, depth + 1, parseDepth, acc);
    return;
  }
  const obj = value as Record<string, unknown>;
  const body = readBody(obj);
  if (body !== undefined) {
    acc.bodies.push(body);
    const line = [body.oauthError, body.code, body.message].filter((s) => s !== undefined).join(": ");
    if (line !== "") acc.strings.push(line);
  }
  for (const key of Object.keys(obj).slice(0, 64)) walk(obj[key], depth + 1, parseDepth, acc);
}

/** A backslash escape that a string printing leaves in the text: `\"`, `\n`, `\t`, `\'`, `\u0022`. */
const HAS_ESCAPE = /\\["'nt]|\\u[0-9a-fA-F]{4}/;

/** Escaped JSON appears as `{\"` (once) or `{\\\"` (twice); both unescape to `{"`. */
function escapedViews(text: string): string[] {
  const views: string[] = [];
  let current = text;
  for (let level = 0; level < 3 && HAS_ESCAPE.test(current); level++) {
    current = unescapeOnce(current);
    views.push(current);
  }
  return views;
}

/**
 * Turns any printing of an error into a searchable form: strips ANSI escapes, normalises line ends,
 * adds unescaped views of JSON escaped inside strings, and decodes every embedded JSON object and
 * Python repr dict into {@link ErrorBody} values. Linear in the input; expensive steps are bounded.
 *
 * @example
 * const view = normalizeErrorText("Error code: 401 - {'statusCode': 401, 'message': 'Unauthorized.'}");
 * view.bodies; // [{ status: 401, message: "Unauthorized." }]
 */
export function normalizeErrorText(input: string): NormalizedText {
  const text = cleanErrorText(input);
  // Quoted in Markdown or copied from a log, every line starts with something the error did not
  // print: the text once more without it, so that what starts a line starts it again.
  const bare = withoutLinePrefixes(text);
  const deprefixed = bare === text ? [] : [bare];
  const unescaped = escapedViews(text);
  // A log printed as a JSON string holds its prefixed lines escaped: unescaped, they lose them too.
  const unescapedBare = unescaped.map(withoutLinePrefixes).filter((view, i) => view !== unescaped[i]);
  // Hard-wrapped lines (a terminal, a page, an issue template) split phrases and JSON strings:
  // the text once more with every line break as a space.
  // A text printed as a JSON string is read the same way once unescaped.
  const innermost = unescapedBare.at(-1) ?? unescaped.at(-1);
  const unwrapped = [bare, ...(innermost === undefined ? [] : [innermost])]
    .map((view) => view.trim())
    .filter((view) => view.includes("\n"))
    .map((view) =>
      view
        .split("\n")
        .map((line) => line.trim())
        .join(" "),
    );
  const acc: BodyWalk = { bodies: [], strings: [], objects: [] };
  const seen = new Set<string>();
  for (const source of [text, ...deprefixed, ...unescaped, ...unescapedBare, ...unwrapped]) {
    for (const obj of extractJsonObjects(source)) {
      const key = JSON.stringify(obj);
      if (seen.has(key)) continue;
      seen.add(key);
      acc.objects.push(obj);
      walk(obj, 0, 0, acc);
    }
  }
  const bodies: ErrorBody[] = [];
  const bodyKeys = new Set<string>();
  for (const body of acc.bodies) {
    const key = JSON.stringify(body);
    if (bodyKeys.has(key)) continue;
    bodyKeys.add(key);
    bodies.push(body);
  }
  const strings = [...new Set(acc.strings)];
  const views = [text, ...deprefixed, ...unescaped, ...unescapedBare, ...strings, ...unwrapped];
  return { text, views, haystack: views.join("\n\n"), bodies, objects: acc.objects };
}
