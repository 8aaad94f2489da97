import { describe, expect, it } from "vitest";
import { explain } from "../../src/knowledge/explain.js";
import { REAL_WORLD_CORPUS } from "../fixtures/real-world-corpus.js";

// Wordings generalised from development-split texts of test/fixtures/real-world-corpus.ts; each test
// cites the public report its text comes from.
function first(text: string): string | undefined {
  return explain(text)[0]?.code;
}

function codes(text: string): string[] {
  return explain(text).map((m) => m.code);
}

describe("real-world wordings (development split)", () => {
  // https://github.com/microsoft/build-your-first-agent-with-azure-ai-agent-service-workshop/issues/51
  it("agents' 'does not have permissions for <data action> actions' is a missing data action", () => {
    const text =
      "Identity(object id: c3d4c852-9968-458f-ac2a-d8508fafb10d) does not have permissions for Microsoft.MachineLearningServices/workspaces/agents/action actions. Please refer to https://aka.ms/azureml-auth-troubleshooting to fix the permissions issue";
    expect(first(text)).toBe("rbac.missing-data-action");
  });

  // https://learn-microsoft-com.analytics-portals.com/en-us/answers/questions/5835921/error-message-ai-bot-to-ms-teams
  it("Foundry's 'Please ensure that ... has <data action> action on' is a missing data action", () => {
    const text =
      "Authorization error encountered when processing your request with activityId=<removed>conversationId=<removed>. Please ensure that the project managed identity for project<removed> has Microsoft.CognitiveServices/accounts/AIServices/agents/write action on itself. This is typically done by assigning the Azure AI User built-in role to the project managed identity.";
    expect(first(text)).toBe("rbac.missing-data-action");
  });

  // https://github.com/BerriAI/litellm/issues/5522 and https://github.com/microsoft/sample-app-aoai-chatGPT/issues/1361
  it("a TLS verification failure (httpx, any spacing) is an untrusted certificate", () => {
    expect(
      first(
        "httpx.ConnectError : [SSL : CERTIFICATE_VERIFY_FAILED] certificate verify failed : self signed certificate in certificate chain (_ssl.c:1007)",
      ),
    ).toBe("network.tls-untrusted");
    expect(
      first(
        "Httpcore.ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate in certificate chain (_ssl.c:1016)",
      ),
    ).toBe("network.tls-untrusted");
  });

  // https://github.com/Azure-Samples/azure-search-openai-demo/issues/2148 and https://github.com/microsoft/kernel-memory/issues/664
  it("App Service's identity endpoint refusing the client id is an identity not assigned", () => {
    expect(
      first(
        "2024-11-12 16:43:01,947 - WARNING - AppServiceCredential.get_token failed: (None) No User Assigned or Delegated Managed Identity found for specified ClientId/ResourceId/PrincipalId.",
      ),
    ).toBe("credential.mi-identity-not-assigned");
    expect(
      first(
        'Azure.Identity.AuthenticationFailedException: ManagedIdentityCredential authentication failed: Service request failed.\nStatus: 400 (Bad Request)\nContent:\n{"statusCode":400,"message":"Unable to load the proper Managed Identity.","correlationId":"5736390c-xxxx-xxxx-b163-b23242f3cf88"}',
      ),
    ).toBe("credential.mi-identity-not-assigned");
  });

  // https://github.com/crewAIInc/crewAI/issues/1486 and https://github.com/crewAIInc/crewAI/issues/4018
  it("wrappers' 'no key configured' errors are missing credentials", () => {
    expect(
      first(
        "AuthenticationError: litellm.AuthenticationError: AuthenticationError: OpenAIException - The api_key client option must be set either by passing api_key to the client or by setting the OPENAI_API_KEY environment variable",
      ),
    ).toBe("client.missing-credentials");
    expect(
      first(
        "Error importing native provider: Azure API key is required. Set AZURE_API_KEY environment variable or pass api_key parameter.",
      ),
    ).toBe("client.missing-credentials");
    // The custom-subdomain body also says a key is required; it must keep its own cause.
    expect(
      first("Please provide a custom subdomain for token authentication, otherwise API key is required."),
    ).toBe("endpoint.regional-no-subdomain");
  });

  // https://github.com/Azure-Samples/openai-apim-lb/issues/31
  it("API Management's 'missing subscription key' is the gateway's key", () => {
    expect(
      first(
        "Authentication Error: 401 - {'statusCode': 401, 'message': 'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.'}",
      ),
    ).toBe("gateway.apim-subscription-key");
  });

  // https://github.com/Azure-Samples/ms-identity-java-webapi/issues/3, https://github.com/Azure/azure-sdk-for-js/issues/37025
  it("resource servers' issuer validation failures are a wrong tenant", () => {
    expect(
      first(
        '{\n    "error": "invalid_token",\n    "error_description": "Invalid Issuer (iss) claim: https://login.microsoftonline.com/my-tenant-info/v2.0"\n}',
      ),
    ).toBe("token.wrong-tenant");
    expect(
      first(
        "azure:RequestHandler:warning 401 https://cosmos-tqupcrnlmxgvs.documents.azure.com:443/  Request blocked by Auth cosmos-tqupcrnlmxgvs : Provided AAD token was issued by the authority [72f988bf-86f1-41af-91ab-2d7cd011db47] which is not trusted by this database account.",
      ),
    ).toBe("token.wrong-tenant");
  });

  // https://github.com/Significant-Gravitas/AutoGPT/issues/3562, https://github.com/langchain-ai/langgraph/issues/1304
  it("an endpoint without a scheme, as requests and httpx refuse it, is an invalid URL", () => {
    expect(
      first(
        "requests.exceptions.MissingSchema: Invalid URL 'your-base-url-for-azure/chat/completions': No scheme supplied. Perhaps you meant https://your-base-url-for-azure/chat/completions?\n\nand\n\n  raise error.APIConnectionError(\n###**openai.error.APIConnectionError: Error communicating with OpenAI: Invalid URL 'your-base-url-for-azure/chat/completions': No scheme supplied. Perhaps you meant https://your-base-url-for-azure/chat/completions?**_###",
      ),
    ).toBe("endpoint.invalid-url");
    expect(
      first(
        "UnsupportedProtocol: Request URL is missing an 'http://' or 'https://' protocol.\n\nThe above exception was the direct cause of the following exception:",
      ),
    ).toBe("endpoint.invalid-url");
  });

  // https://github.com/microsoft/autogen/issues/1151
  it("a Windows connect timeout (WinError 10060) is an unreachable endpoint", () => {
    expect(
      first(
        '  File "C:\\ProgramData\\Anaconda3\\envs\\autogen\\Lib\\socket.py", line 836, in create_connection\n    sock.connect(sa)\nTimeoutError: [WinError 10060] 。',
      ),
    ).toBe("endpoint.unreachable");
  });

  // https://github.com/openinterpreter/openinterpreter/issues/618
  it("'Unrecognized request argument supplied' is an api-version without the field", () => {
    expect(first("InvalidRequestError: Unrecognized request argument supplied: functions")).toBe(
      "resource.api-version",
    );
  });

  // https://github.com/Azure/azure-cli/issues/20758 (resolved by turning the proxy off)
  it("a ProxyError is the proxy's, whatever the host", () => {
    expect(
      first(
        "Please ensure you have network connection. Error detail: HTTPSConnectionPool(host='login.microsoftonline.com', port=443): Max retries exceeded with url: /common/oauth2/token (Caused by ProxyError('Cannot connect to proxy.', NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x04A4B2E0>: Failed to establish a new connection: [Errno 11001] getaddrinfo failed')))",
      ),
    ).toBe("network.proxy-refused");
  });

  // https://github.com/Azure/azure-cli/issues/25300 (the reporter was behind a proxy)
  it("a connection failure to the login host is Entra ID's, then the path to it", () => {
    expect(
      codes(
        "HTTPSConnectionPool(host='login.microsoftonline.com', port=443): Max retries exceeded with url: /organizations/v2.0/.well-known/openid-configuration (Caused by NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x05F7F520>: Failed to establish a new connection: [Errno 11001] getaddrinfo failed'))",
      ),
    ).toEqual(["credential.entra-unavailable", "network.proxy-refused", "network.tls-untrusted"]);
  });

  // https://github.com/Azure/azure-sdk-for-net/issues/54733
  it("a refused localhost connection in a managed identity's words is its endpoint's", () => {
    expect(
      codes(
        "MSAL.NetCore.4.78.0.0.MsalServiceException\nErrorCode: managed_identity_request_failed\n\nMicrosoft.Identity.Client.MsalServiceException: \nRetry failed after 6 tries. Retry settings can be adjusted in ClientOptions.Retry \nor by configuring a custom retry policy in ClientOptions.RetryPolicy.\n\nConnection attempts (all failed with same error):\n  - Connection refused (localhost:12356) [x6]",
      ).slice(0, 2),
    ).toEqual(["credential.mi-retries-exhausted", "credential.mi-unavailable"]);
  });

  // https://github.com/Azure/azure-powershell/issues/24964, https://github.com/Azure/azure-powershell/issues/25808
  it("MSAL's WAM broker failing in its own frames is the broker", () => {
    expect(
      first(
        "DEBUG: Azure.Identity.AuthenticationFailedException: InteractiveBrowserCredential authentication failed: User canceled authentication.\n ---> MSAL.CoreCLR.4.60.3.0.MsalClientException:\n        ErrorCode: authentication_canceled\nMicrosoft.Identity.Client.MsalClientException: User canceled authentication.\n   at Microsoft.Identity.Client.Platforms.Features.RuntimeBroker.WamAdapters.HandleResponse(AuthResult authResult, AuthenticationRequestParameters authenticationRequestParameters, ILoggerAdapter logger, String errorMessage)",
      ),
    ).toBe("credential.broker-unavailable");
    expect(
      first(
        "Error Acquiring Token:\nUnknown Status: Unexpected\nContext: Operation did not start in the allotted time.\nTag: 0x1e3d43d2 (error code 0) (internal error code 507331538)\n[10:50:40 ERR] Failed to Connect to Microsoft Security & Compliance\nMSAL.CoreCLR.4.65.0.0.MsalServiceException:\n        ErrorCode: unknown_broker_error",
      ),
    ).toBe("credential.broker-unavailable");
  });

  // https://github.com/Azure/azure-powershell/issues/24963, https://github.com/Azure/azure-powershell/issues/25028
  it("Azure PowerShell's lost WAM account and 'User interaction is required' are its sign-in", () => {
    expect(
      first(
        "Exception      : Azure.Identity.CredentialUnavailableException\nInvocationInfo : {Get-AzAccessToken}\nLine           : $ARMtoken = (Get-AzAccessToken).Token\n\nMessage        : Could not find a WAM account for the selected user. Error: Status: AccountNotFound\n                 Context: Account with id '(pii)' not found",
      ),
    ).toBe("credential.powershell-not-logged-in");
    expect(
      first(
        "Get-AzAccessToken: Authentication failed against tenant 00000000-0000-0000-0000-000000000000. User interaction is required. This may be due to the conditional access policy settings such as multi-factor authentication (MFA). If you need to access subscriptions in that tenant, please rerun 'Connect-AzAccount' with additional parameter '-TenantId 00000000-0000-0000-0000-000000000000'.",
      ),
    ).toBe("credential.powershell-not-logged-in");
  });

  // https://github.com/Azure/azure-powershell/issues/28200
  it("a continuous access evaluation challenge is Conditional Access", () => {
    expect(
      first(
        "##[error][InvalidAuthenticationToken] : Continuous access evaluation resulted in challenge with result: InteractionRequired and code: LocationConditionEvaluationSatisfied",
      ),
    ).toBe("aadsts.53003");
  });

  // https://github.com/mindsdb/mindshub/issues/11285, https://github.com/navintkr/openai-rag-audio/issues/2
  it("the api-version the service asks for, or one that is no version, is the api-version", () => {
    expect(first("API in preview mode, please use api-version=preview")).toBe("resource.api-version");
    expect(
      first(
        "  raise WSServerHandshakeError(\naiohttp.client_exceptions.WSServerHandshakeError: 404, message='Invalid response status', url=URL('wss://example.openai.azure.com/realtime?api-version=alpha')",
      ),
    ).toBe("resource.api-version");
    // A real version is not blamed.
    expect(
      codes(
        "aiohttp.client_exceptions.WSServerHandshakeError: 404, message='Invalid response status', url=URL('wss://example.openai.azure.com/openai/realtime?api-version=2024-10-01-preview')",
      )[0],
    ).not.toBe("resource.api-version");
  });

  // https://github.com/monuminu/AOAI_Samples/issues/5
  it("a realtime endpoint that is not a ws URI is an invalid URL", () => {
    expect(
      first(
        "Failed to connect to OpenAI realtime: https://xxx.openai.azure.com//openai/realtime?xxx isn't a valid URI: scheme isn't ws or wss",
      ),
    ).toBe("endpoint.invalid-url");
  });

  // https://github.com/RageAgainstThePixel/OpenAI-DotNet/issues/457
  it("a URL with no deployment name in it is the deployment", () => {
    expect(
      first(
        "https://ai-abc123.openai.azure.com/openai/deployments//responses?api-version=2025-04-01-preview",
      ),
    ).toBe("resource.deployment-not-found");
  });

  // https://github.com/MicrosoftDocs/azure-docs/issues/121084, https://github.com/Azure/azure-sdk-for-net/issues/46932
  it("an identity endpoint that answered with an error status is the endpoint's error", () => {
    expect(
      first(
        "stderr> MSI: Failed to retrieve a token from 'http://10.0.0.4:8911/v1/token/msi/xds' with an error of '405 Client Error: Method Not Allowed for url: http://10.0.0.4:8911/v1/token/msi/xds'. This could be caused by the MSI extension not yet fully provisioned.",
      ),
    ).toBe("credential.mi-endpoint-error");
    expect(
      first(
        "Unhandled exception. Azure.Identity.AuthenticationFailedException: ManagedIdentityCredential authentication failed: [Managed Identity] The error response was either empty or could not be parsed.. Error response received from the server: Invalid secret token header: .",
      ),
    ).toBe("credential.mi-endpoint-error");
  });

  // https://github.com/MicrosoftDocs/azure-docs/issues/83517
  it("jjwt's 'Expected aud claim to be' is a wrong audience", () => {
    expect(
      first(
        "<title>Error 400 io.jsonwebtoken.IncorrectClaimException: Expected aud claim to be: 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d, but was: https://management.core.windows.net/.</title>",
      ),
    ).toBe("token.wrong-audience");
  });

  // https://github.com/Azure-Samples/contoso-chat/issues/132
  it("'parameters are incomplete ... api_key are provided' is a client without credentials", () => {
    expect(
      first(
        "\"Execution failure in 'get_response': (InvalidConnectionError) AzureOpenAIModel parameters are incomplete. Please ensure azure_endpoint, api_version, and api_key are provided.\"",
      ),
    ).toBe("client.missing-credentials");
  });

  // https://github.com/Azure/azure-dev/pull/3150
  it("Storage's 'Issuer validation failed. Issuer did not match.' is a wrong tenant", () => {
    expect(
      first(
        'RESPONSE 401: 401 Server failed to authenticate the request. Please refer to the information in the www-authenticate header.\nERROR CODE: InvalidAuthenticationInfo\n--------------------------------------------------------------------------------\n<?xml version="1.0" encoding="utf-8"?><Error><Code>InvalidAuthenticationInfo</Code><Message>Server failed to authenticate the request. Please refer to the information in the www-authenticate header.\nRequestId:1c8750f0-401e-0048-4a29-338001000000\nTime:2023-12-20T09:47:46.7572768Z</Message><AuthenticationErrorDetail>Issuer validation failed. Issuer did not match.</AuthenticationErrorDetail></Error>',
      ),
    ).toBe("token.wrong-tenant");
  });

  // https://github.com/DuendeArchive/IdentityServer4/issues/5143, https://stackoverflow.com/questions/40336275,
  // https://github.com/MicrosoftDocs/azure-docs/pull/19707, https://learn.microsoft.com/en-us/answers/questions/1064084
  it("resource servers' audience validation failures are a wrong audience", () => {
    expect(
      first(
        "Microsoft.IdentityModel.Tokens.SecurityTokenInvalidAudienceException: IDX10214: Audience validation failed. Audiences: 'System.String'. Did not match: validationParameters.ValidAudience: 'System.String' or validationParameters.ValidAudiences: 'System.String'.",
      ),
    ).toBe("token.wrong-audience");
    expect(
      first('WWW-Authenticate: Bearer error="invalid_token", error_description="The audience is invalid"'),
    ).toBe("token.wrong-audience");
    expect(first("InvalidAudience: Invalid authorization token audience.")).toBe("token.wrong-audience");
    expect(first("Claim value mismatch: aud=xxxx-480e-b6bf-xxxxxx.")).toBe("token.wrong-audience");
  });

  // https://github.com/Azure-Samples/active-directory-dotnet-webapp-openidconnect/issues/25, https://github.com/s1t5/mail-archiver/issues/267
  it("lifetime validation failures are an expired token", () => {
    expect(
      first("IDX10223: Lifetime validation failed. The token is expired.\nValidTo: '05/19/2016 10:45:59'"),
    ).toBe("token.expired");
    expect(
      first(
        "Microsoft.Graph.Models.ODataErrors.ODataError: Lifetime validation failed, the token is expired.",
      ),
    ).toBe("token.expired");
  });

  // https://github.com/Azure-Samples/contoso-chat/issues/231
  it("the data plane's CheckAccess refusal is a missing data action", () => {
    expect(
      first(
        "Content: CheckAccess API call with non successful response. StatusCode: Forbidden Body: (Scrubbed, EUPI) uri: (Scrubbed, OII) Correlation Id: 2b1a1e59-c576-46db-b553-57b54098039a",
      ),
    ).toBe("rbac.missing-data-action");
  });

  // https://github.com/Azure-Samples/azure-search-openai-demo/issues/232
  it("azure-core's \"invalid status 'Forbidden'\" gets the ranked 403 candidates", () => {
    expect(
      codes("azure.core.exceptions.HttpResponseError: Operation returned an invalid status 'Forbidden'"),
    ).toEqual([
      "network.firewall",
      "network.public-access-disabled",
      "key.auth-disabled",
      "rbac.missing-data-action",
      "network.private-endpoint",
      "network.vnet-wrong-endpoint",
    ]);
  });

  // https://github.com/QwenLM/Qwen3-Coder/issues/438, https://github.com/BerriAI/litellm/issues/11910,
  // https://github.com/crewAIInc/crewAI/issues/2320 (there, the wrapper was given no api-version at all)
  it("a 404 Resource not found ranks the path, the deployment, the api-version, then none at all", () => {
    const expected = [
      "endpoint.extra-path",
      "resource.deployment-not-found",
      "resource.api-version",
      "client.api-version-missing",
    ];
    expect(codes("✕ [API Error: OpenAI API error: 404 Resource not found]")).toEqual(expected);
    expect(
      codes(
        "NotFoundError: litellm.NotFoundError: NotFoundError: OpenAIException - Error code: 404 - {'error': {'code': '404', 'message': 'Resource not found'}}",
      ),
    ).toEqual(expected);
    // With an api-version in the URL, it is not missing.
    expect(
      codes(
        "openai.NotFoundError: Error code: 404 - {'error': {'code': '404', 'message': 'Resource not found'}} POST https://x.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
      ),
    ).toEqual(expected.slice(0, 3));
  });

  // https://github.com/Azure-Samples/azure-search-openai-demo/issues/36
  it("MissingApiVersionParameter is the api-version", () => {
    expect(
      first(
        '{"error":{"code":"MissingApiVersionParameter","message":"The api-version query parameter (?api-version=) is required for all requests."}}',
      ),
    ).toBe("resource.api-version");
  });

  // https://github.com/Azure/azure-dev/issues/6667
  it("AzureDeveloperCLICredential's 'please run \"azd auth login\"' is azd not logged in", () => {
    expect(
      first(
        "ERROR: failed deploying service 'FoundryToolsReactAgentLG': failed to create agent version: HTTP request failed: AzureDeveloperCLICredential: please run \"azd auth login\" from a command prompt to authenticate before using this credential",
      ),
    ).toBe("credential.azd-not-logged-in");
  });

  // https://dotnet.territoriali.olinfo.it/en-us/answers/questions/5854285/ai-foundry-agent-authorization-error-teams-deploym
  it("the Foundry data-action wording also when the line breaks before 'action'", () => {
    expect(
      first(
        "Authorization error encountered when processing your request. \nPlease ensure that the user has Microsoft.CognitiveServices/accounts/AIServices/agents/write \naction on the project. This is typically done by assigning the Azure AI User built-in role to the user.",
      ),
    ).toBe("rbac.missing-data-action");
  });

  // https://github.com/microsoft/azure-container-apps/issues/502
  it("an identity endpoint answering a non-token status is an endpoint error", () => {
    expect(
      first(
        "Failed to connect to MSI. Please make sure MSI is configured correctly. Get Token request returned: <Response [405]>",
      ),
    ).toBe("credential.mi-endpoint-error");
  });

  // https://github.com/vibrantlabsai/ragas/issues/1047, https://github.com/crewAIInc/crewAI/issues/1386
  it("api.openai.com's wordings point at a base URL that is not Azure", () => {
    expect(first('Keep getting "Your authentication token is not from a valid issuer"')).toBe(
      "endpoint.not-azure",
    );
    expect(codes(" Error code: 401 - {'error': {'message': 'Incorrect API key provided")).toEqual([
      "endpoint.not-azure",
    ]);
  });

  // https://github.com/lopezleandro03/azd-devcenter/issues/11
  it("an expired sign-in printed through the Azure CLI is the CLI not signed in", () => {
    expect(
      first(
        "Error: building client: unable to obtain access token: running Azure CLI: exit status 1: ERROR: AADxxxxx: The refresh token has expired due to inactivity.",
      ),
    ).toBe("credential.cli-not-logged-in");
  });

  // https://github.com/langgenius/dify/issues/673
  it("a wrapper's own check of the deployment name is a deployment not found", () => {
    expect(
      first(
        "校验失败：Validation failed, error: Please check your 'gpt-3.5-turbo' or 'text-embedding-ada-002' deployment name is exists in Azure Al.",
      ),
    ).toBe("resource.deployment-not-found");
  });

  // https://github.com/microsoft/sample-app-aoai-chatGPT/issues/1024
  it("On Your Data's managed-identity failure, cut short as logs cut it", () => {
    expect(
      first(
        "openai.BadRequestError: Error code: 400 - {'error': {'code': 400, 'message': 'Failed to get managed ident",
      ),
    ).toBe("resource.managed-identity-not-enabled");
  });

  // https://github.com/Azure/azure-sdk-for-net/issues/37694
  it("Azure.Identity's managed-identity stack frames without their message name the managed identity", () => {
    const found = codes(
      "   at Azure.Identity.ImdsManagedIdentitySource.HandleResponseAsync(Boolean async, TokenRequestContext context, Response response, CancellationToken cancellationToken)\n   at Azure.Identity.ManagedIdentitySource.AuthenticateAsync(Boolean async, TokenRequestContext context, CancellationToken cancellationToken)",
    );
    expect(found).toEqual(["credential.mi-unavailable", "credential.mi-identity-not-assigned"]);
  });

  // https://github.com/Azure/azure-sdk-for-net/issues/14207, https://github.com/Azure-Samples/azure-search-openai-demo/issues/1162
  it("an identity SDK's exception with its reason lost is a credential chain that got no token", () => {
    expect(
      first(
        "Azure.Identity.CredentialUnavailableException: 'Process \"TokenService.exe\" has failed to get access token in 30 seconds.'",
      ),
    ).toBe("credential.chain-exhausted");
    expect(first("Error type: <class 'azure.core.exceptions.ClientAuthenticationError'>")).toBe(
      "credential.chain-exhausted",
    );
  });

  // https://github.com/Azure/azure-sdk-for-net/issues/19242
  it("a managed-identity refusal with only its status lists what that status means on each host", () => {
    const found = codes(
      "ManagedIdentityCredential authentication failed: Service request failed.\nStatus: 403 (Forbidden)\n\nContent:\nfailed to refresh token",
    );
    expect(found).toContain("credential.mi-pod-identity-not-ready");
    expect(found).toContain("credential.mi-endpoint-error");
    const bad = codes(
      "ManagedIdentityCredential authentication failed: Service request failed.\nStatus: 400 (Bad Request)",
    );
    expect(bad).toContain("credential.mi-audience-not-supported");
  });

  // https://github.com/langchain-ai/langchain/issues/6412
  it("golang-jwt's parse error is a gateway in front, not Azure", () => {
    expect(
      codes(
        "openai.error.AuthenticationError: invalid token provided: token contains an invalid number of segments",
      ),
    ).toEqual(["endpoint.not-azure", "gateway.apim-subscription-key", "key.sent-as-bearer"]);
  });

  // error-bodies.md §2 (microsoft/genaiscript#781): APIM words its own refusal the same way.
  it("an invalid subscription key also lists the API Management gateway's own key", () => {
    expect(
      codes(
        '{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}}',
      ),
    ).toEqual(["key.invalid", "token.in-api-key-header", "gateway.apim-subscription-key"]);
  });

  // error-bodies.md §3 (MicrosoftDocs/azure-docs#114370): the brief's wrong scope and other identity.
  it("PermissionDenied also lists a role at the wrong scope and a token of another identity", () => {
    const matches = explain(
      "ClientAuthenticationError: (PermissionDenied) Principal does not have access to API/Operation.",
    );
    expect(matches.map((m) => m.code)).toEqual([
      "rbac.missing-data-action",
      "rbac.control-plane-role-only",
      "rbac.propagation-pending",
      "rbac.wrong-scope",
      "rbac.other-principal",
    ]);
    expect(matches[2]?.distinguish).toContain("10 minutes");
    expect(matches[4]?.distinguish).toContain("oid");
  });

  // https://github.com/QwenLM/Qwen3-Coder/issues/438 printing style: a status line and no body.
  it("a bare 404 from an Azure AI endpoint ranks the deployment, the path and the api-version", () => {
    expect(
      codes(
        'HTTP Request: POST https://x.openai.azure.com/openai/deployments/gpt4/chat/completions?api-version=2024-06-01 "HTTP/1.1 404 Not Found"',
      ),
    ).toEqual(["resource.deployment-not-found", "endpoint.extra-path", "resource.api-version"]);
    // A 404 that says nothing about Azure AI is not narrowed to auth causes.
    expect(explain('HTTP Request: GET https://example.com/x "HTTP/1.1 404 Not Found"')).toEqual([]);
  });

  // https://github.com/AzureAD/microsoft-authentication-library-for-java/issues/597 (lower-case
  // printing) and Entra's AADSTS50057 message: messages printed without their code, in any case.
  it("an Entra message without its AADSTS code, whole or in another case, still names the code", () => {
    expect(first("Error: The user account is disabled.")).toBe("aadsts.50057");
    expect(
      first(
        "access has been blocked by conditional access policies. the access policy does not allow token issuance.",
      ),
    ).toBe("aadsts.53003");
  });

  // https://github.com/microsoft/vscode-azure-account/issues/948: Entra's MFA sentence outside azd
  // is AADSTS50076; azd's own stderr words (credentials.md §10) stay azd's.
  it("Entra's multi-factor sentence is aadsts.50076 unless azd printed it", () => {
    const sentence =
      "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '797f4846-ba00-4fd7-ba43-dac1f8f63013'.";
    expect(first(sentence)).toBe("aadsts.50076");
    expect(first(`ERROR: fetching token: azd: ${sentence}`)).toBe("credential.azd-mfa-required");
    expect(first("reauthentication required")).toBe("credential.azd-mfa-required");
  });

  // https://github.com/dotnet/docker-tools/issues/2012
  it("an OIDC refusal naming a service connection the stage does not reference", () => {
    expect(
      first(
        'Azure.Identity.AuthenticationFailedException: OIDC token not found in response.\nResponse= {\n  "count": 151,\n  "value": "There is no explicit reference to service connection 00000000-0000-0000-0000-000000000000\n    from current stage <StageName>.<JobName>.__default."\n}',
      ),
    ).toBe("credential.pipelines-service-connection");
  });

  // https://github.com/Azure/azure-sdk-for-js/pull/8139
  it("a status Entra answered inside a credential chain is the chain's, not the data plane's", () => {
    expect(
      codes(
        "(node:26364) UnhandledPromiseRejectionWarning: AggregateAuthenticationError: Authentication failed to complete due to the following errors:\n\nAuthenticationError: An error was returned while authenticating to Azure Active Directory (status code 400).",
      ),
    ).toEqual(["credential.chain-exhausted"]);
    // azure-core's ClientAuthenticationError alone is any service's 401: the data-plane candidates.
    expect(first("azure.core.exceptions.ClientAuthenticationError: (401) status code 401")).toBe(
      "token.wrong-audience",
    );
  });

  // https://github.com/crewAIInc/crewAI/issues/2444, https://github.com/scalaone/azure-openai-proxy/issues/21
  it("a reset connection lists an answer cut short by what is in between", () => {
    for (const text of [
      "ConnectionResetError: [Errno 104] Connection reset by peer",
      "Error in getCompletions: Error: read ECONNRESET",
    ]) {
      expect(codes(text)).toEqual([
        "endpoint.unreachable",
        "network.body-cut-short",
        "network.proxy-refused",
        "network.private-endpoint",
      ]);
    }
  });

  // https://github.com/Azure/azure-sdk-for-java/issues/34796, https://github.com/Azure/azure-sdk-for-java/issues/14975
  it("Java's managed-identity retries and EnvironmentCredential log lines", () => {
    expect(first("ERROR [IdentityClient] MSI: Failed to acquire tokens after retrying 3 times")).toBe(
      "credential.mi-retries-exhausted",
    );
    const [env] = explain(
      "ERROR 9552 --- [main] c.azure.identity.EnvironmentCredential   : Azure Identity => ERROR in EnvironmentCredential: Missing required environment variable AZURE_CLIENT_ID",
    );
    expect(env?.code).toBe("credential.env-not-configured");
    expect(env?.facts.envVar).toBe("AZURE_CLIENT_ID");
  });

  // https://github.com/microsoft/azure-container-apps/issues/568
  it("a connection refused by the host's managed-identity endpoint is the identity's, not Azure AI's", () => {
    expect(
      first(
        "ERROR: MSI: Failed to retrieve a token from 'http://localhost:42356/msi/token/?resource=https://management.core.windows.net/&api-version=2017-09-01' with an error of 'HTTPConnectionPool(host='localhost', port=42356): Max retries exceeded with url: /msi/token/ (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f63f27ac2b0>: Failed to establish a new connection: [Errno 111] Connection refused'))'.",
      ),
    ).toBe("credential.mi-unavailable");
  });

  // https://github.com/Azure/azure-dev/issues/10, https://github.com/agno-agi/agno/issues/5656
  it("a tool relaying the CLI's sign-in, and a wrapper's own missing-key check", () => {
    expect(
      first(
        "Error: running init: loading environment: initializing environment: prompting for location: listing locations: cli is not logged in",
      ),
    ).toBe("credential.cli-not-logged-in");
    expect(
      first(
        "ModelAuthenticationError(agno.exceptions.ModelAuthenticationError: AZURE_OPENAI_API_KEY not set. Please set the AZURE_OPENAI_API_KEY environment variable.)",
      ),
    ).toBe("client.missing-credentials");
  });

  // https://github.com/Azure-Samples/azure-search-openai-demo/issues/440, https://github.com/BerriAI/litellm/issues/9266,
  // https://github.com/gitkraken/vscode-gitlens/issues/2940
  it("wrapped and relayed statuses: a search 403 inside On Your Data, LiteLLM's 404, an editor's 401", () => {
    expect(
      codes(
        "Invalid AzureCognitiveSearch configuration detected: `403 Client Error: Forbidden for url: https://AZURE_SEARCH_SERVICE.search.windows.net/indexes/azureblob-index-v3?api-version=2021-04-30-Preview`",
      ),
    ).toContain("key.invalid");
    expect(
      first("litellm.exceptions.APIError: litellm.APIError: AzureException APIError - Resource not found"),
    ).toBe("endpoint.extra-path");
    expect(codes("Unable to generate commit message: (OpenAI:401) Unauthorized")).toContain(
      "key.sent-as-bearer",
    );
  });

  // https://github.com/Azure-Samples/azure-search-openai-demo/issues/1713
  it("a key credential passed where a token credential is expected cannot give tokens", () => {
    expect(
      first(
        "ERROR:root:Exception in /chat: 'AzureKeyCredential' object has no attribute 'get_token'\nTraceback (most recent call last):\n  File \"src\\backend\\app.py\", line 178, in chat",
      ),
    ).toBe("client.token-provider-failed");
  });

  // https://github.com/Azure/azure-sdk-for-net/issues/50268
  it("Visual Studio's token service relaying Entra's preauthorization message without its code", () => {
    const text =
      "- VisualStudioCredential authentication failed: Process \"C:\\Program Files\\Microsoft Visual Studio\\2022\\Community\\Common7\\IDE\\CommonExtensions\\Microsoft\\Asal\\TokenService\\Microsoft.Asal.TokenService.exe\" has failed with unexpected error: TS003: Error, TS004: Unable to get access token.  'Consent between first party application '04f0c124-f2bc-4f59-8241-bf6df9866bbd' and first party resource '18a66f5f-dbdf-4c17-9dd7-1634712a9cbe' must be configured via preauthorization - applications owned and operated by Microsoft must get approval from the API owner before requesting tokens for that API. Trace ID: 63dae0af-5e56-4ca5-b343-8700c30da500";
    expect(first(text)).toBe("aadsts.65002");
  });

  // https://github.com/Azure/azure-sdk-for-net/issues/19241
  it("pod identity's NMI answering before it has listed the pod", () => {
    expect(
      first(
        "ManagedIdentityCredential authentication failed: Service request failed.\nStatus: 500 (Internal Server Error)\n\nContent:\npod list is empty\n",
      ),
    ).toBe("credential.mi-pod-identity-not-ready");
  });

  // https://github.com/Azure/azure-workload-identity/issues/488, https://github.com/BerriAI/litellm/issues/1458
  it("a workload identity without its token file, and Windows' getaddrinfo failure", () => {
    expect(
      first(
        'E0705 12:17:57.022789 1 token_credential.go:43] "failed to read the service account token from the filesystem" err="open : no such file or directory"',
      ),
    ).toBe("credential.workload-incomplete");
    expect(first("httpx.ConnectError: [Errno 11001] getaddrinfo failed")).toBe("endpoint.unreachable");
  });

  // https://github.com/Azure-Samples/azure-search-openai-demo/issues/2331
  it("On Your Data's wrapped search refusal lists the search service's firewall", () => {
    expect(
      codes(
        "Exception Error code: 400 - {'error': {'requestid': '9ad0e3db', 'code': 400, 'message': \"Invalid AzureCognitiveSearch configuration detected: Call to get Azure Search index failed. Check if you are using the correct Azure Search endpoint and index name.\"}}",
      ),
    ).toContain("network.firewall");
  });

  // https://github.com/Azure/azure-sdk-for-go/issues/22859
  it("a chain that tried one credential failed for that credential's reason", () => {
    expect(
      first(
        "DefaultAzureCredential: failed to acquire a token. \nAttempted credentials: \nManagedIdentityCredential: managed identity timed out",
      ),
    ).toBe("credential.mi-timeout");
  });

  // https://github.com/jenkinsci/azure-vm-agents-plugin/pull/110
  it("AADSTS70002 announces the code printed after it", () => {
    expect(
      codes(
        'com.microsoft.aad.adal4j.AuthenticationException: {"error_description":"AADSTS70002: Error validating credentials. AADSTS50012: Invalid client secret is provided.\\r\\nTrace ID: 6717609e-727d-4901-9244-bdf01c9f2600","error":"invalid_client"}',
      ).slice(0, 2),
    ).toEqual(["aadsts.50012", "aadsts.70002"]);
  });

  // https://github.com/Azure-Samples/azure-search-openai-demo/issues/1299, https://github.com/MicrosoftLearning/mslearn-azure-ml/issues/115
  it("an authorization step's refusal and a service's refused token list the role causes", () => {
    expect(
      codes(
        "ERROR:root:Exception while generating response stream: () Authorization failed.\nCode: \nMessage: Authorization failed.",
      ),
    ).toEqual([
      "rbac.missing-data-action",
      "rbac.control-plane-role-only",
      "rbac.propagation-pending",
      "rbac.wrong-scope",
      "rbac.other-principal",
    ]);
    expect(
      codes(
        "MlException: Microsoft Entra Token denied by policy, please review https://learn.microsoft.com/en-us/azure/machine-learning/how-to-authenticate-online-endpoint",
      ),
    ).toEqual(["rbac.missing-data-action", "token.wrong-audience", "rbac.other-principal"]);
  });

  // https://github.com/MicrosoftTranslator/Text-Translation-API-V3-C-Sharp-Tutorial/issues/3, https://github.com/letta-ai/letta/issues/196,
  // https://github.com/MicrosoftLearning/mslearn-ai-agents/pull/63, https://github.com/anthropics/claude-code/issues/31570
  it("clients built without a credential, in four wordings", () => {
    expect(
      codes(
        '{"error":{"code":401000,"message":"The request is not authorized because credentials are missing or invalid."}}',
      ),
    ).toEqual(["client.missing-credentials", "key.invalid"]);
    expect(
      first(
        "AuthenticationError: No API key provided. You can set your API key in code using 'openai.api_key = <API-KEY>', or you can set the environment variable OPENAI_API_KEY=<API-KEY>).",
      ),
    ).toBe("client.missing-credentials");
    expect(
      first(
        "agent_framework.exceptions.ServiceInitializationError: Azure credential is required when agents_client is not provided.",
      ),
    ).toBe("client.missing-credentials");
    expect(
      first(
        'Could not resolve authentication method. Expected either apiKey or authToken to be set. \nOr for one of the "X-Api-Key" or "Authorization" headers to be explicitly omitted',
      ),
    ).toBe("client.missing-credentials");
  });

  // https://github.com/EntityProcess/agentv/issues/931, https://github.com/joselcaguilar/azure-openai-ha/issues/92
  it("an endpoint that is not a URL, and OpenAI's 404 for a path the service does not serve", () => {
    expect(
      first(
        'pi-coding-agent SDK error (provider: openai, model: gpt-5.4-mini): "leos-m6pmw8kz-eastus2/responses" cannot be parsed as a URL.',
      ),
    ).toBe("endpoint.invalid-url");
    expect(
      codes(
        "Error talking to Azure OpenAI: Error code: 404 - {'error': {'message': 'Invalid URL (POST /v1/responses)', 'type': 'invalid_request_error', 'param': None, 'code': None}}",
      ).slice(0, 2),
    ).toEqual(["resource.api-version", "endpoint.extra-path"]);
  });

  // https://github.com/alexrudall/ruby-openai/issues/531, https://github.com/MicrosoftLearning/mslearn-ai-vision/issues/21
  it("Faraday's ResourceNotFound, and a key of a resource that does not offer the API", () => {
    expect(codes("Faraday::ResourceNotFound: the server responded with status 404")).toEqual([
      "resource.deployment-not-found",
      "endpoint.extra-path",
      "resource.api-version",
    ]);
    expect(
      first(
        '{"error":{"code":"401","message": "The Analyze Operation under Computer Vision APIs (2023-10-01) is not supported with the current subscription key and pricing tier OpenAI.S0."}}',
      ),
    ).toBe("key.invalid");
  });

  // https://github.com/Azure/azure-powershell/issues/14925, https://github.com/Azure/azure-workload-identity/issues/725
  it("MSAL's token cache persistence check, and NMI listing a pod's identities", () => {
    expect(
      first(
        "WARNING: Please run 'Connect-AzAccount -DeviceCode' if browser is not supported in this session.\nConnect-AzAccount : InteractiveBrowserCredential authentication failed: Persistence check failed. Inspect inner exception for details",
      ),
    ).toBe("credential.cache-unavailable");
    expect(
      first(
        "Exception Message: Tried to get token using Managed Service Identity. Access token could not be acquired. Failed after 5 retries. MSI ResponseCode: NotFound, Response: clientID in request: d937##### REDACTED #####064c, getting assigned identities for pod ################### in CREATED st",
      ),
    ).toBe("credential.mi-pod-identity-not-ready");
  });

  // https://github.com/microsoft/azure-container-apps/issues/1448, https://github.com/Azure/azure-sdk-for-net/issues/54733
  it("Container Apps' identity endpoint refusing, and MSAL retrying a managed-identity endpoint", () => {
    expect(first("System.Net.Http.HttpRequestException: Connection refused (localhost:42356)")).toBe(
      "credential.mi-unavailable",
    );
    expect(
      codes(
        "MSAL.NetCore.4.78.0.0.MsalServiceException\nErrorCode: managed_identity_request_failed\n\nMicrosoft.Identity.Client.MsalServiceException: \nRetry failed after 6 tries. Retry settings can be adjusted in ClientOptions.Retry",
      ).slice(0, 2),
    ).toEqual(["credential.mi-retries-exhausted", "credential.mi-unavailable"]);
  });

  // https://github.com/MicrosoftDocs/azure-docs/issues/43543, https://github.com/Azure-Samples/azure-search-openai-demo/issues/20
  it("App Service's 'No MSI found', and a storage service's RBAC refusal", () => {
    expect(
      first(
        'ERROR: Invoke-RestMethod : {"StatusCode":400,"Message":"No MSI found for specified ClientId/ResourceId.","CorrelationId":"8797a7fe-6157-44e2-b24d-3e5713d2111d"}',
      ),
    ).toBe("credential.mi-identity-not-assigned");
    expect(
      first(
        "azure.core.exceptions.HttpResponseError: This request is not authorized to perform this operation using this permission.",
      ),
    ).toBe("rbac.missing-data-action");
  });

  // https://github.com/MicrosoftLearning/mslearn-ai-agents/issues/35, https://github.com/TabbyML/tabby/issues/4202
  it("a bearer token refused over plain http, and reqwest's failed send", () => {
    expect(
      first("Bearer token authentication is not permitted for non-TLS protected (non-https) URLs."),
    ).toBe("endpoint.invalid-url");
    expect(
      first(
        '{\n  "error": true,\n  "message": "http error: error sending request for url (https://asdf.openai.azure.com//openai/deployments/gpt-4-1-mini/chat/completions?api-version=2024-02-01)"\n}',
      ),
    ).toBe("endpoint.unreachable");
  });
});

