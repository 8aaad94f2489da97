/**
 * Azure OpenAI data-plane error bodies, byte for byte.
 *
 * Copied from `reference/error-bodies.md` (section named on each constant) or, where the reference
 * has no entry, from the public report cited. Spacing is part of the contract: several Azure bodies
 * have a space after `"message":` and others do not, and the flat 401 has spaces after both colons.
 * The emulator never imports the knowledge matchers: these strings are its own copy, tested against
 * the reference.
 */

/**
 * Flat 401 of the token gate: no token, malformed `Authorization`, bad signature, expired or wrong
 * audience, or an API key sent as a Bearer token. The parenthesis names the audience the endpoint
 * expects. error-bodies.md §2 (langchain-ai/langchain#17373 and others).
 *
 * @example
 * flatUnauthorizedBody("https://cognitiveservices.azure.com");
 * // '{"statusCode": 401, "message": "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired."}'
 */
export function flatUnauthorizedBody(audience: string): string {
  return `{"statusCode": 401, "message": "Unauthorized. Access token is missing, invalid, audience is incorrect (${audience}), or have expired."}`;
}

/**
 * 401 for a valid token whose principal lacks the data action, newer wording naming the action and
 * the operation template. error-bodies.md §2 (chadtoney/ai-agents-trainer-hub); the Foundry form
 * adds the permissions link (davrous/AzureAgentToM365#3, microsoft/ai-agent-evals#43).
 *
 * @example
 * permissionDeniedBody("0000...", "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action",
 *   "POST /openai/deployments/{deployment-id}/chat/completions");
 */
export function permissionDeniedBody(
  principalId: string,
  dataAction: string,
  operation: string,
  foundry = false,
): string {
  const link = foundry
    ? " For instructions on granting the necessary permissions, see https://aka.ms/FoundryPermissions."
    : "";
  return JSON.stringify({
    error: {
      code: "PermissionDenied",
      message: `The principal ${principalId} lacks the required data action ${dataAction} to perform ${operation} operation.${link}`,
    },
  });
}

/**
 * 400 for a token from another tenant than the resource's. error-bodies.md §2 quotes the Python
 * repr `{'error': {'code': ..., 'message': ...}}`; this is the JSON the service sent.
 *
 * @example
 * tenantMismatchBody("72f988bf-86f1-41af-91ab-2d7cd011db47");
 */
export function tenantMismatchBody(tokenTenantId: string): string {
  return JSON.stringify({
    error: {
      code: "Tenant provided in token does not match resource token",
      message: `Token tenant ${tokenTenantId} does not match resource tenant.`,
    },
  });
}

/**
 * 400 for a token sent to a regional endpoint. error-bodies.md §2 (MicrosoftDocs cognitive-services-custom-subdomains.md).
 *
 * @example
 * return jsonResponse(400, CUSTOM_SUBDOMAIN_REQUIRED_BODY, meta);
 */
export const CUSTOM_SUBDOMAIN_REQUIRED_BODY =
  '{"error":{"code":"BadRequest","message":"Please provide a custom subdomain for token authentication, otherwise API key is required."}}';

/**
 * 403 for `api-key` on an account with `disableLocalAuth`. error-bodies.md §2 (note the space after `"message":`).
 *
 * @example
 * return jsonResponse(403, AUTHENTICATION_TYPE_DISABLED_BODY, meta);
 */
export const AUTHENTICATION_TYPE_DISABLED_BODY =
  '{"error":{"code":"AuthenticationTypeDisabled","message": "Key based authentication is disabled for this resource."}}';

/**
 * 401 for a wrong or foreign `api-key`. error-bodies.md §2 (SciSharp/BotSharp#386).
 *
 * @example
 * return jsonResponse(401, INVALID_SUBSCRIPTION_KEY_BODY, meta);
 */
export const INVALID_SUBSCRIPTION_KEY_BODY =
  '{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}}';

/**
 * 403 from IP/VNet rules, sent with `policy-id: ThrowExceptionDueToTrafficDenied`. error-bodies.md §2.
 *
 * @example
 * return jsonResponse(403, FIREWALL_BODY, meta, { ...FIREWALL_POLICY_HEADER });
 */
export const FIREWALL_BODY =
  '{"error":{"code":"403","message": "Access denied due to Virtual Network/Firewall rules."}}';

/**
 * Header that marks a network-rule 403. error-bodies.md §2 and §6.
 *
 * @example
 * FIREWALL_POLICY_HEADER["policy-id"]; // "ThrowExceptionDueToTrafficDenied"
 */
export const FIREWALL_POLICY_HEADER = { "policy-id": "ThrowExceptionDueToTrafficDenied" } as const;

/**
 * 403 when a VNet is configured and the request used another endpoint (flat, no wrapper). error-bodies.md §2 (continuedev/continue#12547).
 *
 * @example
 * return jsonResponse(403, VIRTUAL_NETWORK_BODY, meta);
 */
