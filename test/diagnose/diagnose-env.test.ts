import { mkdtemp } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnose } from "../../src/diagnose/diagnose.js";
import { DiagnoseOptionsError } from "../../src/diagnose/diagnose-options-error.js";
import { inspectToken } from "../../src/diagnose/inspect-token.js";
import { type RunningEmulator, startEmulator } from "../../src/emulator/start-emulator.js";
import type { CauseCode } from "../../src/knowledge/cause.js";

// diagnose({ env }) reads env and nothing else: canaries put into the real process.env must never
// reach a credential, a proxy, the key comparison or the report.

const SUBDOMAIN = "https://contoso-openai.openai.azure.com";
const CANARY_SECRET = "canary-client-secret-4b1d9e";
const CANARY_KEY = "canary-api-key-0123456789abcdef";

let emulator: RunningEmulator;
let home: string;
let canaryProxy: Server;
let canaryHits = 0;
const saved: Record<string, string | undefined> = {};

function setCanary(name: string, value: string): void {
  if (!(name in saved)) saved[name] = process.env[name];
  process.env[name] = value;
}

/** The emulator's environment without the API key variables, and a fresh HOME. */
function emulatorEnv(extra: Record<string, string> = {}): Record<string, string> {
  const { AZURE_OPENAI_API_KEY: _a, KEYLESS_API_KEY: _k, ...env } = emulator.env;
  return { ...env, HOME: home, ...extra };
}

function accountKey(): string {
  const key = emulator.world.accounts.find((a) => a.name === "contoso-openai")?.keys[0];
  if (key === undefined) throw new Error("the scenario has no account contoso-openai");
  return key;
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "keyless-diagnose-env-home-"));
  canaryProxy = createServer((_req, res) => {
    canaryHits++;
    res.writeHead(502).end();
  });
  canaryProxy.on("connect", (_req, socket) => {
    canaryHits++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => canaryProxy.listen(0, "127.0.0.1", resolve));
  const address = canaryProxy.address();
  const port = typeof address === "object" && address !== null ? address.port : 9;
  emulator = await startEmulator({ scenario: "seed-000", port: 0 });
  // What a leak would change: EnvironmentCredential would become configured (and refused), the
  // canary key compared, and every request sent to a proxy that answers nothing useful.
  setCanary("AZURE_TENANT_ID", emulator.env.AZURE_TENANT_ID ?? "");
  setCanary("AZURE_CLIENT_ID", emulator.env.AZURE_CLIENT_ID ?? "");
  setCanary("AZURE_CLIENT_SECRET", CANARY_SECRET);
  setCanary("AZURE_OPENAI_API_KEY", CANARY_KEY);
  setCanary("HTTPS_PROXY", `http://127.0.0.1:${port}`);
  setCanary("HTTP_PROXY", `http://127.0.0.1:${port}`);
  setCanary("NO_PROXY", "");
  setCanary("AZURE_TOKEN_CREDENTIALS", "AzurePowerShellCredential");
});

afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await emulator?.close();
  await new Promise<void>((resolve) => canaryProxy.close(() => resolve()));
});

describe("diagnose({ env }) reads env only", () => {
  it("never uses a canary put into process.env: credentials, proxy, key and report reflect env", async () => {
    const env = emulatorEnv();
    delete env.AZURE_CLIENT_SECRET;
    const report = await diagnose({ endpoint: SUBDOMAIN, env });
    const environmentCredential = report.credentials.find((c) => c.name === "EnvironmentCredential");
    // env has no secret, so EnvironmentCredential is not configured; with the canary it would be.
    expect(environmentCredential?.available).toBe(false);
    expect(environmentCredential?.errorName).toBe("CredentialUnavailableError");
    expect(report.chain.selected).toBe("AzureCliCredential");
    expect(report.chain.tokenCredentials).toBeUndefined();
    // The CLI signed in as alice, who has no role on the account: the verdict comes from the emulator.
    expect(report.primary?.code).toMatch(/^rbac\./);
    expect(report.arm?.status).toBe("ok");
    expect(report.apiKey).toBeUndefined();
    expect(report.environment.map((v) => v.name)).not.toContain("AZURE_CLIENT_SECRET");
    expect(report.environment.map((v) => v.name)).not.toContain("AZURE_OPENAI_API_KEY");
    expect(JSON.stringify(report)).not.toContain("canary");
    expect(canaryHits).toBe(0);
  }, 60_000);

  it("trusts the CA of env's NODE_EXTRA_CA_CERTS, or the ca option, without the variable at process start", async () => {
    const viaFile = await diagnose({ endpoint: SUBDOMAIN, env: emulatorEnv() });
    expect(viaFile.primary?.code).toBe("rbac.control-plane-role-only");
    const { NODE_EXTRA_CA_CERTS: _file, ...withoutFile } = emulatorEnv();
    const viaOption = await diagnose({ endpoint: SUBDOMAIN, env: withoutFile, ca: emulator.ca });
    expect(viaOption.primary?.code).toBe("rbac.control-plane-role-only");
    expect(viaOption.chain.selected).toBe("EnvironmentCredential");
    // Without the CA, no TLS connection to the emulator is trusted: no credential gets a token.
    const untrusted = await diagnose({
      endpoint: SUBDOMAIN,
      env: withoutFile,
      credential: "EnvironmentCredential",
    });
    expect(untrusted.chain.selected).toBeUndefined();
    expect(untrusted.credentials[0]?.available).toBe(false);
    // MSAL reports the refused handshake with Entra's discovery endpoint only as this.
    expect(untrusted.credentials[0]?.reason).toMatch(/endpoints_resolution_error|certificate/);
    expect(canaryHits).toBe(0);
  }, 90_000);
});

