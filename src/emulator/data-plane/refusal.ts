import type { RequiredDataAction } from "../../knowledge/data-actions.js";
import { type DecisionCode, deny, type RequestDecision } from "../app/request-decision.js";
import type { Account, Deployment } from "../world/model.js";
import {
  API_VERSION_NOT_ALLOWED_BODY,
  API_VERSION_NOT_SUPPORTED_BODY,
  AUTHENTICATION_TYPE_DISABLED_BODY,
  CUSTOM_SUBDOMAIN_REQUIRED_BODY,
  DEPLOYMENT_NOT_FOUND_BODY,
  FIREWALL_BODY,
  FIREWALL_POLICY_HEADER,
  flatUnauthorizedBody,
  INVALID_JSON_BODY,
  INVALID_SUBSCRIPTION_KEY_BODY,
  invalidRequestBody,
  NO_MODEL_NAME_BODY,
  operationNotSupportedBody,
  PRIVATE_ENDPOINT_ONLY_BODY,
  PUBLIC_ACCESS_DISABLED_BODY,
  permissionDeniedBody,
  previousResponseNotFoundBody,
  type RateLimitKind,
  RESOURCE_NOT_FOUND_BODY,
  rateLimitBody,
  responseNotFoundBody,
  tenantMismatchBody,
  type UnsupportedOperationName,
  unknownModelBody,
  VIRTUAL_NETWORK_BODY,
} from "./error-bodies.js";
import type { RateLimitRemaining } from "./rate-limiter.js";

/**
 * A refusal decided by one of the data plane's steps: Azure's status and verbatim body, extra
 * headers, and for the request log the cause code and why (never a secret). Every refusal the data
 * plane can make is built by one of the constructors in this file.
 *
 * @example
 * const refusal: Refusal = deploymentNotFound(account, "gpt-5");
 * refusalDecision(refusal); // { outcome: "deny", code: "resource.deployment-not-found", detail: 'account contoso-openai has no deployment "gpt-5"' }
 */
export interface Refusal {
  status: number;
  body: string;
  headers?: Record<string, string>;
  /** The cause (or emulator reason) the request log names, e.g. `rbac.missing-data-action`. */
  code: DecisionCode;
  /** What the emulator saw, for the request log. */
  detail: string;
}

/**
 * The request log's decision for a refusal: `deny`, its code and detail.
 *
 * @example
 * refusalDecision(resourceNotFound("no operation GET /")); // { outcome: "deny", code: "unrouted", detail: "no operation GET /" }
 */
export function refusalDecision(refusal: Refusal): RequestDecision {
  return deny(refusal.code, refusal.detail);
}

function refusal(status: number, body: string, code: DecisionCode, detail: string): Refusal {
  return { status, body, code, detail };
}

// --- find the account ---------------------------------------------------------------------------

/**
 * 404 `Resource not found` for a data-plane host no account of the world serves.
 *
 * @example
 * unknownEndpoint("nobody.openai.azure.com");
 */
export function unknownEndpoint(host: string): Refusal {
  return refusal(404, RESOURCE_NOT_FOUND_BODY, "host-not-served", `no account serves ${host}`);
}

// --- network rules ------------------------------------------------------------------------------

/**
 * 403 for an account with public network access disabled.
 *
 * @example
 * publicAccessDisabled(account);
 */
export function publicAccessDisabled(account: Account): Refusal {
  return refusal(
    403,
    PUBLIC_ACCESS_DISABLED_BODY,
    "network.public-access-disabled",
    `account ${account.name} has public network access disabled`,
  );
}

/**
 * 403 for a private-endpoint-only account (the emulator never sees private-endpoint traffic).
 *
 * @example
 * privateEndpointOnly(account);
 */
export function privateEndpointOnly(account: Account): Refusal {
  return refusal(
    403,
    PRIVATE_ENDPOINT_ONLY_BODY,
    "network.private-endpoint",
    `account ${account.name} accepts approved private endpoints only`,
  );
}

