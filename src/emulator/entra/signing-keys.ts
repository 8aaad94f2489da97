import { createHash, webcrypto } from "node:crypto";
import { SignJWT } from "jose";
import type { SavedSigningKey, SavedTenantKeys, SigningKeyStore } from "../app/context.js";
import { x509 } from "../tls/x509.js";

interface SigningKey {
  kid: string;
  /** Signs through jose as a CryptoKey: a KeyObject would be imported into Web Crypto per token. */
  privateKey: webcrypto.CryptoKey;
  /** What verifies the key's signatures (no JWK import per token). */
  publicKey: webcrypto.CryptoKey;
  jwk: Record<string, unknown>;
}

interface TenantKeys {
  current: SigningKey;
  previous?: SigningKey;
}

const RSA: webcrypto.RsaHashedKeyGenParams = {
  name: "RSASSA-PKCS1-v1_5",
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: "SHA-256",
};
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * A compact RS256 JWS signed with jose's `SignJWT` (the design's JWT library: the emulator does not
 * hand-roll what jose does). Token issuance is one signature per request.
 */
function signJwt(
  header: { typ: string; alg: "RS256"; x5t: string; kid: string },
  payload: Record<string, unknown>,
  key: webcrypto.CryptoKey,
): Promise<string> {
  return new SignJWT(payload).setProtectedHeader(header).sign(key);
}

/**
 * Options of {@link createSigningKeyStore}.
 *
 * @example
 * const options: SigningKeyStoreOptions = { now: () => Date.parse("2025-01-01T00:00:00Z") };
 */
export interface SigningKeyStoreOptions {
  /** Time for the keys' certificates (`x5c`); defaults to `Date.now`. */
  now?: () => number;
  /** Keys saved by {@link SigningKeyStore.exportKeys}: reused, so tokens issued before stay valid. */
  saved?: readonly SavedTenantKeys[];
}

async function savedSigningKey(saved: SavedSigningKey): Promise<SigningKey> {
  const privateKey = await webcrypto.subtle.importKey(
    "jwk",
    saved.privateJwk as webcrypto.JsonWebKey,
    RSA,
    true,
    ["sign"],
  );
  const publicKey = await webcrypto.subtle.importKey(
    "jwk",
    { kty: "RSA", n: String(saved.jwk.n), e: String(saved.jwk.e) },
    RSA,
    true,
    ["verify"],
  );
  return {
    kid: String(saved.jwk.kid),
    privateKey,
    publicKey,
    jwk: { ...saved.jwk },
  };
}

async function saveSigningKey(key: SigningKey): Promise<SavedSigningKey> {
  const privateJwk = (await webcrypto.subtle.exportKey("jwk", key.privateKey)) as Record<string, unknown>;
  return { privateJwk, jwk: { ...key.jwk } };
}

async function generateSigningKey(now: number): Promise<SigningKey> {
  const keys = (await webcrypto.subtle.generateKey(RSA, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  // Entra publishes each key with a self-signed certificate; kid and x5t are its SHA-1 thumbprint.
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: "CN=accounts.accesscontrol.windows.net",
    notBefore: new Date(now - 24 * 60 * 60 * 1000),
    notAfter: new Date(now + 5 * YEAR_MS),
    keys,
    signingAlgorithm: RSA,
  });
  const der = Buffer.from(cert.rawData);
  const x5t = createHash("sha1").update(der).digest("base64url");
  const publicJwk = await webcrypto.subtle.exportKey("jwk", keys.publicKey);
  return {
    kid: x5t,
    privateKey: keys.privateKey,
    publicKey: keys.publicKey,
    jwk: {
      kty: "RSA",
      use: "sig",
      kid: x5t,
      x5t,
      n: publicJwk.n,
      e: publicJwk.e,
      x5c: [der.toString("base64")],
    },
  };
}

/**
 * An in-memory {@link SigningKeyStore}: one RSA 2048 key per tenant (created at once for the ids
 * given, lazily for others when they first sign), RS256 tokens with `kid` and `x5t`, and rotation
 * that keeps the previous key published, as Entra does during a key rollover.
 *
 * @example
 * const keys = await createSigningKeyStore(world.tenants.map((t) => t.id));
 * const jwt = await keys.sign(tenantId, { aud: "https://cognitiveservices.azure.com" });
 */
export async function createSigningKeyStore(
  tenantIds: readonly string[],
  options: SigningKeyStoreOptions = {},
): Promise<SigningKeyStore> {
  const now = options.now ?? Date.now;
  const store = new Map<string, Promise<TenantKeys>>();
  const settled = new Map<string, TenantKeys>();
  for (const saved of options.saved ?? []) {
    const id = saved.tenantId.toLowerCase();
    const keys: TenantKeys = { current: await savedSigningKey(saved.current) };
    if (saved.previous !== undefined) keys.previous = await savedSigningKey(saved.previous);
    settled.set(id, keys);
    store.set(id, Promise.resolve(keys));
  }

  const keysFor = (tenantId: string): Promise<TenantKeys> => {
    const id = tenantId.toLowerCase();
    let entry = store.get(id);
    if (entry === undefined) {
      entry = generateSigningKey(now()).then((current) => {
        const keys: TenantKeys = { current };
        settled.set(id, keys);
        return keys;
      });
      store.set(id, entry);
    }
    return entry;
  };
  await Promise.all(tenantIds.map(keysFor));

  return {
    jwks(tenantId: string) {
      const keys = settled.get(tenantId.toLowerCase());
      if (keys === undefined) return { keys: [] };
      return {
        keys: [keys.current.jwk, ...(keys.previous === undefined ? [] : [keys.previous.jwk])].map((k) => ({
          ...k,
        })),
      };
    },
    verificationKey(tenantId: string, kid: string) {
      const keys = settled.get(tenantId.toLowerCase());
      if (keys === undefined) return undefined;
      if (keys.current.kid === kid) return keys.current.publicKey;
      return keys.previous?.kid === kid ? keys.previous.publicKey : undefined;
    },
    async sign(tenantId: string, payload: Record<string, unknown>): Promise<string> {
      const { current } = await keysFor(tenantId);
      return signJwt(
        { typ: "JWT", alg: "RS256", x5t: current.kid, kid: current.kid },
        payload,
        current.privateKey,
      );
    },
    async rotate(tenantId: string): Promise<void> {
      const id = tenantId.toLowerCase();
      const old = await keysFor(id);
      const rotated: TenantKeys = { current: await generateSigningKey(now()), previous: old.current };
      settled.set(id, rotated);
      store.set(id, Promise.resolve(rotated));
    },
    async exportKeys(): Promise<SavedTenantKeys[]> {
      const saved: SavedTenantKeys[] = [];
      for (const [tenantId, keys] of settled) {
        const entry: SavedTenantKeys = { tenantId, current: await saveSigningKey(keys.current) };
        if (keys.previous !== undefined) entry.previous = await saveSigningKey(keys.previous);
        saved.push(entry);
      }
      return saved;
    },
  };
}
