import { describe, expect, it } from "vitest";
import {
  classifyEndpoint,
  ENDPOINT_PROBLEM_CODES,
  type EndpointClassification,
  expectedAudienceForEndpoint,
  redactEndpoint,
  scopeForEndpoint,
} from "../../src/knowledge/endpoint-form.js";

const codes = (c: EndpointClassification): string[] => c.problems.map((p) => p.code);

describe("classifyEndpoint: custom subdomain forms", () => {
  it("classifies a bare public Azure OpenAI endpoint", () => {
    expect(classifyEndpoint("https://contoso.openai.azure.com")).toEqual({
      input: "https://contoso.openai.azure.com",
      valid: true,
      url: "https://contoso.openai.azure.com",
      host: "contoso.openai.azure.com",
      cloud: "public",
      kind: "openai",
      resourceName: "contoso",
      v1: false,
      acceptsEntraTokens: true,
      scope: "https://cognitiveservices.azure.com/.default",
      audience: "https://cognitiveservices.azure.com",
      acceptedAudiences: ["https://cognitiveservices.azure.com"],
      recommendedEndpoint: "https://contoso.openai.azure.com",
      problems: [],
    });
  });

  it.each([
    ["https://contoso.openai.azure.com/", "openai"],
    ["https://contoso.openai.azure.com/openai", "openai"],
    ["https://contoso.openai.azure.com/openai/", "openai"],
    ["https://contoso.cognitiveservices.azure.com", "cognitiveservices"],
    ["https://contoso.cognitiveservices.azure.com/", "cognitiveservices"],
    ["https://contoso.cognitiveservices.azure.com/openai", "cognitiveservices"],
    ["https://contoso.services.ai.azure.com", "openai"],
    ["https://contoso.services.ai.azure.com/openai/", "openai"],
  ] as const)("%s is a clean %s endpoint", (input, kind) => {
    const c = classifyEndpoint(input);
    expect(c.kind).toBe(kind);
    expect(c.cloud).toBe("public");
    expect(c.resourceName).toBe("contoso");
    expect(c.problems).toEqual([]);
    expect(c.scope).toBe("https://cognitiveservices.azure.com/.default");
    expect(c.audience).toBe("https://cognitiveservices.azure.com");
    expect(c.acceptsEntraTokens).toBe(true);
  });

  it("recommends the origin of the host that was given", () => {
    expect(classifyEndpoint("https://contoso.cognitiveservices.azure.com/openai").recommendedEndpoint).toBe(
      "https://contoso.cognitiveservices.azure.com",
    );
    expect(classifyEndpoint("https://contoso.services.ai.azure.com/openai/").recommendedEndpoint).toBe(
      "https://contoso.services.ai.azure.com",
    );
  });

  it.each([
    ["https://contoso.openai.azure.us", "usgov", "openai", "https://cognitiveservices.azure.us"],
    [
      "https://contoso.cognitiveservices.azure.us/",
      "usgov",
      "cognitiveservices",
      "https://cognitiveservices.azure.us",
    ],
    ["https://contoso.openai.azure.cn", "china", "openai", "https://cognitiveservices.azure.cn"],
    [
      "https://contoso.cognitiveservices.azure.cn/openai",
      "china",
      "cognitiveservices",
      "https://cognitiveservices.azure.cn",
    ],
  ] as const)("%s is %s %s with audience %s", (input, cloud, kind, audience) => {
    const c = classifyEndpoint(input);
    expect(c.cloud).toBe(cloud);
    expect(c.kind).toBe(kind);
    expect(c.resourceName).toBe("contoso");
    expect(c.audience).toBe(audience);
    expect(c.scope).toBe(`${audience}/.default`);
    expect(c.acceptedAudiences).toEqual([audience]);
    expect(c.problems).toEqual([]);
  });

  it("normalises upper case hosts, whitespace and duplicate slashes", () => {
    const c = classifyEndpoint("  HTTPS://Contoso.OpenAI.Azure.COM//openai//  ");
    expect(c.url).toBe("https://contoso.openai.azure.com/openai");
    expect(c.host).toBe("contoso.openai.azure.com");
    expect(c.resourceName).toBe("contoso");
    expect(c.recommendedEndpoint).toBe("https://contoso.openai.azure.com");
    expect(c.problems).toEqual([]);
    expect(c.input).toBe("  HTTPS://Contoso.OpenAI.Azure.COM//openai//  ");
  });

  it("drops the default port and keeps another one", () => {
    expect(classifyEndpoint("https://contoso.openai.azure.com:443/").url).toBe(
      "https://contoso.openai.azure.com",
    );
    const c = classifyEndpoint("https://contoso.openai.azure.com:8443/");
    expect(c.url).toBe("https://contoso.openai.azure.com:8443");
    expect(c.host).toBe("contoso.openai.azure.com");
    expect(c.recommendedEndpoint).toBe("https://contoso.openai.azure.com:8443");
    expect(c.resourceName).toBe("contoso");
  });

  it("reads the resource behind a privatelink zone name", () => {
    const c = classifyEndpoint("https://contoso.privatelink.openai.azure.com");
    expect(c.resourceName).toBe("contoso");
    expect(c.recommendedEndpoint).toBe("https://contoso.openai.azure.com");
  });

  it("accepts hyphens and digits in resource names", () => {
    expect(classifyEndpoint("https://my-aoai-01.openai.azure.com").resourceName).toBe("my-aoai-01");
  });
});

