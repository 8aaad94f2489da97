import { beforeAll, describe, expect, it } from "vitest";
import {
  CHAT_BODY,
  type ChatBody,
  createHarness,
  type EmbeddingsBody,
  type Harness,
  jsonOf,
  KEY_ONE,
  type ListBody,
} from "./harness.js";
import { dataPlaneWorld } from "./test-world.js";

const KEY = { "api-key": KEY_ONE };
const HOST = "foundry.services.ai.azure.com";
const VERSION = "?api-version=2024-05-01-preview";
const NO_MODEL =
  '{"error":{"code":"no_model_name","message":"No model specified in request. Please provide a model name in the request body or as a x-ms-model-mesh-model-name header.","details":"No model specified in request. Please provide a model name in the request body or as a x-ms-model-mesh-model-name header."}}';
const RESOURCE_NOT_FOUND = '{"error":{"code":"404","message": "Resource not found"}}';
const NOT_SUPPORTED = '{"error":{"code":"BadRequest","message":"API version not supported"}}';
const NOT_ALLOWED =
  '{"error":{"code":"BadRequest","message":"api-version query parameter is not allowed when using /v1 path"}}';

/** The data plane's test world, the AIServices account "foundry" serving chat and embeddings without limits. */
function inferenceWorld() {
  const world = dataPlaneWorld();
  const foundry = world.accounts?.find((a) => a.name === "foundry");
  if (foundry === undefined) throw new Error("test world has no foundry account");
  foundry.deployments = [
    { name: "gpt-4o", model: "gpt-4o", modelVersion: "2024-11-20", kind: "chat" },
    { name: "emb", model: "text-embedding-3-small", modelVersion: "1", kind: "embeddings" },
    { name: "fresh", model: "gpt-4o", kind: "chat", createdMinutesAgo: 2 },
  ];
  return world;
}

describe("Azure AI model inference (<name>.services.ai.azure.com/models)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(inferenceWorld());
  });
  const post = (path: string, body: unknown, headers: Record<string, string> = KEY, host = HOST) =>
    h.send({ host, path, headers, body });

  it("chat completions: the deployment named by the body's model", async () => {
    const response = await post(`/models/chat/completions${VERSION}`, { ...CHAT_BODY, model: "gpt-4o" });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-ms-deployment-name")).toBe("gpt-4o");
    expect(await jsonOf<ChatBody>(response)).toMatchObject({
      object: "chat.completion",
      model: "gpt-4o-2024-11-20",
      choices: [{ message: { content: 'This is the keyless emulator (gpt-4o). You said: "Say hello"' } }],
    });
  });

  it("or by the x-ms-model-mesh-model-name header", async () => {
    const response = await post(`/models/chat/completions${VERSION}`, CHAT_BODY, {
      ...KEY,
      "x-ms-model-mesh-model-name": "gpt-4o",
    });
    expect(response.status).toBe(200);
  });

  it("embeddings", async () => {
    const response = await post(`/models/embeddings${VERSION}`, { model: "emb", input: ["a", "b"] });
    expect(response.status).toBe(200);
    const body = await jsonOf<EmbeddingsBody>(response);
    expect(body.data.map((d) => d.index)).toEqual([0, 1]);
    expect(body.model).toBe("text-embedding-3-small");
  });

  it("no model: 400 no_model_name, verbatim", async () => {
    const response = await post(`/models/chat/completions${VERSION}`, CHAT_BODY);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe(NO_MODEL);
  });

  it("an unknown or not yet ready deployment: 404 unknown_model", async () => {
    for (const name of ["gpt-5", "fresh"]) {
      const response = await post(`/models/chat/completions${VERSION}`, { ...CHAT_BODY, model: name });
      expect(response.status, name).toBe(404);
      expect(await response.text()).toBe(
        `{"error":{"code":"unknown_model","message":"Unknown model: ${name}","details":"Unknown model: ${name}"}}`,
      );
    }
  });

  it("an OpenAI-kind account has no /models: 404 Resource not found", async () => {
    const response = await post(
      `/models/chat/completions${VERSION}`,
      { ...CHAT_BODY, model: "gpt-4o" },
      KEY,
      "contoso-openai.cognitiveservices.azure.com",
    );
    expect(response.status).toBe(404);
    expect(await response.text()).toBe(RESOURCE_NOT_FOUND);
  });

  it("PermissionDenied names the chat action and POST /models/chat/completions", async () => {
    const oid = h.principal("contributor-app").objectId;
    const response = await post(
      `/models/chat/completions${VERSION}`,
      { ...CHAT_BODY, model: "gpt-4o" },
      { authorization: `Bearer ${await h.token("contributor-app")}` },
    );
    expect(response.status).toBe(401);
    expect(await response.text()).toBe(
      `{"error":{"code":"PermissionDenied","message":"The principal ${oid} lacks the required data action Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action to perform POST /models/chat/completions operation."}}`,
    );
  });
});

describe("the v1 surface and its api-version table", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(inferenceWorld());
  });

  const calls = (query: string) =>
    [
      {
        method: "POST",
        path: `/openai/v1/chat/completions${query}`,
        body: { ...CHAT_BODY, model: "gpt-4o" },
      },
      { method: "POST", path: `/openai/v1/embeddings${query}`, body: { model: "emb", input: "x" } },
      { method: "GET", path: `/openai/v1/models${query}` },
      { method: "POST", path: `/openai/v1/responses${query}`, body: { model: "gpt-4o", input: "x" } },
    ] as const;

  it.each(["", "?api-version=v1", "?api-version=preview"])(
    "%j: every v1 operation answers 200",
    async (query) => {
      for (const call of calls(query)) {
        const response = await h.send({ host: "foundry.openai.azure.com", headers: KEY, ...call });
        expect(response.status, `${call.method} ${call.path}`).toBe(200);
      }
    },
  );

  it.each(["2025-04-01-preview", "2024-10-21"])(
    "api-version=%s: every v1 operation answers 400 API version not supported",
    async (version) => {
      for (const call of calls(`?api-version=${version}`)) {
        const response = await h.send({ host: "foundry.openai.azure.com", headers: KEY, ...call });
        expect(response.status, `${call.method} ${call.path}`).toBe(400);
        expect(await response.text()).toBe(NOT_SUPPORTED);
      }
    },
  );

  it("a Foundry project's /openai/v1 answers without api-version and refuses any", async () => {
    for (const call of calls("")) {
      const path = `/api/projects/p1${call.path}`;
      const ok = await h.send({ host: HOST, headers: KEY, ...call, path });
      expect(ok.status, `${call.method} ${path}`).toBe(200);
      const refused = await h.send({ host: HOST, headers: KEY, ...call, path: `${path}?api-version=v1` });
      expect(refused.status, `${call.method} ${path}?api-version=v1`).toBe(400);
      expect(await refused.text()).toBe(NOT_ALLOWED);
    }
  });

  it("GET /openai/v1/models lists the deployed models in the v1 spec's ListModelsResponse shape", async () => {
    const body = await jsonOf<ListBody & { object: string }>(
      await h.send({
        method: "GET",
        host: "foundry.openai.azure.com",
        path: "/openai/v1/models",
        headers: KEY,
      }),
    );
    expect(body.object).toBe("list");
    expect(body.data[0]).toEqual({
      created: expect.any(Number),
      id: "gpt-4o-2024-11-20",
      object: "model",
      owned_by: "system",
    });
  });
});
