import { describe, expect, it } from "vitest";
import { DATA_ACTIONS, dataActionForRequest } from "../../src/knowledge/data-actions.js";
import { findRole, roleGrantsDataAction } from "../../src/knowledge/roles.js";

const OPENAI = "Microsoft.CognitiveServices/accounts/OpenAI";

describe("DATA_ACTIONS", () => {
  it("spells the reference data actions in full", () => {
    expect(DATA_ACTIONS.chatCompletions).toBe(`${OPENAI}/deployments/chat/completions/action`);
    expect(DATA_ACTIONS.completions).toBe(`${OPENAI}/deployments/completions/action`);
    expect(DATA_ACTIONS.embeddings).toBe(`${OPENAI}/deployments/embeddings/action`);
    expect(DATA_ACTIONS.audio).toBe(`${OPENAI}/deployments/audio/action`);
    expect(DATA_ACTIONS.realtime).toBe(`${OPENAI}/deployments/realtime/action`);
    expect(DATA_ACTIONS.imagesGenerations).toBe(`${OPENAI}/images/generations/action`);
    expect(DATA_ACTIONS.extensionsChatCompletions).toBe(
      `${OPENAI}/deployments/extensions/chat/completions/action`,
    );
    expect(DATA_ACTIONS.storedCompletionsRead).toBe(`${OPENAI}/stored-completions/read`);
    expect(DATA_ACTIONS.agentsRead).toBe("Microsoft.CognitiveServices/accounts/AIServices/agents/read");
    expect(DATA_ACTIONS.agentsWrite).toBe("Microsoft.CognitiveServices/accounts/AIServices/agents/write");
    expect(DATA_ACTIONS.assetsWrite).toBe("Microsoft.CognitiveServices/accounts/AIServices/assets/write");
    expect(Object.isFrozen(DATA_ACTIONS)).toBe(true);
  });
});

