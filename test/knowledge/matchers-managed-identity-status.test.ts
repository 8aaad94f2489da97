import { describe, expect, it } from "vitest";
import { explain } from "../../src/knowledge/explain.js";
import {
  identityEndpointStatuses,
  managedIdentityStatusFallback,
} from "../../src/knowledge/matchers/managed-identity-status.js";
import { normalizeErrorText } from "../../src/knowledge/normalize-error-text.js";

const fallback = (text: string) =>
  managedIdentityStatusFallback(normalizeErrorText(text)).map((m) => [m.code as string, m.confidence]);
const codes = (text: string) => managedIdentityStatusFallback(normalizeErrorText(text)).map((m) => m.code);

// Wordings written for these tests, in the shapes the SDKs print a status (none is a corpus text).
describe("identityEndpointStatuses reads the status however the SDK printed it", () => {
  const cases: ReadonlyArray<[string, number[]]> = [
    ["Service request failed.\nStatus: 400 (Bad Request)", [400]],
    ["authentication failed (status code 404)", [404]],
    ["adal: Refresh request failed. Status Code = '400'.", [400]],
    ["request failed with response code: 401", [401]],
    ["MSAL: Request failure status code: 404", [404]],
    ['{"statusCode":500,"message":"boom"}', [500]],
    ["got <Response [405]> from the endpoint", [405]],
    ["502 Server Error: Bad Gateway for url: http://169.254.169.254/x", [502]],
    ["MSI ResponseCode: NotFound", [404]],
    ["Status: 403 (Forbidden)\nContent: upstream said Status Code = '400'", [400, 403]],
    ["Status: 200 (OK)", []],
    ["no status here", []],
  ];
  for (const [text, statuses] of cases) {
    it(`${JSON.stringify(text)} -> ${JSON.stringify(statuses)}`, () => {
      expect(identityEndpointStatuses(text)).toEqual(statuses);
    });
  }
});

describe("the managed identity status fallback ranks what the identity endpoint's status means", () => {
  it("400: an identity id not assigned to the host, then an audience it does not issue, then no identity", () => {
    expect(fallback("App Service managed identity failed: MSI ResponseCode: BadRequest")).toEqual([
      ["credential.mi-identity-not-assigned", 0.44],
      ["credential.mi-audience-not-supported", 0.34],
      ["resource.managed-identity-not-enabled", 0.28],
    ]);
  });

  it("401: the identity header is not this process's", () => {
    expect(fallback("Managed identity token request failed with response code: 401")).toEqual([
      ["credential.mi-app-service-env-missing", 0.4],
      ["credential.mi-endpoint-error", 0.3],
    ]);
  });

  it("502: a proxy's answer", () => {
    expect(
      fallback(
        "Managed identity token request failed: 502 Server Error: Bad Gateway for url: http://169.254.169.254/metadata/identity/oauth2/token",
      ),
    ).toEqual([
      ["credential.mi-gateway", 0.44],
      ["credential.mi-endpoint-error", 0.34],
    ]);
  });

  it("405 and 5xx: the endpoint itself failing", () => {
    for (const text of [
      "Could not get a token from the managed identity endpoint: <Response [405]>",
      'Failed to acquire a token with managed identity: {"statusCode":500}',
    ]) {
      expect(fallback(text), text).toEqual([
        ["credential.mi-endpoint-error", 0.44],
        ["credential.mi-retries-exhausted", 0.3],
      ]);
    }
  });

  it("puts AKS pod identity first when NMI or a pod is named", () => {
    expect(fallback("managed identity error: Status: 404 (Not Found) from NMI for pod default/web")).toEqual([
      ["credential.mi-pod-identity-not-ready", 0.48],
      ["credential.mi-identity-not-assigned", 0.36],
      ["credential.mi-unavailable", 0.3],
    ]);
  });

  it("ranks the innermost status's causes first, then those of the status around it", () => {
    expect(
      fallback(
        "ManagedIdentityCredential failed: Status: 403 (Forbidden)\nContent: upstream answered Status Code = '400'",
      ),
    ).toEqual([
      ["credential.mi-identity-not-assigned", 0.44],
      ["credential.mi-audience-not-supported", 0.34],
      ["resource.managed-identity-not-enabled", 0.28],
      ["credential.mi-gateway", 0.32],
      ["credential.mi-pod-identity-not-ready", 0.28],
      ["credential.mi-endpoint-error", 0.22],
    ]);
  });

  it("leaves an endpoint never reached to the network matcher, which reads it as the identity endpoint's", () => {
    const refused = "managed identity request failed: connect ECONNREFUSED 169.254.169.254:80";
    expect(fallback(refused)).toEqual([]);
    expect(explain(refused)[0]?.code).toBe("credential.mi-unavailable");
    const late =
      'managed identity token request failed: Get "http://169.254.169.254/metadata/identity/oauth2/token": context deadline exceeded';
    expect(explain(late).map((m) => m.code)).toEqual(["credential.mi-timeout", "credential.mi-unavailable"]);
  });

  it("says nothing when the status may be the Azure AI endpoint's, or a credential got its token", () => {
    expect(
      codes(
        "managed identity failed; POST https://contoso.openai.azure.com/openai/deployments/x/chat/completions answered Status: 401",
      ),
    ).toEqual([]);
    expect(
      codes(
        "DefaultAzureCredential credential selected: Azure.Identity.ManagedIdentityCredential\nmanaged identity error response 403 Forbidden",
      ),
    ).toEqual([]);
    expect(codes("Status: 400 (Bad Request)")).toEqual([]);
    expect(codes("managed identity failed without a status")).toEqual([]);
  });

  it("keeps the data plane's causes out of explain's answer for an identity endpoint's status", () => {
    const found = explain(
      "ManagedIdentityCredential failed: Status: 403 (Forbidden)\nContent: upstream answered Status Code = '400'",
    ).map((m) => m.code as string);
    expect(found[0]).toBe("credential.mi-identity-not-assigned");
    expect(found.filter((c) => !c.startsWith("credential.") && !c.startsWith("resource.managed"))).toEqual(
      [],
    );
  });
});
