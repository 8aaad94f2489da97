import { describe, expect, it } from "vitest";
import { dataPlaneTarget } from "../../../src/diagnose/probes/probe-data-plane.js";
import { classifyEndpoint } from "../../../src/knowledge/endpoint-form.js";

describe("dataPlaneTarget", () => {
  it("calls chat completions on the deployment with max_tokens 1", () => {
    const target = dataPlaneTarget(
      classifyEndpoint("https://contoso.openai.azure.com/"),
      "gpt-4o",
      "2024-10-21",
    );
    expect(target).toEqual({
      method: "POST",
      url: "https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
      display: "POST /openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
      body: '{"messages":[{"role":"user","content":"ping"}],"max_tokens":1}',
      required: {
        operation: "POST /openai/deployments/{deployment-id}/chat/completions",
        dataAction: "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action",
      },
    });
  });

  it("probes the origin of an endpoint pasted with a request path, and the regional host as given", () => {
    expect(
      dataPlaneTarget(
        classifyEndpoint("https://contoso.openai.azure.com/openai/deployments/x/chat/completions"),
        "x",
        "2024-10-21",
      )?.url,
    ).toBe("https://contoso.openai.azure.com/openai/deployments/x/chat/completions?api-version=2024-10-21");
    expect(
      dataPlaneTarget(classifyEndpoint("https://eastus.api.cognitive.microsoft.com"), "gpt-4o", "v")?.url,
    ).toBe(
      "https://eastus.api.cognitive.microsoft.com/openai/deployments/gpt-4o/chat/completions?api-version=v",
    );
  });

  it("uses the v1 form with the deployment as model, and lists models without a deployment", () => {
    const v1 = dataPlaneTarget(
      classifyEndpoint("https://contoso.openai.azure.com/openai/v1"),
      "gpt-4o",
      "2024-10-21",
    );
    expect(v1?.url).toBe("https://contoso.openai.azure.com/openai/v1/chat/completions");
    expect(v1?.body).toBe('{"messages":[{"role":"user","content":"ping"}],"max_tokens":1,"model":"gpt-4o"}');
    expect(
      dataPlaneTarget(classifyEndpoint("https://contoso.openai.azure.com"), undefined, "2024-10-21")?.display,
    ).toBe("GET /openai/models?api-version=2024-10-21");
  });

  it("calls a Foundry project as getOpenAIClient() does: <project>/openai/v1/..., model in the body", () => {
    const project = classifyEndpoint("https://x.services.ai.azure.com/api/projects/p");
    expect(dataPlaneTarget(project, "gpt-4o", "2024-10-21")).toEqual({
      method: "POST",
      url: "https://x.services.ai.azure.com/api/projects/p/openai/v1/chat/completions",
      display: "POST /api/projects/p/openai/v1/chat/completions",
      body: '{"messages":[{"role":"user","content":"ping"}],"max_tokens":1,"model":"gpt-4o"}',
      required: {
        operation: "POST /api/projects/{projectName}/openai/v1/chat/completions",
        dataAction: "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action",
      },
    });
    expect(dataPlaneTarget(project, undefined, "2024-10-21")).toMatchObject({
      method: "GET",
      url: "https://x.services.ai.azure.com/api/projects/p/openai/v1/models",
      required: { dataAction: "Microsoft.CognitiveServices/accounts/OpenAI/models/read" },
    });
    // The OpenAI base URL getOpenAIClient() hands out is the same project.
    expect(
      dataPlaneTarget(classifyEndpoint("https://x.services.ai.azure.com/api/projects/p/openai/v1"), "m", "v")
        ?.url,
    ).toBe("https://x.services.ai.azure.com/api/projects/p/openai/v1/chat/completions");
    expect(dataPlaneTarget(project, "gpt-4o", "v", "responses")).toMatchObject({
      url: "https://x.services.ai.azure.com/api/projects/p/openai/v1/responses",
      body: '{"model":"gpt-4o","input":"ping","max_output_tokens":16,"store":false}',
      required: { dataAction: "Microsoft.CognitiveServices/accounts/OpenAI/responses/write" },
    });
    expect(dataPlaneTarget(project, "emb", "v", "embeddings")?.display).toBe(
      "POST /api/projects/p/openai/v1/embeddings",
    );
  });

  it("probes the Responses API on the endpoint's form: v1 with model, dated with a Responses api-version", () => {
    const v1 = dataPlaneTarget(
      classifyEndpoint("https://c.openai.azure.com/openai/v1"),
      "gpt-4o",
      "v",
      "responses",
    );
    expect(v1).toMatchObject({
      method: "POST",
      url: "https://c.openai.azure.com/openai/v1/responses",
      body: '{"model":"gpt-4o","input":"ping","max_output_tokens":16,"store":false}',
      required: {
        operation: "POST /openai/v1/responses",
        dataAction: "Microsoft.CognitiveServices/accounts/OpenAI/responses/write",
      },
    });
    const dated = (apiVersion: string) =>
      dataPlaneTarget(classifyEndpoint("https://c.openai.azure.com"), "gpt-4o", apiVersion, "responses");
    expect(dated("2024-10-21")).toMatchObject({
      url: "https://c.openai.azure.com/openai/responses?api-version=2025-04-01-preview",
      display: "POST /openai/responses?api-version=2025-04-01-preview",
      body: '{"model":"gpt-4o","input":"ping","max_output_tokens":16,"store":false}',
      required: { dataAction: "Microsoft.CognitiveServices/accounts/OpenAI/responses/write" },
    });
    // An api-version that has the Responses API is kept.
    expect(dated("2025-05-01-preview")?.display).toBe(
      "POST /openai/responses?api-version=2025-05-01-preview",
    );
    // Model inference has no Responses API: the same host's v1 API does.
    expect(
      dataPlaneTarget(classifyEndpoint("https://c.services.ai.azure.com/models"), "gpt-4o", "v", "responses")
        ?.url,
    ).toBe("https://c.services.ai.azure.com/openai/v1/responses");
    // Without a deployment there is nothing to name as model: the models list, as for chat.
    expect(
      dataPlaneTarget(classifyEndpoint("https://c.openai.azure.com"), undefined, "2024-10-21", "responses")
        ?.display,
    ).toBe("GET /openai/models?api-version=2024-10-21");
  });

  it("probes embeddings on each form, with the data action embeddings need", () => {
    const embeddings = (endpoint: string) =>
      dataPlaneTarget(classifyEndpoint(endpoint), "emb", "2024-10-21", "embeddings");
    expect(embeddings("https://c.openai.azure.com")).toMatchObject({
      display: "POST /openai/deployments/emb/embeddings?api-version=2024-10-21",
      body: '{"input":"ping"}',
      required: { dataAction: "Microsoft.CognitiveServices/accounts/OpenAI/deployments/embeddings/action" },
    });
    expect(embeddings("https://c.openai.azure.com/openai/v1")).toMatchObject({
      display: "POST /openai/v1/embeddings",
      body: '{"input":"ping","model":"emb"}',
    });
    expect(embeddings("https://c.services.ai.azure.com/models")?.display).toBe(
      "POST /models/embeddings?api-version=2024-05-01-preview",
    );
  });
});
