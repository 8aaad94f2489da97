import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator/start-emulator.js";
import type { WorldInput } from "../../src/emulator/world/schema.js";

const REPO_ROOT = new URL("../../", import.meta.url).pathname;
const API_KEY = "0123456789abcdef0123456789abcdef";
const API_VERSION = "2024-10-21";

/**
 * The child program: the real `openai` AzureOpenAI client (and, for Entra ID, the real
 * `@azure/identity` ClientSecretCredential + getBearerTokenProvider) against the emulator over its
 * HTTPS socket, trusting the emulator's CA through NODE_EXTRA_CA_CERTS only. It prints what the
 * client returned or threw as JSON. Inline (`node -e`) so it resolves packages from the repository.
 */
const CLIENT_PROGRAM = `
import { AzureOpenAI } from "openai";
import { ClientSecretCredential, getBearerTokenProvider } from "@azure/identity";

const spec = JSON.parse(process.argv[1]);
const options = { endpoint: spec.endpoint, apiVersion: spec.apiVersion, maxRetries: 0 };
if (spec.apiKey !== undefined) {
  options.apiKey = spec.apiKey;
} else {
  const credential = new ClientSecretCredential(spec.tenantId, spec.clientId, spec.clientSecret, {
    authorityHost: spec.authorityHost,
    disableInstanceDiscovery: true,
  });
  options.azureADTokenProvider = getBearerTokenProvider(credential, spec.scope);
}
const client = new AzureOpenAI(options);
const messages = [{ role: "user", content: "Hello from the openai client" }];
const out = {};
try {
  for (const op of spec.operations) {
    if (op === "chat") {
      out.chat = await client.chat.completions.create({ model: "gpt-4o", messages });
    } else if (op === "stream") {
      const stream = await client.chat.completions.create({
        model: "gpt-4o",
        messages,
        stream: true,
        stream_options: { include_usage: true },
      });
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);
      out.stream = chunks;
    } else if (op === "completions") {
      out.completions = await client.completions.create({ model: "instruct", prompt: "Once upon a time", max_tokens: 100 });
    } else if (op === "embeddings") {
      out.embeddings = await client.embeddings.create({ model: "emb", input: ["hello", "world"], dimensions: 8 });
    }
  }
  process.stdout.write(JSON.stringify({ ok: true, ...out }));
} catch (error) {
  process.stdout.write(JSON.stringify({
    ok: false,
    name: error?.constructor?.name,
    status: error?.status,
    code: error?.code,
    message: String(error?.message),
    error: error?.error,
    requestID: error?.requestID,
  }));
}
`;

interface ClientOutcome {
  ok: boolean;
  chat?: {
    id: string;
    object: string;
    model: string;
    choices: { index: number; finish_reason: string; message: { role: string; content: string } }[];
    usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  };
  stream?: {
    choices: { delta?: { content?: string; role?: string }; finish_reason: string | null }[];
    usage?: { total_tokens: number };
  }[];
  completions?: { object: string; model: string; choices: { text: string; finish_reason: string }[] };
  embeddings?: {
    object: string;
    model: string;
    data: { index: number; embedding: number[] }[];
    usage: unknown;
  };
  name?: string;
  status?: number;
  code?: string;
  message?: string;
  error?: unknown;
  requestID?: string;
}

const world: WorldInput = {
  tenants: [{ name: "contoso" }],
  applications: [
    { name: "app", tenant: "contoso", secrets: [{ value: "app-secret-e2e" }] },
    { name: "contributor-app", tenant: "contoso", secrets: [{ value: "contributor-secret-e2e" }] },
  ],
  subscriptions: [{ name: "contoso-sub", tenant: "contoso", resourceGroups: ["rg-openai"] }],
  accounts: [
    {
      name: "contoso-openai",
      subscription: "contoso-sub",
      resourceGroup: "rg-openai",
      keys: [API_KEY, "fedcba9876543210fedcba9876543210"],
      deployments: [
        { name: "gpt-4o", model: "gpt-4o", modelVersion: "2024-11-20", kind: "chat" },
        { name: "instruct", model: "gpt-35-turbo-instruct", modelVersion: "0914", kind: "completions" },
        { name: "emb", model: "text-embedding-3-small", modelVersion: "1", kind: "embeddings" },
      ],
    },
  ],
  roleAssignments: [
    { principal: "app", role: "Cognitive Services OpenAI User", scope: "account:contoso-openai" },
    { principal: "contributor-app", role: "Cognitive Services Contributor", scope: "account:contoso-openai" },
  ],
};

let emulator: RunningEmulator;