describe("classifyEndpoint: v1 API", () => {
  it("does not flag exactly /openai/v1 and notes that v1 also accepts the ai.azure.com audience", () => {
    const c = classifyEndpoint("https://contoso.openai.azure.com/openai/v1/");
    expect(c.kind).toBe("openai");
    expect(c.v1).toBe(true);
    expect(c.url).toBe("https://contoso.openai.azure.com/openai/v1");
    expect(c.problems).toEqual([]);
    expect(c.scope).toBe("https://cognitiveservices.azure.com/.default");
    expect(c.audience).toBe("https://cognitiveservices.azure.com");
    expect(c.acceptedAudiences).toEqual(["https://cognitiveservices.azure.com", "https://ai.azure.com"]);
    expect(c.recommendedEndpoint).toBe("https://contoso.openai.azure.com");
    expect(c.apiVersion).toBeUndefined();
  });

  it("flags a v1 request path and names the baseURL", () => {
    const c = classifyEndpoint("https://contoso.openai.azure.com/openai/v1/chat/completions");
    expect(c.v1).toBe(true);
    expect(c.problems).toEqual([
      {
        code: "endpoint.extra-path",
        message:
          'endpoint "https://contoso.openai.azure.com/openai/v1/chat/completions" includes a request path; set the endpoint to https://contoso.openai.azure.com (the OpenAI client takes baseURL https://contoso.openai.azure.com/openai/v1/)',
      },
    ]);
  });

  it("has no ai.azure.com audience in sovereign clouds", () => {
    expect(classifyEndpoint("https://contoso.openai.azure.us/openai/v1").acceptedAudiences).toEqual([
      "https://cognitiveservices.azure.us",
    ]);
  });
});

