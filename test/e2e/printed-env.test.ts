import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import https from "node:https";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AZURE_CLI_CLIENT_ID } from "../../src/emulator/entra/token-service.js";
import { createBaseWorld } from "../../src/emulator/scenarios/base-world.js";
import { type RunningEmulator, startEmulator } from "../../src/emulator/start-emulator.js";
import type { WorldInput } from "../../src/emulator/world/schema.js";

const FLAT_401 =
  '{"statusCode": 401, "message": "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired."}';

/**
 * The app: unmodified @azure/identity credentials and the openai AzureOpenAI client, configured by
 * nothing but the environment (endpoint and API version are read by AzureOpenAI itself; the
 * deployment from AZURE_OPENAI_DEPLOYMENT). argv: the credential, then `chat` or `management-token`.
 * It prints one JSON line: the reply and the token's claims (never the token), or the error.
 */
const APP = `
import {
  AzureCliCredential, AzureDeveloperCliCredential, AzurePipelinesCredential, DefaultAzureCredential,
  EnvironmentCredential, ManagedIdentityCredential, WorkloadIdentityCredential, getBearerTokenProvider,
} from "@azure/identity";
import { AzureOpenAI } from "openai";

const [which, mode = "chat"] = process.argv.slice(1);
const env = process.env;
const SCOPE = "https://cognitiveservices.azure.com/.default";
const claimsOf = (token) => JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
function credential() {
  switch (which) {
    case "DefaultAzureCredential": return new DefaultAzureCredential();
    case "ManagedIdentityCredential": return new ManagedIdentityCredential();
    case "AzureCliCredential": return new AzureCliCredential();
    case "AzureDeveloperCliCredential": return new AzureDeveloperCliCredential();
    case "EnvironmentCredential": return new EnvironmentCredential();
    case "WorkloadIdentityCredential": return new WorkloadIdentityCredential();
    case "AzurePipelinesCredential":
      return new AzurePipelinesCredential(env.AZURESUBSCRIPTION_TENANT_ID, env.AZURESUBSCRIPTION_CLIENT_ID,
        env.AZURESUBSCRIPTION_SERVICE_CONNECTION_ID, env.SYSTEM_ACCESSTOKEN);
  }
  throw new Error("unknown credential " + which);
}
// fetch, like the openai client: NODE_OPTIONS' preload sends it through the printed HTTPS_PROXY.
async function post(url, token) {
  const res = await fetch(url, { method: "POST", headers: { authorization: "Bearer " + token, "content-type": "application/json" }, body: JSON.stringify({ messages: [{ role: "user", content: "Hello" }] }) });
  return { status: res.status, body: await res.text() };
}
try {
  const cred = credential();
  if (mode === "management-token") {
    const { token } = await cred.getToken("https://management.azure.com/.default");
    const url = env.AZURE_OPENAI_ENDPOINT + "/openai/deployments/" + env.AZURE_OPENAI_DEPLOYMENT + "/chat/completions?api-version=" + env.OPENAI_API_VERSION;
    console.log(JSON.stringify({ ok: true, claims: claimsOf(token), ...(await post(url, token)) }));
  } else {
    const client = new AzureOpenAI({ azureADTokenProvider: getBearerTokenProvider(cred, SCOPE), deployment: env.AZURE_OPENAI_DEPLOYMENT });
    const completion = await client.chat.completions.create({ model: env.AZURE_OPENAI_DEPLOYMENT, messages: [{ role: "user", content: "Hello" }] });
    const { token } = await cred.getToken(SCOPE);
    console.log(JSON.stringify({ ok: true, content: completion.choices[0].message.content, claims: claimsOf(token) }));
  }
} catch (error) {
  console.log(JSON.stringify({ ok: false, name: error?.constructor?.name, status: error?.status, message: String(error?.message) }));
}
`;

interface AppOutcome {
  ok: boolean;
  content?: string;
  claims?: Record<string, unknown>;
  status?: number;
  body?: string;
  name?: string;
  message?: string;
}

/** Runs the app with ONLY the printed environment (plus HOME), from the repository (to resolve packages). */
async function runApp(
  emulator: RunningEmulator,
  credential: string,
  mode = "chat",
  extra: Record<string, string> = {},
): Promise<AppOutcome> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--input-type=module", "-e", APP, credential, mode],
    {
      cwd: process.cwd(),
      env: { ...emulator.env, HOME: process.env.HOME ?? "/", ...extra },
      timeout: 60_000,
    },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as AppOutcome;
}