/**
 * 403 for an account with a virtual network reached on its regional endpoint.
 *
 * @example
 * virtualNetworkEndpoint(account, "eastus.api.cognitive.microsoft.com");
 */
export function virtualNetworkEndpoint(account: Account, host: string): Refusal {
  return refusal(
    403,
    VIRTUAL_NETWORK_BODY,
    "network.vnet-wrong-endpoint",
    `account ${account.name} has a virtual network; the regional endpoint ${host} is refused`,
  );
}

/**
 * 403 from the IP firewall, with `policy-id: ThrowExceptionDueToTrafficDenied`.
 *
 * @example
 * firewallDenied(account, "203.0.113.9");
 */
export function firewallDenied(account: Account, address: string): Refusal {
  return {
    ...refusal(
      403,
      FIREWALL_BODY,
      "network.firewall",
      `${address} is not in the ip rules of account ${account.name}`,
    ),
    headers: { ...FIREWALL_POLICY_HEADER },
  };
}

// --- route --------------------------------------------------------------------------------------

/**
 * 404 `Resource not found`: a path the gateway does not route, an operation without a data action
 * (`unrouted`), or a thing the route names that the account does not have, e.g. a project
 * (`not-found`).
 *
 * @example
 * resourceNotFound("no operation GET /openai/x");
 */
export function resourceNotFound(detail: string, code: "unrouted" | "not-found" = "unrouted"): Refusal {
  return refusal(404, RESOURCE_NOT_FOUND_BODY, code, detail);
}

/**
 * 404 `Resource not found` for the deployments form without `api-version`: Azure does not route it.
 *
 * @example
 * apiVersionMissing(); // code resource.api-version
 */
export function apiVersionMissing(): Refusal {
  return refusal(404, RESOURCE_NOT_FOUND_BODY, "resource.api-version", "missing api-version query parameter");
}

/**
 * 400 `API version not supported` for an `api-version` other than `v1` or `preview` on the
 * account's `/openai/v1/...` paths (a dated version, say).
 *
 * @example
 * apiVersionNotSupported("2025-04-01-preview");
 */
export function apiVersionNotSupported(apiVersion: string): Refusal {
  return refusal(
    400,
    API_VERSION_NOT_SUPPORTED_BODY,
    "resource.api-version",
    `api-version ${apiVersion} on a /openai/v1 path (it takes none, v1 or preview)`,
  );
}

/**
 * 400 for any `api-version` on a Foundry project's `/openai/v1/...` paths.
 *
 * @example
 * apiVersionNotAllowed("v1");
 */
export function apiVersionNotAllowed(apiVersion: string): Refusal {
  return refusal(
    400,
    API_VERSION_NOT_ALLOWED_BODY,
    "resource.api-version",
    `api-version ${apiVersion} on a Foundry project /openai/v1 path, which takes none`,
  );
}

// --- authenticate -------------------------------------------------------------------------------

/**
 * 403 `AuthenticationTypeDisabled`: an `api-key` on an account with `disableLocalAuth`.
 *
 * @example
 * keyAuthDisabled(account);
 */
export function keyAuthDisabled(account: Account): Refusal {
  return refusal(
    403,
    AUTHENTICATION_TYPE_DISABLED_BODY,
    "key.auth-disabled",
    `account ${account.name} has disableLocalAuth; the request carried an api-key`,
  );
}

/**
 * 401 for an `api-key` that is not one of the account's keys (a JWT there is named as such).
 *
 * @example
 * invalidKey(account, false);
 */
export function invalidKey(account: Account, jwtShaped: boolean): Refusal {
  const detail = `not a key of account ${account.name}`;
  return jwtShaped
    ? refusal(
        401,
        INVALID_SUBSCRIPTION_KEY_BODY,
        "token.in-api-key-header",
        `a JWT in the api-key header: ${detail}`,
      )
    : refusal(401, INVALID_SUBSCRIPTION_KEY_BODY, "key.invalid", detail);
}

