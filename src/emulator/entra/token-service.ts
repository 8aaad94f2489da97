import { createHash } from "node:crypto";
import type {
  AccessTokenRequest,
  Clock,
  IssuedAccessToken,
  SigningKeyStore,
  TokenService,
} from "../app/context.js";
import type { World } from "../world/model.js";
import { v1Issuer, v2Issuer } from "./login-hosts.js";

/**
 * What a {@link TokenService} needs: the world (read at each call, so control-API changes apply),
 * the clock, the keys and an id source.
 *
 * @example
 * const deps: TokenServiceDependencies = { world: () => ctx.world, clock, keys, newId: ctx.newId };
 */
export interface TokenServiceDependencies {
  world: () => World;
  clock: Clock;
  keys: SigningKeyStore;
  /** The emulator's id source (`aio`, `rh`, `uti`). */
  newId: () => string;
}

/**
 * How the client proved itself: `0` public client, `1` secret, `2` certificate or assertion.
 *
 * @example
 * const level: ClientAuthenticationLevel = "2"; // appidacr / azpacr of a certificate client
 */
export type ClientAuthenticationLevel = "0" | "1" | "2";

/**
 * Extra facts Entra's own grants know about a token (the contract's {@link AccessTokenRequest} does
 * not carry them).
 *
 * @example
 * const extras: AccessTokenExtras = { clientAuthentication: "2" };
 */
export interface AccessTokenExtras {
  clientAuthentication?: ClientAuthenticationLevel;
}

/**
 * The Azure CLI's client id: what user tokens name when the request does not say.
 *
 * @example
 * new UsernamePasswordCredential(tenantId, AZURE_CLI_CLIENT_ID, username, password);
 */
export const AZURE_CLI_CLIENT_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

function compactId(uuid: string): string {
  return Buffer.from(uuid.replace(/-/g, ""), "hex").toString("base64url");
}

/** Entra's pairwise `sub` for a user: stable per user and client application. */
function pairwiseSubject(objectId: string, clientId: string): string {
  return createHash("sha256").update(`${objectId}:${clientId}`).digest("base64url").slice(0, 43);
}

/**
 * Issues one access token shaped like Entra's for the request: v1 (`iss` `https://sts.windows.net/{tid}/`,
 * `ver` "1.0", `appid`/`appidacr`) by default, as Entra does for cognitiveservices and the other
 * Microsoft APIs, or v2 (`iss` `<login host>/{tid}/v2.0`, `azp`/`azpacr`) when asked; `aud` is the
 * resource exactly as requested; users get `scp`, `name`, `upn`; applications and managed identities
 * get `idtyp` "app" (managed identities also `xms_mirid`). Times come from the clock and the world's
 * token lifetime; `refreshIn` is half the lifetime when it is at least two hours, else 0.
 *
 * @throws {RangeError} when the tenant is not in the world.
 * @example
 * const issued = await issueEntraAccessToken(deps, { tenantId, principal: app, resource: "https://cognitiveservices.azure.com" });
 */
export async function issueEntraAccessToken(
  deps: TokenServiceDependencies,
  request: AccessTokenRequest,
  extras: AccessTokenExtras = {},
): Promise<IssuedAccessToken> {
  const world = deps.world();
  const { newId } = deps;
  const tenant = world.tenants.find((t) => t.id === request.tenantId.toLowerCase());
  if (tenant === undefined)
    throw new RangeError(`token service: tenant "${request.tenantId}" is not in the world`);
  const version = request.version ?? 1;
  const { principal } = request;
  const lifetime = Math.floor(world.tokenLifetimeMs / 1000);
  const now = Math.floor(deps.clock.now() / 1000);
  const issuer = version === 1 ? v1Issuer(tenant.cloud, tenant.id) : v2Issuer(tenant.cloud, tenant.id);

  const clientId =
    request.clientAppId ??
    (principal.kind === "user"
      ? AZURE_CLI_CLIENT_ID
      : principal.kind === "application"
        ? principal.clientId
        : principal.clientId);
  const acr =
    extras.clientAuthentication ??
    (principal.kind === "user" ? "0" : principal.kind === "application" ? "1" : "2");

  const claims: Record<string, unknown> = {
    aud: request.resource,
    iss: issuer,
    iat: now,
    nbf: now,
    exp: now + lifetime,
    aio: compactId(newId()) + compactId(newId()),
  };
  if (version === 1) {
    claims.appid = clientId;
    claims.appidacr = acr;
  } else {
    claims.azp = clientId;
    claims.azpacr = acr;
  }
  if (principal.kind === "user") {
    claims.idtyp = "user";
    if (version === 1) claims.amr = ["pwd"];
    claims.name = principal.name;
    claims.oid = principal.objectId;
    if (version === 2) claims.preferred_username = principal.upn;
    claims.rh = `0.A${compactId(newId())}.`;
    claims.scp = scpFor(request);
    claims.sub = pairwiseSubject(principal.objectId, clientId);
    claims.tid = tenant.id;
    if (version === 1) {
      claims.unique_name = principal.upn;
      claims.upn = principal.upn;
    }
  } else {
    if (version === 1) claims.idp = v1Issuer(tenant.cloud, tenant.id);
    claims.idtyp = "app";
    claims.oid = principal.objectId;
    claims.rh = `0.A${compactId(newId())}.`;
    claims.sub = principal.objectId;
    claims.tid = tenant.id;
  }
  claims.uti = compactId(newId());
  claims.ver = version === 1 ? "1.0" : "2.0";
  if (principal.kind === "managed-identity") claims.xms_mirid = principal.resourceId;

  const accessToken = await deps.keys.sign(tenant.id, claims);
  return {
    accessToken,
    expiresOn: now + lifetime,
    expiresIn: lifetime,
    extExpiresIn: lifetime,
    refreshIn: lifetime >= 7200 ? Math.floor(lifetime / 2) : 0,
    notBefore: now,
  };
}

function scpFor(request: AccessTokenRequest): string {
  const permissions = (request.scopes ?? [])
    .map((s) => s.slice(s.lastIndexOf("/") + 1))
    .filter(
      (p) => p !== "" && p !== ".default" && !["openid", "profile", "offline_access", "email"].includes(p),
    );
  return permissions.length > 0 ? permissions.join(" ") : "user_impersonation";
}

/**
 * The emulator's {@link TokenService}: {@link issueEntraAccessToken} with the contract's signature,
 * for the managed identity endpoints, the CLI shims and Entra's own grants.
 *
 * @example
 * const tokens = createTokenService({ world: () => ctx.world, clock, keys, newId: randomUUID });
 * const { accessToken } = await tokens.issueAccessToken({ tenantId, principal, resource });
 */
export function createTokenService(deps: TokenServiceDependencies): TokenService {
  return { issueAccessToken: (request) => issueEntraAccessToken(deps, request) };
}