describe("dataActionForRequest", () => {
  it("maps chat completions to the operation Azure prints in PermissionDenied", () => {
    expect(
      dataActionForRequest("POST", "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21"),
    ).toEqual({
      operation: "POST /openai/deployments/{deployment-id}/chat/completions",
      dataAction: "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action",
    });
  });

  it.each([
    [
      "POST",
      "/openai/deployments/d/completions",
      "POST /openai/deployments/{deployment-id}/completions",
      DATA_ACTIONS.completions,
    ],
    [
      "POST",
      "/openai/deployments/d/embeddings",
      "POST /openai/deployments/{deployment-id}/embeddings",
      DATA_ACTIONS.embeddings,
    ],
    [
      "POST",
      "/openai/deployments/whisper/audio/transcriptions",
      "POST /openai/deployments/{deployment-id}/audio/transcriptions",
      DATA_ACTIONS.audio,
    ],
    [
      "POST",
      "/openai/deployments/whisper/audio/translations",
      "POST /openai/deployments/{deployment-id}/audio/translations",
      DATA_ACTIONS.audio,
    ],
    [
      "POST",
      "/openai/deployments/tts/audio/speech",
      "POST /openai/deployments/{deployment-id}/audio/speech",
      DATA_ACTIONS.audio,
    ],
    [
      "POST",
      "/openai/deployments/dalle/images/generations",
      "POST /openai/deployments/{deployment-id}/images/generations",
      DATA_ACTIONS.imagesGenerations,
    ],
    [
      "POST",
      "/openai/deployments/d/extensions/chat/completions",
      "POST /openai/deployments/{deployment-id}/extensions/chat/completions",
      DATA_ACTIONS.extensionsChatCompletions,
    ],
    ["GET", "/openai/deployments", "GET /openai/deployments", DATA_ACTIONS.deploymentsRead],
    ["GET", "/openai/deployments/d", "GET /openai/deployments/{deployment-id}", DATA_ACTIONS.deploymentsRead],
    ["GET", "/openai/models", "GET /openai/models", DATA_ACTIONS.modelsRead],
    [
      "GET",
      "/openai/realtime?api-version=2024-10-01-preview&deployment=rt",
      "GET /openai/realtime",
      DATA_ACTIONS.realtime,
    ],
    ["POST", "/openai/v1/chat/completions", "POST /openai/v1/chat/completions", DATA_ACTIONS.chatCompletions],
    ["POST", "/openai/v1/completions", "POST /openai/v1/completions", DATA_ACTIONS.completions],
    ["POST", "/openai/v1/embeddings", "POST /openai/v1/embeddings", DATA_ACTIONS.embeddings],
    ["POST", "/openai/v1/audio/transcriptions", "POST /openai/v1/audio/transcriptions", DATA_ACTIONS.audio],
    [
      "POST",
      "/openai/v1/images/generations",
      "POST /openai/v1/images/generations",
      DATA_ACTIONS.imagesGenerations,
    ],
    ["GET", "/openai/v1/models", "GET /openai/v1/models", DATA_ACTIONS.modelsRead],
    [
      "GET",
      "/openai/v1/chat/completions",
      "GET /openai/v1/chat/completions",
      DATA_ACTIONS.storedCompletionsRead,
    ],
    [
      "GET",
      "/openai/v1/chat/completions/chatcmpl-123",
      "GET /openai/v1/chat/completions/{completion-id}",
      DATA_ACTIONS.storedCompletionsRead,
    ],
    ["GET", "/openai/assistants", "GET /openai/assistants", DATA_ACTIONS.assistantsRead],
    ["POST", "/openai/assistants", "POST /openai/assistants", DATA_ACTIONS.assistantsWrite],
    [
      "GET",
      "/openai/assistants/asst_1",
      "GET /openai/assistants/{assistant-id}",
      DATA_ACTIONS.assistantsRead,
    ],
    [
      "DELETE",
      "/openai/assistants/asst_1",
      "DELETE /openai/assistants/{assistant-id}",
      DATA_ACTIONS.assistantsDelete,
    ],
    ["POST", "/openai/threads", "POST /openai/threads", DATA_ACTIONS.threadsWrite],
    ["POST", "/openai/threads/runs", "POST /openai/threads/runs", DATA_ACTIONS.threadRunsWrite],
    ["GET", "/openai/threads/thread_1", "GET /openai/threads/{thread-id}", DATA_ACTIONS.threadsRead],
    ["DELETE", "/openai/threads/thread_1", "DELETE /openai/threads/{thread-id}", DATA_ACTIONS.threadsDelete],
    [
      "POST",
      "/openai/threads/t/messages",
      "POST /openai/threads/{thread-id}/messages",
      DATA_ACTIONS.threadMessagesWrite,
    ],
    [
      "GET",
      "/openai/threads/t/messages/m",
      "GET /openai/threads/{thread-id}/messages/{message-id}",
      DATA_ACTIONS.threadMessagesRead,
    ],
    ["POST", "/openai/threads/t/runs", "POST /openai/threads/{thread-id}/runs", DATA_ACTIONS.threadRunsWrite],
    [
      "GET",
      "/openai/threads/t/runs/r",
      "GET /openai/threads/{thread-id}/runs/{run-id}",
      DATA_ACTIONS.threadRunsRead,
    ],
    [
      "POST",
      "/openai/threads/t/runs/r/submit_tool_outputs",
      "POST /openai/threads/{thread-id}/runs/{run-id}/submit_tool_outputs",
      DATA_ACTIONS.threadRunsWrite,
    ],
    [
      "GET",
      "/openai/threads/t/runs/r/steps",
      "GET /openai/threads/{thread-id}/runs/{run-id}/steps",
      DATA_ACTIONS.threadRunStepsRead,
    ],
    [
      "GET",
      "/api/projects/my-project/assistants/asst_abc",
      "GET /api/projects/{projectName}/assistants/{assistantId}",
      DATA_ACTIONS.agentsRead,
    ],
    [
      "GET",
      "/api/projects/p/assistants",
      "GET /api/projects/{projectName}/assistants",
      DATA_ACTIONS.agentsRead,
    ],
    [
      "POST",
      "/api/projects/p/assistants",
      "POST /api/projects/{projectName}/assistants",
      DATA_ACTIONS.agentsWrite,
    ],
    ["GET", "/api/projects/p/agents", "GET /api/projects/{projectName}/agents", DATA_ACTIONS.agentsRead],
    [
      "DELETE",
      "/api/projects/p/agents/my-agent",
      "DELETE /api/projects/{projectName}/agents/{agentName}",
      DATA_ACTIONS.agentsDelete,
    ],
  ] as const)("%s %s -> %s", (method, path, operation, dataAction) => {
    expect(dataActionForRequest(method, path)).toEqual({ operation, dataAction });
  });

  it("gives the Foundry operation exactly as the PermissionDenied message names it", () => {
    expect(dataActionForRequest("GET", "/api/projects/proj/assistants/asst_1?api-version=v1")).toEqual({
      operation: "GET /api/projects/{projectName}/assistants/{assistantId}",
      dataAction: "Microsoft.CognitiveServices/accounts/AIServices/agents/read",
    });
  });

  it.each([
    "/openai/deployments/gpt-4o/chat/completions/",
    "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
    "//openai/deployments/gpt-4o/chat/completions",
    "/OpenAI/Deployments/gpt-4o/Chat/Completions",
    "https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
    "https://contoso.openai.azure.com//openai/deployments/gpt-4o/chat/completions#x",
    "  /openai/deployments/gpt-4o/chat/completions  ",
  ])("ignores query, slashes and case in %j", (path) => {
    expect(dataActionForRequest("post", path)?.dataAction).toBe(DATA_ACTIONS.chatCompletions);
  });

  it.each([
    ["GET", "/openai/deployments/d/chat/completions"],
    ["PUT", "/openai/deployments/d/chat/completions"],
    ["POST", "/openai/deployments"],
    ["POST", "/openai/deployments/d/chat/completions/extra"],
    ["POST", "/openai/v1/responses/resp_1"],
    ["GET", "/"],
    ["GET", ""],
    ["POST", "not a path"],
    ["POST", "https://"],
  ])("maps nothing for %s %j", (method, path) => {
    expect(dataActionForRequest(method, path)).toBeUndefined();
  });

  it("needs a data action that OpenAI User holds for every OpenAI inference call", () => {
    const openAIUser = findRole("Cognitive Services OpenAI User");
    if (openAIUser === undefined) throw new Error("missing role");
    for (const [method, path] of [
      ["POST", "/openai/deployments/d/chat/completions"],
      ["POST", "/openai/v1/chat/completions"],
      ["POST", "/openai/deployments/d/embeddings"],
      ["POST", "/openai/deployments/d/audio/speech"],
      ["POST", "/openai/deployments/d/images/generations"],
      ["GET", "/openai/deployments"],
      ["POST", "/openai/threads/t/runs"],
    ] as const) {
      const needed = dataActionForRequest(method, path);
      expect(needed, `${method} ${path}`).toBeDefined();
      expect(roleGrantsDataAction(openAIUser, needed?.dataAction ?? ""), `${method} ${path}`).toBe(true);
    }
    const stored = dataActionForRequest("GET", "/openai/v1/chat/completions/c1");
    expect(roleGrantsDataAction(openAIUser, stored?.dataAction ?? "")).toBe(false);
  });
});

