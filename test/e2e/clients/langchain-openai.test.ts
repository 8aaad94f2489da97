import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorProcess, startEmulatorProcess } from "../../helpers/emulator-process.js";
import { runClient } from "./run-client.js";

/**
 * LangChain's AzureChatOpenAI and AzureOpenAIEmbeddings, keyless as their docs configure them: an
 * `azureADTokenProvider` from @azure/identity, everything else (instance name, deployment, API
 * version) read by LangChain itself from the printed AZURE_OPENAI_API_* variables. argv: the
 * operation. Prints one JSON line: what the client returned, or the error's fields.
 */
const APP = `
import { DefaultAzureCredential, getBearerTokenProvider } from "@azure/identity";
import { AzureChatOpenAI, AzureOpenAIEmbeddings } from "@langchain/openai";

const azureADTokenProvider = getBearerTokenProvider(
  new DefaultAzureCredential(),
  "https://cognitiveservices.azure.com/.default",
);
const [op] = process.argv.slice(1);
try {
  if (op === "invoke") {
    const message = await new AzureChatOpenAI({ azureADTokenProvider, maxRetries: 0 }).invoke("Hello from LangChain");
    console.log(JSON.stringify({ ok: true, id: message.id, content: message.content, response_metadata: message.response_metadata, usage_metadata: message.usage_metadata }));
  } else if (op === "stream") {
    const chunks = [];
    for await (const chunk of await new AzureChatOpenAI({ azureADTokenProvider, maxRetries: 0 }).stream("Hello from LangChain")) {
      chunks.push({ content: chunk.content, finish_reason: chunk.response_metadata?.finish_reason, usage_metadata: chunk.usage_metadata });
    }
    console.log(JSON.stringify({ ok: true, chunks }));
  } else if (op === "embeddings") {
    const embeddings = new AzureOpenAIEmbeddings({
      azureADTokenProvider,
      azureOpenAIApiEmbeddingsDeploymentName: "text-embedding-3-small",
      maxRetries: 0,
    });
    const vectors = await embeddings.embedDocuments(["hello", "world"]);
    const query = await embeddings.embedQuery("hello");
    console.log(JSON.stringify({ ok: true, lengths: vectors.map((v) => v.length), norms: vectors.map((v) => Math.hypot(...v)), sameAsQuery: vectors[0].every((x, i) => x === query[i]) }));
  }
} catch (error) {
  console.log(JSON.stringify({ ok: false, name: error?.constructor?.name, status: error?.status, code: error?.code, lc_error_code: error?.lc_error_code, message: String(error?.message), error: error?.error }));
}
`;

interface Outcome {
  ok: boolean;
  [field: string]: unknown;
}

const REPLY = 'This is the keyless emulator (gpt-4o). You said: "Hello from LangChain"';

describe("@langchain/openai AzureChatOpenAI and AzureOpenAIEmbeddings with the printed env", () => {
  let emulator: EmulatorProcess;
  beforeAll(async () => {
    emulator = await startEmulatorProcess([]);
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("invoke: the AIMessage carries the reply, the model and the token usage", async () => {
    const outcome = await runClient<Outcome>(emulator, APP, ["invoke"]);
    expect(outcome).toMatchObject({
      ok: true,
      content: REPLY,
      response_metadata: {
        finish_reason: "stop",
        model_name: "gpt-4o-2024-11-20",
        tokenUsage: { promptTokens: 11, completionTokens: 18, totalTokens: 29 },
      },
      usage_metadata: { input_tokens: 11, output_tokens: 18, total_tokens: 29 },
    });
    expect(outcome.id).toMatch(/^chatcmpl-[A-Za-z0-9]{29}$/);
  });

  it("stream: the chunks join to the reply, then a finish chunk and a usage chunk", async () => {
    const outcome = await runClient<{ ok: boolean; chunks: Record<string, unknown>[] }>(emulator, APP, [
      "stream",
    ]);
    expect(outcome.ok).toBe(true);
    expect(outcome.chunks.map((c) => c.content).join("")).toBe(REPLY);
    expect(outcome.chunks.at(-2)).toMatchObject({ content: "", finish_reason: "stop" });
    expect(outcome.chunks.at(-1)).toMatchObject({
      content: "",
      usage_metadata: { input_tokens: 11, output_tokens: 18, total_tokens: 29 },
    });
  });

  it("embeddings: embedDocuments and embedQuery give unit vectors of the model's 1536 dimensions", async () => {
    const outcome = await runClient<Outcome & { norms: number[] }>(emulator, APP, ["embeddings"]);
    expect(outcome).toMatchObject({ ok: true, lengths: [1536, 1536], sameAsQuery: true });
    for (const norm of outcome.norms) expect(norm).toBeCloseTo(1, 5);
  });
});

describe("@langchain/openai in rbac.missing-data-action", () => {
  let emulator: EmulatorProcess;
  beforeAll(async () => {
    emulator = await startEmulatorProcess(["--scenario", "rbac.missing-data-action"]);
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("invoke throws openai's AuthenticationError with Azure's 401 PermissionDenied body", async () => {
    const outcome = await runClient<Outcome>(emulator, APP, ["invoke"]);
    const message = outcome.error === undefined ? "" : (outcome.error as { message: string }).message;
    expect(message).toMatch(
      /^The principal [0-9a-f-]{36} lacks the required data action Microsoft\.CognitiveServices\/accounts\/OpenAI\/deployments\/chat\/completions\/action to perform POST \/openai\/deployments\/\{deployment-id\}\/chat\/completions operation\.$/,
    );
    expect(outcome).toEqual({
      ok: false,
      name: "AuthenticationError",
      status: 401,
      code: "PermissionDenied",
      lc_error_code: "MODEL_AUTHENTICATION",
      message: `401 ${message}\n\nTroubleshooting URL: https://docs.langchain.com/oss/javascript/langchain/errors/MODEL_AUTHENTICATION/\n`,
      error: { code: "PermissionDenied", message },
    });
  });
});
