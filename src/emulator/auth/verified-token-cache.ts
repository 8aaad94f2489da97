import type { webcrypto } from "node:crypto";
import type { JWTPayload } from "jose";

/**
 * What a token's signature check established, kept so the next request with the same token skips
 * it: the decoded claims, the tenant and `kid` whose key verified it, and that key object.
 *
 * @example
 * const entry: VerifiedSignature = { claims, tenantId: "contoso-id", kid: "abc", key, version: 1 };
 */
export interface VerifiedSignature {
  claims: JWTPayload;
  tenantId: string;
  kid: string;
  /** The key that verified the signature: a hit counts only while the tenant still publishes it. */
  key: webcrypto.CryptoKey;
  version: 1 | 2;
}

/**
 * Options of {@link createVerifiedTokenCache}.
 *
 * @example
 * const options: VerifiedTokenCacheOptions = { capacity: 1000 };
 */
export interface VerifiedTokenCacheOptions {
  /** Tokens kept; the least recently used goes first (second-chance approximation). Default 1000. */
  capacity?: number;
}

/**
 * Verified token signatures by the exact token text, as Azure's front end caches validated
 * tokens. Bounded (the least recently used goes first, by the second-chance approximation of LRU,
 * so a hit costs one lookup) and dropping a token once its `exp` (plus the clock skew) has passed
 * on the emulator's clock. It never answers for anything that depends on the
 * world or the clock: expiry, audience, tenant, RBAC, network rules and propagation are checked on
 * every request by the caller.
 *
 * @example
 * const cache = createVerifiedTokenCache();
 * await verifyAccessToken(token, ctx, { expectedAudiences, cache });
 */
export interface VerifiedTokenCache {
  /** The entry for `token`, unless absent or expired at `nowSeconds` (minus `skewSeconds`). */
  get(token: string, nowSeconds: number, skewSeconds: number): VerifiedSignature | undefined;
  /** Whether `token` is kept (verified before), expired or not. */
  has(token: string): boolean;
  /** Keeps `entry` for `token` (a token without a numeric `exp` is never kept). */
  remember(token: string, entry: VerifiedSignature): void;
  /** Forgets `token` (its key is no longer published). */
  forget(token: string): void;
  readonly size: number;
}

/**
 * Creates a {@link VerifiedTokenCache}; each emulator (each data plane) has its own. Entries are
 * found by the token's signature segment (hashing a 1.5 KB token on every request costs more than
 * the rest of the lookup) and count only when the whole token is the same text.
 *
 * @example
 * const cache = createVerifiedTokenCache({ capacity: 2 });
 * cache.remember(token, entry);
 * cache.get(token, Math.floor(Date.now() / 1000), 300)?.tenantId;
 */
export function createVerifiedTokenCache(options: VerifiedTokenCacheOptions = {}): VerifiedTokenCache {
  const capacity = options.capacity ?? 1000;
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(
      `verified token cache: capacity must be a positive integer, got ${String(capacity)}`,
    );
  }
  // A Map iterates in insertion order. A hit only marks its slot used; when the cache is full the
  // oldest unused slot goes, and a used one met on the way loses its mark and moves to the back.
  const entries = new Map<string, { token: string; entry: VerifiedSignature; used: boolean }>();
  return {
    get(token, nowSeconds, skewSeconds) {
      const key = signatureOf(token);
      const slot = entries.get(key);
      if (slot === undefined || slot.token !== token) return undefined;
      if ((slot.entry.claims.exp as number) + skewSeconds <= nowSeconds) {
        entries.delete(key);
        return undefined;
      }
      slot.used = true;
      return slot.entry;
    },
    has(token) {
      return entries.get(signatureOf(token))?.token === token;
    },
    remember(token, entry) {
      if (typeof entry.claims.exp !== "number") return;
      const key = signatureOf(token);
      entries.delete(key);
      entries.set(key, { token, entry, used: false });
      for (const [oldest, slot] of entries) {
        if (entries.size <= capacity) break;
        if (oldest === key) continue;
        entries.delete(oldest);
        if (slot.used) entries.set(oldest, { ...slot, used: false });
      }
    },
    forget(token) {
      const key = signatureOf(token);
      if (entries.get(key)?.token === token) entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}

/** The text after a compact JWS's last dot: its signature, unique to the signed content. */
function signatureOf(token: string): string {
  return token.slice(token.lastIndexOf(".") + 1);
}