describe("classifyEndpoint: Foundry forms", () => {
  it("classifies the AI inference /models endpoint", () => {
    const c = classifyEndpoint("https://contoso.services.ai.azure.com/models");
    expect(c.kind).toBe("ai-services-models");
    expect(c.resourceName).toBe("contoso");
    expect(c.scope).toBe("https://cognitiveservices.azure.com/.default");
    expect(c.audience).toBe("https://cognitiveservices.azure.com");
    expect(c.recommendedEndpoint).toBe("https://contoso.services.ai.azure.com/models");
    expect(c.problems).toEqual([]);
  });

  it("flags a request pasted after /models", () => {
    const c = classifyEndpoint(
      "https://contoso.services.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview",
    );
    expect(c.kind).toBe("ai-services-models");
    expect(c.apiVersion).toBe("2024-05-01-preview");
    expect(c.problems).toEqual([
      {
        code: "endpoint.extra-path",
        message:
          'endpoint "https://contoso.services.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview" includes a request path and query; set the endpoint to https://contoso.services.ai.azure.com/models and pass apiVersion "2024-05-01-preview" as client options',
      },
    ]);
  });

  it("classifies a Foundry project endpoint with the ai.azure.com scope", () => {
    expect(classifyEndpoint("https://contoso.services.ai.azure.com/api/projects/my-project")).toEqual({
      input: "https://contoso.services.ai.azure.com/api/projects/my-project",
      valid: true,
      url: "https://contoso.services.ai.azure.com/api/projects/my-project",
      host: "contoso.services.ai.azure.com",
      cloud: "public",
      kind: "foundry-project",
      resourceName: "contoso",
      projectName: "my-project",
      v1: false,
      acceptsEntraTokens: true,
      scope: "https://ai.azure.com/.default",
      audience: "https://ai.azure.com",
      acceptedAudiences: ["https://ai.azure.com"],
      recommendedEndpoint: "https://contoso.services.ai.azure.com/api/projects/my-project",
      problems: [],
    });
  });

  it("flags an agent request path pasted after the project", () => {
    const c = classifyEndpoint("https://contoso.services.ai.azure.com/api/projects/p1/assistants/asst_1");
    expect(c.kind).toBe("foundry-project");
    expect(c.projectName).toBe("p1");
    expect(c.problems).toEqual([
      {
        code: "endpoint.extra-path",
        message:
          'endpoint "https://contoso.services.ai.azure.com/api/projects/p1/assistants/asst_1" includes a request path; set the endpoint to https://contoso.services.ai.azure.com/api/projects/p1',
      },
    ]);
  });

  it("flags a project endpoint without a project name", () => {
    const c = classifyEndpoint("https://contoso.services.ai.azure.com/api/projects/");
    expect(c.kind).toBe("foundry-project");
    expect(c.projectName).toBeUndefined();
    expect(c.recommendedEndpoint).toBeUndefined();
    expect(c.hint).toBe("https://contoso.services.ai.azure.com/api/projects/<project>");
    expect(c.problems).toEqual([
      {
        code: "endpoint.invalid-url",
        message:
          'endpoint "https://contoso.services.ai.azure.com/api/projects/" names no project; a Foundry project endpoint looks like https://<name>.services.ai.azure.com/api/projects/<project>',
      },
    ]);
  });
});

describe("classifyEndpoint: regional endpoints", () => {
  it("flags the public regional endpoint with the STYLE message", () => {
    expect(classifyEndpoint("https://eastus.api.cognitive.microsoft.com")).toEqual({
      input: "https://eastus.api.cognitive.microsoft.com",
      valid: true,
      url: "https://eastus.api.cognitive.microsoft.com",
      host: "eastus.api.cognitive.microsoft.com",
      cloud: "public",
      kind: "regional",
      region: "eastus",
      v1: false,
      acceptsEntraTokens: false,
      acceptedAudiences: [],
      hint: "https://<your-resource-name>.openai.azure.com",
      problems: [
        {
          code: "endpoint.regional-no-subdomain",
          message:
            'endpoint "https://eastus.api.cognitive.microsoft.com" is a regional endpoint; Entra ID tokens need the resource\'s custom subdomain, e.g. https://<name>.openai.azure.com',
        },
      ],
    });
  });

  it.each([
    ["https://westeurope.api.cognitive.microsoft.com/", "public", "westeurope", ".openai.azure.com"],
    ["https://virginia.api.cognitive.microsoft.us", "usgov", "virginia", ".openai.azure.us"],
    ["https://chinaeast2.api.cognitive.azure.cn", "china", "chinaeast2", ".openai.azure.cn"],
  ] as const)("%s is regional in %s", (input, cloud, region, suffix) => {
    const c = classifyEndpoint(input);
    expect(c.kind).toBe("regional");
    expect(c.cloud).toBe(cloud);
    expect(c.region).toBe(region);
    expect(c.acceptsEntraTokens).toBe(false);
    expect(c.scope).toBeUndefined();
    expect(c.audience).toBeUndefined();
    expect(c.recommendedEndpoint).toBeUndefined();
    expect(c.hint).toBe(`https://<your-resource-name>${suffix}`);
    expect(c.problems).toEqual([
      {
        code: "endpoint.regional-no-subdomain",
        message: `endpoint "${input}" is a regional endpoint; Entra ID tokens need the resource's custom subdomain, e.g. https://<name>${suffix}`,
      },
    ]);
  });

  it("reports a pasted request path on a regional endpoint after the regional problem", () => {
    const c = classifyEndpoint(
      "https://westeurope.api.cognitive.microsoft.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
    );
    expect(codes(c)).toEqual(["endpoint.regional-no-subdomain", "endpoint.extra-path"]);
    expect(c.deployment).toBe("gpt-4o");
    expect(c.apiVersion).toBe("2024-10-21");
    expect(c.problems[1]?.message).toBe(
      'endpoint "https://westeurope.api.cognitive.microsoft.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21" includes a request path and query; set the endpoint to https://<your-resource-name>.openai.azure.com and pass deployment "gpt-4o" and apiVersion "2024-10-21" as client options',
    );
  });
});

