import { decodeJwt, decodeProtectedHeader, type JWTPayload, type ProtectedHeaderParameters } from "jose";
import { decodeComponent } from "../http/safe-text.js";
import type { Application, Tenant } from "../world/model.js";
import { AADSTS } from "./aadsts-failures.js";
import { verifyCertificateAssertion } from "./certificate-assertion.js";
import type { EntraFailure } from "./entra-error.js";
import { verifyFederatedAssertion } from "./federated-assertion.js";
import { FEDERATED_ISSUER_KEY_SET } from "./federated-token.js";
import type { TokenCall } from "./token-call.js";
import type { ClientAuthenticationLevel } from "./token-service.js";

/**
 * How a confidential client proved itself.
 *
 * @example
 * const kind: ClientCredentialKind = "federated";
 */
export type ClientCredentialKind = "secret" | "certificate" | "federated";

/**
 * A client that proved itself, or the AADSTS failure that says why not.
 *
 * @example
 * const result = await authenticateClient(call);
 * if (!result.ok) return fail(call, result.failure);
 */
export type ClientAuthentication =
  | {
      ok: true;
      app: Application;
      tenant: Tenant;
      kind: ClientCredentialKind;
      level: ClientAuthenticationLevel;
    }
  | { ok: false; failure: EntraFailure };

/**
 * A client found in the tenant (not yet authenticated), or why not.
 *
 * @example
 * const found: ClientLookup = findClient(call, clientId);
 */
export type ClientLookup =
  | { ok: true; app: Application; tenant: Tenant }
  | { ok: false; failure: EntraFailure };

const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/**
 * `client_id` and `client_secret` from the form, or from HTTP Basic authentication.
 *
 * @example
 * const { clientId, secret } = clientCredentialsOf(call);
 */
export function clientCredentialsOf(call: TokenCall): { clientId?: string; secret?: string } {
  const form = call.form;
  let clientId = form.get("client_id") ?? undefined;
  let secret = form.get("client_secret") ?? undefined;
  const authorization = call.request.headers.get("authorization");
  if (authorization?.toLowerCase().startsWith("basic ")) {
    const decoded = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) {
      clientId ??= decodeComponent(decoded.slice(0, colon));
      secret ??= decodeComponent(decoded.slice(colon + 1));
    }
  }
  return {
    ...(clientId === undefined || clientId === "" ? {} : { clientId }),
    ...(secret === undefined ? {} : { secret }),
  };
}

/**
 * The application with that client id in the call's tenant (its home tenant, or one it also has a
 * service principal in). For `common`/`organizations` the app's home tenant is used.
 * AADSTS700016 when there is none, AADSTS7000112 when it is disabled.
 *
 * @example
 * const found = findClient(call, "11111111-2222-3333-4444-555555555555");
 */
export function findClient(call: TokenCall, clientId: string): ClientLookup {
  const wanted = clientId.toLowerCase();
  const world = call.ctx.world;
  const app = world.applications.find(
    (a) =>
      a.clientId === wanted &&
      (call.tenant === undefined ||
        a.tenantId === call.tenant.id ||
        a.alsoInTenantIds.includes(call.tenant.id)),
  );
  const tenant = call.tenant ?? world.tenants.find((t) => t.id === app?.tenantId);
  if (app === undefined || tenant === undefined) {
    return {
      ok: false,
      failure: AADSTS.applicationNotFound(clientId, call.tenant?.id ?? call.tenantSegment),
    };
  }
  if (app.disabled) return { ok: false, failure: AADSTS.applicationDisabled(app.clientId, app.name) };
  return { ok: true, app, tenant };
}

function checkSecret(call: TokenCall, app: Application, secret: string): EntraFailure | undefined {
  const now = call.ctx.clock.now();
  const expired = (expiresAt: number | undefined) => expiresAt !== undefined && expiresAt <= now;
  const match = app.secrets.find((s) => s.value === secret);
  if (match !== undefined)
    return expired(match.expiresAt) ? AADSTS.expiredClientSecret(app.clientId) : undefined;
  if (app.secrets.length > 0 && app.secrets.every((s) => expired(s.expiresAt)))
    return AADSTS.expiredClientSecret(app.clientId);
  return AADSTS.invalidClientSecret(app.clientId);
}

/**
 * Authenticates the confidential client of a token call: finds it ({@link findClient}), then checks
 * its `client_secret` (AADSTS7000215 / AADSTS7000222) or its `client_assertion`: a certificate
 * assertion when the header names a thumbprint (`x5t#S256` or `x5t`), a federated token otherwise.
 * AADSTS7000218 when there is neither, AADSTS50027 when the assertion is not a JWT.
 *
 * @example
 * const client = await authenticateClient(call);
 */
export async function authenticateClient(call: TokenCall): Promise<ClientAuthentication> {
  const { clientId, secret } = clientCredentialsOf(call);
  if (clientId === undefined) return { ok: false, failure: AADSTS.missingParameter("client_id") };
  const found = findClient(call, clientId);
  if (!found.ok) return found;
  const { app, tenant } = found;

  if (secret !== undefined) {
    const failure = checkSecret(call, app, secret);
    return failure === undefined
      ? { ok: true, app, tenant, kind: "secret", level: "1" }
      : { ok: false, failure };
  }
  const assertion = call.form.get("client_assertion");
  if (assertion === null || assertion === "") return { ok: false, failure: AADSTS.missingClientCredential() };
  const assertionType = call.form.get("client_assertion_type");
  if (assertionType === null) return { ok: false, failure: AADSTS.missingParameter("client_assertion_type") };
  if (assertionType !== JWT_BEARER) return { ok: false, failure: AADSTS.malformedJwt() };

  let header: ProtectedHeaderParameters;
  let payload: JWTPayload;
  try {
    header = decodeProtectedHeader(assertion);
    payload = decodeJwt(assertion);
  } catch {
    return { ok: false, failure: AADSTS.malformedJwt() };
  }
  // The emulator's own federated tokens carry x5t too (every key it signs with does); their kid says whose they are.
  const ownFederated = call.ctx.keys.jwks(FEDERATED_ISSUER_KEY_SET).keys.some((k) => k.kid === header.kid);
  const isCertificate =
    !ownFederated && (typeof header["x5t#S256"] === "string" || typeof header.x5t === "string");
  const failure = isCertificate
    ? await verifyCertificateAssertion(call, app, tenant, assertion, header, payload)
    : await verifyFederatedAssertion(call, app, assertion, header, payload);
  if (failure !== undefined) return { ok: false, failure };
  return { ok: true, app, tenant, kind: isCertificate ? "certificate" : "federated", level: "2" };
}
