import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorProcess, startEmulatorProcess } from "../../helpers/emulator-process.js";
import { runClient } from "./run-client.js";

/**
 * The AI SDK's default Azure language model, `azure(deployment)`: the Responses API,
 * `POST <endpoint>/openai/v1/responses?api-version=v1`, configured as in ai-sdk-azure.test.ts.
 */
const APP = `
import { createAzure } from "@ai-sdk/azure";
import { DefaultAzureCredential, getBearerTokenProvider } from "@azure/identity";
import { generateText, streamText } from "ai";

const azure = createAzure({
  baseURL: process.env.AZURE_OPENAI_ENDPOINT + "/openai",
  tokenProvider: getBearerTokenProvider(new DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default"),
});
const model = azure(process.env.AZURE_OPENAI_DEPLOYMENT);
const prompt = "Hello from the AI SDK";
const [op] = process.argv.slice(1);
try {
  if (op === "generateText") {
    const result = await generateText({ model, prompt, maxRetries: 0 });
    console.log(JSON.stringify({ ok: true, text: result.text, finishReason: result.finishReason, usage: result.usage, id: result.response.id, modelId: result.response.modelId }));
  } else if (op === "streamText") {
    let streamError;
    const result = streamText({ model, prompt, maxRetries: 0, onError: ({ error }) => { streamError = error; } });
    const parts = [];
    for await (const part of result.textStream) parts.push(part);
    if (streamError !== undefined) throw streamError;
    console.log(JSON.stringify({ ok: true, text: parts.join(""), finishReason: await result.finishReason }));
  }
} catch (error) {
  console.log(JSON.stringify({ ok: false, name: error?.name, statusCode: error?.statusCode, url: error?.url, message: String(error?.message), responseBody: error?.responseBody }));
}
`;

const REPLY = 'This is the keyless emulator (gpt-4o). You said: "Hello from the AI SDK"';

describe("the AI SDK's azure(deployment): the Responses API", () => {
  let emulator: EmulatorProcess;
  beforeAll(async () => {
    emulator = await startEmulatorProcess([]);
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("generateText: a completed Response (resp_ id) with the reply and its usage", async () => {
    const outcome = await runClient<Record<string, unknown>>(emulator, APP, ["generateText"]);
    expect(outcome).toMatchObject({
      ok: true,
      text: REPLY,
      finishReason: "stop",
      usage: { inputTokens: 12, outputTokens: 18, totalTokens: 30 },
      modelId: "gpt-4o-2024-11-20",
    });
    expect(outcome.id).toMatch(/^resp_/);
  });

  it("streamText: the response.output_text.delta events join to the reply", async () => {
    expect(await runClient(emulator, APP, ["streamText"])).toEqual({
      ok: true,
      text: REPLY,
      finishReason: "stop",
    });
  });
});