// The same, for development texts read from the corpus as their reporters printed them: the source
// names the text, and the cause is the one explain must name first.
const FROM_CORPUS: ReadonlyArray<readonly [string, string, string]> = [
  ["an AADSTS code with its AAD cut off", "https://github.com/kedacore/keda/issues/4219", "aadsts.70021"],
  [
    "'custom subdomain for' with the rest redacted",
    "https://github.com/microsoft/microsoft-foundry-for-vscode/issues/131",
    "endpoint.regional-no-subdomain",
  ],
  [
    "'Subdomain does not map to a resource'",
    "https://github.com/Azure-Samples/azure-search-openai-demo/issues/294",
    "endpoint.not-azure",
  ],
  [
    "a host that 'fails to resolve'",
    "https://github.com/microsoft/sample-app-aoai-chatGPT/issues/275",
    "endpoint.unreachable",
  ],
  [
    "Go's dial tcp to IMDS",
    "https://github.com/Azure/azure-sdk-for-net/issues/42134",
    "credential.mi-unavailable",
  ],
  [
    "the identity endpoint's 500 'unexpected error while fetching the AAD Token'",
    "https://github.com/Azure/azure-sdk-for-net/issues/44685",
    "credential.mi-endpoint-error",
  ],
  [
    "an MSI endpoint's 503 in its JSON answer",
    "https://github.com/microsoft/accessibility-insights-service/issues/563",
    "credential.mi-endpoint-error",
  ],
  [
    "MSAL.NET's 'requested identity has not been assigned to this resource'",
    "https://github.com/AzureAD/microsoft-authentication-library-for-dotnet/issues/5423",
    "credential.mi-identity-not-assigned",
  ],
  [
    "NMI's 'no AzureAssignedIdentity found for pod'",
    "https://github.com/Azure/aad-pod-identity/issues/556",
    "credential.mi-pod-identity-not-ready",
  ],
  [
    "azidentity's 'error reading service account token'",
    "https://github.com/kedacore/keda/issues/3977",
    "credential.workload-incomplete",
  ],
  [
    "'Provided key is not a valid CognitiveServices type key'",
    "https://github.com/MicrosoftLearning/mslearn-knowledge-mining/issues/16",
    "key.invalid",
  ],
  [
    "a vectorizer's 'uri' that 'cannot be null or empty'",
    "https://github.com/Azure/azure-sdk-for-js/issues/31893",
    "client.endpoint-missing",
  ],
  [
    "'You are not signed in to an Azure account'",
    "https://github.com/microsoft/foundry-dev-tools/issues/513",
    "credential.vscode-unavailable",
  ],
  [
    "a chain whose only credential met TLS interception",
    "https://github.com/microsoft/azure-devops-mcp/issues/305",
    "network.tls-untrusted",
  ],
  [
    "a request sent to another provider's API",
    "https://github.com/BerriAI/litellm/issues/2215",
    "endpoint.not-azure",
  ],
  [
    "'No subscriptions found for' a service principal",
    "https://github.com/Azure/login/issues/556",
    "rbac.wrong-scope",
  ],
  [
    "an endpoint URL a tool 'could not extract' a name from",
    "https://github.com/microsoft/vscode/issues/249637",
    "endpoint.invalid-url",
  ],
  [
    "an identity endpoint's answer Azure.Identity could not read",
    "https://github.com/Azure/azure-sdk-for-net/issues/31999",
    "credential.mi-gateway",
  ],
  [
    "a 403 after the log named the credential the chain chose",
    "https://github.com/Azure/azure-sdk-for-net/issues/47733",
    "rbac.other-principal",
  ],
  ["'no api key found'", "https://github.com/weaviate/weaviate/issues/4649", "client.missing-credentials"],
  [
    "a managed identity's connection to an unreachable host, the host snipped",
    "https://github.com/Azure-Samples/azure-search-openai-demo-csharp/issues/194",
    "credential.mi-unavailable",
  ],
  [
    "MSAL.NET's unreadable identity-endpoint answer with its status",
    "https://github.com/Azure/azure-sdk-for-net/issues/49174",
    "credential.mi-endpoint-error",
  ],
  [
    "a chain in a Functions host whose managed identity has no endpoint",
    "https://github.com/Azure/static-web-apps/issues/466",
    "credential.mi-app-service-env-missing",
  ],
  [
    "a path after the api-version: an endpoint that held a query",
    "https://github.com/bramses/chatgpt-md/issues/173",
    "endpoint.extra-path",
  ],
  [
    "'Please set the OPENAI_API_KEY environment variable'",
    "https://github.com/zou-group/textgrad/issues/98",
    "client.missing-credentials",
  ],
  [
    "the AI SDK's 'resource name setting is missing'",
    "https://github.com/anomalyco/opencode/issues/1077",
    "client.endpoint-missing",
  ],
  [
    "LangChain's 'azure_endpoint param not openai_api_base'",
    "https://github.com/langchain-ai/langchain/issues/18099",
    "client.base-url-and-endpoint",
  ],
  [
    "node-fetch's 'Only absolute URLs are supported'",
    "https://github.com/ai-genie/chatgpt-vscode/issues/79",
    "endpoint.invalid-url",
  ],
  [
    "Azure's path under OpenAI's /v1 in an 'Invalid URL'",
    "https://github.com/microsoft/autogen/issues/573",
    "endpoint.not-azure",
  ],
  [
    "an InternalServerError body that names no service",
    "https://github.com/Azure-Samples/azure-search-openai-demo/issues/381",
    "resource.service-error",
  ],
  [
    "a proxy's relayed 'Internal server error' body",
    "https://github.com/diemus/azure-openai-proxy/issues/17",
    "resource.service-error",
  ],
  [
    "httpx's 'incomplete chunked read'",
    "https://github.com/langgenius/dify/issues/9912",
    "network.body-cut-short",
  ],
  [
    "a certificate whose private key does not match",
    "https://github.com/Azure/azure-sdk-for-net/issues/30318",
    "credential.cert-invalid",
  ],
  [
    "Java's PEM without a CERTIFICATE block",
    "https://github.com/microsoftgraph/msgraph-sdk-java/issues/2122",
    "credential.cert-invalid",
  ],
  [
    "VS Code's 'Stored credentials not found'",
    "https://github.com/Azure/azure-sdk-for-net/issues/30485",
    "credential.vscode-unavailable",
  ],
  [
    "Go's IMDS 'context deadline exceeded'",
    "https://github.com/Azure/azure-sdk-for-go/issues/21013",
    "credential.mi-timeout",
  ],
  [
    "Azure.Identity's older 'authentication response was not in the expected format' from the identity client",
    "https://github.com/Azure/azure-sdk-for-net/issues/9616",
    "credential.mi-gateway",
  ],
  [
    "a notebook host's token library refusing an audience",
    "https://learn.microsoft.com/en-in/answers/questions/5900453/mssparkutils-credentials-gettoken()-does-not-suppo",
    "credential.mi-audience-not-supported",
  ],
];

