import { base64url, compactVerify, decodeProtectedHeader, type JWTPayload } from "jose";
import { normalizeAudience } from "../../knowledge/audience.js";
import type { EmulatorContext } from "../app/context.js";
import { err, ok, type Result } from "../app/result.js";
import { v1Issuer, v2Issuer } from "../entra/login-hosts.js";
import { describeInput } from "../http/safe-text.js";
import type { Principal, Tenant } from "../world/model.js";
import { findPrincipalByObjectId } from "../world/principals.js";
import type { VerifiedSignature, VerifiedTokenCache } from "./verified-token-cache.js";

/**
 * Options of {@link verifyAccessToken}.
 *
 * @example
 * const options: VerifyAccessTokenOptions = { expectedAudiences: ["https://cognitiveservices.azure.com"] };
 */
export interface VerifyAccessTokenOptions {
  /** Audiences the resource accepts; a token's `aud` matches with or without a trailing slash. */
  expectedAudiences: readonly string[];
  /** Tolerance on `exp` and `nbf`; Azure resources allow 5 minutes. */
  clockSkewSeconds?: number;
  /**
   * Signatures verified before: a token found here skips decoding and the signature check (only),
   * provided its tenant still publishes the key that verified it (a rotation that drops the key
   * ends the shortcut). Verified signatures are added to it.
   */
  cache?: VerifiedTokenCache;
}

/**
 * Which check refused a token, in Azure's order: shape, algorithm, issuer, signature, claims,
 * lifetime, audience.
 *
 * @example
 * const failure: TokenFailure = "audience";
 */
export type TokenFailure =
  | "malformed"
  | "algorithm"
  | "issuer"
  | "signature"
  | "claims"
  | "lifetime"
  | "audience";

/**
 * A token that passed every check.
 *
 * @example
 * const result = await verifyAccessToken(token, ctx, { expectedAudiences: [aud] });
 * if (result.ok) result.principalId; // the `oid` claim
 */
export interface VerifiedAccessToken {
  ok: true;
  claims: JWTPayload;
  /** The tenant that issued the token (from `iss`, equal to `tid`). */
  tenantId: string;
  /** The `oid` claim: the object id RBAC evaluates. */
  principalId: string;
  /** The world's principal with that object id, when there is one. */
  principal?: Principal;
  /** 1 for `sts.windows.net` issuers, 2 for `.../v2.0` issuers. */
  version: 1 | 2;
}

/**
 * A refused token. `reason` is for the request log and never contains the token.
 *
 * @example
 * const refused: RejectedAccessToken = { ok: false, failure: "signature", reason: "signature: unknown kid \"abc\"" };
 */
export interface RejectedAccessToken {
  ok: false;
  failure: TokenFailure;
  reason: string;
}

/**
 * Outcome of {@link verifyAccessToken}.
 *
 * @example
 * const result: VerifyAccessTokenResult = { ok: false, failure: "lifetime", reason: "lifetime: expired" };
 */
export type VerifyAccessTokenResult = VerifiedAccessToken | RejectedAccessToken;

const DEFAULT_CLOCK_SKEW_SECONDS = 300;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

type Rejection = RejectedAccessToken;

function reject(failure: TokenFailure, reason: string): Rejection {
  return { ok: false, failure, reason };
}

interface Issuer {
  tenant: Tenant;
  version: 1 | 2;
}

/**
 * The tenant named by `iss`, which must be exactly the issuer Entra uses for that tenant's cloud:
 * `https://sts.windows.net/{tid}/` (v1; `login.microsoftonline.us` and `sts.chinacloudapi.cn` in the
 * sovereign clouds) or `https://<login host>/{tid}/v2.0`.
 */
function parseIssuer(iss: unknown, ctx: EmulatorContext): Result<Issuer, Rejection> {
  if (typeof iss !== "string" || iss === "") return err(reject("issuer", "issuer: missing iss claim"));
  const match = /^https:\/\/[^/]+\/([0-9a-fA-F-]{36})\/(v2\.0)?$/.exec(iss);
  if (match?.[1] === undefined) return err(reject("issuer", `issuer: not an Entra ID issuer: "${iss}"`));
  const tenantId = match[1].toLowerCase();
  const tenant = ctx.world.tenants.find((t) => t.id.toLowerCase() === tenantId);
  if (tenant === undefined) return err(reject("issuer", `issuer: unknown tenant ${tenantId}`));
  const version: 1 | 2 = match[2] === undefined ? 1 : 2;
  const expected = version === 1 ? v1Issuer(tenant.cloud, tenant.id) : v2Issuer(tenant.cloud, tenant.id);
  if (iss.toLowerCase() !== expected.toLowerCase()) {
    return err(reject("issuer", `issuer: "${iss}" is not the issuer of tenant ${tenant.id} ("${expected}")`));
  }
  return ok({ tenant, version });
}

