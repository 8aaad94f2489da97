import { describe, expect, it } from "vitest";
import { aadstsMessageFrom, extractFacts } from "../../src/knowledge/extract-facts.js";
import { normalizeErrorText } from "../../src/knowledge/normalize-error-text.js";

describe("extractFacts: HTTP status in every layout", () => {
  const layouts: Array<[string, string, number]> = [
    [
      ".NET RequestFailedException",
      "Azure.RequestFailedException: x\nStatus: 401 (PermissionDenied)\nErrorCode: PermissionDenied",
      401,
    ],
    [
      ".NET ClientResultException",
      "HTTP 400 (Request is badly formated)\n\nResource Id is badly formed",
      400,
    ],
    ["Go azcore", "RESPONSE 401 Unauthorized\n-----", 401],
    ["openai-python", "openai.RateLimitError: Error code: 429 - {'error': {'code': '429'}}", 429],
    ["openai-node", "AuthenticationError: 401 Unauthorized. Access token is missing", 401],
    ["openai-node without body", "401 status code (no body)", 401],
    ["@azure/identity AuthenticationError", "invalid_client Status code: 400\nMore details:\nx", 400],
    ["flat body", '{"statusCode":403,"message":"x"}', 403],
    ["flat body, unquoted", "statusCode: 404", 404],
    ["azure-core Python", "(401) Access denied due to invalid subscription key", 401],
    ["azure-core Python code line", "Code: 429\nMessage: x", 429],
    ["raw HTTP", "HTTP/1.1 403 Forbidden", 403],
  ];
  for (const [name, text, status] of layouts) {
    it(name, () => {
      expect(extractFacts(text).status).toBe(status);
    });
  }

  // https://github.com/microsoft-foundry/discussions/issues/442 (the memory store's 400 wraps the
  // Azure OpenAI resource's 401, with its quotes escaped as \u0022)
  it("takes a wrapped service's 401 over the 400 that reports it", () => {
    const text =
      'Failed to create memory. Memory create failed with code ": ("code" "ResourceError"," message":"\n{\\u0022status_code\\u0022:400,\\u0022error_code\\u0022: \\u0022ResourceError\\u0022,\\u0022 details\\u0022:{\\u0022message\\u0022: \\u0022Provided Azure resource encountered an error.\\u0022,\\u0022deployment\\u0022:\\u00225a9591296fdc437eb7db2bc930c80ac0/deployments/text-embedding-3-small\\u0022, \\u0022details\\u0022: \\u0022type\\u0022: \\u0022Authentication\\u0022,\\u0022status_code\\u0022:401, \\u0022description\\u0022:\\u0022Authentication to the Azure OpenAl resource failed. Verify the API key or token. \\u0022)])*] [Request ID: bb1d5965ff354fd8abe909c8497014d9]';
    expect(extractFacts(normalizeErrorText(text)).status).toBe(401);
    // A 400 that wraps nothing stays a 400.
    expect(extractFacts('{"status_code":400,"message":"Invalid request"}').status).toBe(400);
  });

  it("does not read a status from unrelated numbers", () => {
    expect(extractFacts("processed 401 records in 3 s").status).toBeUndefined();
  });
});

describe("extractFacts: service code and message", () => {
  it("prefers the body, then .NET and azure-core lines", () => {
    expect(
      extractFacts(
        '{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist."}}',
      ),
    ).toEqual({
      serviceCode: "DeploymentNotFound",
      serviceMessage: "The API deployment for this resource does not exist.",
    });
  });

  it("reads `Code:` and `Message:` lines of azure-core", () => {
    const facts = extractFacts(
      "(PermissionDenied) Principal does not have access to API/Operation.\nCode: PermissionDenied\nMessage: Principal does not have access to API/Operation.",
    );
    expect(facts.serviceCode).toBe("PermissionDenied");
    expect(facts.serviceMessage).toBe("Principal does not have access to API/Operation.");
  });

  it("never takes a reason phrase for a service code", () => {
    expect(extractFacts("Status: 401 (Unauthorized)").serviceCode).toBeUndefined();
  });
});

