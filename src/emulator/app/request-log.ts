import { JWT_IN_TEXT } from "../../knowledge/jwt-shape.js";
import type { RequestLog, RequestLogEntry } from "./context.js";
import { formatDecision, type RequestDecision } from "./request-decision.js";

/**
 * Options of {@link createRequestLog}.
 *
 * @example
 * const options: RequestLogOptions = { capacity: 100, onRecord: (e) => lines.push(formatRequestLogEntry(e)) };
 */
export interface RequestLogOptions {
  /** Entries kept; the oldest are dropped first. Default 1000. */
  capacity?: number;
  /** Called with every entry after redaction (the CLI prints them). */
  onRecord?: (entry: RequestLogEntry) => void;
}

const BEARER = /\b(Bearer)\s+[^\s"',;]+/gi;
const SECRET_FIELDS =
  "client_secret|password|client_assertion|assertion|refresh_token|access_token|id_token|code|api-key|apikey|key1|key2|x-identity-header|identity_header";
const FORM_FIELD = new RegExp(`(^|[?&\\s])(${SECRET_FIELDS})=[^&\\s]*`, "gi");
const JSON_FIELD = new RegExp(`("(?:${SECRET_FIELDS})"\\s*:\\s*")(?:[^"\\\\]|\\\\.)*(")`, "gi");
// Cheap tests that every text any of the patterns below would touch passes: most log lines carry
// nothing credential-like, and they skip the five replacements.
const BEARER_WORD = /bearer/i;
const SEPARATOR = /[=:]/;
const NAMED_FIELD = new RegExp(`(?:${SECRET_FIELDS}|secret|ocp-apim-subscription-key)"?\\s*[=:]`, "i");
const HEADER_FIELD = new RegExp(
  `(^|[\\s,{;])(${SECRET_FIELDS}|secret|ocp-apim-subscription-key)(\\s*:\\s*)[^\\s,;"']+`,
  "gi",
);

/**
 * Masks everything in a text that could be a credential: JWTs (access, id and assertion tokens),
 * `Bearer` values, `api-key` and managed identity header values, and form or JSON fields named
 * client_secret, password, client_assertion, assertion, refresh_token, access_token, id_token, code.
 *
 * @example
 * redactSecrets("grant_type=password&username=alice&password=hunter2");
 * // "grant_type=password&username=alice&password=[redacted]"
 */
export function redactSecrets(text: string): string {
  const maybe =
    text.includes("eyJ") || BEARER_WORD.test(text) || (SEPARATOR.test(text) && NAMED_FIELD.test(text));
  if (!maybe) return text;
  return text
    .replace(JWT_IN_TEXT, "[redacted jwt]")
    .replace(BEARER, "$1 [redacted]")
    .replace(FORM_FIELD, "$1$2=[redacted]")
    .replace(JSON_FIELD, "$1[redacted]$2")
    .replace(HEADER_FIELD, "$1$2$3[redacted]");
}

/** The decision with its detail redacted; the same object when there was nothing to redact. */
function redactDecision(decision: RequestDecision): RequestDecision {
  const detail = redactSecrets(decision.detail);
  return detail === decision.detail ? decision : { ...decision, detail };
}

/**
 * One log entry as a single line, for files and pipes (one entry per line, to grep): time, surface,
 * method, host and path, status, then the decision as `<outcome> <code>: <detail>` (`allow
 * <detail>` when allowed). With
 * `options.width` (a terminal's columns), a longer entry wraps at spaces into continuation lines
 * indented by four; a word longer than the line (a path with its query) stays whole.
 *
 * @example
 * formatRequestLogEntry(entry); // "2025-01-01T00:00:00.000Z entra POST login.microsoftonline.com/t/oauth2/v2.0/token 200 allow"
 * formatRequestLogEntry(entry, { width: 60 }); // "2025-01-01T00:00:00.000Z entra POST\n    login.microsoftonline.com/t/oauth2/v2.0/token 200 allow"
 */
export function formatRequestLogEntry(entry: RequestLogEntry, options: { width?: number } = {}): string {
  const line = `${new Date(entry.time).toISOString()} ${entry.surface} ${entry.method} ${entry.host}${entry.path} ${entry.status} ${formatDecision(entry.decision)}`;
  const width = options.width;
  if (width === undefined || line.length <= width) return line;
  const lines: string[] = [];
  let current = "";
  for (const word of line.split(" ")) {
    const indent = lines.length === 0 ? "" : "    ";
    if (current === "") current = indent + word;
    else if (current.length + 1 + word.length <= width) current += ` ${word}`;
    else {
      lines.push(current);
      current = `    ${word}`;
    }
  }
  lines.push(current);
  return lines.join("\n");
}

/**
 * An in-memory request log: a ring buffer that redacts every entry's path and decision detail with
 * {@link redactSecrets} before keeping it, so no token, key or secret is ever stored.
 *
 * @example
 * const log = createRequestLog({ capacity: 2 });
 * log.record({ time: 0, surface: "entra", method: "GET", host: "emulator", path: "/", status: 404, decision: deny("unrouted", "no route") });
 * log.entries().length; // 1
 */
export function createRequestLog(options: RequestLogOptions = {}): RequestLog {
  const capacity = options.capacity ?? 1000;
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(`request log: capacity must be a positive integer, got ${String(capacity)}`);
  }
  const buffer: RequestLogEntry[] = [];
  let next = 0;
  return {
    record(entry: RequestLogEntry): void {
      const clean: RequestLogEntry = {
        ...entry,
        path: redactSecrets(entry.path),
        decision: redactDecision(entry.decision),
      };
      if (buffer.length < capacity) buffer.push(clean);
      else buffer[next] = clean;
      next = (next + 1) % capacity;
      options.onRecord?.(clean);
    },
    entries(): readonly RequestLogEntry[] {
      if (buffer.length < capacity) return [...buffer];
      return [...buffer.slice(next), ...buffer.slice(0, next)];
    },
  };
}
