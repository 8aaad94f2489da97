import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorProcess, startEmulatorProcess } from "../../helpers/emulator-process.js";
import { runClient } from "./run-client.js";

/**
 * @azure-rest/ai-inference's ModelClient against an Azure OpenAI deployment, keyless as its README
 * configures it: the endpoint `<AZURE_OPENAI_ENDPOINT>/openai/deployments/<deployment>`, a
 * DefaultAzureCredential, and the cognitiveservices scope through `credentials: { scopes }` (its
 * default scope is https://ml.azure.com/.default, in ai-inference-foundry.test.ts). The REST client
 * does not throw on an error status: it returns it, and `isUnexpected()` says so.
 */
const APP = `
import ModelClient, { isUnexpected } from "@azure-rest/ai-inference";
import { DefaultAzureCredential } from "@azure/identity";

const env = process.env;
const [op, deployment = env.AZURE_OPENAI_DEPLOYMENT] = process.argv.slice(1);
const client = ModelClient(env.AZURE_OPENAI_ENDPOINT + "/openai/deployments/" + deployment, new DefaultAzureCredential(), {
  credentials: { scopes: ["https://cognitiveservices.azure.com/.default"] },
});
try {
  const response = op === "embeddings"
    ? await client.path("/embeddings").post({ body: { input: ["hello", "world"] } })
    : await client.path("/chat/completions").post({ body: { messages: [{ role: "user", content: "Hello from ai-inference" }] } });
  const body = response.body;
  if (op === "embeddings" && !isUnexpected(response)) {
    body.data = body.data.map((d) => ({ index: d.index, length: d.embedding.length }));
  }
  console.log(JSON.stringify({ ok: true, status: response.status, unexpected: isUnexpected(response), contentType: response.headers["content-type"], body }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, name: error?.name, code: error?.code, statusCode: error?.statusCode, message: String(error?.message) }));
}
`;

describe("@azure-rest/ai-inference ModelClient on the deployment route", () => {
  let emulator: EmulatorProcess;
  beforeAll(async () => {
    emulator = await startEmulatorProcess([]);
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("POST /chat/completions (api-version 2024-05-01-preview): 200 with the chat completion", async () => {
    const outcome = await runClient<{ body: { id: string } }>(emulator, APP, ["chat"]);
    expect(outcome).toMatchObject({
      ok: true,
      status: "200",
      unexpected: false,
      body: {
        object: "chat.completion",
        model: "gpt-4o-2024-11-20",
        choices: [
          {
            index: 0,
            finish_reason: "stop",
            message: {
              role: "assistant",
              content: 'This is the keyless emulator (gpt-4o). You said: "Hello from ai-inference"',
            },
          },
        ],
        usage: { prompt_tokens: 12, completion_tokens: 19, total_tokens: 31 },
      },
    });
    expect(outcome.body.id).toMatch(/^chatcmpl-[A-Za-z0-9]{29}$/);
  });

  it("POST /embeddings on the embeddings deployment: 200 with two 1536-dimension vectors", async () => {
    expect(await runClient(emulator, APP, ["embeddings", "text-embedding-3-small"])).toMatchObject({
      ok: true,
      status: "200",
      unexpected: false,
      body: {
        object: "list",
        model: "text-embedding-3-small",
        data: [
          { index: 0, length: 1536 },
          { index: 1, length: 1536 },
        ],
        usage: { prompt_tokens: 4, total_tokens: 4 },
      },
    });
  });
});

describe("@azure-rest/ai-inference in rbac.missing-data-action", () => {
  let emulator: EmulatorProcess;
  beforeAll(async () => {
    emulator = await startEmulatorProcess(["--scenario", "rbac.missing-data-action"]);
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("the response is Azure's 401 PermissionDenied body, verbatim, and isUnexpected()", async () => {
    const outcome = await runClient<{ body: { error: { message: string } } }>(emulator, APP, ["chat"]);
    const message = outcome.body?.error?.message;
    expect(message).toMatch(
      /^The principal [0-9a-f-]{36} lacks the required data action Microsoft\.CognitiveServices\/accounts\/OpenAI\/deployments\/chat\/completions\/action to perform POST \/openai\/deployments\/\{deployment-id\}\/chat\/completions operation\.$/,
    );
    expect(outcome).toEqual({
      ok: true,
      status: "401",
      unexpected: true,
      contentType: "application/json",
      body: { error: { code: "PermissionDenied", message } },
    });
  });
});
