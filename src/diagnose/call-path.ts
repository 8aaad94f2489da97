/**
 * The steps a keyless call passes, in order. A cause on an earlier step hides the later ones: fixing
 * it is what lets the call reach the next step.
 *
 * @example
 * const stage: CallPathStage = callPathStage("rbac.wrong-scope"); // 6
 */
export type CallPathStage = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const KEY_VS_TOKEN = new Set([
  "token.in-api-key-header",
  "client.key-and-token",
  "client.base-url-and-endpoint",
]);

/**
 * Where on the call path a cause sits: 1 endpoint form and reachability, 2 credential selection and
 * token acquisition, 3 the token's audience, tenant and lifetime, 4 network rules, 5 key-vs-token
 * misuse (and gateways), 6 RBAC (including the chain picking an identity without the role),
 * 7 the deployment and its limits.
 *
 * @example
 * callPathStage("endpoint.regional-no-subdomain"); // 1
 * callPathStage("aadsts.7000215"); // 2
 * callPathStage("credential.env-unexpected-identity"); // 6
 */
export function callPathStage(code: string): CallPathStage {
  if (KEY_VS_TOKEN.has(code)) return 5;
  if (code === "credential.env-unexpected-identity") return 6;
  // "A Virtual Network is configured for this resource. Please use the correct endpoint": the fix is the endpoint.
  if (code === "network.vnet-wrong-endpoint") return 1;
  const family = code.split(".", 1)[0];
  switch (family) {
    case "endpoint":
      return 1;
    case "credential":
    case "aadsts":
    case "client":
      return 2;
    case "token":
      return 3;
    case "network":
      return 4;
    case "key":
    case "gateway":
      return 5;
    case "rbac":
      return 6;
    default:
      return 7;
  }
}

// A certain cause whose fix replaces the URL the doctor was given makes that URL's failures moot.
const EXPLAINED_SYMPTOMS: Readonly<Record<string, readonly string[]>> = {
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
export function explainsSymptom(cause: string, symptom: string): boolean {
  return Object.hasOwn(EXPLAINED_SYMPTOMS, cause) && (EXPLAINED_SYMPTOMS[cause]?.includes(symptom) ?? false);
}
