import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorProcess, startEmulatorProcess } from "../../helpers/emulator-process.js";
import { runClient } from "./run-client.js";

/**
 * openai-node's `responses.create`, keyless the way Azure documents the v1 API: the plain `OpenAI`
 * client with `baseURL: <AZURE_OPENAI_ENDPOINT>/openai/v1/` and a token provider as `apiKey`
 * (openai-node calls a function `apiKey` before each request). Sends `POST /openai/v1/responses`.
 */
const APP = `
import { DefaultAzureCredential, getBearerTokenProvider } from "@azure/identity";
import OpenAI from "openai";

const client = new OpenAI({
  baseURL: process.env.AZURE_OPENAI_ENDPOINT + "/openai/v1/",
  apiKey: getBearerTokenProvider(new DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default"),
  maxRetries: 0,
});
const request = { model: process.env.AZURE_OPENAI_DEPLOYMENT, input: "Hello from openai-node" };
const [op] = process.argv.slice(1);
try {
  if (op === "create") {
    const response = await client.responses.create(request);
    console.log(JSON.stringify({ ok: true, id: response.id, object: response.object, status: response.status, model: response.model, output_text: response.output_text, output: response.output, usage: response.usage }));
  } else if (op === "stream") {
    const types = [];
    let text = "";
    for await (const event of await client.responses.create({ ...request, stream: true })) {
      types.push(event.type);
      if (event.type === "response.output_text.delta") text += event.delta;
    }
    console.log(JSON.stringify({ ok: true, first: types[0], last: types.at(-1), text }));
  }
} catch (error) {
  console.log(JSON.stringify({ ok: false, name: error?.constructor?.name, status: error?.status, code: error?.code, message: String(error?.message), error: error?.error }));
}
`;

const REPLY = 'This is the keyless emulator (gpt-4o). You said: "Hello from openai-node"';

describe("openai-node responses.create against <endpoint>/openai/v1", () => {
  let emulator: EmulatorProcess;
  beforeAll(async () => {
    emulator = await startEmulatorProcess([]);
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("create: a completed Response whose one message output holds the reply", async () => {
    const outcome = await runClient<Record<string, unknown>>(emulator, APP, ["create"]);
    expect(outcome).toMatchObject({
      ok: true,
      object: "response",
      status: "completed",
      model: "gpt-4o-2024-11-20",
      output_text: REPLY,
      output: [
        {
          type: "message",
          role: "assistant",
          status: "completed",
          content: [{ type: "output_text", text: REPLY, annotations: [] }],
        },
      ],
      // The reply is 73 characters: ceil(73 / 4) = 19 tokens (token-count.ts).
      usage: { input_tokens: 12, output_tokens: 19, total_tokens: 31 },
    });
    expect(outcome.id).toMatch(/^resp_/);
  });

  it("stream: response.created first, response.completed last, the deltas join to the reply", async () => {
    expect(await runClient(emulator, APP, ["stream"])).toEqual({
      ok: true,
      first: "response.created",
      last: "response.completed",
      text: REPLY,
    });
  });
});
