import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorProcess } from "../../helpers/emulator-process.js";
import { createFoundryWorld } from "./foundry-world.js";
import { runClient, startWorldEmulator } from "./run-client.js";

/**
 * @azure/ai-projects as its README configures it: `new AIProjectClient(FOUNDRY_PROJECT_ENDPOINT,
 * new DefaultAzureCredential())`, then `getOpenAIClient()`, an openai-node client at
 * `<project endpoint>/openai/v1` whose bearer token is for https://ai.azure.com/.default.
 */
const APP = `
import { AIProjectClient } from "@azure/ai-projects";
import { DefaultAzureCredential } from "@azure/identity";

const project = new AIProjectClient(process.env.FOUNDRY_PROJECT_ENDPOINT, new DefaultAzureCredential());
const openai = project.getOpenAIClient({ maxRetries: 0 });
const model = process.env.AZURE_OPENAI_DEPLOYMENT;
const [op] = process.argv.slice(1);
try {
  if (op === "chat") {
    const chat = await openai.chat.completions.create({ model, messages: [{ role: "user", content: "Hello from Foundry" }] });
    console.log(JSON.stringify({ ok: true, object: chat.object, model: chat.model, content: chat.choices[0]?.message?.content }));
  } else if (op === "responses") {
    const response = await openai.responses.create({ model, input: "Hello from Foundry" });
    console.log(JSON.stringify({ ok: true, object: response.object, status: response.status, model: response.model, output_text: response.output_text }));
  }
} catch (error) {
  console.log(JSON.stringify({ ok: false, name: error?.constructor?.name, status: error?.status, code: error?.code, message: String(error?.message).split("\\n")[0], error: error?.error }));
}
`;

const REPLY = 'This is the keyless emulator (gpt-4o). You said: "Hello from Foundry"';

describe("@azure/ai-projects getOpenAIClient() on a Foundry project's /openai/v1", () => {
  let emulator: EmulatorProcess;
  beforeAll(async () => {
    emulator = await startWorldEmulator(createFoundryWorld());
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("chat.completions.create with an ai.azure.com token: the chat completion", async () => {
    expect(await runClient(emulator, APP, ["chat"])).toEqual({
      ok: true,
      object: "chat.completion",
      model: "gpt-4o-2024-11-20",
      content: REPLY,
    });
  });

  it("responses.create: a completed Response with the reply", async () => {
    expect(await runClient(emulator, APP, ["responses"])).toEqual({
      ok: true,
      object: "response",
      status: "completed",
      model: "gpt-4o-2024-11-20",
      output_text: REPLY,
    });
  });
});