/** A clean child environment: nothing of the machine's Azure, OpenAI or proxy settings. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(https?_proxy|no_proxy|azure_|openai_|node_extra_ca_certs|node_options)/i.test(name))
      env[name] = value;
  }
  return { ...env, NODE_EXTRA_CA_CERTS: emulator.files.caCertificate };
}

async function runClient(spec: Record<string, unknown>): Promise<ClientOutcome> {
  const endpoint = `${emulator.urls.base}/_host/contoso-openai.openai.azure.com`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      CLIENT_PROGRAM,
      JSON.stringify({ endpoint, apiVersion: API_VERSION, ...spec }),
    ],
    { cwd: REPO_ROOT, env: childEnv(), timeout: 60_000 },
  );
  return JSON.parse(stdout) as ClientOutcome;
}

function entra(
  appName: string,
  scope = "https://cognitiveservices.azure.com/.default",
): Record<string, unknown> {
  const app = emulator.world.applications.find((a) => a.name === appName);
  if (app === undefined) throw new Error(`no application ${appName}`);
  return {
    tenantId: app.tenantId,
    clientId: app.clientId,
    clientSecret: app.secrets[0]?.value,
    authorityHost: emulator.urls.base,
    scope,
  };
}

const REPLY = 'This is the keyless emulator (gpt-4o). You said: "Hello from the openai client"';
const ALL = ["chat", "stream", "completions", "embeddings"];

function expectAllOperations(outcome: ClientOutcome): void {
  expect(outcome).toMatchObject({ ok: true });
  expect(outcome.chat).toMatchObject({
    object: "chat.completion",
    model: "gpt-4o-2024-11-20",
    choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: REPLY } }],
    usage: { prompt_tokens: 13, completion_tokens: 20, total_tokens: 33 },
  });
  expect(outcome.chat?.id).toMatch(/^chatcmpl-[A-Za-z0-9]{29}$/);

  const chunks = outcome.stream ?? [];
  // The prompt-filter frame has no choices; then the role frame, content frames, finish frame, usage frame.
  expect(chunks[0]?.choices).toEqual([]);
  expect(chunks[1]?.choices[0]?.delta).toMatchObject({ role: "assistant", content: "" });
  const streamed = chunks.map((c) => c.choices[0]?.delta?.content ?? "").join("");
  expect(streamed).toBe(REPLY);
  expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("stop");
  expect(chunks.at(-1)?.usage).toMatchObject({ total_tokens: 33 });

  expect(outcome.completions).toMatchObject({
    object: "text_completion",
    model: "gpt-35-turbo-instruct-0914",
    choices: [
      {
        text: ' [keyless emulator (gpt-35-turbo-instruct) completion of "Once upon a time"]',
        finish_reason: "stop",
      },
    ],
  });

  // openai-node asks for base64 by default and decodes it: the client hands back float arrays.
  expect(outcome.embeddings).toMatchObject({
    object: "list",
    model: "text-embedding-3-small",
    usage: { prompt_tokens: 4 },
  });
  const vectors = outcome.embeddings?.data.map((d) => d.embedding) ?? [];
  expect(vectors.map((v) => v.length)).toEqual([8, 8]);
  for (const vector of vectors) {
    expect(Math.sqrt(vector.reduce((s, x) => s + x * x, 0))).toBeCloseTo(1, 5);
  }
}

describe("the real openai AzureOpenAI client against the emulator (child process, sockets)", () => {
  beforeAll(async () => {
    emulator = await startEmulator({ world, port: 0, httpPort: 0 });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it("with apiKey: chat, streaming chat, completions and embeddings", async () => {
    expectAllOperations(await runClient({ apiKey: API_KEY, operations: ALL }));
  });

  it("with azureADTokenProvider (ClientSecretCredential + getBearerTokenProvider): the same four", async () => {
    expectAllOperations(await runClient({ ...entra("app"), operations: ALL }));
    const decisions = emulator.context.log
      .entries()
      .filter((e) => e.surface === "data-plane")
      .map((e) => e.decision);
    expect(decisions.at(-1)).toEqual({
      outcome: "allow",
      code: "ok",
      detail: expect.stringMatching(/^principal .* by Cognitive Services OpenAI User at /),
    });
  });

  it("a control-plane-only role: the client throws AuthenticationError 401 PermissionDenied", async () => {
    const oid = emulator.world.applications.find((a) => a.name === "contributor-app")?.objectId;
    const message = `The principal ${oid} lacks the required data action Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action to perform POST /openai/deployments/{deployment-id}/chat/completions operation.`;
    const outcome = await runClient({ ...entra("contributor-app"), operations: ["chat"] });
    expect(outcome).toMatchObject({
      ok: false,
      name: "AuthenticationError",
      status: 401,
      code: "PermissionDenied",
      message: `401 ${message}`,
      error: { code: "PermissionDenied", message },
    });
    expect(outcome.requestID).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("a management.azure.com token: flat 401, which openai 6.x reports without a body", async () => {
    const outcome = await runClient({
      ...entra("app", "https://management.azure.com/.default"),
      operations: ["chat"],
    });
    // reference/error-bodies.md §4.1: before 7.5.0 the flat body has no `error`, so the message says "no body".
    expect(outcome).toMatchObject({
      ok: false,
      name: "AuthenticationError",
      status: 401,
      message: "401 status code (no body)",
    });
    expect(outcome.error).toBeUndefined();
    const last = emulator.context.log
      .entries()
      .filter((e) => e.surface === "data-plane")
      .at(-1);
    expect(last).toMatchObject({ status: 401 });
    expect(last?.decision).toEqual({
      outcome: "deny",
      code: "token.wrong-audience",
      detail: expect.any(String),
    });
  });
});