describe("classifyEndpoint: extra paths", () => {
  it("extracts the deployment and api-version from a pasted request URL", () => {
    const input =
      "https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21";
    const c = classifyEndpoint(input);
    expect(c.kind).toBe("openai");
    expect(c.url).toBe("https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions");
    expect(c.deployment).toBe("gpt-4o");
    expect(c.apiVersion).toBe("2024-10-21");
    expect(c.recommendedEndpoint).toBe("https://contoso.openai.azure.com");
    expect(c.scope).toBe("https://cognitiveservices.azure.com/.default");
    expect(c.problems).toEqual([
      {
        code: "endpoint.extra-path",
        message: `endpoint "${input}" includes a request path and query; set the endpoint to https://contoso.openai.azure.com and pass deployment "gpt-4o" and apiVersion "2024-10-21" as client options`,
      },
    ]);
  });

  it("keeps the deployment's case and decodes it", () => {
    expect(
      classifyEndpoint("https://contoso.openai.azure.com/OpenAI/Deployments/My%20Dep/embeddings").deployment,
    ).toBe("My Dep");
  });

  it("flags a deployment path without an operation", () => {
    const c = classifyEndpoint("https://contoso.openai.azure.com/openai/deployments/gpt-4o");
    expect(c.deployment).toBe("gpt-4o");
    expect(c.problems).toEqual([
      {
        code: "endpoint.extra-path",
        message:
          'endpoint "https://contoso.openai.azure.com/openai/deployments/gpt-4o" includes a request path; set the endpoint to https://contoso.openai.azure.com and pass deployment "gpt-4o" as client options',
      },
    ]);
  });

  it("flags a query string on an otherwise clean endpoint", () => {
    const c = classifyEndpoint("https://contoso.openai.azure.com/?api-version=2024-10-21");
    expect(c.apiVersion).toBe("2024-10-21");
    expect(c.problems).toEqual([
      {
        code: "endpoint.extra-path",
        message:
          'endpoint "https://contoso.openai.azure.com/?api-version=2024-10-21" includes a query string; set the endpoint to https://contoso.openai.azure.com and pass apiVersion "2024-10-21" as client options',
      },
    ]);
  });

  it("flags a path that is not an OpenAI path", () => {
    const c = classifyEndpoint("https://contoso.openai.azure.com/foo");
    expect(codes(c)).toEqual(["endpoint.extra-path"]);
    expect(c.problems[0]?.message).toBe(
      'endpoint "https://contoso.openai.azure.com/foo" includes a request path; set the endpoint to https://contoso.openai.azure.com',
    );
  });

  it("masks key-like query values in messages", () => {
    const c = classifyEndpoint(
      "https://contoso.openai.azure.com/openai?api-key=0123456789abcdef&sig=xyz&api-version=1",
    );
    expect(c.problems[0]?.message).toBe(
      'endpoint "https://contoso.openai.azure.com/openai?api-key=***&sig=***&api-version=1" includes a query string; set the endpoint to https://contoso.openai.azure.com and pass apiVersion "1" as client options',
    );
    expect(c.url).toBe("https://contoso.openai.azure.com/openai");
  });
});

