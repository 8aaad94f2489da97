import type { KeyObject } from "node:crypto";
import { compactVerify, errors } from "jose";
import { AADSTS } from "./aadsts-failures.js";
import type { EntraFailure } from "./entra-error.js";

/**
 * The algorithms an assertion signed with an RSA key (every key an Entra app certificate or the
 * emulator's federated issuer holds) may carry. `none`, HMAC (`HS*`, where the public key would be
 * the secret) and EC algorithms are refused before any verification.
 *
 * @example
 * RSA_SIGNATURE_ALGORITHMS.includes("PS256"); // true
 */
export const RSA_SIGNATURE_ALGORITHMS: readonly string[] = Object.freeze([
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
]);

/**
 * Whether the header's `alg` is one an RSA key verifies.
 *
 * @example
 * isRsaAlgorithm("none"); // false
 */
export function isRsaAlgorithm(alg: unknown): alg is string {
  return typeof alg === "string" && RSA_SIGNATURE_ALGORITHMS.includes(alg);
}

/**
 * Verifies a compact JWS with jose against one RSA public key, for exactly the header's `alg`:
 * `undefined` when it verifies; `badSignature` (AADSTS700027 in the caller's wording) when the
 * signature does not match; AADSTS5002730 when the key cannot verify that algorithm;
 * AADSTS50027 for anything else jose refuses (a `crit` header, a broken encoding).
 *
 * @example
 * const failure = await verifyAssertionSignature(assertion, "PS256", key, () => AADSTS.federatedBadSignature());
 */
export async function verifyAssertionSignature(
  assertion: string,
  alg: string,
  key: KeyObject,
  badSignature: () => EntraFailure,
): Promise<EntraFailure | undefined> {
  if (!RSA_SIGNATURE_ALGORITHMS.includes(alg) || key.asymmetricKeyType !== "rsa")
    return AADSTS.unsupportedSigningAlgorithm();
  try {
    await compactVerify(assertion, key, { algorithms: [alg] });
    return undefined;
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) return badSignature();
    if (error instanceof errors.JOSEAlgNotAllowed || error instanceof TypeError)
      return AADSTS.unsupportedSigningAlgorithm();
    return AADSTS.malformedJwt();
  }
}