function decodePayload(segment: string): JWTPayload | undefined {
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(base64url.decode(segment)));
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as JWTPayload)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Validates an Entra ID access token the way an Azure resource does, in Azure's order: compact JWS
 * shape; `alg` RS256 only (`none`, HS256 and everything else are refused, so an HS256 token
 * "signed" with the public key as the secret never reaches a key); an Entra issuer
 * (`https://sts.windows.net/{tid}/` or `https://<login host>/{tid}/v2.0`) naming a tenant of the
 * world, with a matching `tid`; `kid` published in *that* tenant's JWKS and a valid signature (so a
 * token signed with another tenant's key fails); `oid`; `exp` required and not past, `nbf` not in
 * the future (both with `clockSkewSeconds`, default 300 like Azure); `aud` one of
 * `expectedAudiences`, with or without a trailing slash.
 *
 * It does not compare the token's tenant with the resource's: callers do, because Azure answers
 * that case with its own 400. With `cache`, a token whose signature was verified before skips the
 * decoding and the signature check while its key is still published; everything that depends on
 * the world or the clock (issuer tenant, published key, lifetime, audience) is checked every time.
 *
 * @example
 * const result = await verifyAccessToken(bearer, ctx, { expectedAudiences: ["https://cognitiveservices.azure.com"] });
 * if (!result.ok) return deny("invalid-credentials", result.reason);
 */
export async function verifyAccessToken(
  token: string,
  ctx: EmulatorContext,
  options: VerifyAccessTokenOptions,
): Promise<VerifyAccessTokenResult> {
  const skew = options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  const now = Math.floor(ctx.clock.now() / 1000);
  let signed = options.cache?.get(token, now, skew);
  if (signed !== undefined && ctx.keys.verificationKey(signed.tenantId, signed.kid) !== signed.key) {
    options.cache?.forget(token);
    signed = undefined;
  }
  if (signed === undefined) {
    const checked = await verifySignature(token, ctx);
    if (!checked.ok) return checked.error;
    signed = checked.value;
    options.cache?.remember(token, signed);
  }
  // Everything below depends on the world and the clock, which the control API changes: it runs
  // for every request, cached signature or not.
  const { claims } = signed;
  const issuer = parseIssuer(claims.iss, ctx);
  if (!issuer.ok) return issuer.error;
  const { tenant } = issuer.value;
  if (
    tenant.id.toLowerCase() !== signed.tenantId ||
    ctx.keys.verificationKey(tenant.id, signed.kid) !== signed.key
  ) {
    return reject("signature", `signature: unknown kid "${signed.kid}" for tenant ${tenant.id}`);
  }

  if (typeof claims.oid !== "string" || claims.oid === "") return reject("claims", "claims: missing oid");

  if (typeof claims.exp !== "number") return reject("lifetime", "lifetime: missing exp");
  if (claims.exp + skew <= now) return reject("lifetime", `lifetime: expired at ${claims.exp} (now ${now})`);
  if (claims.nbf !== undefined) {
    if (typeof claims.nbf !== "number") return reject("lifetime", "lifetime: nbf is not a number");
    if (claims.nbf - skew > now)
      return reject("lifetime", `lifetime: not valid before ${claims.nbf} (now ${now})`);
  }

  const audiences =
    typeof claims.aud === "string" ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
  const expected = options.expectedAudiences.map(normalizeAudience);
  if (!audiences.some((aud) => typeof aud === "string" && expected.includes(normalizeAudience(aud)))) {
    return reject(
      "audience",
      `audience: "${audiences.map(describeInput).join(", ")}" is not one of ${options.expectedAudiences.map((a) => `"${a}"`).join(", ")}`,
    );
  }

  const principal = findPrincipalByObjectId(ctx.world, claims.oid, tenant.id);
  return {
    ok: true,
    claims,
    tenantId: tenant.id,
    principalId: claims.oid,
    ...(principal === undefined ? {} : { principal }),
    version: issuer.value.version,
  };
}

/**
 * The checks that depend on the token's text and the tenant's keys only, in Azure's order: shape,
 * header and payload, `alg`, issuer (a tenant of the world) and `tid`, `kid` and signature.
 */
async function verifySignature(
  token: string,
  ctx: EmulatorContext,
): Promise<{ ok: true; value: VerifiedSignature } | { ok: false; error: Rejection }> {
  const refuse = (failure: TokenFailure, reason: string) => ({
    ok: false as const,
    error: reject(failure, reason),
  });
  if (!COMPACT_JWS.test(token))
    return refuse("malformed", "malformed: not a compact JWS (header.payload.signature)");
  const [, payloadSegment = "", signature = ""] = token.split(".");

  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return refuse("malformed", "malformed: the JOSE header is not base64url JSON");
  }
  const claims = decodePayload(payloadSegment);
  if (claims === undefined) return refuse("malformed", "malformed: the payload is not base64url JSON");

  if (header.alg !== "RS256")
    return refuse("algorithm", `algorithm: "${describeInput(header.alg)}" is not RS256`);
  if (signature === "") return refuse("signature", "signature: missing");

  const issuer = parseIssuer(claims.iss, ctx);
  if (!issuer.ok) return issuer;
  const { tenant, version } = issuer.value;
  if (typeof claims.tid !== "string" || claims.tid.toLowerCase() !== tenant.id.toLowerCase()) {
    return refuse(
      "issuer",
      `issuer: tid claim "${describeInput(claims.tid)}" does not match issuer tenant ${tenant.id}`,
    );
  }

  if (typeof header.kid !== "string" || header.kid === "")
    return refuse("signature", "signature: no kid in header");
  const key = ctx.keys.verificationKey(tenant.id, header.kid);
  if (key === undefined)
    return refuse("signature", `signature: unknown kid "${header.kid}" for tenant ${tenant.id}`);
  try {
    await compactVerify(token, key, { algorithms: ["RS256"] });
  } catch {
    return refuse("signature", `signature: does not verify with kid "${header.kid}" of tenant ${tenant.id}`);
  }
  return ok({ claims, tenantId: tenant.id.toLowerCase(), kid: header.kid, key, version });
}