describe("classifyEndpoint: hosts that are not Azure AI", () => {
  it("flags an APIM gateway and names the subscription-key cause", () => {
    const c = classifyEndpoint("https://contoso.azure-api.net");
    expect(c).toEqual({
      input: "https://contoso.azure-api.net",
      valid: true,
      url: "https://contoso.azure-api.net",
      host: "contoso.azure-api.net",
      cloud: "public",
      kind: "unknown-host",
      v1: false,
      gateway: "apim",
      acceptsEntraTokens: true,
      scope: "https://cognitiveservices.azure.com/.default",
      acceptedAudiences: [],
      problems: [
        {
          code: "endpoint.not-azure",
          message:
            'endpoint "https://contoso.azure-api.net" is an Azure API Management gateway, not an Azure OpenAI resource; its policy decides what callers send: often an APIM subscription key (Ocp-Apim-Subscription-Key, see gateway.apim-subscription-key) instead of or with an Entra ID token. Check the API\'s policy, or call the resource directly, e.g. https://<name>.openai.azure.com',
        },
      ],
    });
  });

  it("does not flag an APIM path prefix, but flags a pasted request", () => {
    expect(codes(classifyEndpoint("https://contoso.azure-api.net/aoai"))).toEqual(["endpoint.not-azure"]);
    const c = classifyEndpoint(
      "https://contoso.azure-api.net/openai/deployments/gpt/chat/completions?api-version=2024-10-21&subscription-key=abc",
    );
    expect(codes(c)).toEqual(["endpoint.not-azure", "endpoint.extra-path"]);
    expect(c.deployment).toBe("gpt");
    expect(c.problems[1]?.message).toBe(
      'endpoint "https://contoso.azure-api.net/openai/deployments/gpt/chat/completions?api-version=2024-10-21&subscription-key=***" includes a request path and query; set the endpoint to https://contoso.azure-api.net and pass deployment "gpt" and apiVersion "2024-10-21" as client options',
    );
  });

  it("uses the sovereign scope for sovereign APIM gateways", () => {
    const c = classifyEndpoint("https://contoso.azure-api.us");
    expect(c.cloud).toBe("usgov");
    expect(c.gateway).toBe("apim");
    expect(c.scope).toBe("https://cognitiveservices.azure.us/.default");
  });

  it("flags api.openai.com as taking no Entra tokens", () => {
    const c = classifyEndpoint("https://api.openai.com/v1");
    expect(c.kind).toBe("unknown-host");
    expect(c.cloud).toBe("unknown");
    expect(c.acceptsEntraTokens).toBe(false);
    expect(c.scope).toBeUndefined();
    expect(c.problems).toEqual([
      {
        code: "endpoint.not-azure",
        message:
          "endpoint \"https://api.openai.com/v1\" is OpenAI's own API, not Azure OpenAI; it takes an OpenAI API key, not Entra ID tokens. Use your Azure OpenAI resource's endpoint, e.g. https://<name>.openai.azure.com",
      },
    ]);
  });

  it("flags any other host but still gives the public default scope", () => {
    const c = classifyEndpoint("https://127.0.0.1:8443");
    expect(c.kind).toBe("unknown-host");
    expect(c.cloud).toBe("unknown");
    expect(c.acceptsEntraTokens).toBe(true);
    expect(c.scope).toBe("https://cognitiveservices.azure.com/.default");
    expect(c.audience).toBeUndefined();
    expect(c.recommendedEndpoint).toBeUndefined();
    expect(c.problems).toEqual([
      {
        code: "endpoint.not-azure",
        message:
          'endpoint "https://127.0.0.1:8443" is not an Azure AI host (<name>.openai.azure.com, <name>.cognitiveservices.azure.com or <name>.services.ai.azure.com); a proxy or gateway decides which credentials it accepts, and keyless requests https://cognitiveservices.azure.com/.default for it. Otherwise use the resource\'s endpoint, e.g. https://<name>.openai.azure.com',
      },
    ]);
  });

  it("does not take a look-alike host for Azure", () => {
    const c = classifyEndpoint("https://contoso.openai.azure.com.evil.example");
    expect(c.kind).toBe("unknown-host");
    expect(codes(c)).toEqual(["endpoint.not-azure"]);
  });
});

