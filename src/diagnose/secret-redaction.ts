import { redactEndpoint } from "../knowledge/endpoint-form.js";
import { JWT_IN_TEXT } from "../knowledge/jwt-shape.js";

/**
 * Masks secrets in text that may reach a report: the values of secret environment variables, an API
 * key passed as an option, JWTs and `Bearer`/`api-key` header values.
 *
 * @example
 * const redact: Redactor = createRedactor({ AZURE_CLIENT_SECRET: "s3cr3t-value" });
 * redact("secret s3cr3t-value leaked"); // "secret *** leaked"
 */
export type Redactor = (text: string) => string;

/** Names whose values are never shown: a suffix or a whole name. */
const SECRET_NAME = /(?:SECRET|PASSWORD|PASSWD|_KEY|APIKEY|TOKEN|HEADER|CREDENTIALS?|SIGNATURE|_SAS)$/i;
/** Variables that match {@link SECRET_NAME} but hold no secret. */
const NOT_SECRET = new Set(["AZURE_TOKEN_CREDENTIALS"]);

/** Shorter values would mask common words; no real secret is that short. */
const MIN_SECRET_LENGTH = 6;
const AUTH_HEADER = /\b(Bearer|api-key:?|Ocp-Apim-Subscription-Key:?)\s+[A-Za-z0-9._~+/=-]{12,}/gi;

/**
 * Whether an environment variable holds a secret (its value must never be shown).
 *
 * @example
 * isSecretVariable("AZURE_CLIENT_SECRET"); // true
 * isSecretVariable("AZURE_CLIENT_ID"); // false
 */
export function isSecretVariable(name: string): boolean {
  if (NOT_SECRET.has(name.toUpperCase())) return false;
  return SECRET_NAME.test(name);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Builds a {@link Redactor} from the environment (every secret variable's value) and extra values.
 *
 * @example
 * const redact = createRedactor(process.env, [options.apiKey]);
 */
export function createRedactor(
  env: Record<string, string | undefined>,
  extra: readonly (string | undefined)[] = [],
): Redactor {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && isSecretVariable(name) && value.trim().length >= MIN_SECRET_LENGTH) {
      values.add(value.trim());
    }
  }
  for (const value of extra) {
    if (value !== undefined && value.trim().length >= MIN_SECRET_LENGTH) values.add(value.trim());
  }
  // Longest first, so a secret that contains another is masked whole.
  const ordered = [...values].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const secrets = ordered.length === 0 ? undefined : new RegExp(ordered.join("|"), "g");
  return (text: string) => {
    let out = String(text);
    if (secrets !== undefined) out = out.replace(secrets, "***");
    return out.replace(JWT_IN_TEXT, "<token>").replace(AUTH_HEADER, "$1 ***");
  };
}

/**
 * A URL as it may be shown: user info and key-like query values masked.
 *
 * @example
 * maskUrl("http://user:pw@proxy:8080"); // "http://***@proxy:8080"
 */
export const maskUrl: (url: string) => string = redactEndpoint;
