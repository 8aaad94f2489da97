import { describe, expect, it } from "vitest";
import {
  AUTHENTICATION_TYPE_DISABLED_BODY,
  CUSTOM_SUBDOMAIN_REQUIRED_BODY,
  DEPLOYMENT_NOT_FOUND_BODY,
  FIREWALL_BODY,
  flatUnauthorizedBody,
  INVALID_SUBSCRIPTION_KEY_BODY,
  operationNotSupportedBody,
  PRIVATE_ENDPOINT_ONLY_BODY,
  PUBLIC_ACCESS_DISABLED_BODY,
  permissionDeniedBody,
  RESOURCE_NOT_FOUND_BODY,
  rateLimitBody,
  tenantMismatchBody,
  VIRTUAL_NETWORK_BODY,
} from "../../../src/emulator/data-plane/error-bodies.js";

// Expected strings are copied by hand from reference/error-bodies.md, not from the module under test.
describe("data-plane error bodies match reference/error-bodies.md byte for byte", () => {
  it("flat 401 names the audience with Azure's spacing and 'have expired'", () => {
    expect(flatUnauthorizedBody("https://cognitiveservices.azure.com")).toBe(
      '{"statusCode": 401, "message": "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired."}',
    );
    expect(flatUnauthorizedBody("https://ai.azure.com")).toContain(
      "audience is incorrect (https://ai.azure.com)",
    );
  });

  it("PermissionDenied names principal, data action and operation template", () => {
    expect(
      permissionDeniedBody(
        "<principal-id>",
        "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action",
        "POST /openai/deployments/{deployment-id}/chat/completions",
      ),
    ).toBe(
      '{"error":{"code":"PermissionDenied","message":"The principal <principal-id> lacks the required data action Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action to perform POST /openai/deployments/{deployment-id}/chat/completions operation."}}',
    );
  });

  it("Foundry PermissionDenied carries the permissions link", () => {
    expect(
      permissionDeniedBody(
        "XXXX",
        "Microsoft.CognitiveServices/accounts/AIServices/agents/read",
        "GET /api/projects/{projectName}/assistants/{assistantId}",
        true,
      ),
    ).toBe(
      '{"error":{"code":"PermissionDenied","message":"The principal XXXX lacks the required data action Microsoft.CognitiveServices/accounts/AIServices/agents/read to perform GET /api/projects/{projectName}/assistants/{assistantId} operation. For instructions on granting the necessary permissions, see https://aka.ms/FoundryPermissions."}}',
    );
  });

  it("tenant mismatch is the JSON form of the reported body", () => {
    expect(tenantMismatchBody("<tid>")).toBe(
      '{"error":{"code":"Tenant provided in token does not match resource token","message":"Token tenant <tid> does not match resource tenant."}}',
    );
  });

  it("key, endpoint, network and deployment bodies", () => {
    expect(AUTHENTICATION_TYPE_DISABLED_BODY).toBe(
      '{"error":{"code":"AuthenticationTypeDisabled","message": "Key based authentication is disabled for this resource."}}',
    );
    expect(INVALID_SUBSCRIPTION_KEY_BODY).toBe(
      '{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}}',
    );
    expect(CUSTOM_SUBDOMAIN_REQUIRED_BODY).toBe(
      '{"error":{"code":"BadRequest","message":"Please provide a custom subdomain for token authentication, otherwise API key is required."}}',
    );
    expect(FIREWALL_BODY).toBe(
      '{"error":{"code":"403","message": "Access denied due to Virtual Network/Firewall rules."}}',
    );
    expect(VIRTUAL_NETWORK_BODY).toBe(
      '{"code":"403","message":"A Virtual Network is configured for this resource. Please use the correct endpoint for making requests. Check https://aka.ms/cogsvc-vnet for more details."}',
    );
    expect(PUBLIC_ACCESS_DISABLED_BODY).toContain(
      '"Public access is disabled. Please configure private endpoint."',
    );
    expect(PRIVATE_ENDPOINT_ONLY_BODY).toContain('"Traffic is not from an approved private endpoint"');
    expect(DEPLOYMENT_NOT_FOUND_BODY).toBe(
      '{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."}}',
    );
    expect(RESOURCE_NOT_FOUND_BODY).toBe('{"error":{"code":"404","message": "Resource not found"}}');
  });

  it("429 body follows §5 for token and call rate limits", () => {
    expect(
      rateLimitBody({
        operation: "ChatCompletions_Create",
        apiVersion: "2024-08-01-preview",
        kind: "token",
        tier: "OpenAI S0",
        retryAfterSeconds: 22,
      }),
    ).toBe(
      '{"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-08-01-preview have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 22 seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit."}}',
    );
    expect(
      rateLimitBody({
        operation: "Embeddings_Create",
        apiVersion: "2024-10-21",
        kind: "call",
        tier: "AIServices S0",
        retryAfterSeconds: 1,
      }),
    ).toContain(
      "Embeddings_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded call rate limit of your current AIServices S0 pricing tier. Please retry after 1 second. Please go here",
    );
  });

  it("OperationNotSupported names the operation and the model", () => {
    expect(operationNotSupportedBody("embeddings", "gpt-35-turbo")).toBe(
      '{"error":{"code":"OperationNotSupported","message":"The embeddings operation does not work with the specified model, gpt-35-turbo. Please choose different model and try again. You can learn more about which models can be used with each operation here: https://go.microsoft.com/fwlink/?linkid=2197993."}}',
    );
  });
});
