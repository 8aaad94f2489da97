import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorProcess } from "../../helpers/emulator-process.js";
import { createFoundryWorld } from "./foundry-world.js";
import { runClient, startWorldEmulator } from "./run-client.js";

/**
 * @azure-rest/ai-inference's ModelClient the two ways the emulator does not serve yet:
 * - `models`: the AI Services account's model inference endpoint, `<AZURE_INFERENCE_ENDPOINT>`
 *   (`https://<name>.services.ai.azure.com/models`), the deployment named by `model` in the body:
 *   `POST /models/chat/completions?api-version=2024-05-01-preview`;
 * - `default-scope`: the client's own default scope, https://ml.azure.com/.default (no
 *   `credentials.scopes`), on the Azure OpenAI deployment route.
 */
const APP = `
import ModelClient, { isUnexpected } from "@azure-rest/ai-inference";
import { DefaultAzureCredential } from "@azure/identity";

const env = process.env;
const [op] = process.argv.slice(1);
const client = op === "models"
  ? ModelClient(env.AZURE_INFERENCE_ENDPOINT, new DefaultAzureCredential(), { credentials: { scopes: ["https://cognitiveservices.azure.com/.default"] } })
  : ModelClient(env.AZURE_OPENAI_ENDPOINT + "/openai/deployments/" + env.AZURE_OPENAI_DEPLOYMENT, new DefaultAzureCredential());
try {
  const response = await client.path("/chat/completions").post({
    body: { model: env.AZURE_OPENAI_DEPLOYMENT, messages: [{ role: "user", content: "Hello from ai-inference" }] },
  });
  console.log(JSON.stringify({ ok: true, status: response.status, unexpected: isUnexpected(response), body: response.body }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, name: error?.name, statusCode: error?.statusCode, message: String(error?.message).split("\\n")[0] }));
}
`;

const FLAT_401 = {
  statusCode: 401,
  message:
    "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.",
};

describe("@azure-rest/ai-inference: model inference endpoint and its default ml.azure.com scope", () => {
  let emulator: EmulatorProcess;
  beforeAll(async () => {
    emulator = await startWorldEmulator(createFoundryWorld());
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("POST <name>.services.ai.azure.com/models/chat/completions: 200 with the chat completion", async () => {
    expect(await runClient(emulator, APP, ["models"])).toMatchObject({
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
      },
    });
  });

  it("the default scope: Entra issues an ml.azure.com token, which the Azure OpenAI route refuses with the flat 401", async () => {
    expect(await runClient(emulator, APP, ["default-scope"])).toEqual({
      ok: true,
      status: "401",
      unexpected: true,
      body: FLAT_401,
    });
  });
});
