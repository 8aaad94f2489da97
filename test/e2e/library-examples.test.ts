import { execFile, spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type EmulatorProcess,
  runInLoadedShell,
  SYSTEM_PATH,
  startEmulatorProcess,
} from "../helpers/emulator-process.js";

// examples/ as a reader runs them: in a shell that loaded the emulator's printed environment, with
// `keyless` resolved to the built package. keyless-chat.ts is compiled with its own tsconfig first.

const ROOT = join(import.meta.dirname, "..", "..");
const EXAMPLES = join(ROOT, "examples");

function compileChatExample(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", EXAMPLES],
      { cwd: ROOT, encoding: "utf8" },
      (error, stdout, stderr) =>
        error === null ? resolve() : reject(new Error(`tsc -p examples failed:\n${stdout}${stderr}`)),
    );
  });
}

const quote = (path: string) => `"${path}"`;

describe("examples/ against the emulator", () => {
  let healthy: EmulatorProcess;
  beforeAll(async () => {
    [healthy] = await Promise.all([startEmulatorProcess(["--scenario", "default"]), compileChatExample()]);
  }, 120_000);
  afterAll(async () => {
    await healthy?.stop();
  });

  it("keyless-chat.ts: the reply, exit 0", async () => {
    const run = await runInLoadedShell(healthy, `cd ${quote(ROOT)} && node examples/dist/keyless-chat.js`);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
      code: 0,
      stdout: 'This is the keyless emulator (gpt-4o). You said: "Say hello."\n',
      stderr: "",
    });
  });

  it("keyless-chat.ts on seed-000: the cause and the fix, exit 1", async () => {
    const seed = await startEmulatorProcess(["--scenario", "seed-000"]);
    try {
      const run = await runInLoadedShell(seed, `cd ${quote(ROOT)} && node examples/dist/keyless-chat.js`);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /^rbac\.missing-data-action: The principal has no role that grants the data action this call needs\n/,
      );
      expect(run.stderr).toMatch(
        /az role assignment create --role "Cognitive Services OpenAI User" --assignee-object-id [0-9a-f-]{36}/,
      );
    } finally {
      await seed.stop();
    }
  }, 60_000);

  it("managed-identity-worker.js: three jobs on one token", async () => {
    const run = await runInLoadedShell(
      healthy,
      `cd ${quote(ROOT)} && WORKER_INTERVAL_MS=10 node examples/managed-identity-worker.js`,
    );
    expect({ code: run.code, stdout: run.stdout }).toEqual({
      code: 0,
      stdout: `${[1, 2, 3].map((n) => `job ${n}: This is the keyless emulator (gpt-4o). You said: "Job ${n}"\n`).join("")}token requests: 1\n`,
    });
  });

  it("express-route.js: POST /chat answers with the reply; a bad body gets 400", async () => {
    const child = spawn(
      "/bin/sh",
      ["-c", 'set -a; . "$ENV_FILE"; set +a; cd "$ROOT" && exec node examples/express-route.js'],
      {
        env: { PATH: SYSTEM_PATH, HOME: healthy.dir, ENV_FILE: healthy.envFile, ROOT, PORT: "0" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
          out += chunk;
          const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (found?.[1] !== undefined) resolve(found[1]);
        });
        child.once("exit", (code) => reject(new Error(`the server exited ${code}: ${out}`)));
      });
      const ok = await fetch(`${url}/chat`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ message: "Hi from a route" }),
      });
      expect({ status: ok.status, body: await ok.json() }).toEqual({
        status: 200,
        body: { reply: 'This is the keyless emulator (gpt-4o). You said: "Hi from a route"' },
      });
      const bad = await fetch(`${url}/chat`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      expect({ status: bad.status, body: await bad.json() }).toEqual({
        status: 400,
        body: { error: 'send {"message": "<text>"}' },
      });
    } finally {
      child.kill("SIGTERM");
    }
  }, 60_000);
});
