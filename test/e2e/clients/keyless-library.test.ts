import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type EmulatorProcess,
  runInLoadedShell,
  startEmulatorProcess,
} from "../../helpers/emulator-process.js";
import { runClient } from "./run-client.js";

/**
 * The library as an app uses it: `import ... from "keyless"` (the built package), configured by
 * the printed environment only, DefaultAzureCredential picking the service principal, and the
 * token provider handed to the real openai, AI SDK and LangChain clients as their docs show.
 */
const OPENAI_APP = `
import { createAzureOpenAI, KeylessAuthError } from "keyless";
try {
  const client = createAzureOpenAI({ deployment: process.env.AZURE_OPENAI_DEPLOYMENT, maxRetries: 0 });
  const completion = await client.chat.completions.create({ model: process.env.AZURE_OPENAI_DEPLOYMENT, messages: [{ role: "user", content: "Hi" }] });
  console.log(JSON.stringify({ ok: true, text: completion.choices[0].message.content }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, name: error.name, status: error.status, code: error instanceof KeylessAuthError ? error.diagnosis.code : undefined, fix: error.diagnosis?.fix, message: String(error.message) }));
}
`;

const FURTHER_APP = `
import { createAzureOpenAI, diagnoseFurther, KeylessAuthError } from "keyless";
try {
  const client = createAzureOpenAI({ deployment: process.env.AZURE_OPENAI_DEPLOYMENT, maxRetries: 0 });
  await client.chat.completions.create({ model: process.env.AZURE_OPENAI_DEPLOYMENT, messages: [{ role: "user", content: "Hi" }] });
  console.log(JSON.stringify({ ok: true }));
} catch (error) {
  if (!(error instanceof KeylessAuthError)) throw error;
  const further = await diagnoseFurther(error);
  console.log(JSON.stringify({ ok: false, status: error.status, code: error.diagnosis.code, further: further.code }));
}
`;

const PLAIN_OPENAI_APP = `
import { DefaultAzureCredential, getBearerTokenProvider } from "@azure/identity";
import { AzureOpenAI } from "openai";
const azureADTokenProvider = getBearerTokenProvider(new DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default");
try {
  const client = new AzureOpenAI({ azureADTokenProvider, deployment: process.env.AZURE_OPENAI_DEPLOYMENT, maxRetries: 0 });
  await client.chat.completions.create({ model: process.env.AZURE_OPENAI_DEPLOYMENT, messages: [{ role: "user", content: "Hi" }] });
  console.log(JSON.stringify({ ok: true }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, name: error.name, message: String(error.message).slice(0, 200) }));
}
`;

const AI_SDK_APP = `
import { createAzure } from "@ai-sdk/azure";
import { generateText } from "ai";
import { createTokenProvider } from "keyless";
const azure = createAzure({
  baseURL: process.env.AZURE_OPENAI_ENDPOINT + "/openai",
  tokenProvider: createTokenProvider({ endpoint: process.env.AZURE_OPENAI_ENDPOINT }),
});
const result = await generateText({ model: azure(process.env.AZURE_OPENAI_DEPLOYMENT), prompt: "Hello from the AI SDK", maxRetries: 0 });
console.log(JSON.stringify({ ok: true, text: result.text }));
`;

const LANGCHAIN_APP = `
import { AzureChatOpenAI } from "@langchain/openai";
import { createTokenProvider } from "keyless";
const llm = new AzureChatOpenAI({
  azureADTokenProvider: createTokenProvider({ endpoint: process.env.AZURE_OPENAI_ENDPOINT }),
  maxRetries: 0,
});
const message = await llm.invoke("Hello from LangChain");
console.log(JSON.stringify({ ok: true, text: message.content }));
`;

async function runWithoutFetchPreload(emulator: EmulatorProcess, program: string): Promise<unknown> {
  // NODE_OPTIONS loads the emulator's fetch preload; without it, Node 20's fetch ignores HTTPS_PROXY.
  const run = await runInLoadedShell(emulator, 'unset NODE_OPTIONS; node --input-type=module -e "$1"', [
    program,
  ]);
  return JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "null");
}

describe("the keyless library in apps, against the emulator", () => {
  let emulator: EmulatorProcess;
  beforeAll(async () => {
    emulator = await startEmulatorProcess([]);
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("createAzureOpenAI with nothing but the environment: the chat completion", async () => {
    expect(await runClient(emulator, OPENAI_APP)).toEqual({
      ok: true,
      text: 'This is the keyless emulator (gpt-4o). You said: "Hi"',
    });
  });

  it("follows HTTPS_PROXY without the fetch preload, where a plain AzureOpenAI cannot reach the host", async () => {
    expect(await runWithoutFetchPreload(emulator, OPENAI_APP)).toMatchObject({ ok: true });
    expect(await runWithoutFetchPreload(emulator, PLAIN_OPENAI_APP)).toEqual({
      ok: false,
      // openai's APIConnectionError (its name stays "Error"): the real host name does not resolve.
      name: "Error",
      message: "Connection error.",
    });
  });

  it("the AI SDK's createAzure with tokenProvider: createTokenProvider(...)", async () => {
    expect(await runClient(emulator, AI_SDK_APP)).toEqual({
      ok: true,
      text: 'This is the keyless emulator (gpt-4o). You said: "Hello from the AI SDK"',
    });
  });

  it("LangChain's AzureChatOpenAI with azureADTokenProvider: createTokenProvider(...)", async () => {
    expect(await runClient(emulator, LANGCHAIN_APP)).toEqual({
      ok: true,
      text: 'This is the keyless emulator (gpt-4o). You said: "Hello from LangChain"',
    });
  });
});

describe("a refusal, as the app sees it", () => {
  let emulator: EmulatorProcess;
  beforeAll(async () => {
    emulator = await startEmulatorProcess(["--scenario", "seed-000"]);
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("seed-000: KeylessAuthError 401 with rbac.missing-data-action and the role assignment to run", async () => {
    const outcome = (await runClient(emulator, OPENAI_APP)) as Record<string, unknown>;
    expect(outcome).toMatchObject({
      ok: false,
      name: "KeylessAuthError",
      status: 401,
      code: "rbac.missing-data-action",
    });
    expect(String(outcome.fix)).toMatch(
      /az role assignment create --role "Cognitive Services OpenAI User" --assignee-object-id [0-9a-f-]{36} --assignee-principal-type ServicePrincipal --scope <scope>/,
    );
    expect(String(outcome.message)).toContain("[keyless: rbac.missing-data-action: ");
  });
});

describe("refusals the app's own identity meets, told apart with diagnoseFurther", () => {
  it.each([
    // The Azure CLI signed in to alice's home tenant; the account lives in another.
    ["token.wrong-tenant", 400, "token.wrong-tenant", "token.wrong-tenant"],
    // The VM's system-assigned identity is used; the role went to the user-assigned one.
    ["rbac.other-principal", 401, "rbac.missing-data-action", "rbac.other-principal"],
  ])(
    "%s: %d %s, then %s",
    async (scenario, status, code, further) => {
      const emulator = await startEmulatorProcess(["--scenario", scenario]);
      try {
        expect(await runClient(emulator, FURTHER_APP)).toEqual({ ok: false, status, code, further });
      } finally {
        await emulator.stop();
      }
    },
    90_000,
  );
});
