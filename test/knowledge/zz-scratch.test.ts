import { it } from "vitest";
import { classifyEndpoint } from "../../src/knowledge/endpoint-form.js";
it("scratch", () => {
  for (const e of [
    "https://westeurope.api.cognitive.microsoft.com/",
    "https://Contoso.OpenAI.Azure.com/",
    "https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
    "https://contoso.openai.azure.com/openai/v1/",
    "https://contoso.openai.azure.com/openai/v1/chat/completions",
    "contoso.openai.azure.com",
    "http://contoso.openai.azure.us",
    "https://contoso.azure-api.net/openai/deployments/gpt/chat/completions?api-version=1&subscription-key=abc",
    "https://api.openai.com/v1",
    "https://127.0.0.1:8443",
    "\"https://contoso.openai.azure.com\"",
    "https://x.services.ai.azure.com/api/projects/p1",
    "https://x.services.ai.azure.com/api/projects",
    "https://x.services.ai.azure.com/models/chat/completions",
    "https://contöso.openai.azure.com",
    "https://cognitiveservices.azure.com",
    "ftp://x", "", "not a url", "https://", "x".repeat(300),
    "https://user:pw@contoso.openai.azure.com",
  ]) console.log(JSON.stringify(classifyEndpoint(e), null, 1));
});