describe("real-world wordings read from the corpus (development split)", () => {
  for (const [name, source, cause] of FROM_CORPUS) {
    it(`${name} is ${cause}`, () => {
      const found = REAL_WORLD_CORPUS.filter((c) => c.source === source);
      expect(found.map((c) => c.split)).toEqual(["dev"]);
      expect(first(found[0]?.text ?? "")).toBe(cause);
    });
  }
});

describe("managed-identity retries and ARM's authorization boilerplate (development split)", () => {
  // https://github.com/Azure/azure-sdk-for-net/issues/19249
  it("'Retry failed after 4 tries. (A task was canceled.)' is the retries running out, each try timing out", () => {
    const text =
      "ManagedIdentityCredential authentication failed: Retry failed after 4 tries. (A task was canceled.)";
    expect(codes(text).slice(0, 2)).toEqual(["credential.mi-retries-exhausted", "credential.mi-timeout"]);
  });

  // https://github.com/Azure-Samples/contoso-chat/issues/61
  it("AuthorizationFailed's closing 'If access was recently granted' does not make it propagation", () => {
    const text =
      "UserErrorException: (AuthorizationFailed) The client 'xxx@microsoft.com' with object id 'xxx' does not have authorization to perform action 'Microsoft.MachineLearningServices/workspaces/read' over scope '/subscriptions/xxx/resourceGroups/rg-mashsyedai/providers/Microsoft.MachineLearningServices/workspaces/contoso-chat-aiproj' or the scope is invalid. If access was recently granted, please refresh your credentials.";
    expect(first(text)).toBe("rbac.missing-data-action");
    expect(codes(text)).toContain("rbac.wrong-scope");
  });
});