export const VIRTUAL_NETWORK_BODY =
  '{"code":"403","message":"A Virtual Network is configured for this resource. Please use the correct endpoint for making requests. Check https://aka.ms/cogsvc-vnet for more details."}';

/**
 * 403 when public network access is disabled. error-bodies.md §2 gives the message text only
 * (TabularEditor/TabularEditor3#1557); the wrapped `code: "403"` shape is the one §1 gives every
 * network-rule refusal.
 *
 * @example
 * return jsonResponse(403, PUBLIC_ACCESS_DISABLED_BODY, meta);
 */
export const PUBLIC_ACCESS_DISABLED_BODY =
  '{"error":{"code":"403","message":"Public access is disabled. Please configure private endpoint."}}';

/**
 * 403 for a private-endpoint-only account reached from outside. error-bodies.md §2 gives the text
 * only; wrapped like the other network-rule refusals (§1).
 *
 * @example
 * return jsonResponse(403, PRIVATE_ENDPOINT_ONLY_BODY, meta);
 */
export const PRIVATE_ENDPOINT_ONLY_BODY =
  '{"error":{"code":"403","message":"Traffic is not from an approved private endpoint"}}';

/**
 * 404 for an unknown or too-new deployment. error-bodies.md §2 (chatboxai/chatbox#861).
 *
 * @example
 * return jsonResponse(404, DEPLOYMENT_NOT_FOUND_BODY, meta);
 */
export const DEPLOYMENT_NOT_FOUND_BODY =
  '{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."}}';

/**
 * 404 for a path the gateway does not route, including the deployments form without `api-version`.
 * Not in error-bodies.md; verbatim (with the space after `"message":`) from KeyserDSoze/Rystem.OpenAi#22
 * and ThinkInAIXYZ/deepchat#262; MicrosoftDocs/azure-docs#114602 reports the 404 for a missing api-version.
 *
 * @example
 * return jsonResponse(404, RESOURCE_NOT_FOUND_BODY, meta);
 */
export const RESOURCE_NOT_FOUND_BODY = '{"error":{"code":"404","message": "Resource not found"}}';

/**
 * The operation names Azure uses in `OperationNotSupported` messages.
 *
 * @example
 * const op: UnsupportedOperationName = "chatCompletion";
 */
export type UnsupportedOperationName = "chatCompletion" | "completion" | "embeddings" | "responses";

/**
 * 400 when the deployment's model cannot serve the operation (embeddings on a chat model, chat on an
 * embeddings model). Not in error-bodies.md; verbatim from microsoft/graphrag#1557 (chatCompletion on
 * text-embedding-3-large), OpenHands/OpenHands#1003 (embeddings on gpt-35-turbo) and
 * Azure-Samples/openai-python-enterprise-logging#27 (completion on gpt-35-turbo). The `responses`
 * name follows the pattern; no public report shows the Responses API's wording.
 *
 * @example
 * operationNotSupportedBody("embeddings", "gpt-35-turbo");
 */
export function operationNotSupportedBody(operation: UnsupportedOperationName, model: string): string {
  return JSON.stringify({
    error: {
      code: "OperationNotSupported",
      message: `The ${operation} operation does not work with the specified model, ${model}. Please choose different model and try again. You can learn more about which models can be used with each operation here: https://go.microsoft.com/fwlink/?linkid=2197993.`,
    },
  });
}

/**
 * Which limit a 429 reports: `token` for TPM, `call` for RPM.
 *
 * @example
 * const kind: RateLimitKind = "call";
 */
export type RateLimitKind = "token" | "call";

/**
 * 429 body. error-bodies.md §5 for the token-rate form; the call-rate form ("have exceeded call rate
 * limit", RPM) is verbatim from public reports (e.g. BerriAI/litellm logs with `Embeddings_Create`),
 * as is the singular "Please retry after 1 second." (a `2023-03-15-preview` embeddings report).
 *
 * @example
 * rateLimitBody({ operation: "ChatCompletions_Create", apiVersion: "2024-08-01-preview", kind: "token", tier: "OpenAI S0", retryAfterSeconds: 22 });
 */
export function rateLimitBody(options: {
  operation: string;
  apiVersion: string;
  kind: RateLimitKind;
  tier: string;
  retryAfterSeconds: number;
}): string {
  const seconds = options.retryAfterSeconds === 1 ? "1 second" : `${options.retryAfterSeconds} seconds`;
  return JSON.stringify({
    error: {
      code: "429",
      message: `Requests to the ${options.operation} Operation under Azure OpenAI API version ${options.apiVersion} have exceeded ${options.kind} rate limit of your current ${options.tier} pricing tier. Please retry after ${seconds}. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.`,
    },
  });
}

