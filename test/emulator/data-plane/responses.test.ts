import { beforeAll, describe, expect, it } from "vitest";
import { createResponseStore, type StoredResponse } from "../../../src/emulator/data-plane/response-store.js";
import { createHarness, type Harness, headersOf, jsonOf, KEY_ONE, START } from "./harness.js";
import { dataPlaneWorld } from "./test-world.js";

const KEY = { "api-key": KEY_ONE };
const CREATED = Math.floor(START / 1000);
const RESP_ID = /^resp_[0-9a-f]{50}$/;
const MSG_ID = /^msg_[0-9a-f]{50}$/;
const REPLY = 'This is the keyless emulator (gpt-4o). You said: "Say hello"';
const LONG = "Say hello to everyone in the room";
const LONG_REPLY = `This is the keyless emulator (gpt-4o). You said: "${LONG}"`;
const WRITE = "Microsoft.CognitiveServices/accounts/OpenAI/responses/write";

function permissionDenied(oid: string, action: string, operation: string, suffix = ""): string {
  return `{"error":{"code":"PermissionDenied","message":"The principal ${oid} lacks the required data action ${action} to perform ${operation} operation.${suffix}"}}`;
}

/** The data plane's test world, with the AIServices account "foundry" serving chat and embeddings without limits. */
function responsesWorld() {
  const world = dataPlaneWorld();
  const foundry = world.accounts?.find((a) => a.name === "foundry");
  if (foundry === undefined) throw new Error("test world has no foundry account");
  foundry.deployments = [
    { name: "gpt-4o", model: "gpt-4o", modelVersion: "2024-11-20", kind: "chat" },
    { name: "emb", model: "text-embedding-3-small", modelVersion: "1", kind: "embeddings" },
  ];
  return world;
}

/** The completed Response the emulator answers `Say hello` with (ids checked by pattern). */
function completedResponse(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: expect.stringMatching(RESP_ID),
    object: "response",
    created_at: CREATED,
    status: "completed",
    background: false,
    completed_at: CREATED,
    content_filters: [
      {
        blocked: false,
        source_type: "prompt",
        content_filter_raw: null,
        content_filter_results: {
          hate: { filtered: false, severity: "safe" },
          jailbreak: { filtered: false, detected: false },
          self_harm: { filtered: false, severity: "safe" },
          sexual: { filtered: false, severity: "safe" },
          violence: { filtered: false, severity: "safe" },
        },
        content_filter_offsets: { start_offset: 0, end_offset: 9, check_offset: 0 },
      },
      {
        blocked: false,
        source_type: "completion",
        content_filter_raw: null,
        content_filter_results: {
          hate: { filtered: false, severity: "safe" },
          self_harm: { filtered: false, severity: "safe" },
          sexual: { filtered: false, severity: "safe" },
          violence: { filtered: false, severity: "safe" },
          protected_material_code: { filtered: false, detected: false },
          protected_material_text: { filtered: false, detected: false },
        },
        content_filter_offsets: { start_offset: 0, end_offset: REPLY.length, check_offset: 0 },
      },
    ],
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    max_tool_calls: null,
    model: "gpt-4o-2024-11-20",
    output: [
      {
        id: expect.stringMatching(MSG_ID),
        type: "message",
        status: "completed",
        content: [{ type: "output_text", annotations: [], logprobs: [], text: REPLY }],
        role: "assistant",
      },
    ],
    parallel_tool_calls: true,
    previous_response_id: null,
    prompt_cache_key: null,
    prompt_cache_retention: null,
    reasoning: { effort: null, summary: null },
    safety_identifier: null,
    service_tier: "default",
    store: true,
    temperature: 1,
    text: { format: { type: "text" }, verbosity: "medium" },
    tool_choice: "auto",
    tools: [],
    top_logprobs: 0,
    top_p: 1,
    truncation: "disabled",
    // "Say hello": 3 tokens + 3 framing + 3 priming; the 60-character reply: 15 tokens.
    usage: {
      input_tokens: 9,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 15,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 24,
    },
    user: null,
    metadata: {},
    ...overrides,
  };
}

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Every `event:` + `data:` frame of a stream, in order. */
async function eventsOf(response: Response): Promise<SseEvent[]> {
  const text = await response.text();
  expect(text.endsWith("\n\n")).toBe(true);
  return text
    .split("\n\n")
    .filter((frame) => frame !== "")
    .map((frame) => {
      const [eventLine, dataLine, ...rest] = frame.split("\n");
      expect(rest).toEqual([]);
      expect(eventLine).toMatch(/^event: /);
      expect(dataLine).toMatch(/^data: /);
      return {
        event: (eventLine ?? "").slice("event: ".length),
        data: JSON.parse((dataLine ?? "").slice("data: ".length)) as Record<string, unknown>,
      };
    });
}