describe("extractFacts: identities, tenants and ids", () => {
  it("reads principal, data action and operation with and without backticks", () => {
    for (const tick of ["", "`"]) {
      const facts = extractFacts(
        `The principal ${tick}abc-1${tick} lacks the required data action ${tick}Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action${tick} to perform ${tick}POST /openai/deployments/{deployment-id}/chat/completions${tick} operation.`,
      );
      expect(facts.principalId).toBe("abc-1");
      expect(facts.dataAction).toBe(
        "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action",
      );
      expect(facts.operation).toBe("POST /openai/deployments/{deployment-id}/chat/completions");
      expect(facts.deployment).toBeUndefined();
    }
  });

  it("reads token and resource tenants", () => {
    expect(extractFacts("Token tenant 33e01921-4d64 does not match resource tenant.").tokenTenant).toBe(
      "33e01921-4d64",
    );
    const arm = extractFacts(
      "The access token is from the wrong issuer 'https://sts.windows.net/aaa/'. It must match the tenant 'https://sts.windows.net/bbb/' associated with this subscription.",
    );
    expect(arm.tokenTenant).toBe("aaa");
    expect(arm.resourceTenant).toBe("bbb");
  });

  it("reads the audience of the flat 401, even wrapped across lines", () => {
    expect(
      extractFacts("audience is incorrect (https://cognitiveservices.azure.us), or have expired.").audience,
    ).toBe("https://cognitiveservices.azure.us");
    expect(extractFacts("audience is incorrect (\nhttps://ai.azure.com\n), or").audience).toBe(
      "https://ai.azure.com",
    );
  });

  it("reads the AADSTS code and message without the trailer, plus trace, correlation and timestamp", () => {
    const facts = extractFacts(
      "AADSTS50126: Error validating credentials due to invalid username or password.\r\nTrace ID: 0a1b2c3d-0000-4000-8000-000000000001\r\nCorrelation ID: 0a1b2c3d-0000-4000-8000-000000000002\r\nTimestamp: 2024-01-02 03:04:05Z",
    );
    expect(facts).toEqual({
      aadsts: "50126",
      aadstsMessage: "AADSTS50126: Error validating credentials due to invalid username or password.",
      traceId: "0a1b2c3d-0000-4000-8000-000000000001",
      correlationId: "0a1b2c3d-0000-4000-8000-000000000002",
      timestamp: "2024-01-02 03:04:05Z",
    });
  });

  it("reads client ids, request ids, credentials and environment variables", () => {
    expect(
      extractFacts("Application with identifier 'f0e1d2c3' was not found in the directory 'Contoso'."),
    ).toEqual({
      clientId: "f0e1d2c3",
      tenantId: "Contoso",
    });
    expect(extractFacts("apim-request-id: 5d0f1a6e-0000-4c8e-9a53-1f7a8b9c0d1e").requestId).toBe(
      "5d0f1a6e-0000-4c8e-9a53-1f7a8b9c0d1e",
    );
    expect(extractFacts("X-Request-ID: req_0123456789abcdef").requestId).toBe("req_0123456789abcdef");
    expect(extractFacts("ManagedIdentityCredential: Network unreachable.").credential).toBe(
      "ManagedIdentityCredential",
    );
    expect(extractFacts("const c = new DefaultAzureCredential();").credential).toBeUndefined();
    expect(extractFacts("missing environment variable AZURE_TENANT_ID").envVar).toBe("AZURE_TENANT_ID");
  });

  it("reads retry-after, api version, endpoint and deployment", () => {
    const facts = extractFacts(
      "POST https://contoso.openai.azure.com/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21 failed; Please retry after 22 seconds. See https://aka.ms/oai/quotaincrease",
    );
    expect(facts.retryAfterSeconds).toBe(22);
    expect(facts.apiVersion).toBe("2024-10-21");
    expect(facts.endpoint).toBe("https://contoso.openai.azure.com");
    expect(facts.deployment).toBe("gpt-4o-mini");
    expect(extractFacts("retry-after: 7").retryAfterSeconds).toBe(7);
  });

  it("accepts an already normalised view", () => {
    const view = normalizeErrorText('{"error":{"code":"429","message":"Please retry after 3 seconds."}}');
    expect(extractFacts(view)).toEqual({
      status: 429,
      serviceCode: "429",
      serviceMessage: "Please retry after 3 seconds.",
      retryAfterSeconds: 3,
    });
  });
});

describe("aadstsMessageFrom", () => {
  it("cuts the trailer after an escaped CRLF, a newline or inline", () => {
    expect(aadstsMessageFrom("AADSTS1: a.\\r\\nTrace ID: x", "1")).toBe("AADSTS1: a.");
    expect(aadstsMessageFrom("AADSTS1: a. Trace ID: x Correlation ID: y", "1")).toBe("AADSTS1: a.");
    expect(aadstsMessageFrom('"AADSTS1: a.", "x"', "1")).toBe("AADSTS1: a.");
    expect(aadstsMessageFrom("nothing", "1")).toBeUndefined();
  });
});
