import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestDecision } from "../../src/emulator/app/request-decision.js";
import { type RunningEmulator, startEmulator } from "../../src/emulator/start-emulator.js";

const REPO_ROOT = new URL("../../", import.meta.url).pathname;

/**
 * The child program: an unmodified app that reads only its environment (the emulator's printed
 * env): the real `openai` AzureOpenAI client with `AZURE_OPENAI_API_KEY` when it is set, otherwise
 * with the real `DefaultAzureCredential` + `getBearerTokenProvider`. It sends one chat completion to
 * `AZURE_OPENAI_DEPLOYMENT` and prints what the client returned or threw as JSON.
 */
const APP = `
import { AzureOpenAI } from "openai";
import { DefaultAzureCredential, getBearerTokenProvider } from "@azure/identity";

const options = { maxRetries: 0 };
if (process.env.AZURE_OPENAI_API_KEY === undefined) {
  options.azureADTokenProvider = getBearerTokenProvider(
    new DefaultAzureCredential(),
    "https://cognitiveservices.azure.com/.default",
  );
}
try {
  const client = new AzureOpenAI(options);
  const chat = await client.chat.completions.create({
    model: process.env.AZURE_OPENAI_DEPLOYMENT,
    messages: [{ role: "user", content: "Hello from a scenario" }],
  });
  process.stdout.write(JSON.stringify({ ok: true, content: chat.choices[0]?.message?.content }));
} catch (error) {
  process.stdout.write(JSON.stringify({
    ok: false,
    name: error?.constructor?.name,
    status: error?.status,
    code: error?.code,
    message: String(error?.message),
  }));
}
`;

interface AppOutcome {
  ok: boolean;
  content?: string;
  name?: string;
  status?: number;
  code?: string;
  message?: string;
}

/** The machine's environment minus anything Azure, OpenAI or proxy, plus the printed env. */
function appEnv(printed: Record<string, string>, mode: "key" | "token"): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (
      !/^(https?_proxy|no_proxy|azure_|openai_|node_extra_ca_certs|node_options|identity_|msi_)/i.test(name)
    )
      env[name] = value;
  }
  const merged: NodeJS.ProcessEnv = { ...env, ...printed };
  // Keyless means no key: openai refuses a key and a token provider together. The key mode is the
  // same app switched back to its key, which the emulator prints where no client reads it.
  if (mode === "token") delete merged.AZURE_OPENAI_API_KEY;
  if (mode === "key" && merged.KEYLESS_API_KEY !== undefined)
    merged.AZURE_OPENAI_API_KEY = merged.KEYLESS_API_KEY;
  return merged;
}

async function runApp(emulator: RunningEmulator, mode: "key" | "token"): Promise<AppOutcome> {
  if (mode === "key") expect(emulator.env.AZURE_OPENAI_API_KEY ?? emulator.env.KEYLESS_API_KEY).toBeDefined();
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", APP], {
    cwd: REPO_ROOT,
    env: appEnv(emulator.env, mode),
    timeout: 60_000,
  });
  return JSON.parse(stdout) as AppOutcome;
}

function lastDataPlaneDecision(emulator: RunningEmulator): RequestDecision | undefined {
  return emulator.context.log
    .entries()
    .filter((e) => e.surface === "data-plane")
    .at(-1)?.decision;
}

const REPLY = 'This is the keyless emulator (gpt-4o). You said: "Hello from a scenario"';
const CHAT_ACTION = "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action";