describe("classifyEndpoint: malformed input", () => {
  const GENERIC = "an Azure OpenAI endpoint looks like https://<name>.openai.azure.com";

  it.each([
    ["", 'endpoint "" is empty; set it to the resource\'s endpoint, e.g. https://<name>.openai.azure.com'],
    ["   ", 'endpoint "" is empty; set it to the resource\'s endpoint, e.g. https://<name>.openai.azure.com'],
    ["not a url", `endpoint "not a url" is not a valid URL; ${GENERIC}`],
    ["https://", `endpoint "https://" is not a valid URL; ${GENERIC}`],
    ["contoso", `endpoint "contoso" is not a valid URL; ${GENERIC}`],
    [
      "https://contoso openai.azure.com",
      `endpoint "https://contoso openai.azure.com" is not a valid URL; ${GENERIC}`,
    ],
    [
      "ftp://x",
      'endpoint "ftp://x" uses the scheme "ftp:"; an Azure OpenAI endpoint is an https URL such as https://<name>.openai.azure.com',
    ],
    [
      "wss://contoso.openai.azure.com/openai/realtime",
      'endpoint "wss://contoso.openai.azure.com/openai/realtime" uses the scheme "wss:"; an Azure OpenAI endpoint is an https URL such as https://<name>.openai.azure.com',
    ],
    [
      "javascript:alert(1)",
      'endpoint "javascript:alert(1)" uses the scheme "javascript:"; an Azure OpenAI endpoint is an https URL such as https://<name>.openai.azure.com',
    ],
  ])("%j is invalid", (input, message) => {
    expect(classifyEndpoint(input)).toEqual({
      input,
      valid: false,
      cloud: "unknown",
      kind: "unknown-host",
      v1: false,
      acceptsEntraTokens: false,
      acceptedAudiences: [],
      hint: "https://<your-resource-name>.openai.azure.com",
      problems: [{ code: "endpoint.invalid-url", message }],
    });
  });

  it("caps 10 000 characters of garbage in the message", () => {
    const garbage = "%$#@!".repeat(2000);
    const c = classifyEndpoint(garbage);
    expect(c.valid).toBe(false);
    expect(c.input).toBe(garbage);
    expect(c.problems).toEqual([
      {
        code: "endpoint.invalid-url",
        message: `endpoint "${garbage.slice(0, 200)}…" is not a valid URL; ${GENERIC}`,
      },
    ]);
  });

  it("escapes control characters when quoting", () => {
    const c = classifyEndpoint("https://con\u0000toso");
    expect(c.valid).toBe(false);
    expect(c.problems[0]?.message).toBe(`endpoint "https://con\\u0000toso" is not a valid URL; ${GENERIC}`);
  });

  it("never throws, whatever the input", () => {
    const inputs = [
      "\u{1F600}",
      "https://\u{1F600}.openai.azure.com",
      "//",
      "?",
      "#",
      "http://[::1",
      "a".repeat(10_000),
    ];
    for (const input of inputs) {
      expect(() => classifyEndpoint(input)).not.toThrow();
    }
  });

  it("flags a unicode resource name, quoting what was typed", () => {
    const c = classifyEndpoint("https://contöso.openai.azure.com");
    expect(c.valid).toBe(true);
    expect(c.host).toBe("xn--contso-zxa.openai.azure.com");
    expect(c.resourceName).toBeUndefined();
    expect(c.recommendedEndpoint).toBeUndefined();
    expect(c.hint).toBe("https://<your-resource-name>.openai.azure.com");
    expect(c.problems).toEqual([
      {
        code: "endpoint.invalid-url",
        message:
          'endpoint "https://contöso.openai.azure.com" has "xn--contso-zxa" where the resource\'s custom subdomain goes, which is not a valid name (letters, digits and hyphens); copy the endpoint from the resource\'s Keys and Endpoint page',
      },
    ]);
  });

  it("flags an underscore in the resource name", () => {
    expect(codes(classifyEndpoint("https://my_res.openai.azure.com"))).toEqual(["endpoint.invalid-url"]);
  });

  it("flags the bare service host (an audience pasted as the endpoint)", () => {
    const c = classifyEndpoint("https://cognitiveservices.azure.com");
    expect(c.kind).toBe("cognitiveservices");
    expect(c.resourceName).toBeUndefined();
    expect(c.hint).toBe("https://<your-resource-name>.cognitiveservices.azure.com");
    expect(c.problems).toEqual([
      {
        code: "endpoint.invalid-url",
        message:
          'endpoint "https://cognitiveservices.azure.com" has no resource name; use the resource\'s custom subdomain, e.g. https://<name>.cognitiveservices.azure.com',
      },
    ]);
  });

  it("accepts a missing https:// with a problem", () => {
    const c = classifyEndpoint("contoso.openai.azure.com/");
    expect(c.valid).toBe(true);
    expect(c.url).toBe("https://contoso.openai.azure.com");
    expect(c.kind).toBe("openai");
    expect(c.recommendedEndpoint).toBe("https://contoso.openai.azure.com");
    expect(c.problems).toEqual([
      {
        code: "endpoint.invalid-url",
        message:
          'endpoint "contoso.openai.azure.com/" is missing https://; use https://contoso.openai.azure.com',
      },
    ]);
  });

  it("reports a missing scheme together with the regional problem", () => {
    expect(codes(classifyEndpoint("eastus.api.cognitive.microsoft.com"))).toEqual([
      "endpoint.invalid-url",
      "endpoint.regional-no-subdomain",
    ]);
  });

  it("flags http on an Azure host", () => {
    const c = classifyEndpoint("http://contoso.openai.azure.us/");
    expect(c.valid).toBe(true);
    expect(c.url).toBe("http://contoso.openai.azure.us");
    expect(c.cloud).toBe("usgov");
    expect(c.recommendedEndpoint).toBe("https://contoso.openai.azure.us");
    expect(c.problems).toEqual([
      {
        code: "endpoint.invalid-url",
        message:
          'endpoint "http://contoso.openai.azure.us/" uses http://; Azure only accepts Entra ID tokens over https, use https://contoso.openai.azure.us',
      },
    ]);
  });

  it("does not flag http on a local proxy for its scheme", () => {
    expect(codes(classifyEndpoint("http://localhost:8080"))).toEqual(["endpoint.not-azure"]);
  });

  it("reads an endpoint wrapped in quotes, with a problem", () => {
    const c = classifyEndpoint('"https://contoso.openai.azure.com"');
    expect(c.valid).toBe(true);
    expect(c.resourceName).toBe("contoso");
    expect(c.problems).toEqual([
      {
        code: "endpoint.invalid-url",
        message:
          'endpoint "\\"https://contoso.openai.azure.com\\"" is wrapped in quotes; remove them: https://contoso.openai.azure.com',
      },
    ]);
  });

  it("never puts URL credentials in url or messages", () => {
    const c = classifyEndpoint(
      "https://user:s3cret@contoso.openai.azure.com/openai/deployments/d/chat/completions",
    );
    expect(c.url).toBe("https://contoso.openai.azure.com/openai/deployments/d/chat/completions");
    expect(c.problems.map((p) => p.message).join(" ")).not.toContain("s3cret");
    expect(c.problems[0]?.message).toContain(
      '"https://***@contoso.openai.azure.com/openai/deployments/d/chat/completions"',
    );
  });

  it("exposes the cause codes it uses", () => {
    expect(ENDPOINT_PROBLEM_CODES).toEqual({
      regionalNoSubdomain: "endpoint.regional-no-subdomain",
      extraPath: "endpoint.extra-path",
      notAzure: "endpoint.not-azure",
      invalidUrl: "endpoint.invalid-url",
    });
  });
});

