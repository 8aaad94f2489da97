import { trimEndChars } from "./trim-chars.js";
/**
 * An audience (a token's `aud`, a resource URI, the resource part of a scope) in the form two of
 * them are compared in: trimmed, trailing slashes dropped, lower case. `https://x.y/` and
 * `HTTPS://X.Y` compare equal; paths other than `/` are kept, so `api://app/one` stays distinct.
 *
 * @example
 * normalizeAudience(" https://CognitiveServices.azure.com/ "); // "https://cognitiveservices.azure.com"
 */
export function normalizeAudience(value: string): string {
  return trimEndChars(value.trim(), "/").toLowerCase();
}

/**
 * Whether two audiences name the same resource (see {@link normalizeAudience}).
 *
 * @example
 * sameAudience("https://ai.azure.com/", "https://ai.azure.com"); // true
 */
export function sameAudience(a: string, b: string): boolean {
  return normalizeAudience(a) === normalizeAudience(b);
}
