import { createPublicKey, type JsonWebKey, type KeyObject } from "node:crypto";
import type { JWTPayload, ProtectedHeaderParameters } from "jose";
import type { Application } from "../world/model.js";
import { AADSTS } from "./aadsts-failures.js";
import { isRsaAlgorithm, verifyAssertionSignature } from "./assertion-signature.js";
import { checkAssertionTime } from "./assertion-time.js";
import type { EntraFailure } from "./entra-error.js";
import { FEDERATED_ISSUER_KEY_SET } from "./federated-token.js";
import type { TokenCall } from "./token-call.js";

function audiencesOf(aud: unknown): string[] {
  if (typeof aud === "string") return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === "string") : [];
}

/** The issuer's published key with that `kid`, as a public key object, or undefined. */
function issuerKey(call: TokenCall, kid: string): KeyObject | undefined {
  if (kid === "") return undefined;
  const jwk = call.ctx.keys.jwks(FEDERATED_ISSUER_KEY_SET).keys.find((k) => k.kid === kid);
  if (jwk === undefined) return undefined;
  return createPublicKey({
    key: { kty: "RSA", n: String(jwk.n), e: String(jwk.e) } as JsonWebKey,
    format: "jwk",
  });
}

/**
 * Checks a federated client assertion (workload identity, Azure Pipelines, GitHub Actions) against
 * the application's federated identity credentials, the way Entra does: `nbf`..`exp` around now
 * (AADSTS700024), a credential with the same issuer (AADSTS700211), then the signature against the
 * issuer's published keys, then the same subject (AADSTS700213) and one of its audiences
 * (AADSTS700212), all compared case-sensitively.
 *
 * Offline, the emulator is every issuer of its world: it mints the tokens of each one
 * (`mintFederatedToken`, the workload identity token file, the Pipelines OIDC endpoint) with its
 * federated issuer key set, so those are the keys every assertion must verify with. An `alg` an RSA
 * key cannot verify (`none`, `HS256`, `ES256`) is AADSTS5002730; a `kid` the issuer does not
 * publish (or none) is AADSTS7000272; a signature that does not verify is AADSTS700027.
 *
 * @example
 * const failure = await verifyFederatedAssertion(call, app, assertion, header, payload);
 */
export async function verifyFederatedAssertion(
  call: TokenCall,
  app: Application,
  assertion: string,
  header: ProtectedHeaderParameters,
  payload: JWTPayload,
): Promise<EntraFailure | undefined> {
  const timeFailure = checkAssertionTime(payload, call.ctx.clock.now());
  if (timeFailure !== undefined) return timeFailure;
  const issuer = typeof payload.iss === "string" ? payload.iss : "";
  const subject = typeof payload.sub === "string" ? payload.sub : "";
  const audiences = audiencesOf(payload.aud);
  const byIssuer = app.federatedCredentials.filter((f) => f.issuer === issuer);
  if (byIssuer.length === 0) return AADSTS.federatedIssuerMismatch(issuer);

  if (!isRsaAlgorithm(header.alg)) return AADSTS.unsupportedSigningAlgorithm();
  const kid = typeof header.kid === "string" ? header.kid : "";
  const key = issuerKey(call, kid);
  if (key === undefined) {
    const named = kid !== "" ? kid : typeof header.x5t === "string" ? header.x5t : "";
    return AADSTS.federatedKeyNotFound(named, issuer);
  }
  const signatureFailure = await verifyAssertionSignature(assertion, header.alg, key, () =>
    AADSTS.federatedBadSignature(),
  );
  if (signatureFailure !== undefined) return signatureFailure;

  const bySubject = byIssuer.filter((f) => f.subject === subject);
  if (bySubject.length === 0) return AADSTS.federatedSubjectMismatch(subject);
  if (!bySubject.some((f) => f.audiences.some((a) => audiences.includes(a)))) {
    return AADSTS.federatedAudienceMismatch(audiences[0] ?? "");
  }
  return undefined;
}
