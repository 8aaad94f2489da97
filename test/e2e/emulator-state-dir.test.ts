import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STATE_FILE } from "../../src/emulator/app/emulator-state.js";
import {
  type CommandRun,
  type EmulatorProcess,
  KEYLESS_BIN,
  runInLoadedShell,
  SYSTEM_PATH,
  startEmulatorProcess,
} from "../helpers/emulator-process.js";

// `keyless emulator --port P --http-port Q --state-dir DIR --write-env FILE`, stopped and started
// again: the env file written the first time still works, tokens issued before still verify, and
// what the control API changed is still there.

const SEED_APP = join(import.meta.dirname, "..", "..", "examples", "seed-app.js");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

/** Node in the loaded shell, with the env file's NODE_EXTRA_CA_CERTS trusting the control API. */
const CONTROL = (path: string, body: string) =>
  `node -e 'fetch(process.env.KEYLESS_CONTROL_URL + "/${path}", { method: "POST", headers: { authorization: "Bearer " + process.env.KEYLESS_CONTROL_TOKEN, "content-type": "application/json" }, body: process.argv[1] }).then(async (r) => { console.log(r.status); })' '${body}'`;
const IMDS_TOKEN = `node -e 'fetch("http://169.254.169.254/metadata/identity/oauth2/token?resource=https://cognitiveservices.azure.com&api-version=2018-02-01", { headers: { Metadata: "true" } }).then((r) => r.json()).then((b) => process.stdout.write(b.access_token))'`;
const CHAT_WITH = (token: string) =>
  `node -e 'fetch(process.env.AZURE_OPENAI_ENDPOINT + "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", { method: "POST", headers: { authorization: "Bearer " + process.argv[1], "content-type": "application/json" }, body: JSON.stringify({ messages: [{ role: "user", content: "Hi" }] }) }).then((r) => console.log(r.status))' '${token}'`;

describe("keyless emulator --state-dir", () => {
  let dir: string;
  let args: string[];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "keyless-state-"));
    args = ["--port", String(await freePort()), "--http-port", String(await freePort())];
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Starts the emulator on the fixed ports and state dir, writing the env file into `dir`. */
  async function start(scenario: string): Promise<EmulatorProcess & { envText: string }> {
    const emulator = await startEmulatorProcess([
      "--scenario",
      scenario,
      ...args,
      "--state-dir",
      join(dir, "state"),
    ]);
    return { ...emulator, envText: await readFile(emulator.envFile, "utf8") };
  }

  it("keeps the env file, the tokens it issued and the control API's changes across a restart", async () => {
    const first = await start("seed-000");
    let token: CommandRun;
    try {
      expect((await runInLoadedShell(first, `node "$1"`, [SEED_APP])).code).toBe(1);
      token = await runInLoadedShell(first, IMDS_TOKEN);
      expect(token.stdout).toMatch(/^eyJ/);
      const grant = await runInLoadedShell(
        first,
        CONTROL(
          "role-assignments",
          '{"principal":"app","role":"Cognitive Services OpenAI User","scope":"account:contoso-openai","createdMinutesAgo":10}',
        ),
      );
      expect(grant.stdout).toBe("201\n");
    } finally {
      expect(await first.stop()).toBe(0);
    }
    const state = join(dir, "state", STATE_FILE);
    expect(((await stat(state)).mode & 0o777).toString(8)).toBe("600");

    const second = await start("seed-000");
    try {
      // Byte for byte the same env: the same CA file, ports, secrets and control token.
      expect(second.envText).toBe(first.envText);
      // The role assignment made through the control API before the restart is still there.
      const app = await runInLoadedShell(second, `node "$1"`, [SEED_APP]);
      expect(app.stderr).toBe("");
      expect(app.code).toBe(0);
      // A token issued before the restart still verifies (the VM identity holds no data role: 401
      // PermissionDenied from RBAC, not the flat 401 of a token that fails validation).
      const chat = await runInLoadedShell(second, CHAT_WITH(token.stdout));
      expect(chat.stdout).toBe("401\n");
    } finally {
      await second.stop();
    }
    // Another world with the same directory: refused, naming both, nothing started.
    const other = await new Promise<CommandRun>((resolve) => {
      execFile(
        process.execPath,
        [KEYLESS_BIN, "emulator", "--scenario", "default", "--state-dir", join(dir, "state"), "--quiet"],
        { env: { PATH: SYSTEM_PATH }, encoding: "utf8", timeout: 30_000 },
        (error, stdout, stderr) =>
          resolve({ code: typeof error?.code === "number" ? error.code : 0, stdout, stderr }),
      );
    });
    expect(other.code).toBe(2);
    expect(other.stderr).toBe(
      `keyless emulator: the state directory "${join(dir, "state")}" was saved for another world (scenario "seed-000"), not for the scenario "default" as it is now; use another --state-dir, or remove "${state}" to start afresh.\n`,
    );
  });
});
