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

  it("does not probe a Foundry project endpoint", () => {
    expect(
      dataPlaneTarget(classifyEndpoint("https://x.services.ai.azure.com/api/projects/p"), "gpt-4o", "v"),
    ).toBeUndefined();
  });
});
