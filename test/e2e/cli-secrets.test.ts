import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEYLESS_BIN, SYSTEM_PATH } from "../helpers/emulator-process.js";

// Canaries in every input channel (arguments, endpoints and scopes with userinfo and query
// secrets, pasted text, the environment, a world file), through every command and output format:
// none may come back on stdout or stderr, whatever the command makes of its input.

const CANARY = {
  password: "cnryPw4f19aa",
  key: "cnryKey4f19aa0123456789abcdef",
  sig: "cnrySig4f19aaXyZ",
  secret: "cnrySecret~4f19aa.Q",
  token: "cnryTok4f19aa77",
};
const ALL = Object.values(CANARY);

function run(args: readonly string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [KEYLESS_BIN, ...args],
      {
        env: { PATH: SYSTEM_PATH, HOME: tmpdir(), ...env },
        encoding: "utf8",
        timeout: 60_000,
      },
      (_error, stdout, stderr) => resolve(`${stdout}\n${stderr}`),
    );
  });
}

const ENDPOINT = `https://user:${CANARY.password}@contoso.openai.azure.com/openai?api-key=${CANARY.key}&sig=${CANARY.sig}&code=${CANARY.token}`;
const ENV = {
  AZURE_CLIENT_ID: "00000000-0000-0000-0000-000000000001",
  AZURE_TENANT_ID: "00000000-0000-0000-0000-000000000002",
  AZURE_CLIENT_SECRET: CANARY.secret,
  AZURE_OPENAI_API_KEY: CANARY.key,
  AZURE_AUTHORITY_HOST: `https://127.0.0.1:9?token=${CANARY.token}`,
  AZURE_TOKEN_CREDENTIALS: "EnvironmentCredential",
};
const PASTED = `POST ${ENDPOINT}\napi-key: ${CANARY.key}\nclient_secret=${CANARY.secret}\n{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint."}}`;

describe("no secret from any input reaches any output", () => {
  let dir: string;
  let world: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "keyless-cli-secrets-"));
    world = join(dir, "world.yaml");
    await writeFile(
      world,
      `tenants:\n  - name: contoso\nusers:\n  - name: alice\n    tenant: contoso\n    password: 4\napplications:\n  - name: app\n    tenant: contoso\n    secrets:\n      - value: ${CANARY.secret}\n        bogus: ${CANARY.token}\n`,
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const cases: [name: string, args: () => string[]][] = [
    ["doctor", () => ["doctor", "--endpoint", ENDPOINT, "--timeout", "5"]],
    ["doctor --json", () => ["doctor", "--endpoint", ENDPOINT, "--timeout", "5", "--json"]],
    ["doctor --markdown", () => ["doctor", "--endpoint", ENDPOINT, "--timeout", "5", "--markdown"]],
    ["doctor, a usage error", () => ["doctor", "--endpoint", ENDPOINT, "--call", "nope"]],
    [
      "token",
      () => [
        "token",
        "--scope",
        `https://cognitiveservices.azure.com/.default?sig=${CANARY.sig}`,
        "--timeout",
        "5000",
      ],
    ],
    ["token --json", () => ["token", "--scope", `https://x.example?sig=${CANARY.sig}`, "--json"]],
    ["explain", () => ["explain", PASTED]],
    ["explain --json", () => ["explain", "--json", PASTED]],
    ["explain --brief", () => ["explain", "--brief", PASTED]],
    ["emulator --world (invalid)", () => ["emulator", "--world", world]],
  ];
  it.each(cases)(
    "%s",
    async (_name, args) => {
      const out = await run(args(), ENV);
      expect(out.length).toBeGreaterThan(0);
      expect(ALL.filter((canary) => out.includes(canary))).toEqual([]);
    },
    90_000,
  );
});