/**
 * 400 for a body that is not JSON. Azure relays the model service's OpenAI-shaped errors
 * (`{"error":{"message","type":"invalid_request_error","param","code"}}`, e.g.
 * Azure/azure-sdk-for-net#40645); the wording is OpenAI's (ChatGPTNextWeb/NextChat#4064). No
 * Azure-specific report of this case was found.
 *
 * @example
 * return jsonResponse(400, INVALID_JSON_BODY, meta);
 */
export const INVALID_JSON_BODY = JSON.stringify({
  error: {
    message:
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
    type: "invalid_request_error",
    param: null,
    code: null,
  },
});

/**
 * 400 for a well-formed body that breaks the operation's schema, in the model service's shape
 * (`'messages' is a required property`, as in Azure/azure-sdk-for-net#40645's `... - 'response_format'`).
 *
 * @example
 * invalidRequestBody("'messages' is a required property");
 */
export function invalidRequestBody(
  message: string,
  param: string | null = null,
  code: string | null = null,
): string {
  return JSON.stringify({ error: { message, type: "invalid_request_error", param, code } });
}

/**
 * 400 for a dated `api-version` on the account's `/openai/v1/...` paths (they take none, `v1` or
 * `preview`). Verbatim from zendev-sh/goai#54 and third-party test fixtures quoting the full body.
 *
 * @example
 * return jsonResponse(400, API_VERSION_NOT_SUPPORTED_BODY, meta);
 */
export const API_VERSION_NOT_SUPPORTED_BODY =
  '{"error":{"code":"BadRequest","message":"API version not supported"}}';

/**
 * 400 for any `api-version` on a Foundry project's `/api/projects/<p>/openai/v1/...` paths.
 * Verbatim from third-party reports (openai-python prints it as `{'code': 'BadRequest', 'message':
 * 'api-version query parameter is not allowed when using /v1 path'}`).
 *
 * @example
 * return jsonResponse(400, API_VERSION_NOT_ALLOWED_BODY, meta);
 */
export const API_VERSION_NOT_ALLOWED_BODY =
  '{"error":{"code":"BadRequest","message":"api-version query parameter is not allowed when using /v1 path"}}';

/**
 * 400 from Azure AI model inference (`<name>.services.ai.azure.com/models/...`) for a request that
 * names no model in the body or the `x-ms-model-mesh-model-name` header. Verbatim from
 * microsoft/AI-Red-Teaming-Playground-Labs#14 and microsoft/semantic-kernel#10483, #10339.
 *
 * @example
 * return jsonResponse(400, NO_MODEL_NAME_BODY, meta);
 */
export const NO_MODEL_NAME_BODY =
  '{"error":{"code":"no_model_name","message":"No model specified in request. Please provide a model name in the request body or as a x-ms-model-mesh-model-name header.","details":"No model specified in request. Please provide a model name in the request body or as a x-ms-model-mesh-model-name header."}}';

/**
 * Azure AI model inference's answer for a model name the account has no deployment of: the same
 * backend shape as `no_model_name`, verbatim from microsoft/Generative-AI-for-beginners-dotnet#302
 * (captured on GitHub Models, which runs the same service).
 *
 * @example
 * unknownModelBody("gpt-5"); // '{"error":{"code":"unknown_model","message":"Unknown model: gpt-5","details":"Unknown model: gpt-5"}}'
 */
export function unknownModelBody(name: string): string {
  const message = `Unknown model: ${name}`;
  return JSON.stringify({ error: { code: "unknown_model", message, details: message } });
}

/**
 * 400 for a `previous_response_id` that names no stored response: the model service's
 * `invalid_request_error` shape with code `previous_response_not_found`, as OpenAI words it
 * (public client code classifying it quotes `Previous response with id 'resp_…' not found.` with
 * status 400). No Azure-specific capture was found; Azure relays the model service's errors.
 *
 * @example
 * previousResponseNotFoundBody("resp_1");
 */
export function previousResponseNotFoundBody(id: string): string {
  return invalidRequestBody(
    `Previous response with id '${id}' not found.`,
    "previous_response_id",
    "previous_response_not_found",
  );
}

/**
 * 404 for `GET` / `DELETE /responses/{id}` (and its `input_items`) of a response that is not
 * stored: OpenAI's wording (`Response with id '…' not found.`); no Azure capture was found.
 *
 * @example
 * responseNotFoundBody("resp_1");
 */
export function responseNotFoundBody(id: string): string {
  return invalidRequestBody(`Response with id '${id}' not found.`);
}

/**
 * 500 for anything unexpected: a generic body, the details go to the log only.
 *
 * @example
 * return jsonResponse(500, INTERNAL_ERROR_BODY, meta);
 */
export const INTERNAL_ERROR_BODY =
  '{"error":{"code":"InternalServerError","message":"The service encountered an internal error. Please retry."}}';