/**
 * The flat 401 of the token gate (no token, not Bearer, not a JWT, bad signature, expired, wrong
 * audience, a key sent as Bearer), naming the audience the endpoint expects.
 *
 * @example
 * unauthorized("https://cognitiveservices.azure.com", "no-credentials", "no api-key or Authorization header");
 */
export function unauthorized(audience: string, code: DecisionCode, detail: string): Refusal {
  return refusal(401, flatUnauthorizedBody(audience), code, detail);
}

/**
 * 400 for an Entra ID token sent to a regional endpoint.
 *
 * @example
 * customSubdomainRequired("eastus.api.cognitive.microsoft.com");
 */
export function customSubdomainRequired(host: string): Refusal {
  return refusal(
    400,
    CUSTOM_SUBDOMAIN_REQUIRED_BODY,
    "endpoint.regional-no-subdomain",
    `an Entra ID token was sent to the regional endpoint ${host}`,
  );
}

/**
 * 400 for a token from another tenant than the account's.
 *
 * @example
 * tenantMismatch("72f988bf-86f1-41af-91ab-2d7cd011db47", account);
 */
export function tenantMismatch(tokenTenantId: string, account: Account): Refusal {
  return refusal(
    400,
    tenantMismatchBody(tokenTenantId),
    "token.wrong-tenant",
    `token tenant ${tokenTenantId}, account ${account.name} is in ${account.tenantId}`,
  );
}

// --- authorize ----------------------------------------------------------------------------------

/**
 * 401 `PermissionDenied` naming the data action and operation RBAC did not grant (the Foundry form
 * adds the permissions link). `code` is the RBAC cause (`rbac.missing-data-action`, ...).
 *
 * @example
 * permissionDenied({ principalId, required, foundry: false, code: "rbac.missing-data-action", detail });
 */
export function permissionDenied(options: {
  principalId: string;
  required: RequiredDataAction;
  foundry: boolean;
  code: DecisionCode;
  detail: string;
}): Refusal {
  return refusal(
    401,
    permissionDeniedBody(
      options.principalId,
      options.required.dataAction,
      options.required.operation,
      options.foundry,
    ),
    options.code,
    options.detail,
  );
}

// --- operation ----------------------------------------------------------------------------------

/**
 * 404 `DeploymentNotFound` for a deployment the account does not have.
 *
 * @example
 * deploymentNotFound(account, "gpt-5");
 */
export function deploymentNotFound(account: Account, name: string): Refusal {
  return refusal(
    404,
    DEPLOYMENT_NOT_FOUND_BODY,
    "resource.deployment-not-found",
    `account ${account.name} has no deployment "${name}"`,
  );
}

/**
 * 404 `DeploymentNotFound` for a deployment created less than five minutes ago.
 *
 * @example
 * deploymentNotReady(account, deployment, 120);
 */
export function deploymentNotReady(account: Account, deployment: Deployment, seconds: number): Refusal {
  return refusal(
    404,
    DEPLOYMENT_NOT_FOUND_BODY,
    "resource.deployment-not-found",
    `deployment "${deployment.name}" of account ${account.name} is ready in ${seconds} s`,
  );
}

/**
 * 400 `OperationNotSupported`: the deployment's model does not serve the operation.
 *
 * @example
 * operationNotSupported("embeddings", "embeddings", deployment);
 */
export function operationNotSupported(
  operation: string,
  name: UnsupportedOperationName,
  deployment: Deployment,
): Refusal {
  return refusal(
    400,
    operationNotSupportedBody(name, deployment.model),
    "operation-not-supported",
    `${operation} on ${deployment.kind} deployment "${deployment.name}" (${deployment.model})`,
  );
}

/**
 * 400 for a body that is not JSON.
 *
 * @example
 * invalidJson();
 */
export function invalidJson(): Refusal {
  return refusal(400, INVALID_JSON_BODY, "invalid-request", "the body is not JSON");
}