describe("Java, .NET, ARM and LangChain.js printings (development split)", () => {
  // https://github.com/microsoft/foundry-dev-tools/issues/461
  it("ARM's ExpiredAuthenticationToken is an expired token", () => {
    const text =
      "Action: foundry-api.listModels\nError type: ExpiredAuthenticationToken\nError Message: The access token expiry UTC time '6/15/2026 8:22:51 AM' is earlier than current UTC time '6/15/2026 9:27:25 AM'.";
    expect(first(text)).toBe("token.expired");
  });

  // https://github.com/mayooear/ai-pdf-chatbot-langchain/issues/458
  it("LangChain.js's 'Azure OpenAI API instance name not found' is a client without an endpoint", () => {
    const text =
      "error Error: Azure OpenAI API instance name not found\n    at new OpenAIEmbeddings (file:///Users/manuel/Dropbox/GitHub/repos/gpt4-pdf-chatbot-langchain/node_modules/langchain/dist/embeddings/openai.js:121:23)";
    const found = explain(text);
    expect(found[0]?.code).toBe("client.endpoint-missing");
    expect(found[0]?.facts.envVar).toBe("AZURE_OPENAI_API_INSTANCE_NAME");
  });

  // LangChain.js's AzureChatOpenAI constructor (@langchain/openai), as printed in
  // https://github.com/langchain-ai/langchainjs/issues/1773 ("(Azure) OpenAI API key not found")
  // and its later wording with the token provider.
  it("LangChain.js's 'Azure OpenAI API key or Token Provider not found' is missing credentials", () => {
    expect(first("Error: OpenAI or Azure OpenAI API key or Token Provider not found")).toBe(
      "client.missing-credentials",
    );
  });

  // https://github.com/Azure/azure-sdk-for-java/issues/39368
  it("Java's 'Couldn't acquire access token from IMDS, verify your objectId, clientId or msiResourceId' is an identity not assigned", () => {
    const text =
      "java.lang.RuntimeException: Couldn't acquire access token from IMDS, verify your objectId, clientId or msiResourceId";
    expect(first(text)).toBe("credential.mi-identity-not-assigned");
  });

  // https://github.com/Azure/azure-functions-host/issues/10189
  it("a socket forbidden on 169.254.169.254 (Functions) lists the App Service identity variables missing", () => {
    const text =
      "Exception: Azure.Identity.CredentialUnavailableException: ManagedIdentityCredential authentication unavailable. Multiple attempts failed to obtain a token from the managed identity endpoint.\n ---> System.AggregateException: Retry failed after 6 tries. Retry settings can be adjusted in ClientOptions.Retry or by configuring a custom retry policy in ClientOptions.RetryPolicy. (An attempt was made to access a socket in a way forbidden by its access permissions. (169.254.169.254:80))\n ---> Azure.RequestFailedException: An attempt was made to access a socket in a way forbidden by its access permissions. (169.254.169.254:80)";
    const found = codes(text);
    expect(found[0]).toBe("credential.mi-retries-exhausted");
    expect(found).toContain("credential.mi-app-service-env-missing");
  });

  // https://github.com/Azure/azure-sdk-for-net/issues/46728
  it("ClientAssertionCredential failing without its AADSTS code lists the federated credential not matching", () => {
    const text =
      "WorkloadIdentityCredential.GetToken failed with: ClientAssertionCredential authentication failed";
    const found = codes(text);
    expect(found).toContain("aadsts.70021");
    expect(found).toContain("aadsts.700213");
    expect(found.indexOf("aadsts.70021")).toBeLessThan(found.indexOf("aadsts.700213"));
  });

  // https://github.com/microsoft/azure-tools-for-java/issues/7161: azure-identity for Java's chain
  // prints each credential's reason; its header ("Tried ... but failed to acquire a token for any
  // of them", azure-identity's ChainedTokenCredential) names the chain.
  it("Java's 'Tried ... but failed to acquire a token for any of them' lists the chain below its parts' reasons", () => {
    const text =
      "Tried EnvironmentCredential, ManagedIdentityCredential, SharedTokenCacheCredential, IntelliJCredential, AzureCliCredential, AzurePowerShellCredential but failed to acquire a token for any of them. Please verify the environment for the credentials and see more details in the causes below.\nAzureCliCredential authentication unavailable. Azure CLI not installed.To mitigate this issue, please refer to the troubleshooting guidelines here at https://aka.ms/azsdk/java/identity/azclicredential/troubleshoot";
    const found = codes(text);
    expect(found[0]).toBe("credential.cli-not-installed");
    expect(found).toContain("credential.chain-exhausted");
  });
});

describe("Entra's error_codes field", () => {
  // The token endpoint's JSON body (reference: entra error body): error_codes is the service's own
  // field, so it wins over a code retyped in the text around it.
  it("ranks the code in error_codes above a different code printed in the text", () => {
    const text =
      'Sign-in needs MFA (AADSTS50076). {"error":"invalid_grant","error_description":"AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.","error_codes":[53003]}';
    expect(first(text)).toBe("aadsts.53003");
  });
});