describe("Azure AI model inference's data actions", () => {
  it("POST /models/chat/completions needs the chat completions action, /models/embeddings the embeddings one", () => {
    expect(dataActionForRequest("POST", "/models/chat/completions?api-version=2024-05-01-preview")).toEqual({
      operation: "POST /models/chat/completions",
      dataAction: DATA_ACTIONS.chatCompletions,
    });
    expect(dataActionForRequest("POST", "/models/embeddings")).toEqual({
      operation: "POST /models/embeddings",
      dataAction: DATA_ACTIONS.embeddings,
    });
    expect(dataActionForRequest("GET", "/models/chat/completions")).toBeUndefined();
  });
});

describe("the Responses API's data actions", () => {
  it("POST /openai/responses needs responses/write, named as the public PermissionDenied names it", () => {
    expect(dataActionForRequest("POST", "/openai/responses?api-version=2025-04-01-preview")).toEqual({
      operation: "POST /openai/responses",
      dataAction: "Microsoft.CognitiveServices/accounts/OpenAI/responses/write",
    });
    expect(dataActionForRequest("POST", "/openai/v1/responses")?.dataAction).toBe(
      "Microsoft.CognitiveServices/accounts/OpenAI/responses/write",
    );
    expect(dataActionForRequest("POST", "/api/projects/p1/openai/v1/responses")?.dataAction).toBe(
      "Microsoft.CognitiveServices/accounts/OpenAI/responses/write",
    );
  });

  it("the deployment form LangChain sends names its own template", () => {
    expect(
      dataActionForRequest("POST", "/openai/deployments/gpt-4o/responses?api-version=2025-04-01-preview"),
    ).toEqual({
      operation: "POST /openai/deployments/{deployment-id}/responses",
      dataAction: "Microsoft.CognitiveServices/accounts/OpenAI/responses/write",
    });
  });

  it("reading and deleting a stored response", () => {
    expect(dataActionForRequest("GET", "/openai/v1/responses/resp_1/input_items")).toEqual({
      operation: "GET /openai/v1/responses/{response-id}/input_items",
      dataAction: "Microsoft.CognitiveServices/accounts/OpenAI/responses/read",
    });
    expect(dataActionForRequest("DELETE", "/openai/v1/responses/resp_1")?.dataAction).toBe(
      "Microsoft.CognitiveServices/accounts/OpenAI/responses/delete",
    );
  });

  it("is granted by OpenAI User's responses/* and Contributor's OpenAI/*, not by a role with only */read", () => {
    const write = "Microsoft.CognitiveServices/accounts/OpenAI/responses/write";
    const user = findRole("Cognitive Services OpenAI User");
    const contributor = findRole("Cognitive Services OpenAI Contributor");
    if (user === undefined || contributor === undefined) throw new Error("built-in roles missing");
    expect(roleGrantsDataAction(user, write)).toBe(true);
    expect(roleGrantsDataAction(contributor, write)).toBe(true);
    const readOnly = {
      actions: [],
      notActions: [],
      dataActions: ["Microsoft.CognitiveServices/accounts/OpenAI/*/read"],
      notDataActions: [],
    };
    expect(roleGrantsDataAction(readOnly, write)).toBe(false);
    expect(roleGrantsDataAction(readOnly, write.replace("write", "read"))).toBe(true);
  });
});