describe("expectedAudienceForEndpoint", () => {
  it.each([
    ["https://contoso.openai.azure.com", "https://cognitiveservices.azure.com"],
    ["https://contoso.cognitiveservices.azure.com/openai", "https://cognitiveservices.azure.com"],
    ["https://contoso.services.ai.azure.com/models", "https://cognitiveservices.azure.com"],
    ["https://contoso.services.ai.azure.com/api/projects/p", "https://ai.azure.com"],
    ["https://contoso.openai.azure.us", "https://cognitiveservices.azure.us"],
    ["https://contoso.openai.azure.cn/", "https://cognitiveservices.azure.cn"],
  ])("%s expects %s", (endpoint, audience) => {
    expect(expectedAudienceForEndpoint(endpoint)).toBe(audience);
  });

  it.each([
    "https://eastus.api.cognitive.microsoft.com",
    "https://contoso.azure-api.net",
    "https://api.openai.com/v1",
    "not a url",
  ])("has no expectation for %s", (endpoint) => {
    expect(expectedAudienceForEndpoint(endpoint)).toBeUndefined();
  });
});

describe("scopeForEndpoint", () => {
  it.each([
    ["https://contoso.openai.azure.com", "https://cognitiveservices.azure.com/.default"],
    ["https://contoso.openai.azure.com/openai/v1", "https://cognitiveservices.azure.com/.default"],
    ["https://contoso.services.ai.azure.com/api/projects/p", "https://ai.azure.com/.default"],
    ["https://contoso.openai.azure.us", "https://cognitiveservices.azure.us/.default"],
    ["https://contoso.cognitiveservices.azure.cn", "https://cognitiveservices.azure.cn/.default"],
    ["https://virginia.api.cognitive.microsoft.us", "https://cognitiveservices.azure.us/.default"],
    ["https://chinaeast2.api.cognitive.azure.cn", "https://cognitiveservices.azure.cn/.default"],
    ["https://contoso.azure-api.cn", "https://cognitiveservices.azure.cn/.default"],
    ["https://127.0.0.1:8443", "https://cognitiveservices.azure.com/.default"],
    ["https://api.openai.com/v1", "https://cognitiveservices.azure.com/.default"],
    ["", "https://cognitiveservices.azure.com/.default"],
    ["not a url", "https://cognitiveservices.azure.com/.default"],
  ])("%j -> %s", (endpoint, scope) => {
    expect(scopeForEndpoint(endpoint)).toBe(scope);
  });
});

