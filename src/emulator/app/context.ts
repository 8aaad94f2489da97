import type { webcrypto } from "node:crypto";
import type { Fault, FaultTarget, Principal, World } from "../world/model.js";
import type { RequestDecision } from "./request-decision.js";

/** Injectable time source; the control API advances it. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  advance(ms: number): void;
}

/** A request token for {@link TokenService.issueAccessToken}. */
export interface AccessTokenRequest {
  tenantId: string;
  principal: Principal;
  /** The resource / audience, e.g. `https://cognitiveservices.azure.com` (no `/.default`). */
  resource: string;
  /** v2 endpoint scopes as requested (kept for `scp`), optional. */
  scopes?: string[];
  /** Token version: 1 (`sts.windows.net` issuer) or 2 (`login.../v2.0`). */
  version?: 1 | 2;
  /** The client application id when it differs from the principal (user flows, Azure CLI). */
  clientAppId?: string;
}

export interface IssuedAccessToken {
  accessToken: string;
  /** Epoch seconds. */
  expiresOn: number;
  /** Seconds from now. */
  expiresIn: number;
  extExpiresIn: number;
  refreshIn: number;
  /** Epoch seconds. */
  notBefore: number;
}

/** Issues Entra-shaped access tokens signed with the tenant's current key. */
export interface TokenService {
  issueAccessToken(request: AccessTokenRequest): Promise<IssuedAccessToken>;
}

/** Per-tenant signing keys. Rotation keeps the previous key in the JWKS (like Entra). */
export interface SigningKeyStore {
  /** Public keys of the tenant, JWKS form. */
  jwks(tenantId: string): { keys: Record<string, unknown>[] };
  /** Sign a JWT for the tenant with its current key (RS256, `kid` and `x5t` set). */
  sign(tenantId: string, payload: Record<string, unknown>): Promise<string>;
  /**
   * The public key of a published signing key (`kid`) of the tenant, ready for verification; the
   * same object for as long as the key stays published, undefined once a rotation dropped it.
   */
  verificationKey(tenantId: string, kid: string): webcrypto.CryptoKey | undefined;
  /** Replace the tenant's current key; the old one stays published until the next rotation. */
  rotate(tenantId: string): Promise<void>;
  /** Every tenant's keys, private parts included, to load the same store again (`--state-dir`). */
  exportKeys(): Promise<SavedTenantKeys[]>;
}

/**
 * One signing key as {@link SigningKeyStore.exportKeys} saves it: the private key as a JWK and the
 * published JWK (with its certificate). A secret: keep it in an owner-only file.
 *
 * @example
 * const saved: SavedSigningKey = { privateJwk: { kty: "RSA" }, jwk: { kid: "abc" } };
 */
export interface SavedSigningKey {
  privateJwk: Record<string, unknown>;
  jwk: Record<string, unknown>;
}

/**
 * A tenant's keys as saved: the current one and, after a rotation, the previous one.
 *
 * @example
 * const saved: SavedTenantKeys = { tenantId: "contoso-id", current: key };
 */
export interface SavedTenantKeys {
  tenantId: string;
  current: SavedSigningKey;
  previous?: SavedSigningKey;
}

/** One line of the request log: no tokens, keys or secrets, ever. */
export interface RequestLogEntry {
  time: number;
  surface: string;
  method: string;
  host: string;
  path: string;
  status: number;
  /**
   * What the emulator decided and why, e.g.
   * `{ outcome: "deny", code: "rbac.missing-data-action", detail: "principal ... lacks ..." }`.
   */
  decision: RequestDecision;
}

export interface RequestLog {
  record(entry: RequestLogEntry): void;
  entries(): readonly RequestLogEntry[];
}

/** Base URLs the emulator serves on (direct mode). */
export interface EmulatorUrls {
  /** e.g. `https://127.0.0.1:8443` */
  base: string;
  /** Plain-HTTP listener for IMDS / App Service / Cloud Shell / Arc (managed identity endpoints use http). */
  http: string;
}

/**
 * Everything a surface handler needs, for one emulator: each emulator has its own context (nothing
 * in it is shared with another emulator in the same process). Handlers read and mutate the world
 * through this object only; nothing reads `process.env`.
 */
export interface EmulatorContext {
  world: World;
  clock: Clock;
  /** This emulator's id source (request, trace, correlation and token ids); `crypto.randomUUID` by default. */
  newId(): string;
  keys: SigningKeyStore;
  tokens: TokenService;
  log: RequestLog;
  urls: EmulatorUrls;
  /** Consume a matching fault for the target and path, if any (decrements `remaining`). */
  takeFault(target: FaultTarget, path: string): Fault | undefined;
}
