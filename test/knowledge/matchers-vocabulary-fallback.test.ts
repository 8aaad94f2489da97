import { describe, expect, it } from "vitest";
import { explain } from "../../src/knowledge/explain.js";
import { vocabularyFallback } from "../../src/knowledge/matchers/vocabulary-fallback.js";
import { normalizeErrorText } from "../../src/knowledge/normalize-error-text.js";

const codes = (text: string) => explain(text).map((m) => m.code as string);
const vocabulary = (text: string) =>
  vocabularyFallback(normalizeErrorText(text)).map((m) => m.code as string);

// Wordings no matcher knows (each checked to give nothing before the fallback existed): the words
// that describe a cause, in other words than any SDK's.
describe("the vocabulary fallback names a cause from its words", () => {
  const cases: ReadonlyArray<[string, string]> = [
    ["Tenant mismatch", "token.wrong-tenant"],
    ["ClientSecretCredential: Invalid tenant ID 'contoso' provided.", "credential.tenant-invalid"],
    [
      "The deployment 'gpt4o-prod' could not be located in resource 'contoso-ai'.",
      "resource.deployment-not-found",
    ],
    ["Deployment gpt4o couldn't be located", "resource.deployment-not-found"],
    ["error: token issuer is not valid for this resource", "token.wrong-tenant"],
    ["the audience of the presented token is wrong", "token.wrong-audience"],
    ["bearer token has expired, please refresh", "token.expired"],
    ["Key based authentication has been disabled on this account", "key.auth-disabled"],
    ["Request refused: disableLocalAuth is set to be true on this resource", "key.auth-disabled"],
    ['401 {"code":"TokenExpired","message":"The token has lapsed"}', "token.expired"],
    ["the api key is invalid", "key.invalid"],
    ["Invalid subscription key", "key.invalid"],
    ["No API key was provided for the Azure provider: api key is required", "client.missing-credentials"],
    ["principal does not have access to api/operation", "rbac.missing-data-action"],
    ["The caller is not authorized to perform this action on the project", "rbac.missing-data-action"],
    ["Request blocked: public network access is disabled for this account", "network.public-access-disabled"],
    ["Request denied by firewall rules of the resource", "network.firewall"],
    ["proxy tunnel failed: 407", "network.proxy-refused"],
    ["TLS handshake failed: x509 certificate is not trusted", "network.tls-untrusted"],
    ["could not resolve host name myres.openai.azure.com", "endpoint.unreachable"],
    ["fetch failed", "endpoint.unreachable"],
    ["Request timed out.", "endpoint.unreachable"],
    ["socket hang up", "network.body-cut-short"],
    ["The deployment 'gpt4o' could not be found", "resource.deployment-not-found"],
    ["Unknown model: gpt-4o-mini-prod", "resource.deployment-not-found"],
    ["This api-version is not supported by the operation", "resource.api-version"],
    ["Too many requests, slow down", "resource.rate-limited"],
    ["'az' is not recognized as an internal or external command", "credential.cli-not-installed"],
    ["Azure CLI session expired; please log in again", "credential.cli-not-logged-in"],
    ["Azure CLI call timed out after 10s", "credential.cli-timeout"],
    ["azd: command not found", "credential.azd-not-installed"],
    ["Run Connect-AzAccount to sign in to Azure PowerShell", "credential.powershell-not-logged-in"],
    ["managed identity not found for client id 1111-2222", "credential.mi-identity-not-assigned"],
    ["IMDS endpoint is unreachable from this container", "credential.mi-unavailable"],
    ["federated token file not found at /var/run/secrets/token", "credential.workload-incomplete"],
    ["AZURE_CLIENT_SECRET is required but was not set", "credential.env-incomplete"],
  ];
  for (const [text, code] of cases) {
    it(`${JSON.stringify(text)} -> ${code}`, () => {
      expect(codes(text)[0]).toBe(code);
    });
  }

  it("ranks its causes below a matcher's: a text a matcher knows is answered by the matcher alone", () => {
    const text =
      '{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist."}}';
    expect(explain(text).map((m) => [m.code, m.confidence])).toEqual([
      ["resource.deployment-not-found", 0.97],
    ]);
  });

  it("lists what tells its causes apart", () => {
    const [first, ...rest] = explain("TLS handshake failed: x509 certificate is not trusted");
    expect(first?.distinguish).toMatch(/^curl -v https:\/\/<host>: an issuer that is not Microsoft's/);
    expect(rest.map((m) => m.code)).toEqual(["endpoint.unreachable"]);
  });

  it("combines words only within one line", () => {
    expect(vocabulary("The tenant was created yesterday.\nNothing here does not match.")).toEqual([]);
    expect(vocabulary("The tenant does not match.")).toEqual(["token.wrong-tenant"]);
  });

  it("does not read one line longer than 2,000 characters as one error", () => {
    expect(vocabulary(`tenant ${"x ".repeat(1000)} does not match`)).toEqual([]);
  });

  it("says nothing about another vendor's error, and less surely names a cause from a text naming no service", () => {
    for (const text of [
      "Stripe::AuthenticationError: Invalid API Key provided: sk_test_****1234",
      "(ExpiredToken) when calling the GetObject operation: The provided token has expired. (AWS)",
      "Model not found: anthropic.claude-v9 (Bedrock)",
      'Error from server (NotFound): deployments.apps "api" not found (kubectl)',
    ]) {
      expect(codes(text), text).toEqual([]);
    }
    const [azure] = explain("Azure OpenAI: the api key is invalid");
    const [bare] = explain("the api key is invalid");
    expect([azure?.code, azure?.confidence, bare?.code, bare?.confidence]).toEqual([
      "key.invalid",
      0.46,
      "key.invalid",
      0.32,
    ]);
  });

  it("ranks what the text says of the cause first (review findings)", () => {
    const cases: ReadonlyArray<[string, string]> = [
      [
        "ProxyError: Unable to connect to proxy 10.1.1.1:3128 while calling https://contoso.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21",
        "network.proxy-refused",
      ],
      [
        "The private endpoint connection for contoso-ai failed; DNS resolved contoso.openai.azure.com to 20.1.2.3 (public).",
        "network.private-endpoint",
      ],
      [
        "AzureOpenAI: api-version is required. Pass api_version or set OPENAI_API_VERSION.",
        "client.api-version-missing",
      ],
      [
        "Ocp-Apim-Subscription-Key header is invalid for this API Management instance fronting Azure OpenAI.",
        "gateway.apim-subscription-key",
      ],
      ["The subscription key provided is not valid for this API version of Azure OpenAI.", "key.invalid"],
      [
        "Azure OpenAI: the request's identity does not have access to deployment 'gpt4o' because the role assignment was created 2 minutes ago and has not propagated.",
        "rbac.propagation-pending",
      ],
      [
        "Error: Azure OpenAI returned HTML: <!DOCTYPE html><html><head><title>Blocked</title> SyntaxError: Unexpected token '<', \"<!DOCTYPE \"... is not valid JSON",
        "network.html-instead-of-json",
      ],
      ["Your Azure OpenAI API key has expired; regenerate it in the portal.", "key.invalid"],
    ];
    for (const [text, code] of cases) expect(codes(text)[0], text).toBe(code);
  });

  it("says nothing about text that is not an error", () => {
    for (const text of [
      "Deploying the web app",
      "All tests passed.",
      "Connected to myres.openai.azure.com",
      "Loading model gpt-4o",
    ]) {
      expect(codes(text), text).toEqual([]);
    }
  });

  it("leaves a client certificate's failure to the certificate rule, not to TLS", () => {
    expect(codes("ClientCertificateCredential: could not read certificate file cert.pem")[0]).toBe(
      "credential.cert-invalid",
    );
  });

  it("puts an aggregate chain error first, above what its parts' words suggest", () => {
    const text =
      "AggregateAuthenticationError: Authentication failed to complete due to the following errors:\nEnvironmentCredential cannot return a token because AZURE_CLIENT_ID is missing";
    expect(codes(text)[0]).toBe("credential.chain-exhausted");
  });
});

// The client's own configuration, the service's failures and the request's shape, in words written
// for these tests: each rule is read from the fallback alone, then from explain's first answer.
describe("the vocabulary fallback reads the client's, the request's and the service's words", () => {
  const cases: ReadonlyArray<[string, string]> = [
    [
      "Tokens are accepted only on a custom subdomain endpoint for this resource.",
      "endpoint.regional-no-subdomain",
    ],
    ["Azure OpenAI answered 401 (no body)", "client.status-without-body"],
    ["ValueError: api_key and azure_ad_token_provider are mutually exclusive", "client.key-and-token"],
    [
      "Error: The baseURL and endpoint options cannot be used together (Azure OpenAI)",
      "client.base-url-and-endpoint",
    ],
    [
      "TypeError: azure_ad_token_provider returned None instead of a string",
      "client.token-provider-not-string",
    ],
    [
      "Error: the token provider threw while fetching a token for the request",
      "client.token-provider-failed",
    ],
    [
      "Azure OpenAI: the Authorization header holds an invalid character (a trailing newline?)",
      "client.invalid-header-value",
    ],
    ["Azure OpenAI returned 503 Service Unavailable for deployment gpt4o", "resource.service-error"],
    ["Azure OpenAI: internal server error while processing the prompt", "resource.service-error"],
    [
      "This endpoint only accepts api versions from 2024-05-01 onwards for Azure OpenAI",
      "resource.api-version",
    ],
    [
      "Azure OpenAI request rejected: no model specified in the request body",
      "resource.deployment-not-found",
    ],
    [
      "LLM error: Missing credentials. Please pass MY_APP_API_KEY for Azure OpenAI",
      "client.missing-credentials",
    ],
    ["You must provide an endpoint for the Azure OpenAI client", "client.endpoint-missing"],
    ["Error communicating with Azure OpenAI: connection reset", "endpoint.unreachable"],
  ];
  for (const [text, code] of cases) {
    it(`${JSON.stringify(text)} -> ${code}`, () => {
      expect([vocabulary(text)[0], codes(text)[0]]).toEqual([code, code]);
    });
  }

  it("does not read a number, an instruction or another vendor's variable as these causes (review findings)", () => {
    expect(vocabulary("Azure OpenAI: max_tokens must be at most 500 for this model")).not.toContain(
      "resource.service-error",
    );
    expect(
      vocabulary("Azure OpenAI: make sure both AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_API_KEY are set"),
    ).not.toContain("client.key-and-token");
    expect(vocabulary("ANTHROPIC_API_KEY is missing")).toEqual([]);
    expect(vocabulary("Azure OpenAI answered 403 (no body)")).not.toContain("client.status-without-body");
  });

  it("lists both pairs of exclusive settings when the text names neither", () => {
    expect(vocabulary("Azure OpenAI client: these two options are mutually exclusive")).toEqual([
      "client.key-and-token",
      "client.base-url-and-endpoint",
    ]);
  });

  it("leaves a token provider's failure to the credential it names", () => {
    expect(vocabulary("token provider failed: AzureCliCredential.get_token failed")).not.toContain(
      "client.token-provider-failed",
    );
  });
});

describe("the status fallback reads a status however it is printed", () => {
  const cases: ReadonlyArray<[string, string, number]> = [
    ["<Response [401]>", "token.wrong-audience", 401],
    ["Unauthorized (401)", "token.wrong-audience", 401],
    ["The remote server returned an error: (401) Unauthorized.", "token.wrong-audience", 401],
    ["Response status code does not indicate success: 401 (Unauthorized).", "token.wrong-audience", 401],
    ["HTTP Error 401: Unauthorized", "token.wrong-audience", 401],
    ["[401] Unauthorized", "token.wrong-audience", 401],
    ["401 - Unauthorized", "token.wrong-audience", 401],
    ["status=401", "token.wrong-audience", 401],
    ["Azure OpenAI returned 401", "token.wrong-audience", 401],
    ["Azure OpenAI error: Unauthorized", "token.wrong-audience", 401],
    [
      "WSServerHandshakeError: 404, message='Invalid response status', url=URL('wss://x.openai.azure.com/realtime')",
      "resource.deployment-not-found",
      404,
    ],
    ["AzureOpenAI error: Forbidden", "network.firewall", 403],
    ["Resource not found", "resource.deployment-not-found", 404],
  ];
  for (const [text, code, status] of cases) {
    it(`${JSON.stringify(text)} -> ${status}, ${code}`, () => {
      const [first] = explain(text);
      expect([first?.code, first?.facts.status]).toEqual([code, status]);
    });
  }

  it("does not take a 404 that names nothing of Azure for an auth failure", () => {
    expect(codes("Error 404: Not Found")).toEqual([]);
  });

  it("reads a reason phrase alone only in a text about Azure", () => {
    expect(codes("Error: Unauthorized")).toEqual([]);
    expect(codes("Forbidden fruit tastes the sweetest.")).toEqual([]);
  });

  it("leaves another vendor's 401 and 403 alone", () => {
    for (const text of [
      "gh: HTTP 401: Bad credentials (https://api.github.com/user)",
      "npm ERR! 403 403 Forbidden - PUT https://registry.npmjs.org/mypkg",
      "401 Client Error: Unauthorized for url: https://huggingface.co/api/models/x",
      "Error response from daemon: Get https://registry-1.docker.io/v2/: unauthorized: incorrect username or password",
    ]) {
      expect(codes(text), text).toEqual([]);
    }
  });

  it("does not read an OAuth error name as the status word", () => {
    expect(codes("error: unauthorized_client")).toEqual([]);
  });
});
