import { createPublicKey, X509Certificate } from "node:crypto";
import type { JWTPayload, ProtectedHeaderParameters } from "jose";
import { normalizeAudience } from "../../knowledge/audience.js";
import type { Application, ClientCertificate, Tenant } from "../world/model.js";
import { AADSTS } from "./aadsts-failures.js";
import { isRsaAlgorithm, verifyAssertionSignature } from "./assertion-signature.js";
import { checkAssertionTime } from "./assertion-time.js";
import type { EntraFailure } from "./entra-error.js";
import { LOGIN_HOSTS } from "./login-hosts.js";
import type { TokenCall } from "./token-call.js";

function thumbprintHex(base64url: string): string {
  return Buffer.from(base64url, "base64url").toString("hex").toUpperCase();
}

/** Whether `aud` is this tenant's token endpoint (v1 or v2), at an Entra host or where the client reached us. */
function audienceMatches(aud: unknown, call: TokenCall, tenant: Tenant): boolean {
  const audiences =
    typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud.filter((a) => typeof a === "string") : [];
  const origins = [call.baseUrl, ...[...LOGIN_HOSTS.keys()].map((h) => `https://${h}`)].map((o) =>
    o.toLowerCase(),
  );
  const tenants = [tenant.id, tenant.domain].map((t) => t.toLowerCase());
  const suffixes = ["/oauth2/v2.0/token", "/oauth2/token", "/v2.0", ""];
  const accepted = new Set(
    origins.flatMap((o) => tenants.flatMap((t) => suffixes.map((s) => `${o}/${t}${s}`))),
  );
  return audiences.some((a) => accepted.has(normalizeAudience(a)));
}

/**
 * Checks a certificate client assertion the way Entra does for `client_assertion` with
 * `x5t#S256` (PS256, what MSAL sends) or `x5t` (RS256): `iss` = `sub` = client id (AADSTS700021),
 * `aud` = the tenant's token endpoint (AADSTS700023), a registered certificate with that thumbprint
 * (AADSTS700027 "The key was not found"), a signature that verifies with it (AADSTS700027 "Key was
 * found, but ..."), and `nbf`..`exp` around now (AADSTS700024).
 *
 * @example
 * const failure = await verifyCertificateAssertion(call, app, tenant, assertion, header, payload);
 */
export async function verifyCertificateAssertion(
  call: TokenCall,
  app: Application,
  tenant: Tenant,
  assertion: string,
  header: ProtectedHeaderParameters,
  payload: JWTPayload,
): Promise<EntraFailure | undefined> {
  if (payload.iss !== app.clientId || payload.sub !== app.clientId) return AADSTS.assertionClientMismatch();
  if (!audienceMatches(payload.aud, call, tenant)) return AADSTS.assertionAudienceMismatch();

  const s256 = typeof header["x5t#S256"] === "string" ? header["x5t#S256"] : undefined;
  const sha1 = typeof header.x5t === "string" ? header.x5t : undefined;
  let certificate: ClientCertificate | undefined;
  let thumbprint = "";
  if (s256 !== undefined) {
    certificate = app.certificates.find((c) => c.x5tS256 === s256);
    thumbprint = thumbprintHex(s256);
  } else if (sha1 !== undefined) {
    certificate = app.certificates.find((c) => c.x5t === sha1);
    thumbprint = thumbprintHex(sha1);
  }
  if (certificate === undefined) return AADSTS.assertionKeyNotFound(app.clientId, thumbprint);

  // `none`, HMAC or EC with a registered RSA certificate: AADSTS5002730 (see assertion-signature.ts).
  if (!isRsaAlgorithm(header.alg)) return AADSTS.unsupportedSigningAlgorithm();
  const key = createPublicKey(certificate.publicKeyPem);
  const validity = certificateValidity(certificate);
  const signatureFailure = await verifyAssertionSignature(assertion, header.alg, key, () =>
    AADSTS.assertionBadSignature(app.clientId, thumbprint, validity.notBefore, validity.notAfter),
  );
  if (signatureFailure !== undefined) return signatureFailure;
  return checkAssertionTime(payload, call.ctx.clock.now());
}

function certificateValidity(certificate: ClientCertificate): { notBefore: number; notAfter: number } {
  try {
    const cert = new X509Certificate(certificate.certificatePem);
    return { notBefore: Date.parse(cert.validFrom), notAfter: Date.parse(cert.validTo) };
  } catch {
    return { notBefore: 0, notAfter: 0 };
  }
}