describe("built-in scenarios over sockets, with the printed env and real clients", () => {
  describe("seed-000", () => {
    let emulator: RunningEmulator;
    beforeAll(async () => {
      emulator = await startEmulator({ scenario: "seed-000", port: 0, httpPort: 0 });
    });
    afterAll(async () => {
      await emulator?.close();
    });

    it("the API key completes the chat", async () => {
      expect(await runApp(emulator, "key")).toEqual({ ok: true, content: REPLY });
    });

    it("the keyless app gets 401 PermissionDenied naming the chat data action", async () => {
      const oid = emulator.world.applications.find((a) => a.name === "app")?.objectId;
      const message = `The principal ${oid} lacks the required data action ${CHAT_ACTION} to perform POST /openai/deployments/{deployment-id}/chat/completions operation.`;
      expect(await runApp(emulator, "token")).toEqual({
        ok: false,
        name: "AuthenticationError",
        status: 401,
        code: "PermissionDenied",
        message: `401 ${message}`,
      });
      expect(lastDataPlaneDecision(emulator)).toEqual({
        outcome: "deny",
        code: "rbac.control-plane-role-only",
        detail: expect.any(String),
      });
    });
  });

  describe("endpoint.regional-no-subdomain", () => {
    let emulator: RunningEmulator;
    beforeAll(async () => {
      emulator = await startEmulator({ scenario: "endpoint.regional-no-subdomain", port: 0, httpPort: 0 });
    });
    afterAll(async () => {
      await emulator?.close();
    });

    it("a token on the regional endpoint gets 400 'Please provide a custom subdomain'", async () => {
      expect(emulator.env.AZURE_OPENAI_ENDPOINT).toBe("https://eastus.api.cognitive.microsoft.com");
      expect(await runApp(emulator, "token")).toEqual({
        ok: false,
        name: "BadRequestError",
        status: 400,
        code: "BadRequest",
        message:
          "400 Please provide a custom subdomain for token authentication, otherwise API key is required.",
      });
      expect(lastDataPlaneDecision(emulator)).toEqual({
        outcome: "deny",
        code: "endpoint.regional-no-subdomain",
        detail: "an Entra ID token was sent to the regional endpoint eastus.api.cognitive.microsoft.com",
      });
    });
  });

  describe("key.auth-disabled", () => {
    let emulator: RunningEmulator;
    beforeAll(async () => {
      emulator = await startEmulator({ scenario: "key.auth-disabled", port: 0, httpPort: 0 });
    });
    afterAll(async () => {
      await emulator?.close();
    });

    it("the leftover API key gets 403 AuthenticationTypeDisabled; the keyless app works", async () => {
      expect(await runApp(emulator, "key")).toEqual({
        ok: false,
        name: "PermissionDeniedError",
        status: 403,
        code: "AuthenticationTypeDisabled",
        message: "403 Key based authentication is disabled for this resource.",
      });
      expect(lastDataPlaneDecision(emulator)).toEqual({
        outcome: "deny",
        code: "key.auth-disabled",
        detail: "account contoso-openai has disableLocalAuth; the request carried an api-key",
      });
      expect(await runApp(emulator, "token")).toEqual({ ok: true, content: REPLY });
    });
  });

  describe("rbac.propagation-pending", () => {
    let emulator: RunningEmulator;
    beforeAll(async () => {
      emulator = await startEmulator({ scenario: "rbac.propagation-pending", port: 0, httpPort: 0 });
    });
    afterAll(async () => {
      await emulator?.close();
    });

    it("401 PermissionDenied while the new role propagates, success once it has", async () => {
      const refused = await runApp(emulator, "token");
      expect(refused).toMatchObject({ ok: false, status: 401, code: "PermissionDenied" });
      expect(lastDataPlaneDecision(emulator)).toEqual({
        outcome: "deny",
        code: "rbac.propagation-pending",
        detail: expect.stringMatching(/^.* takes effect in \d+ s$/),
      });
      // The role was assigned a minute ago; propagation takes five.
      emulator.context.clock.advance(4 * 60_000 + 1_000);
      expect(await runApp(emulator, "token")).toEqual({ ok: true, content: REPLY });
      expect(lastDataPlaneDecision(emulator)).toEqual({
        outcome: "allow",
        code: "ok",
        detail: expect.stringMatching(/^principal .* by Cognitive Services OpenAI User at /),
      });
    });
  });
});