describe("classifyEndpoint: the OpenAI v1 API of a Foundry project", () => {
  it("takes <project>/openai/v1, the base URL getOpenAIClient() builds, as an endpoint", () => {
    const c = classifyEndpoint("https://contoso.services.ai.azure.com/api/projects/p1/openai/v1");
    expect(c.kind).toBe("foundry-project");
    expect(c.v1).toBe(true);
    expect(c.projectName).toBe("p1");
    expect(c.scope).toBe("https://ai.azure.com/.default");
    expect(c.acceptedAudiences).toEqual(["https://ai.azure.com"]);
    expect(c.problems).toEqual([]);
  });

  it("says a Responses request path is a request, and names the v1 base URL", () => {
    const c = classifyEndpoint("https://contoso.services.ai.azure.com/api/projects/p1/openai/v1/responses");
    expect(c.problems).toEqual([
      {
        code: "endpoint.extra-path",
        message:
          'endpoint "https://contoso.services.ai.azure.com/api/projects/p1/openai/v1/responses" includes a request path; set the endpoint to https://contoso.services.ai.azure.com/api/projects/p1 (the OpenAI client takes baseURL https://contoso.services.ai.azure.com/api/projects/p1/openai/v1/)',
      },
    ]);
  });
});

describe("classifyEndpoint: credentials in the query are masked in one pass", () => {
  it("masks every key-like value and keeps the rest", () => {
    const c = classifyEndpoint(
      "https://contoso.openai.azure.com/openai?api-key=K1&x=1&sig=S2#frag?access_token=T3&b=2",
    );
    expect(c.problems[0]?.message).toBe(
      'endpoint "https://contoso.openai.azure.com/openai?api-key=***&x=1&sig=***#frag?access_token=***&b=2" includes a query string; set the endpoint to https://contoso.openai.azure.com',
    );
  });

  it("answers for an endpoint that is a long run of ? (once quadratic) with the value masked", () => {
    const c = classifyEndpoint(`https://contoso.openai.azure.com/?key=SECRET${"?".repeat(50_000)}`);
    expect(c.problems.map((p) => p.code)).toEqual(["endpoint.extra-path"]);
    expect(JSON.stringify(c.problems)).not.toContain("SECRET");
  });
});

describe("redactEndpoint on endpoints as they are pasted (found by test/reliability/doctor-input-fuzz.test.ts)", () => {
  it("masks userinfo with a mistyped or missing scheme, or quoted, and Functions' code=", () => {
    expect(redactEndpoint("https:/K3y@contoso.openai.azure.com")).toBe("https:/***@contoso.openai.azure.com");
    expect(redactEndpoint("user:Passw0rd@contoso.openai.azure.com")).toBe(
      "user:***@contoso.openai.azure.com",
    );
    expect(redactEndpoint('"https://K3y@contoso.openai.azure.com"')).toBe(
      '"https://***@contoso.openai.azure.com"',
    );
    expect(redactEndpoint("https://contoso.openai.azure.com?code=K3y&x=1")).toBe(
      "https://contoso.openai.azure.com?code=***&x=1",
    );
    expect(redactEndpoint("https://contoso.openai.azure.com/openai/deployments/a@b")).toBe(
      "https://contoso.openai.azure.com/openai/deployments/a@b",
    );
  });
});