function ok(outcome: AppOutcome): Record<string, unknown> {
  if (!outcome.ok) throw new Error(`the app failed: ${outcome.name}: ${outcome.message}`);
  expect(outcome.content).toBe('This is the keyless emulator (gpt-4o). You said: "Hello"');
  return outcome.claims ?? {};
}

function world(change: (w: ReturnType<typeof createBaseWorld>) => void = () => undefined): WorldInput {
  const w = createBaseWorld();
  for (const app of w.applications) app.certificates = [];
  change(w);
  return w;
}

function control(emulator: RunningEmulator, method: string, path: string, body?: unknown) {
  return readFile(emulator.files.caCertificate, "utf8").then(
    (ca) =>
      new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
        const req = https.request(
          `${emulator.env.KEYLESS_CONTROL_URL}${path}`,
          {
            method,
            ca,
            headers: {
              authorization: `Bearer ${emulator.env.KEYLESS_CONTROL_TOKEN}`,
              "content-type": "application/json",
            },
          },
          (res) => {
            let text = "";
            res.on("data", (chunk: Buffer) => {
              text += chunk.toString();
            });
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
          },
        );
        req.on("error", reject);
        req.end(body === undefined ? undefined : JSON.stringify(body));
      }),
  );
}

describe("an unmodified app with only the printed environment (default world)", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ world: world(), path: process.env.PATH ?? "" });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it("DefaultAzureCredential + getBearerTokenProvider + AzureOpenAI completes a chat (EnvironmentCredential, instance discovery through the proxy)", async () => {
    const before = emulator.context.log.entries().length;
    const claims = ok(await runApp(emulator, "DefaultAzureCredential"));
    const app = emulator.world.applications[0];
    expect(claims).toMatchObject({
      appid: app?.clientId,
      oid: app?.objectId,
      aud: "https://cognitiveservices.azure.com",
    });
    const calls = emulator.context.log
      .entries()
      .slice(before)
      .map((e) => `${e.surface} ${e.method} ${e.host}${e.path.replace(/\?.*$/, "")} ${e.status}`);
    const tenant = emulator.world.tenants[0]?.id;
    expect(calls.slice(0, 4)).toEqual([
      "entra GET login.microsoftonline.com/common/discovery/instance 200",
      `entra GET emulator/${tenant}/v2.0/.well-known/openid-configuration 200`,
      `entra POST emulator/${tenant}/oauth2/v2.0/token 200`,
      "data-plane POST contoso-openai.openai.azure.com/openai/deployments/gpt-4o/chat/completions 200",
    ]);
  });

  it("ManagedIdentityCredential() reaches the VM's system-assigned identity and completes a chat", async () => {
    const claims = ok(await runApp(emulator, "ManagedIdentityCredential"));
    const vm = emulator.world.managedIdentities.find((m) => m.name === "vm");
    expect(claims).toMatchObject({ oid: vm?.objectId, idtyp: "app", xms_mirid: vm?.resourceId });
  });

  it("a https://management.azure.com/.default token on the data plane gets the verbatim flat 401", async () => {
    const outcome = await runApp(emulator, "DefaultAzureCredential", "management-token");
    expect(outcome.ok).toBe(true);
    expect(outcome.claims?.aud).toBe("https://management.azure.com");
    expect(outcome.status).toBe(401);
    expect(outcome.body).toBe(FLAT_401);
  });

  it("AzureCliCredential (through the az shim) completes a chat as the signed-in user", async () => {
    const claims = ok(await runApp(emulator, "AzureCliCredential"));
    const alice = emulator.world.users[0];
    expect(claims).toMatchObject({ oid: alice?.objectId, appid: AZURE_CLI_CLIENT_ID, idtyp: "user" });
    expect(
      emulator.context.log.entries().some((e) => e.path === "/_keyless/cli/az" && e.status === 200),
    ).toBe(true);
  });

  it("AzureDeveloperCliCredential (through the azd shim) completes a chat as the signed-in user", async () => {
    const claims = ok(await runApp(emulator, "AzureDeveloperCliCredential"));
    expect(claims).toMatchObject({ oid: emulator.world.users[0]?.objectId, idtyp: "user" });
  });

  it("EnvironmentCredential completes a chat as the default application", async () => {
    const claims = ok(await runApp(emulator, "EnvironmentCredential"));
    expect(claims).toMatchObject({ appid: emulator.world.applications[0]?.clientId, idtyp: "app" });
  });

  it("AzurePipelinesCredential gets its OIDC token from the emulator's endpoint and completes a chat", async () => {
    const before = emulator.context.log.entries().length;
    const claims = ok(await runApp(emulator, "AzurePipelinesCredential"));
    const app = emulator.world.applications[0];
    expect(claims).toMatchObject({ appid: app?.clientId, appidacr: "2" });
    const decisions = emulator.context.log
      .entries()
      .slice(before)
      .map((e) => e.decision);
    expect(decisions).toContainEqual({
      outcome: "allow",
      code: "ok",
      detail: expect.stringMatching(/^pipelines oidctoken for service connection /),
    });
    expect(decisions).toContainEqual({
      outcome: "allow",
      code: "ok",
      detail: expect.stringMatching(/^client_credentials \(federated\) for application app/),
    });
  });

  it("the workload identity token file works when exported as AZURE_FEDERATED_TOKEN_FILE", async () => {
    const file = emulator.files.workloadIdentityToken ?? "";
    const claims = ok(
      await runApp(emulator, "WorkloadIdentityCredential", "chat", { AZURE_FEDERATED_TOKEN_FILE: file }),
    );
    expect(claims).toMatchObject({ appid: emulator.world.applications[0]?.clientId });
  });
});