describe("the Responses API", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(responsesWorld());
  });
  const create = (body: Record<string, unknown>, path = "/openai/v1/responses", host?: string) =>
    h.send({ path, headers: KEY, body, ...(host === undefined ? {} : { host }) });

  describe("POST /responses on every path Azure serves it", () => {
    it("v1: a completed Response in the recorded Azure shape, key for key", async () => {
      const response = await create({ model: "gpt-4o", input: "Say hello" });
      expect(response.status).toBe(200);
      expect(headersOf(response)).toMatchObject({
        "content-type": "application/json",
        "x-ms-deployment-name": "gpt-4o",
      });
      const body = await jsonOf<Record<string, unknown>>(response);
      expect(body).toEqual(completedResponse());
      // Key order as Azure prints it (vercel/ai azure-text.1.json).
      expect(Object.keys(body)).toEqual(Object.keys(completedResponse()));
      expect(body).not.toHaveProperty("output_text");
    });

    it("dated: /openai/responses?api-version=2025-04-01-preview, the deployment in model", async () => {
      const response = await create(
        { model: "gpt-4o", input: "Say hello" },
        "/openai/responses?api-version=2025-04-01-preview",
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(completedResponse());
    });

    it("deployment form (LangChain): the path names the deployment, the body's model is ignored", async () => {
      const response = await create(
        { model: "not-a-deployment", input: "Say hello" },
        "/openai/deployments/gpt-4o/responses?api-version=2025-04-01-preview",
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(completedResponse());
    });

    it("Foundry project: /api/projects/{p}/openai/v1/responses on the services.ai.azure.com host", async () => {
      const response = await create(
        { model: "gpt-4o", input: "Say hello" },
        "/api/projects/p1/openai/v1/responses",
        "foundry.services.ai.azure.com",
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(completedResponse());
    });

    it("instructions are a system message for usage; a message array is read like chat", async () => {
      const body = await jsonOf<Record<string, unknown>>(
        await create({
          model: "gpt-4o",
          instructions: "Be brief.",
          input: [
            { role: "user", content: [{ type: "input_text", text: "first" }] },
            { type: "message", role: "user", content: "Say hello" },
          ],
        }),
      );
      expect(body).toMatchObject({
        instructions: "Be brief.",
        output: [{ content: [{ text: REPLY }] }],
        // 3 priming + (3 + 3 "Be brief.") + (3 + 2 "first") + (3 + 3 "Say hello")
        usage: { input_tokens: 20, output_tokens: 15, total_tokens: 35 },
      });
    });

    it("max_output_tokens cuts the reply: status incomplete, reason max_output_tokens", async () => {
      const body = await jsonOf<Record<string, unknown>>(
        await create({ model: "gpt-4o", input: LONG, max_output_tokens: 16 }),
      );
      expect(body).toMatchObject({
        status: "incomplete",
        completed_at: null,
        incomplete_details: { reason: "max_output_tokens" },
        max_output_tokens: 16,
        output: [{ status: "incomplete", content: [{ text: LONG_REPLY.slice(0, 64) }] }],
        usage: { output_tokens: 16 },
      });
    });
  });

  describe("streaming", () => {
    it("sends the recorded Azure event sequence, numbered, with the final response last", async () => {
      const response = await create({ model: "gpt-4o", input: "Say hello", stream: true });
      expect(response.status).toBe(200);
      expect(headersOf(response)).toMatchObject({
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
      });
      const events = await eventsOf(response);
      const words = [
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
      ];
      expect(events.map((e) => e.event)).toEqual([
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
        ...words.map(() => "response.output_text.delta"),
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
      ]);
      for (const [index, { event, data }] of events.entries()) {
        expect(data.type).toBe(event);
        expect(data.sequence_number).toBe(index);
      }
      const [created, inProgress, itemAdded, partAdded, ...rest] = events.map((e) => e.data);
      const completed = rest.at(-1);
      const itemDone = rest.at(-2);
      const partDone = rest.at(-3);
      const textDone = rest.at(-4);
      const deltas = rest.slice(0, words.length);
      const finalResponse = completed?.response as Record<string, unknown>;
      expect(finalResponse).toEqual(completedResponse());
      const itemId = (finalResponse.output as { id: string }[])[0]?.id;
      const inProgressResponse = completedResponse({
        id: finalResponse.id,
        status: "in_progress",
        completed_at: null,
        content_filters: null,
        output: [],
        service_tier: "auto",
        usage: null,
      });
      expect(created).toEqual({ type: "response.created", sequence_number: 0, response: inProgressResponse });
      expect(inProgress).toEqual({
        type: "response.in_progress",
        sequence_number: 1,
        response: inProgressResponse,
      });
      expect(itemAdded).toEqual({
        type: "response.output_item.added",
        sequence_number: 2,
        output_index: 0,
        item: { id: itemId, type: "message", status: "in_progress", content: [], role: "assistant" },
      });
      const at = { item_id: itemId, output_index: 0, content_index: 0 };
      const part = (text: string) => ({ type: "output_text", annotations: [], logprobs: [], text });
      expect(partAdded).toEqual({
        type: "response.content_part.added",
        sequence_number: 3,
        ...at,
        part: part(""),
      });
      expect(deltas).toEqual(
        words.map((delta, i) => ({
          type: "response.output_text.delta",
          sequence_number: 4 + i,
          ...at,
          delta,
          logprobs: [],
          obfuscation: expect.stringMatching(/^[A-Za-z0-9]{2,}$/),
        })),
      );
      // Key order of a delta as in the recorded stream.
      expect(Object.keys(deltas[0] ?? {})).toEqual([
        "type",
        "sequence_number",
        "item_id",
        "output_index",
        "content_index",
        "delta",
        "logprobs",
        "obfuscation",
      ]);
      expect(textDone).toEqual({
        type: "response.output_text.done",
        sequence_number: 14,
        ...at,
        text: REPLY,
        logprobs: [],
      });
      expect(partDone).toEqual({
        type: "response.content_part.done",
        sequence_number: 15,
        ...at,
        part: part(REPLY),
      });
      expect(itemDone).toEqual({
        type: "response.output_item.done",
        sequence_number: 16,
        output_index: 0,
        item: (finalResponse.output as unknown[])[0],
      });
      // Stored like a non-streamed answer.
      const stored = await h.send({
        method: "GET",
        path: `/openai/v1/responses/${String(finalResponse.id)}`,
        headers: KEY,
      });
      expect(await stored.json()).toEqual(finalResponse);
    });

    it("a cut reply ends with response.incomplete", async () => {
      const events = await eventsOf(
        await create({ model: "gpt-4o", input: LONG, stream: true, max_output_tokens: 16 }),
      );
      expect(events.at(-1)?.event).toBe("response.incomplete");
      expect(events.at(-1)?.data.response).toMatchObject({ status: "incomplete" });
    });
  });

  describe("stored responses", () => {
    it("GET returns it, input_items lists its input, DELETE removes it", async () => {
      const created = await jsonOf<{ id: string }>(
        await create({
          model: "gpt-4o",
          input: [
            { role: "user", content: "one" },
            { role: "user", content: "Say hello" },
          ],
        }),
      );
      const get = await h.send({ method: "GET", path: `/openai/v1/responses/${created.id}`, headers: KEY });
      expect(get.status).toBe(200);
      expect(await get.json()).toEqual(created);

      const items = await jsonOf<Record<string, unknown>>(
        await h.send({ method: "GET", path: `/openai/v1/responses/${created.id}/input_items`, headers: KEY }),
      );
      const item = (text: string) => ({
        id: expect.stringMatching(MSG_ID),
        type: "message",
        role: "user",
        content: [{ type: "input_text", text }],
        status: "completed",
      });
      // Newest first by default, as openai-node's input_items.list reads it.
      expect(items).toEqual({
        object: "list",
        data: [item("Say hello"), item("one")],
        first_id: expect.stringMatching(MSG_ID),
        last_id: expect.stringMatching(MSG_ID),
        has_more: false,
      });
      const asc = await jsonOf<{ data: { id: string }[]; has_more: boolean }>(
        await h.send({
          method: "GET",
          path: `/openai/v1/responses/${created.id}/input_items?order=asc&limit=1`,
          headers: KEY,
        }),
      );
      expect(asc.data.map((d) => d.id)).toEqual([(items.data as { id: string }[])[1]?.id]);
      expect(asc.has_more).toBe(true);

      const deleted = await h.send({
        method: "DELETE",
        path: `/openai/v1/responses/${created.id}`,
        headers: KEY,
      });
      expect(deleted.status).toBe(200);
      expect(await deleted.json()).toEqual({ id: created.id, object: "response", deleted: true });
      const gone = await h.send({ method: "GET", path: `/openai/v1/responses/${created.id}`, headers: KEY });
      expect(gone.status).toBe(404);
      expect(await gone.text()).toBe(
        `{"error":{"message":"Response with id '${created.id}' not found.","type":"invalid_request_error","param":null,"code":null}}`,
      );
      const again = await h.send({
        method: "DELETE",
        path: `/openai/v1/responses/${created.id}`,
        headers: KEY,
      });
      expect(again.status).toBe(404);
    });

    it("the dated and project paths read the same store", async () => {
      const created = await jsonOf<{ id: string }>(
        await create(
          { model: "gpt-4o", input: "Say hello" },
          "/openai/v1/responses",
          "foundry.openai.azure.com",
        ),
      );
      const dated = await h.send({
        method: "GET",
        host: "foundry.openai.azure.com",
        path: `/openai/responses/${created.id}?api-version=2025-04-01-preview`,
        headers: KEY,
      });
      expect(dated.status).toBe(200);
      const project = await h.send({
        method: "GET",
        host: "foundry.services.ai.azure.com",
        path: `/api/projects/p1/openai/v1/responses/${created.id}/input_items`,
        headers: KEY,
      });
      expect(project.status).toBe(200);
    });

    it("store: false is answered but not stored; another account does not see a stored one", async () => {
      const unstored = await jsonOf<{ id: string; store: boolean }>(
        await create({ model: "gpt-4o", input: "Say hello", store: false }),
      );
      expect(unstored.store).toBe(false);
      const get = await h.send({ method: "GET", path: `/openai/v1/responses/${unstored.id}`, headers: KEY });
      expect(get.status).toBe(404);

      const stored = await jsonOf<{ id: string }>(await create({ model: "gpt-4o", input: "Say hello" }));
      const elsewhere = await h.send({
        method: "GET",
        host: "foundry.openai.azure.com",
        path: `/openai/v1/responses/${stored.id}`,
        headers: KEY,
      });
      expect(elsewhere.status).toBe(404);
    });

    it("previous_response_id continues the stored conversation; instructions are not inherited", async () => {
      const first = await jsonOf<{ id: string }>(
        await create({ model: "gpt-4o", instructions: "Be brief.", input: "Say hello" }),
      );
      const second = await jsonOf<Record<string, unknown>>(
        await create({ model: "gpt-4o", input: "And again", previous_response_id: first.id }),
      );
      const reply = 'This is the keyless emulator (gpt-4o). You said: "And again"';
      expect(second).toMatchObject({
        previous_response_id: first.id,
        instructions: null,
        output: [{ content: [{ text: reply }] }],
        // 3 priming + (3 + 3 "Say hello") + (3 + 15 the first reply) + (3 + 3 "And again")
        usage: { input_tokens: 33 },
      });
    });

    it("a previous_response_id that is not stored: 400 previous_response_not_found", async () => {
      const response = await create({ model: "gpt-4o", input: "x", previous_response_id: "resp_missing" });
      expect(response.status).toBe(400);
      expect(await response.text()).toBe(
        `{"error":{"message":"Previous response with id 'resp_missing' not found.","type":"invalid_request_error","param":"previous_response_id","code":"previous_response_not_found"}}`,
      );
    });

    it("the store is bounded: past its capacity the oldest response goes", () => {
      const store = createResponseStore(2);
      const entry = (id: string): StoredResponse => ({
        id,
        account: "a",
        response: { id },
        inputItems: [],
        conversation: [],
      });
      store.put(entry("resp_1"));
      store.put(entry("resp_2"));
      store.put(entry("resp_3"));
      expect(store.size).toBe(2);
      expect(store.get("a", "resp_1")).toBeUndefined();
      expect(store.get("a", "resp_3")?.id).toBe("resp_3");
      expect(store.get("b", "resp_3")).toBeUndefined();
      expect(store.delete("b", "resp_3")).toBe(false);
      expect(store.delete("a", "resp_3")).toBe(true);
    });
  });

  describe("refusals (exact status and body)", () => {
    it("no model on v1: 400 you must provide a model parameter", async () => {
      const response = await create({ input: "x" });
      expect(response.status).toBe(400);
      expect(await response.text()).toBe(
        '{"error":{"message":"you must provide a model parameter","type":"invalid_request_error","param":null,"code":null}}',
      );
    });

    it("an unknown deployment: 404 DeploymentNotFound", async () => {
      const response = await create({ model: "gpt-5", input: "x" });
      expect(response.status).toBe(404);
      expect(await response.text()).toBe(
        '{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."}}',
      );
    });

    it("an embeddings deployment: 400 OperationNotSupported", async () => {
      const response = await create({ model: "emb", input: "x" });
      expect(response.status).toBe(400);
      expect(await response.text()).toBe(
        '{"error":{"code":"OperationNotSupported","message":"The responses operation does not work with the specified model, text-embedding-3-small. Please choose different model and try again. You can learn more about which models can be used with each operation here: https://go.microsoft.com/fwlink/?linkid=2197993."}}',
      );
    });

    it("max_output_tokens below 16: 400 integer_below_min_value", async () => {
      const response = await create({ model: "gpt-4o", input: "x", max_output_tokens: 5 });
      expect(response.status).toBe(400);
      expect(await response.text()).toBe(
        `{"error":{"message":"Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got 5 instead.","type":"invalid_request_error","param":"max_output_tokens","code":"integer_below_min_value"}}`,
      );
    });

    it("input neither a string nor an array: 400 invalid_type", async () => {
      const response = await create({ model: "gpt-4o", input: { text: "x" } });
      expect(response.status).toBe(400);
      expect(await response.text()).toBe(
        `{"error":{"message":"Invalid type for 'input': expected one of a string or array of input items, but got an object instead.","type":"invalid_request_error","param":"input","code":"invalid_type"}}`,
      );
    });

    it("a dated api-version on /openai/v1/responses: 400 API version not supported", async () => {
      const response = await create(
        { model: "gpt-4o", input: "x" },
        "/openai/v1/responses?api-version=2025-04-01-preview",
      );
      expect(response.status).toBe(400);
      expect(await response.text()).toBe(
        '{"error":{"code":"BadRequest","message":"API version not supported"}}',
      );
    });

    it("an api-version on the project's /openai/v1/responses: 400 not allowed", async () => {
      const response = await create(
        { model: "gpt-4o", input: "x" },
        "/api/projects/p1/openai/v1/responses?api-version=v1",
        "foundry.services.ai.azure.com",
      );
      expect(response.status).toBe(400);
      expect(await response.text()).toBe(
        '{"error":{"code":"BadRequest","message":"api-version query parameter is not allowed when using /v1 path"}}',
      );
    });

    it("PermissionDenied names responses/write and the path form used", async () => {
      const oid = h.principal("contributor-app").objectId;
      const authorization = `Bearer ${await h.token("contributor-app")}`;
      for (const [path, operation] of [
        ["/openai/v1/responses", "POST /openai/v1/responses"],
        ["/openai/responses?api-version=2025-04-01-preview", "POST /openai/responses"],
        [
          "/openai/deployments/gpt-4o/responses?api-version=2025-04-01-preview",
          "POST /openai/deployments/{deployment-id}/responses",
        ],
      ] as const) {
        const response = await h.send({
          path,
          headers: { authorization },
          body: { model: "gpt-4o", input: "x" },
        });
        expect(response.status, path).toBe(401);
        expect(await response.text(), path).toBe(permissionDenied(oid, WRITE, operation));
      }
    });

    it("the OpenAI User role may create, read and delete responses with a token", async () => {
      const authorization = `Bearer ${await h.token("app")}`;
      const created = await h.send({
        path: "/openai/v1/responses",
        headers: { authorization },
        body: { model: "gpt-4o", input: "Say hello" },
      });
      expect(created.status).toBe(200);
      const { id } = await jsonOf<{ id: string }>(created);
      const get = await h.send({
        method: "GET",
        path: `/openai/v1/responses/${id}`,
        headers: { authorization },
      });
      expect(get.status).toBe(200);
      const del = await h.send({
        method: "DELETE",
        path: `/openai/v1/responses/${id}`,
        headers: { authorization },
      });
      expect(del.status).toBe(200);
    });
  });
});
