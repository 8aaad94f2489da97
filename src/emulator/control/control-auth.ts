import { createHash, timingSafeEqual } from "node:crypto";

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/**
 * Whether an `Authorization` header carries `Bearer <expected>`, compared in constant time (both
 * sides are hashed first, so neither the length nor a prefix of the token leaks through timing).
 * An empty expected token never matches.
 *
 * @example
 * hasBearerToken(request.headers.get("authorization"), config.token); // true or false
 */
export function hasBearerToken(header: string | null, expected: string): boolean {
  if (expected === "") return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  const presented = match?.[1] ?? "";
  // Always compare, even without a token, so a missing header costs the same as a wrong one.
  const same = timingSafeEqual(digest(presented), digest(expected));
  return same && presented !== "";
}
