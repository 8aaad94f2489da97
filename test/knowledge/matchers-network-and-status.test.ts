import { describe, expect, it } from "vitest";
import { explain } from "../../src/knowledge/explain.js";

function codes(text: string): string[] {
  return explain(text).map((m) => m.code);
}

describe("connection failures", () => {
  it("a TLS verification failure names the intercepting proxy", () => {
    const [first] = explain(
      "requests.exceptions.SSLError: HTTPSConnectionPool(host='x.openai.azure.com', port=443): Max retries exceeded with url: /openai (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate')))",
    );
    expect(first?.code).toBe("network.tls-untrusted");
    expect(first?.distinguish).toContain("NODE_EXTRA_CA_CERTS");
  });

  it("DNS, refused and bare connection errors", () => {
    expect(codes("Error type: ENOTFOUND\nError Message: getaddrinfo ENOTFOUND management.azure.com")).toEqual(
      ["endpoint.unreachable"],
    );
    // A refused connection rules out TLS; the proxy and the private endpoint's DNS remain.
    expect(
      codes("Failed after 3 attempts. Last error: Cannot connect to API: connect ECONNREFUSED 10.0.0.4:443"),
    ).toEqual(["endpoint.unreachable", "network.proxy-refused", "network.private-endpoint"]);
    // openai's bare "Connection error." hides which: a TLS failure is one of them.
    expect(codes("openai.APIConnectionError: Connection error.")).toEqual([
      "endpoint.unreachable",
      "network.tls-untrusted",
      "network.proxy-refused",
      "network.private-endpoint",
    ]);
  });
});

describe("the status fallback", () => {
  it("ranks the 401 causes for a bare .NET status line", () => {
    expect(codes("Service request failed.\nStatus: 401 (Unauthorized)")).toEqual([
      "token.wrong-audience",
      "token.expired",
      "key.invalid",
      "rbac.missing-data-action",
      "key.sent-as-bearer",
      "rbac.control-plane-role-only",
      "token.in-api-key-header",
      "client.static-token",
      "resource.rate-limited",
    ]);
  });

  it("reads the reason phrase of a requests status line", () => {
    expect(
      codes(
        "401 Client Error: PermissionDenied for url: https://x.services.ai.azure.com/openai/v1/responses",
      ),
    ).toEqual([
      "rbac.missing-data-action",
      "rbac.control-plane-role-only",
      "rbac.propagation-pending",
      "rbac.wrong-scope",
      "rbac.other-principal",
    ]);
  });

  it("ranks the 403 causes, lower when nothing says Azure", () => {
    const [azure] = explain(
      'POST https://x.openai.azure.com/openai/deployments/d/chat/completions "HTTP/1.1 403 Forbidden"',
    );
    const [bare] = explain("Unexpected http code 403");
    expect(azure?.code).toBe("network.firewall");
    expect(azure?.confidence).toBe(0.34);
    expect(bare?.code).toBe("network.firewall");
    expect(bare?.confidence).toBe(0.24);
  });

  it("stays out of a 400 that is not about authentication, and out of known wordings", () => {
    expect(
      codes('POST https://x.openai.azure.com/openai/v1/chat/completions "HTTP/1.1 400 Bad Request"'),
    ).toEqual([]);
    expect(
      codes(
        '{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist."}}',
      ),
    ).toEqual(["resource.deployment-not-found"]);
  });
});

describe("Entra messages printed without their AADSTS code", () => {
  it("names the entry whose message the text holds", () => {
    expect(
      codes(
        "The resource principal named api://x was not found in the tenant named contoso. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.",
      )[0],
    ).toBe("aadsts.500011");
  });
});

describe("the service's own 5xx", () => {
  it("Azure OpenAI's server_error body is resource.service-error, not a keyless cause", () => {
    // Verbatim from https://github.com/Azure-Samples/azure-search-openai-demo/issues/1390 (Python openai).
    const text =
      "Error code: 500 - {'error': {'message': 'The server had an error while processing your request. Sorry about that! You can retry your request, or contact us through an Azure support request at: https://go.microsoft.com/fwlink/?linkid=2213926 if the error persists. (Please include the request ID 6d6321f8-e4aa-4a77-9aa0-67868802d7ca in your message.)', 'type': 'server_error', 'param': None, 'code': None}}";
    expect(codes(text)[0]).toBe("resource.service-error");
    // Verbatim from https://github.com/microsoft/agent-framework/issues/2525.
    expect(
      codes(
        "openai.InternalServerError: Error code: 500 - {'error': {'message': 'An error occurred while processing your request. You can retry your request, or contact us through an Azure support request at: https://go.microsoft.com/fwlink/?linkid=2213926 if the error persists. Please include the request ID 394a40f7-7222-4168-9fc5-b61bb7cd76f3 in your message.', 'type': 'server_error', 'param': None, 'code': 'server_error'}}",
      )[0],
    ).toBe("resource.service-error");
  });
});
