import { type AccessToken, DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import { scopeForEndpoint } from "../knowledge/endpoint-form.js";
import { redactText } from "../knowledge/redact-text.js";
import { diagnoseCredentialError } from "./diagnose-failure.js";
import { KeylessTokenError } from "./keyless-errors.js";
import { readTokenClaims, type TokenClaims } from "./token-claims.js";

/**
 * Options of {@link createTokenProvider}: the endpoint (its scope is derived: cloud, kind, Foundry
 * project) or the scope itself.
 *
 * @example
 * const options: TokenProviderOptions = { endpoint: "https://contoso.openai.azure.com" };
 */
export interface TokenProviderOptions {
  /** The endpoint the tokens are for; the scope is `scopeForEndpoint(endpoint)`. */
  endpoint?: string;
  /** The scope, when the endpoint does not say it (it wins over `endpoint`). */
  scope?: string;
  /** Any `@azure/identity` credential. Default: `new DefaultAzureCredential()`. */
  credential?: TokenCredential;
  /**
   * Refresh this long before expiry when the credential gives no `refreshAfterTimestamp`
   * (default 5 minutes; at most half the token's lifetime).
   */
  refreshMarginMs?: number;
  /**
   * The clock, in epoch milliseconds (default `Date.now`): the one the token's `exp` is compared
   * with. Tests pass the emulator's.
   */
  now?: () => number;
}

/**
 * A token provider: `() => Promise<string>`, the shape `openai`'s `azureADTokenProvider`, the AI
 * SDK's `tokenProvider` and LangChain's `azureADTokenProvider` take, with what keyless keeps for
 * diagnosis.
 *
 * @example
 * const provider = createTokenProvider({ endpoint });
 * await provider(); provider.lastClaims?.aud;
 */
export interface KeylessTokenProvider {
  (): Promise<string>;
  /** The scope every token is requested for. */
  readonly scope: string;
  /** The claims of the last token handed out (never the token). */
  readonly lastClaims: TokenClaims | undefined;
  /** How many times the credential was asked for a token. */
  readonly acquisitions: number;
}

/** A token is handed out only while it is valid at least this long. */
const MIN_VALIDITY_MS = 30_000;
const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;
/** A failed background refresh is retried no sooner than this. */
const REFRESH_RETRY_MS = 10_000;

interface CachedToken {
  token: string;
  claims: TokenClaims | undefined;
  expiresAt: number;
  refreshAt: number;
}

/**
 * Creates a token provider on top of any `TokenCredential`. Cheap on every call (openai-node calls
 * it on every request attempt, retries included): a cached token is returned as is; one
 * acquisition is in flight however many callers wait; ahead of expiry (the credential's
 * `refreshAfterTimestamp`, else `refreshMarginMs` before `exp`) the token is refreshed in the
 * background while callers keep the current one; a token that expires within 30 s is never handed
 * out. Expiry is read from the token's `exp` claim when it has one (the issuer's clock), else from
 * the credential's `expiresOnTimestamp`. A credential failure rejects with a
 * {@link KeylessTokenError} carrying `explain()`'s cause; the token never appears in a message.
 *
 * @example
 * const provider = createTokenProvider({ endpoint: process.env.AZURE_OPENAI_ENDPOINT });
 * const client = new AzureOpenAI({ endpoint, apiVersion, azureADTokenProvider: provider });
 */
export function createTokenProvider(options: TokenProviderOptions = {}): KeylessTokenProvider {
  const scope =
    options.scope ?? (options.endpoint === undefined ? undefined : scopeForEndpoint(options.endpoint));
  if (scope === undefined) throw new TypeError("createTokenProvider needs an endpoint or a scope");
  const credential = options.credential ?? new DefaultAzureCredential();
  const now = options.now ?? Date.now;
  const margin = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  let cached: CachedToken | undefined;
  let inFlight: Promise<CachedToken> | undefined;
  let lastClaims: TokenClaims | undefined;
  let acquisitions = 0;
  let nextBackgroundTry = 0;

  const toCached = (access: AccessToken): CachedToken => {
    const claims = readTokenClaims(access.token);
    const issuedAt = now();
    const expiresAt = claims?.exp !== undefined ? claims.exp * 1000 : access.expiresOnTimestamp;
    const half = issuedAt + (expiresAt - issuedAt) / 2;
    const refreshAt = access.refreshAfterTimestamp ?? Math.max(half, expiresAt - margin);
    return {
      token: access.token,
      claims,
      expiresAt,
      refreshAt: Math.min(refreshAt, expiresAt - MIN_VALIDITY_MS),
    };
  };

  const acquire = (): Promise<CachedToken> => {
    if (inFlight !== undefined) return inFlight;
    acquisitions += 1;
    const attempt = (async () => {
      let access: AccessToken | null;
      try {
        access = await credential.getToken(scope);
      } catch (error) {
        const said = redactText(error instanceof Error ? error.message : String(error)).split("\n", 1)[0];
        throw new KeylessTokenError(
          `could not get a token for ${scope}: ${said}`,
          scope,
          diagnoseCredentialError(error),
          error,
        );
      }
      if (access === null || typeof access?.token !== "string") {
        throw new KeylessTokenError(
          `the credential returned no token for ${scope}`,
          scope,
          undefined,
          undefined,
        );
      }
      const fresh = toCached(access);
      if (fresh.expiresAt - now() < MIN_VALIDITY_MS) {
        throw new KeylessTokenError(
          `the credential returned a token for ${scope} that expires at ${new Date(fresh.expiresAt).toISOString()}, already past or within 30 s`,
          scope,
          undefined,
          undefined,
        );
      }
      cached = fresh;
      return fresh;
    })();
    inFlight = attempt;
    void attempt.then(
      () => {
        inFlight = undefined;
      },
      () => {
        inFlight = undefined;
      },
    );
    return attempt;
  };

  const provider = async (): Promise<string> => {
    const at = now();
    const current = cached;
    if (current !== undefined && current.expiresAt - at >= MIN_VALIDITY_MS) {
      if (at >= current.refreshAt && inFlight === undefined && at >= nextBackgroundTry) {
        // The current token stays good meanwhile; a failed refresh is retried later, then surfaces
        // on the first call that finds the token too close to expiry.
        acquire().catch(() => {
          nextBackgroundTry = now() + REFRESH_RETRY_MS;
        });
      }
      lastClaims = current.claims;
      return current.token;
    }
    const fresh = await acquire();
    lastClaims = fresh.claims;
    return fresh.token;
  };

  return Object.defineProperties(provider, {
    scope: { value: scope, enumerable: true },
    lastClaims: { get: () => lastClaims, enumerable: true },
    acquisitions: { get: () => acquisitions, enumerable: true },
  }) as KeylessTokenProvider;
}
