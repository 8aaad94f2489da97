import { beforeAll, describe, expect, it } from "vitest";
import { createDataPlaneSurface, isDataPlaneHost } from "../../../src/emulator/data-plane/surface.js";
import { toFetchResponse } from "../../../src/emulator/http/emulator-response.js";
import { createRequestHandler } from "../../../src/emulator/http/handle-request.js";
import {
  CHAT_BODY,
  CHAT_PATH,
  type ChatBody,
  createHarness,
  type EmbeddingsBody,
  type Harness,
  headersOf,
  jsonOf,
  KEY_ONE,
  type ListBody,
  type TestRequest,
} from "./harness.js";
import { dataPlaneWorld } from "./test-world.js";

const CREATED = 1748854800;
const FINGERPRINT = "fp_247c298f06";
const REQUEST_ID = "11111111-2222-4333-8444-000000000001";
// objectId() keeps the first 29 alphanumerics of two fresh ids (the 2nd and 3rd of the run).
const CHAT_ID = "chatcmpl-11111111222243338444000000000";
const REPLY = 'This is the keyless emulator (gpt-4o). You said: "Say hello"';
const SAFE = { filtered: false, severity: "safe" };
const COMPLETION_FILTER = { hate: SAFE, self_harm: SAFE, sexual: SAFE, violence: SAFE };
const PROMPT_FILTER = {
  prompt_index: 0,
  content_filter_results: {
    hate: SAFE,
    jailbreak: { filtered: false, detected: false },
    self_harm: SAFE,
    sexual: SAFE,
    violence: SAFE,
  },
};