describe("DefaultAzureCredential without a service principal in the environment", () => {
  it("falls through to AzureCliCredential (defaults.clientSecret: none) and completes a chat", async () => {
    const emulator = await startEmulator({
      world: world((w) => {
        w.defaults.clientSecret = "none";
      }),
      path: process.env.PATH ?? "",
    });
    try {
      expect("AZURE_CLIENT_SECRET" in emulator.env).toBe(false);
      const claims = ok(await runApp(emulator, "DefaultAzureCredential"));
      expect(claims).toMatchObject({ oid: emulator.world.users[0]?.objectId, appid: AZURE_CLI_CLIENT_ID });
      const az = emulator.context.log.entries().find((e) => e.path === "/_keyless/cli/az");
      expect(az?.decision).toEqual({
        outcome: "allow",
        code: "ok",
        detail: expect.stringMatching(/^az account get-access-token for user alice /),
      });
    } finally {
      await emulator.close();
    }
  });
});

describe("the control API changes the world under a running app", () => {
  it("a new role assignment takes effect on the next call after the propagation delay", async () => {
    const emulator = await startEmulator({
      world: world((w) => {
        w.roleAssignments = w.roleAssignments.filter((a) => a.principal !== "app" || a.role === "Reader");
      }),
      path: process.env.PATH ?? "",
    });
    try {
      const denied = await runApp(emulator, "DefaultAzureCredential");
      expect(denied).toMatchObject({ ok: false, name: "AuthenticationError", status: 401 });
      const app = emulator.world.applications[0];
      expect(denied.message).toBe(
        `401 The principal ${app?.objectId} lacks the required data action Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action to perform POST /openai/deployments/{deployment-id}/chat/completions operation.`,
      );
      const created = await control(emulator, "POST", "/role-assignments", {
        principal: "app",
        role: "Cognitive Services OpenAI User",
        scope: "account:contoso-openai",
      });
      expect(created.status).toBe(201);
      expect(created.body.effective).toBe(false);
      expect(await runApp(emulator, "DefaultAzureCredential")).toMatchObject({ ok: false, status: 401 });
      expect((await control(emulator, "POST", "/clock/advance", { minutes: 5 })).status).toBe(200);
      ok(await runApp(emulator, "DefaultAzureCredential"));
      const world = await control(emulator, "GET", "/world");
      const assignment = (world.body.roleAssignments as { id: string; effective: boolean }[]).find(
        (a) => a.id === created.body.id,
      );
      expect(assignment?.effective).toBe(true);
    } finally {
      await emulator.close();
    }
  });
});
