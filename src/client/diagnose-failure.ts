import { sameAudience } from "../knowledge/audience.js";
import type { CauseCode } from "../knowledge/cause.js";
import { getCause } from "../knowledge/causes.js";
import { classifyEndpoint } from "../knowledge/endpoint-form.js";
import { explain } from "../knowledge/explain.js";
import { type FixValues, renderCause } from "../knowledge/render-fix.js";
import type { Diagnosis } from "./keyless-errors.js";
import type { TokenClaims } from "./token-claims.js";

/** The flat 401's causes a token's claims tell apart. */
const FLAT_401 = new Set<CauseCode>(["token.wrong-audience", "token.expired", "key.sent-as-bearer"]);

/**
 * A {@link Diagnosis} for `code`, its texts rendered with `values`.
 *
 * @example
 * diagnosisFor("client.key-and-token", { endpoint }, ["AZURE_OPENAI_API_KEY is set"]).fix;
 */
export function diagnosisFor(code: CauseCode, values: FixValues, evidence: string[] = []): Diagnosis {
  const rendered = renderCause(getCause(code), values);
  return { code, title: rendered.title, why: rendered.why, fix: rendered.fix, evidence };
}

/** What `--assignee-principal-type` takes for the token's holder (managed identities are service principals). */
function principalTypeOf(claims: TokenClaims): "User" | "ServicePrincipal" {
  if (claims.idtyp !== undefined) return claims.idtyp === "user" ? "User" : "ServicePrincipal";
  return claims.upn !== undefined || claims.scp !== undefined ? "User" : "ServicePrincipal";
}

function sentTokenEvidence(claims: TokenClaims): string {
  const who = claims.oid ?? claims.appid ?? "unknown principal";
  const exp = claims.exp === undefined ? "" : `, exp ${new Date(claims.exp * 1000).toISOString()}`;
  return `the token sent: aud ${claims.aud ?? "none"}, tid ${claims.tid ?? "none"}, oid ${who}${exp}`;
}

/**
 * What a data-plane refusal of a keyless call means, from what is already at hand: the status and
 * body `explain()` reads, the endpoint's expected audience, and the claims of the token that was
 * sent (a flat 401 with a token past its `exp` is `token.expired`, with another `aud` is
 * `token.wrong-audience`). `undefined` when the refusal is not about authentication.
 *
 * @example
 * diagnoseRefusal(401, body, "https://contoso.openai.azure.com", claims, Date.now())?.code; // "token.expired"
 */
export function diagnoseRefusal(
  status: number,
  body: string,
  endpoint: string,
  claims: TokenClaims | undefined,
  now: number,
): Diagnosis | undefined {
  const matches = explain(`HTTP ${status}\n${body}`);
  const top = matches[0];
  if (top === undefined) return undefined;
  const endpointInfo = classifyEndpoint(endpoint);
  const values: FixValues = {
    ...top.facts,
    endpoint,
    ...(endpointInfo.scope === undefined ? {} : { expectedScope: endpointInfo.scope }),
    ...(endpointInfo.resourceName === undefined ? {} : { resourceName: endpointInfo.resourceName }),
    ...(claims?.oid === undefined ? {} : { principalId: claims.oid }),
    ...(claims === undefined ? {} : { principalType: principalTypeOf(claims) }),
  };
  const evidence = claims === undefined ? [] : [sentTokenEvidence(claims)];
  let code = top.code;
  if (FLAT_401.has(code) && claims !== undefined) {
    const accepted = endpointInfo.acceptedAudiences;
    const aud = claims.aud;
    if (claims.exp !== undefined && claims.exp * 1000 <= now) code = "token.expired";
    else if (aud !== undefined && accepted.length > 0 && !accepted.some((a) => sameAudience(a, aud)))
      code = "token.wrong-audience";
  }
  return diagnosisFor(code, values, evidence);
}

/**
 * What a credential's failure means, by `explain()` on its error (already redacted there).
 *
 * @example
 * diagnoseCredentialError(error)?.code; // "credential.cli-not-logged-in"
 */
export function diagnoseCredentialError(error: unknown): Diagnosis | undefined {
  const name = error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? error.message : String(error);
  const top = explain(`${name}: ${message}`)[0];
  if (top === undefined) return undefined;
  return diagnosisFor(top.code, top.facts, []);
}