describe("data-plane surface (success paths, deterministic ids)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dataPlaneWorld());
  });

  /** A handler whose surface numbers its ids from 1, so bodies are exact. */
  function send(spec: TestRequest): Promise<Response> {
    let counter = 0;
    const newId = () => {
      counter += 1;
      return `11111111-2222-4333-8444-${String(counter).padStart(12, "0")}`;
    };
    const handle = createRequestHandler([createDataPlaneSurface({ newId })]);
    return handle(h.request(spec), h.ctx).then(toFetchResponse);
  }

  it("claims data-plane hosts only", () => {
    expect(isDataPlaneHost("contoso-openai.openai.azure.com")).toBe(true);
    expect(isDataPlaneHost("contoso.cognitiveservices.azure.com")).toBe(true);
    expect(isDataPlaneHost("x.services.ai.azure.com")).toBe(true);
    expect(isDataPlaneHost("eastus.api.cognitive.microsoft.com")).toBe(true);
    expect(isDataPlaneHost("gov.openai.azure.us")).toBe(true);
    expect(isDataPlaneHost("management.azure.com")).toBe(false);
    expect(isDataPlaneHost("login.microsoftonline.com")).toBe(false);
    expect(isDataPlaneHost(".openai.azure.com")).toBe(false);
  });

  it("answers a chat completion with Azure's body and headers", async () => {
    const response = await send({ path: CHAT_PATH, headers: { "api-key": KEY_ONE }, body: CHAT_BODY });
    expect(response.status).toBe(200);
    expect(headersOf(response)).toEqual({
      "apim-request-id": REQUEST_ID,
      "content-type": "application/json",
      "x-ms-deployment-name": "gpt-4o",
      "x-ms-region": "East US",
      "x-request-id": REQUEST_ID,
    });
    expect(await response.text()).toBe(
      JSON.stringify({
        choices: [
          {
            content_filter_results: COMPLETION_FILTER,
            finish_reason: "stop",
            index: 0,
            logprobs: null,
            message: { content: REPLY, refusal: null, role: "assistant" },
          },
        ],
        created: CREATED,
        id: CHAT_ID,
        model: "gpt-4o-2024-11-20",
        object: "chat.completion",
        prompt_filter_results: [PROMPT_FILTER],
        system_fingerprint: FINGERPRINT,
        usage: { completion_tokens: 15, prompt_tokens: 9, total_tokens: 24 },
      }),
    );
  });

  it("echoes x-ms-client-request-id", async () => {
    const response = await send({
      path: CHAT_PATH,
      headers: { "api-key": KEY_ONE, "x-ms-client-request-id": "client-1" },
      body: CHAT_BODY,
    });
    expect(response.headers.get("x-ms-client-request-id")).toBe("client-1");
  });

  it("streams in Azure's frame order and ends with data: [DONE]", async () => {
    const response = await send({
      path: CHAT_PATH,
      headers: { "api-key": KEY_ONE },
      body: { ...CHAT_BODY, stream: true, stream_options: { include_usage: true } },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      `data: ${JSON.stringify({
        choices,
        created: CREATED,
        id: CHAT_ID,
        model: "gpt-4o-2024-11-20",
        object: "chat.completion.chunk",
        system_fingerprint: FINGERPRINT,
        ...extra,
      })}\n\n`;
    const content = (piece: string) =>
      chunk([
        {
          content_filter_results: COMPLETION_FILTER,
          delta: { content: piece },
          finish_reason: null,
          index: 0,
          logprobs: null,
        },
      ]);
    const expected = [
      `data: ${JSON.stringify({ choices: [], created: 0, id: "", model: "", object: "", prompt_filter_results: [PROMPT_FILTER] })}\n\n`,
      chunk([
        {
          content_filter_results: {},
          delta: { content: "", refusal: null, role: "assistant" },
          finish_reason: null,
          index: 0,
          logprobs: null,
        },
      ]),
      ...[
        "This ",
        "is ",
        "the ",
        "keyless ",
        "emulator ",
        "(gpt-4o). ",
        "You ",
        "said: ",
        '"Say ',
        'hello"',
      ].map(content),
      chunk([{ content_filter_results: {}, delta: {}, finish_reason: "stop", index: 0, logprobs: null }]),
      chunk([], { usage: { completion_tokens: 15, prompt_tokens: 9, total_tokens: 24 } }),
      "data: [DONE]\n\n",
    ].join("");
    expect(await response.text()).toBe(expected);
  });

  it("streams without a usage frame unless asked", async () => {
    const response = await send({
      path: CHAT_PATH,
      headers: { "api-key": KEY_ONE },
      body: { ...CHAT_BODY, stream: true },
    });
    const text = await response.text();
    expect(text).not.toContain('"usage"');
    expect(
      text.endsWith(
        '"finish_reason":"stop","index":0,"logprobs":null}],"created":1748854800,"id":"chatcmpl-11111111222243338444000000000","model":"gpt-4o-2024-11-20","object":"chat.completion.chunk","system_fingerprint":"fp_247c298f06"}\n\ndata: [DONE]\n\n',
      ),
    ).toBe(true);
  });

  it("cuts at max_tokens with finish_reason length and serves n choices", async () => {
    const response = await send({
      path: CHAT_PATH,
      headers: { "api-key": KEY_ONE },
      body: { ...CHAT_BODY, max_completion_tokens: 3, n: 2 },
    });
    const body = await jsonOf<ChatBody>(response);
    expect(body.choices.map((c) => [c.index, c.finish_reason, c.message.content])).toEqual([
      [0, "length", "This is the "],
      [1, "length", "This is the "],
    ]);
    expect(body.usage).toEqual({ completion_tokens: 6, prompt_tokens: 9, total_tokens: 15 });
  });

  it("answers completions, cut at the default 16 tokens", async () => {
    const response = await send({
      path: "/openai/deployments/instruct/completions?api-version=2024-10-21",
      headers: { "api-key": KEY_ONE },
      body: { prompt: "Once upon a time" },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(
      JSON.stringify({
        choices: [
          {
            content_filter_results: COMPLETION_FILTER,
            finish_reason: "length",
            index: 0,
            logprobs: null,
            text: ' [keyless emulator (gpt-35-turbo-instruct) completion of "Once u',
          },
        ],
        created: CREATED,
        id: "cmpl-11111111222243338444000000000",
        model: "gpt-35-turbo-instruct-0914",
        object: "text_completion",
        prompt_filter_results: [PROMPT_FILTER],
        usage: { completion_tokens: 16, prompt_tokens: 4, total_tokens: 20 },
      }),
    );
  });

  it("streams completions: prompt-filter frame, text frames, finish frame, [DONE]", async () => {
    const response = await send({
      path: "/openai/deployments/instruct/completions?api-version=2024-10-21",
      headers: { "api-key": KEY_ONE },
      body: { prompt: "Hi", max_tokens: 100, stream: true },
    });
    const frames = (await response.text()).split("\n\n").filter((f) => f !== "");
    expect(frames[0]).toBe(
      `data: ${JSON.stringify({ choices: [], created: 0, id: "", model: "", object: "", prompt_filter_results: [PROMPT_FILTER] })}`,
    );
    expect(frames.at(-1)).toBe("data: [DONE]");
    const chunks = frames.slice(1, -1).map((f) => JSON.parse(f.slice("data: ".length)));
    expect(chunks.map((c) => c.choices[0].text).join("")).toBe(
      ' [keyless emulator (gpt-35-turbo-instruct) completion of "Hi"]',
    );
    expect(chunks.at(-1)).toEqual({
      choices: [{ content_filter_results: {}, finish_reason: "stop", index: 0, logprobs: null, text: "" }],
      created: CREATED,
      id: "cmpl-11111111222243338444000000000",
      model: "gpt-35-turbo-instruct-0914",
      object: "text_completion",
    });
  });

  it("answers embeddings as floats and as base64 of the same float32 values", async () => {
    const path = "/openai/deployments/emb/embeddings?api-version=2024-10-21";
    const floats = await jsonOf<EmbeddingsBody>(
      await send({
        path,
        headers: { "api-key": KEY_ONE },
        body: { input: ["hello", "world"], dimensions: 8 },
      }),
    );
    expect(floats.object).toBe("list");
    expect(floats.model).toBe("text-embedding-3-small");
    expect(floats.usage).toEqual({ prompt_tokens: 4, total_tokens: 4 });
    expect(floats.data.map((d) => [d.index, d.object, d.embedding.length])).toEqual([
      [0, "embedding", 8],
      [1, "embedding", 8],
    ]);
    const encoded = await jsonOf<EmbeddingsBody>(
      await send({
        path,
        headers: { "api-key": KEY_ONE },
        body: { input: "hello", dimensions: 8, encoding_format: "base64" },
      }),
    );
    const bytes = Buffer.from(String(encoded.data[0]?.embedding), "base64");
    const decoded = Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
    expect(decoded).toEqual(floats.data[0]?.embedding);
    const norm = Math.sqrt(decoded.reduce((s, v) => s + v * v, 0));
    expect(norm).toBeCloseTo(1, 5);
  });

  it("defaults to 1536 dimensions", async () => {
    const body = await jsonOf<EmbeddingsBody>(
      await send({
        path: "/openai/deployments/emb/embeddings?api-version=2024-10-21",
        headers: { "api-key": KEY_ONE },
        body: { input: "x" },
      }),
    );
    expect(body.data[0]?.embedding).toHaveLength(1536);
  });

  it("serves the v1 API with the deployment name in model", async () => {
    const response = await send({
      path: "/openai/v1/chat/completions",
      headers: { "api-key": KEY_ONE },
      body: { ...CHAT_BODY, model: "gpt-4o" },
    });
    expect(response.status).toBe(200);
    expect((await jsonOf<ChatBody>(response)).choices[0]?.message.content).toBe(REPLY);
  });

  it("accepts a bearer token of a user who holds the role through a group", async () => {
    const response = await send({
      path: CHAT_PATH,
      headers: { authorization: `Bearer ${await h.token("alice")}` },
      body: CHAT_BODY,
    });
    expect(response.status).toBe(200);
  });

  it("lists deployments and models", async () => {
    const deployments = await jsonOf<ListBody>(
      await send({
        method: "GET",
        path: "/openai/deployments?api-version=2022-12-01",
        headers: { "api-key": KEY_ONE },
      }),
    );
    expect(deployments.data.map((d) => d.id)).toEqual([
      "gpt-4o",
      "emb",
      "instruct",
      "fresh",
      "rpm2",
      "tpm40",
    ]);
    expect(deployments.data[0]).toEqual({
      created_at: CREATED - 3600,
      id: "gpt-4o",
      model: "gpt-4o",
      object: "deployment",
      owner: "organization-owner",
      scale_settings: { scale_type: "standard" },
      status: "succeeded",
      updated_at: CREATED - 3600,
    });
    const models = await jsonOf<ListBody>(
      await send({ method: "GET", path: "/openai/v1/models", headers: { "api-key": KEY_ONE } }),
    );
    expect(models.data.map((m) => m.id)).toEqual([
      "gpt-4o-2024-11-20",
      "text-embedding-3-small-1",
      "gpt-35-turbo-instruct-0914",
    ]);
  });
});
