import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorProcess, startEmulatorProcess } from "../../helpers/emulator-process.js";
import { runClient } from "./run-client.js";

/**
 * AzureChatOpenAI with `useResponsesApi: true` (the Responses API instead of chat completions),
 * keyless, configured by the printed AZURE_OPENAI_API_* variables; the Responses API needs an API
 * version that has it, passed as the documented `azureOpenAIApiVersion`. LangChain sends
 * `POST https://<instance>.openai.azure.com/openai/deployments/<deployment>/responses?api-version=...`.
 */
const APP = `
import { DefaultAzureCredential, getBearerTokenProvider } from "@azure/identity";
import { AzureChatOpenAI } from "@langchain/openai";

const azureADTokenProvider = getBearerTokenProvider(
  new DefaultAzureCredential(),
  "https://cognitiveservices.azure.com/.default",
);
const [op] = process.argv.slice(1);
const llm = new AzureChatOpenAI({
  azureADTokenProvider,
  useResponsesApi: true,
  azureOpenAIApiVersion: "2025-04-01-preview",
  maxRetries: 0,
});
try {
  if (op === "invoke") {
    const message = await llm.invoke("Hello from LangChain");
    console.log(JSON.stringify({ ok: true, id: message.id, text: message.text, response_metadata: message.response_metadata, usage_metadata: message.usage_metadata }));
  } else if (op === "stream") {
    const parts = [];
    for await (const chunk of await llm.stream("Hello from LangChain")) parts.push(chunk.text);
    console.log(JSON.stringify({ ok: true, text: parts.join("") }));
  }
} catch (error) {
  console.log(JSON.stringify({ ok: false, name: error?.constructor?.name, status: error?.status, code: error?.code, message: String(error?.message), error: error?.error }));
}
`;

const REPLY = 'This is the keyless emulator (gpt-4o). You said: "Hello from LangChain"';

describe("@langchain/openai AzureChatOpenAI with useResponsesApi (the Responses API)", () => {
  let emulator: EmulatorProcess;
  beforeAll(async () => {
    emulator = await startEmulatorProcess([]);
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("invoke: a Response (resp_ id, status completed) becomes an AIMessage with the reply", async () => {
    const outcome = await runClient<Record<string, unknown>>(emulator, APP, ["invoke"]);
    expect(outcome).toMatchObject({
      ok: true,
      text: REPLY,
      response_metadata: { model_name: "gpt-4o-2024-11-20", status: "completed", object: "response" },
      usage_metadata: { input_tokens: 11, output_tokens: 18, total_tokens: 29 },
    });
    expect(outcome.response_metadata).toMatchObject({ id: expect.stringMatching(/^resp_/) });
  });

  it("stream: the response.output_text.delta events join to the reply", async () => {
    expect(await runClient(emulator, APP, ["stream"])).toEqual({ ok: true, text: REPLY });
  });
});
