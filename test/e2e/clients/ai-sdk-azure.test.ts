import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorProcess, startEmulatorProcess } from "../../helpers/emulator-process.js";
import { runClient } from "./run-client.js";

/**
 * The AI SDK (`ai`) with @ai-sdk/azure, keyless as its docs configure it: `createAzure({ baseURL,
 * tokenProvider })` with a token provider from @azure/identity, the base URL from the printed
 * AZURE_OPENAI_ENDPOINT (`<endpoint>/openai`; the provider then calls `/openai/v1/...`). The chat
 * model is `azure.chat(deployment)` (chat completions); `azure(deployment)` is the Responses API,
 * in ai-sdk-azure-responses.test.ts. Prints one JSON line: the result, or the error's fields.
 */
const APP = `
import { createAzure } from "@ai-sdk/azure";
import { DefaultAzureCredential, getBearerTokenProvider } from "@azure/identity";
import { embedMany, generateText, streamText } from "ai";

const azure = createAzure({
  baseURL: process.env.AZURE_OPENAI_ENDPOINT + "/openai",
  tokenProvider: getBearerTokenProvider(new DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default"),
});
const deployment = process.env.AZURE_OPENAI_DEPLOYMENT;
const prompt = "Hello from the AI SDK";
const failure = (error) => ({ ok: false, name: error?.name, statusCode: error?.statusCode, url: error?.url, message: String(error?.message), responseBody: error?.responseBody, isRetryable: error?.isRetryable });
const [op] = process.argv.slice(1);
try {
  if (op === "generateText") {
    const result = await generateText({ model: azure.chat(deployment), prompt, maxRetries: 0 });
    console.log(JSON.stringify({ ok: true, text: result.text, finishReason: result.finishReason, usage: result.usage, id: result.response.id, modelId: result.response.modelId }));
  } else if (op === "streamText") {
    let streamError;
    const result = streamText({ model: azure.chat(deployment), prompt, maxRetries: 0, onError: ({ error }) => { streamError = error; } });
    const parts = [];
    for await (const part of result.textStream) parts.push(part);
    if (streamError !== undefined) throw streamError;
    console.log(JSON.stringify({ ok: true, parts, finishReason: await result.finishReason, usage: await result.usage }));
  } else if (op === "embedMany") {
    const result = await embedMany({ model: azure.embedding("text-embedding-3-small"), values: ["hello", "world"], maxRetries: 0 });
    console.log(JSON.stringify({ ok: true, lengths: result.embeddings.map((e) => e.length), norms: result.embeddings.map((e) => Math.hypot(...e)), usage: result.usage }));
  }
} catch (error) {
  console.log(JSON.stringify(failure(error)));
}
`;

const REPLY = 'This is the keyless emulator (gpt-4o). You said: "Hello from the AI SDK"';
const USAGE = { inputTokens: 12, outputTokens: 18, totalTokens: 30 };

describe("the AI SDK's @ai-sdk/azure provider with the printed env", () => {
  let emulator: EmulatorProcess;
  beforeAll(async () => {
    emulator = await startEmulatorProcess([]);
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("generateText with azure.chat(deployment): the reply, finish reason, usage and model", async () => {
    const outcome = await runClient<Record<string, unknown>>(emulator, APP, ["generateText"]);
    expect(outcome).toMatchObject({
      ok: true,
      text: REPLY,
      finishReason: "stop",
      usage: USAGE,
      modelId: "gpt-4o-2024-11-20",
    });
    expect(outcome.id).toMatch(/^chatcmpl-[A-Za-z0-9]{29}$/);
  });

  it("streamText with azure.chat(deployment): the text parts join to the reply", async () => {
    const outcome = await runClient<{ ok: boolean; parts: string[] }>(emulator, APP, ["streamText"]);
    expect(outcome).toMatchObject({ ok: true, finishReason: "stop", usage: USAGE });
    expect(outcome.parts.join("")).toBe(REPLY);
    expect(outcome.parts.length).toBeGreaterThan(1);
  });

  it("embedMany with azure.embedding(deployment): two unit vectors of 1536 dimensions", async () => {
    const outcome = await runClient<{ ok: boolean; norms: number[] }>(emulator, APP, ["embedMany"]);
    expect(outcome).toMatchObject({ ok: true, lengths: [1536, 1536], usage: { tokens: 4 } });
    for (const norm of outcome.norms) expect(norm).toBeCloseTo(1, 5);
  });
});

describe("the AI SDK in rbac.missing-data-action", () => {
  let emulator: EmulatorProcess;
  beforeAll(async () => {
    emulator = await startEmulatorProcess(["--scenario", "rbac.missing-data-action"]);
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("generateText throws AI_APICallError with Azure's 401 PermissionDenied body, verbatim", async () => {
    const outcome = await runClient<Record<string, unknown>>(emulator, APP, ["generateText"]);
    const body = JSON.parse(String(outcome.responseBody)) as { error: { message: string } };
    expect(body.error.message).toMatch(
      /^The principal [0-9a-f-]{36} lacks the required data action Microsoft\.CognitiveServices\/accounts\/OpenAI\/deployments\/chat\/completions\/action to perform POST \/openai\/v1\/chat\/completions operation\.$/,
    );
    expect(outcome).toEqual({
      ok: false,
      name: "AI_APICallError",
      statusCode: 401,
      url: "https://contoso-openai.openai.azure.com/openai/v1/chat/completions?api-version=v1",
      message: body.error.message,
      responseBody: `{"error":{"code":"PermissionDenied","message":"${body.error.message}"}}`,
      isRetryable: false,
    });
  });
});