/**
 * The 400 for a request body the operation cannot accept, in Azure's `invalid_request_error`
 * shape, shared by chat completions, completions and embeddings.
 *
 * @example
 * return err(invalidRequest("'messages' is a required property", "messages"));
 */
export function invalidRequest(
  message: string,
  param: string | null = null,
  code: string | null = null,
): Refusal {
  return refusal(400, invalidRequestBody(message, param, code), "invalid-request", message);
}

/**
 * 400 for a v1 request without the deployment name in `model`.
 *
 * @example
 * modelRequired();
 */
export function modelRequired(): Refusal {
  return refusal(
    400,
    invalidRequestBody("you must provide a model parameter"),
    "invalid-request",
    "the v1 API needs the deployment name in `model`",
  );
}

/**
 * 400 `no_model_name` from Azure AI model inference (`/models/...`): no `model` in the body and no
 * `x-ms-model-mesh-model-name` header.
 *
 * @example
 * noModelName();
 */
export function noModelName(): Refusal {
  return refusal(
    400,
    NO_MODEL_NAME_BODY,
    "invalid-request",
    "model inference needs the deployment name in `model` or x-ms-model-mesh-model-name",
  );
}

/**
 * `unknown_model` from Azure AI model inference for a model name the account has no (ready)
 * deployment of. 404: the one verbatim capture of this body (GitHub Models, the same service) came
 * with 404; no capture from `services.ai.azure.com/models` was found, where it may be 400.
 *
 * @example
 * unknownModel("gpt-5", 'account contoso has no deployment "gpt-5"');
 */
export function unknownModel(name: string, detail: string): Refusal {
  return refusal(404, unknownModelBody(name), "resource.deployment-not-found", detail);
}

/**
 * 400 `previous_response_not_found`: `previous_response_id` names no response stored for the account.
 *
 * @example
 * previousResponseNotFound("resp_1");
 */
export function previousResponseNotFound(id: string): Refusal {
  return refusal(
    400,
    previousResponseNotFoundBody(id),
    "invalid-request",
    `previous_response_id ${id} is not stored (never created, deleted, created with store: false, or evicted)`,
  );
}

/**
 * 404 for `GET` / `DELETE` of a response that is not stored for the account.
 *
 * @example
 * responseNotFound("resp_1");
 */
export function responseNotFound(id: string): Refusal {
  return refusal(404, responseNotFoundBody(id), "not-found", `response ${id} is not stored`);
}

// --- rate limit ---------------------------------------------------------------------------------

/**
 * 429 with `retry-after` (and `x-ratelimit-remaining-*`) when a deployment's RPM (`call`) or TPM
 * (`token`) limit is reached.
 *
 * @example
 * rateLimited({ deployment, operation: "ChatCompletions_Create", apiVersion: "2024-10-21", kind: "token", tier: "OpenAI S0", retryAfterSeconds: 12, remaining: { tokens: 3 } });
 */
export function rateLimited(options: {
  deployment: Deployment;
  operation: string;
  apiVersion: string;
  kind: RateLimitKind;
  tier: string;
  retryAfterSeconds: number;
  /** The headroom before the request, sent as `x-ratelimit-remaining-*`. */
  remaining: RateLimitRemaining;
}): Refusal {
  const { deployment, kind, retryAfterSeconds, remaining } = options;
  return {
    ...refusal(
      429,
      rateLimitBody(options),
      "resource.rate-limited",
      `${kind === "call" ? "rpm" : "tpm"} limit of deployment "${deployment.name}" (rpm ${deployment.rpm ?? "-"}, tpm ${deployment.tpm ?? "-"}); retry after ${retryAfterSeconds} s`,
    ),
    headers: {
      ...(remaining.requests === undefined
        ? {}
        : { "x-ratelimit-remaining-requests": String(remaining.requests) }),
      ...(remaining.tokens === undefined ? {} : { "x-ratelimit-remaining-tokens": String(remaining.tokens) }),
      "retry-after": String(retryAfterSeconds),
    },
  };
}
