import type { CauseCode } from "../knowledge/cause.js";
import { CAUSE_STAGES, getCause } from "../knowledge/causes.js";

/**
 * The position of a step on the call path, 1-based, in {@link CAUSE_STAGES} order: 1 endpoint form
 * and reachability, 2 credential selection and token acquisition, 3 the token's audience, tenant
 * and lifetime, 4 network rules, 5 key-vs-token misuse (and gateways), 6 authorization (RBAC,
 * including the chain picking an identity without the role), 7 the deployment and its limits.
 * A cause on an earlier step hides the later ones: fixing it is what lets the call reach the next step.
 *
 * @example
 * const stage: CallPathStage = callPathStage("rbac.wrong-scope"); // 6
 */
export type CallPathStage = number;

/**
 * Where on the call path a cause sits: the position of its catalog entry's `stage` (see
 * {@link CallPathStage}).
 *
 * @example
 * callPathStage("endpoint.regional-no-subdomain"); // 1
 * callPathStage("aadsts.7000215"); // 2
 * callPathStage("credential.env-unexpected-identity"); // 6
 */
export function callPathStage(code: CauseCode): CallPathStage {
  return CAUSE_STAGES.indexOf(getCause(code).stage) + 1;
}

// A certain cause whose fix replaces the URL the doctor was given makes that URL's failures moot.
const EXPLAINED_SYMPTOMS: Readonly<Partial<Record<CauseCode, readonly CauseCode[]>>> = {
  // Tokens need the custom-subdomain host: whether the regional host answers does not matter.
  "endpoint.regional-no-subdomain": ["endpoint.unreachable"],
  // The service itself says to use another endpoint.
  "network.vnet-wrong-endpoint": ["endpoint.unreachable"],
  // Quotes, a missing https:// or http:// instead: the URL probed is not the one to use.
  "endpoint.invalid-url": ["endpoint.unreachable"],
};

/**
 * Whether `cause`, when certain, explains `symptom`: its fix changes what the symptom was seen on,
 * so it comes first on the same step. An extra path does not explain an unreachable host (the host
 * stays), a regional endpoint does (tokens need another host).
 *
 * @example
 * explainsSymptom("endpoint.regional-no-subdomain", "endpoint.unreachable"); // true
 * explainsSymptom("endpoint.extra-path", "endpoint.unreachable"); // false
 */
export function explainsSymptom(cause: CauseCode, symptom: CauseCode): boolean {
  // Own keys only: a code is data, and `"toString"` must not reach Object.prototype.
  return Object.hasOwn(EXPLAINED_SYMPTOMS, cause) && (EXPLAINED_SYMPTOMS[cause]?.includes(symptom) ?? false);
}
