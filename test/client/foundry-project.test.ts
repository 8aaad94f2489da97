import { ClientSecretCredential } from "@azure/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAzureOpenAI } from "../../src/client/create-azure-openai.js";
import { createDoctorNetwork } from "../../src/diagnose/doctor-network.js";
import { type RunningEmulator, startEmulator } from "../../src/emulator/start-emulator.js";
import { createFoundryWorld, FOUNDRY_PROJECT_ENDPOINT } from "../e2e/clients/foundry-world.js";

// A Foundry project endpoint, as @azure/ai-projects' getOpenAIClient() calls it: the project's v1
// API, `<project>/openai/v1`, with a token for https://ai.azure.com/.default.

describe("createAzureOpenAI on a Foundry project endpoint", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ world: createFoundryWorld(), port: 0 });
  }, 60_000);
  afterAll(async () => {
    await emulator?.close();
  });

  it("asks for the ai.azure.com scope and calls the project's v1 API: the chat completion", async () => {
    const env = emulator.env;
    const network = createDoctorNetwork({ env, ca: [emulator.ca] });
    const credential = new ClientSecretCredential(
      env.AZURE_TENANT_ID ?? "",
      env.AZURE_CLIENT_ID ?? "",
      env.AZURE_CLIENT_SECRET ?? "",
      {
        authorityHost: env.AZURE_AUTHORITY_HOST,
        httpClient: network.httpClient,
      },
    );
    const client = createAzureOpenAI({
      endpoint: FOUNDRY_PROJECT_ENDPOINT,
      env,
      ca: [emulator.ca],
      credential,
      maxRetries: 0,
    });
    const completion = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(completion.choices[0]?.message.content).toBe(
      'This is the keyless emulator (gpt-4o). You said: "Hi"',
    );
    const call = emulator.context.log
      .entries()
      .filter((e) => e.surface === "data-plane")
      .at(-1);
    // As @azure/ai-projects sends it: the v1 API takes no api-version.
    expect(call?.path).toBe("/api/projects/proj/openai/v1/chat/completions");
  }, 60_000);
});
