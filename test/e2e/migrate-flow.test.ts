import { execFile } from "node:child_process";
import { readFile, rm, symlink } from "node:fs/promises";
import https from "node:https";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBaseWorld } from "../../src/emulator/scenarios/base-world.js";
import { type RunningEmulator, startEmulator } from "../../src/emulator/start-emulator.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";
import { copyFixture, type FixtureCopy } from "../migrate/copy-fixture.js";

// The whole migration of a small JavaScript app, on the emulator: the app works with its key; after
// `keyless migrate --write` the keyless call is refused (the app's identity holds no data-plane
// role, as on the day most apps move) until the role assignment the plan prints is applied through
// the control API; then it works. The app is real openai + @azure/identity code, run as a process.

const REPLY = 'This is the keyless emulator (gpt-4o). You said: "Say hello."\n';
const REPO_NODE_MODULES = join(import.meta.dirname, "..", "..", "node_modules");

interface AppRun {
  code: number;
  stdout: string;
  stderr: string;
}

let emulator: RunningEmulator;
let app: FixtureCopy;

beforeAll(async () => {
  const world = createBaseWorld();
  for (const application of world.applications) application.certificates = [];
  // The app's service principal keeps Reader only: no data action, like an app that always used a key.
  world.roleAssignments = world.roleAssignments.filter((a) => a.principal !== "app" || a.role === "Reader");
  emulator = await startEmulator({ world, path: process.env.PATH ?? "" });
  app = await copyFixture("emulator-app");
  // The copy resolves openai and @azure/identity from the repository's install (in place of the
  // node_modules noise the copy brings, which this test does not need).
  await rm(join(app.dir, "node_modules"), { recursive: true });
  await symlink(REPO_NODE_MODULES, join(app.dir, "node_modules"));
}, 60_000);

afterAll(async () => {
  await emulator?.close();
  await app?.remove();
});

function runApp(env: Record<string, string>): Promise<AppRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(app.dir, "app.mjs")],
      { cwd: app.dir, env: { ...emulator.env, HOME: process.env.HOME ?? "/", ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function control(method: string, path: string, body?: unknown) {
  const ca = await readFile(emulator.files.caCertificate, "utf8");
  return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
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
  });
}

/** `az role assignment create --assignee A --role "R" --scope S`, as the plan prints it. */
function parseRoleAssignment(stdout: string): { principal: string; role: string; scope: string } {
  const line = stdout.split("\n").find((l) => l.trim().startsWith("az role assignment create "));
  if (line === undefined) throw new Error(`the plan printed no role assignment:\n${stdout}`);
  const found = /--assignee (\S+) --role "([^"]+)" --scope (\S+)$/.exec(line.trim());
  if (!found) throw new Error(`unexpected role assignment command: ${line}`);
  return { principal: found[1] ?? "", role: found[2] ?? "", scope: found[3] ?? "" };
}

describe("keyless migrate, proved on the emulator", () => {
  it("key works; after --write the keyless call gets 401 until the printed role is assigned; then 200", async () => {
    const account = emulator.world.accounts[0];
    const principal = emulator.world.applications[0];
    if (!account || !principal) throw new Error("the base world has an account and an app");
    const key = account.keys[0];

    const before = await runApp({ AZURE_OPENAI_API_KEY: key });
    expect(before).toEqual({ code: 0, stdout: REPLY, stderr: "" });

    const dry = await runCliInProcess(["migrate", app.dir, "--json"]);
    expect(dry.code).toBe(1);
    const report = JSON.parse(dry.stdout) as {
      findings: { file: string; line: number; kind: string; rewrite: boolean }[];
    };
    expect(report.findings.map(({ file, line, kind, rewrite }) => ({ file, line, kind, rewrite }))).toEqual([
      { file: "app.mjs", line: 6, kind: "client-api-key", rewrite: true },
    ]);

    const endpoint = emulator.env.AZURE_OPENAI_ENDPOINT ?? "";
    const write = await runCliInProcess([
      "migrate",
      app.dir,
      "--write",
      "--endpoint",
      endpoint,
      "--assignee",
      principal.objectId,
      "--resource-id",
      account.resourceId,
    ]);
    expect(write.stderr).toBe("");
    expect(write.code).toBe(1);
    expect(write.stdout).toMatch(
      /^1 key-based auth finding in 1 file \(1 file scanned\): 1 rewritten in 1 file;/,
    );
    expect(write.stdout).toContain("unset AZURE_OPENAI_API_KEY where the app runs");
    expect(write.stdout).not.toContain(key);
    const rewritten = await readFile(join(app.dir, "app.mjs"), "utf8");
    expect(rewritten).toContain(
      '  azureADTokenProvider: getBearerTokenProvider(new DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default"), // from the app\'s settings\n',
    );
    expect(rewritten).toContain(
      'import { AzureOpenAI } from "openai";\nimport { DefaultAzureCredential, getBearerTokenProvider } from "@azure/identity";\n',
    );

    const again = await runCliInProcess(["migrate", app.dir, "--write"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe("No key-based auth found in 1 file scanned: nothing to migrate.\n");
    expect(await readFile(join(app.dir, "app.mjs"), "utf8")).toBe(rewritten);

    // The key is gone from the app's environment, as the plan says: openai refuses it beside a token provider.
    const stillKeyed = await runApp({ AZURE_OPENAI_API_KEY: key });
    expect(stillKeyed.code).toBe(1);
    // The constructor throws before the app's try: Node prints the uncaught error.
    expect(stillKeyed.stderr).toContain(
      "\nOpenAIError: The `apiKey` and `azureADTokenProvider` arguments are mutually exclusive; only one can be passed at a time.\n",
    );
    const denied = await runApp({});
    expect(denied).toEqual({
      code: 1,
      stdout: "",
      stderr: `401 The principal ${principal.objectId} lacks the required data action Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action to perform POST /openai/deployments/{deployment-id}/chat/completions operation.\n`,
    });

    const grant = parseRoleAssignment(write.stdout);
    expect(grant).toEqual({
      principal: principal.objectId,
      role: "Cognitive Services OpenAI User",
      scope: account.resourceId,
    });
    const created = await control("POST", "/role-assignments", grant);
    expect(created.status).toBe(201);
    expect(created.body.effective).toBe(false);
    expect((await runApp({})).code).toBe(1);
    // The plan says a new assignment takes up to 5 minutes to reach the data plane: the emulator's clock moves on.
    expect((await control("POST", "/clock/advance", { minutes: 5 })).status).toBe(200);

    const after = await runApp({});
    expect(after).toEqual({ code: 0, stdout: REPLY, stderr: "" });
  }, 120_000);
});