describe("inspectToken({ env }) reads env only", () => {
  it("gets the token the chain picks under env, whatever process.env holds", async () => {
    const env = emulatorEnv();
    delete env.AZURE_CLIENT_SECRET;
    const { report, token } = await inspectToken({
      scope: "https://cognitiveservices.azure.com/.default",
      env,
    });
    expect(report.credential).toBe("AzureCliCredential");
    expect(report.identity?.oid).toBe(emulator.world.users.find((u) => u.name === "alice")?.objectId);
    expect(token).toBeDefined();
    expect(report.credentials.find((c) => c.name === "EnvironmentCredential")?.errorName).toBe(
      "CredentialUnavailableError",
    );
    expect(canaryHits).toBe(0);
  }, 60_000);
});

describe("diagnose: the API key compared", () => {
  it("takes AZURE_OPENAI_API_KEY, else KEYLESS_API_KEY, else the variable apiKeyEnv names", async () => {
    const key = accountKey();
    const keyless = await diagnose({ endpoint: SUBDOMAIN, env: emulatorEnv({ KEYLESS_API_KEY: key }) });
    expect(keyless.apiKey).toMatchObject({ source: "KEYLESS_API_KEY", status: 200 });
    // Only AZURE_OPENAI_API_KEY is what openai-node reads next to a token provider.
    expect(keyless.findings.map((f) => f.code)).not.toContain<CauseCode>("client.key-and-token");
    expect(keyless.environment.find((v) => v.name === "KEYLESS_API_KEY")).toEqual({
      name: "KEYLESS_API_KEY",
      state: "set",
    });

    const both = await diagnose({
      endpoint: SUBDOMAIN,
      env: emulatorEnv({ KEYLESS_API_KEY: "wrong-key-0000000000000000", AZURE_OPENAI_API_KEY: key }),
    });
    expect(both.apiKey).toMatchObject({ source: "AZURE_OPENAI_API_KEY", status: 200 });
    expect(both.findings.map((f) => f.code)).toContain("client.key-and-token");

    const named = await diagnose({
      endpoint: SUBDOMAIN,
      env: emulatorEnv({ MY_OPENAI_KEY: key, KEYLESS_API_KEY: "wrong-key-0000000000000000" }),
      apiKeyEnv: "MY_OPENAI_KEY",
    });
    expect(named.apiKey).toMatchObject({ source: "MY_OPENAI_KEY", status: 200 });
    for (const report of [keyless, both, named]) expect(JSON.stringify(report)).not.toContain(key);
  }, 90_000);

  it("refuses an apiKeyEnv that env does not set, and a ca that is not PEM", async () => {
    await expect(diagnose({ endpoint: SUBDOMAIN, env: {}, apiKeyEnv: "MY_OPENAI_KEY" })).rejects.toThrow(
      new DiagnoseOptionsError(
        "apiKeyEnv names MY_OPENAI_KEY, which is not set in env; set it to the API key, or name the variable that holds it",
      ),
    );
    await expect(diagnose({ endpoint: SUBDOMAIN, env: {}, ca: "not a certificate" })).rejects.toThrow(
      /^ca holds no PEM certificate/,
    );
  });
});
