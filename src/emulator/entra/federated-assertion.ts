import { compactVerify, importJWK, type JWK, type JWTPayload, type ProtectedHeaderParameters } from "jose";
import type { Application } from "../world/model.js";
import { AADSTS } from "./aadsts-failures.js";
import { checkAssertionTime } from "./assertion-time.js";
import type { EntraFailure } from "./entra-error.js";
import { FEDERATED_ISSUER_KEY_SET } from "./federated-token.js";
import type { TokenCall } from "./token-call.js";

function audiencesOf(aud: unknown): string[] {
  if (typeof aud === "string") return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === "string") : [];
}

/**
 * Checks a federated client assertion (workload identity, Azure Pipelines, GitHub Actions) against
 * the application's federated identity credentials, the way Entra does: `nbf`..`exp` around now
 * (AADSTS700024), then a credential with the same issuer (AADSTS700211), the same subject
 * (AADSTS700213) and one of its audiences (AADSTS700212), all compared case-sensitively. Tokens the
 * emulator minted itself must carry its signature (AADSTS700027); other issuers cannot be reached
 * offline, so their signatures are not checked.
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
  const bySubject = byIssuer.filter((f) => f.subject === subject);
  if (bySubject.length === 0) return AADSTS.federatedSubjectMismatch(subject);
  if (!bySubject.some((f) => f.audiences.some((a) => audiences.includes(a)))) {
    return AADSTS.federatedAudienceMismatch(audiences[0] ?? "");
  }
  const ownKey = call.ctx.keys.jwks(FEDERATED_ISSUER_KEY_SET).keys.find((k) => k.kid === header.kid);
  if (ownKey !== undefined) {
    try {
      const { kid: _kid, x5c: _x5c, x5t: _x5t, use: _use, ...material } = ownKey;
      await compactVerify(assertion, await importJWK(material as JWK, "RS256"), { algorithms: ["RS256"] });
    } catch {
      return AADSTS.federatedBadSignature();
    }
  }
  return undefined;
}
