import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { DiagnosisReport } from "../../src/diagnose/diagnosis-report.js";
import { type RunningEmulator, startEmulator } from "../../src/emulator/start-emulator.js";

// Issue 8's smaller "Why" items as the doctor prints them: the doctor runs as a process with only the
// emulator's printed environment (data plane and ARM through its proxy, real Azure host names).
// npm test builds first (pretest), so bin/keyless.js runs the compiled doctor.

const BIN = join(import.meta.dirname, "..", "..", "bin", "keyless.js");
const SUBDOMAIN = "https://contoso-openai.openai.azure.com";
const CHAT = "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action";

let home: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "keyless-doctor-messages-"));
});

function doctor(args: string[], env: Record<string, string>): Promise<DiagnosisReport> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, "doctor", "--json", ...args],
      { env: { ...env, HOME: home }, encoding: "utf8", timeout: 90_000, maxBuffer: 16 * 1024 * 1024 },
      (_error, stdout, stderr) => {
        try {
          resolve(JSON.parse(stdout) as DiagnosisReport);
        } catch {
          reject(new Error(`doctor printed no JSON:\n${stdout}\n${stderr}`));
        }
      },
    );
  });
}

async function withEmulator<T>(scenario: string, use: (emulator: RunningEmulator) => Promise<T>): Promise<T> {
  const emulator = await startEmulator({ scenario, port: 0 });
  try {
    return await use(emulator);
  } finally {
    await emulator.close();
  }
}

/** The emulator's environment without any API key, so the doctor compares with none. */
function withoutKeys(env: Record<string, string>): Record<string, string> {
  const { AZURE_OPENAI_API_KEY: _a, KEYLESS_API_KEY: _k, ...rest } = env;
  return rest;
}

describe("keyless doctor: messages a careful reader would not stumble on", () => {
  it('"so the key works" when no key was tried: seed-000 without a key says a key would work, with one that it does', async () => {
    await withEmulator("seed-000", async (emulator) => {
      const untried = await doctor(["--endpoint", SUBDOMAIN], withoutKeys(emulator.env));
      expect(untried.apiKey).toBeUndefined();
      expect(untried.primary?.code).toBe("rbac.control-plane-role-only");
      expect(untried.primary?.detail).not.toContain("the key works");
      expect(untried.primary?.detail).toContain(
        `so the token gets 401 PermissionDenied for ${CHAT}; an API key would still work (keys are not checked against roles).`,
      );

      const key = emulator.world.accounts.find((a) => a.name === "contoso-openai")?.keys[0] ?? "";
      const tried = await doctor(["--endpoint", SUBDOMAIN], {
        ...withoutKeys(emulator.env),
        KEYLESS_API_KEY: key,
      });
      expect(tried.apiKey).toMatchObject({ source: "KEYLESS_API_KEY", status: 200 });
      expect(tried.primary?.detail).toContain(
        `so the API key from KEYLESS_API_KEY works (200) while the token gets 401 PermissionDenied for ${CHAT}.`,
      );
    });
  }, 120_000);

  it('on a regional endpoint, "unreachable" ranks above the certain endpoint.regional-no-subdomain: the regional endpoint leads, the proxy\'s refusal follows', async () => {
    await withEmulator("default", async (emulator) => {
      // The emulator's proxy serves only the regions of its world: westus3's regional host is refused.
      const report = await doctor(
        ["--endpoint", "https://westus3.api.cognitive.microsoft.com"],
        emulator.env,
      );
      expect(report.findings.slice(0, 2).map((f) => [f.code, f.severity])).toEqual([
        ["endpoint.regional-no-subdomain", "error"],
        ["endpoint.unreachable", "error"],
      ]);
      const unreachable = report.findings[1];
      expect(unreachable?.detail).toMatch(
        /^The proxy http:\/\/127\.0\.0\.1:\d+ answered 403 ProxyHostRefused instead of connecting to westus3\.api\.cognitive\.microsoft\.com: The emulator does not serve westus3\.api\.cognitive\.microsoft\.com:443; it terminates TLS only for the Azure hosts of its world\. Through a proxy, the proxy looks the host up and connects to it/,
      );
    });
  }, 120_000);

  it("when the endpoint cannot be resolved, being offline and a non-existent resource read the same: through a proxy, the doctor says what the proxy said", async () => {
    await withEmulator("default", async (emulator) => {
      const report = await doctor(["--endpoint", "https://nosuch.openai.azure.com"], emulator.env);
      expect(report.primary?.code).toBe("endpoint.unreachable");
      expect(report.primary?.detail).toMatch(
        /^The proxy .* instead of connecting to nosuch\.openai\.azure\.com/,
      );
      for (const finding of report.findings) {
        expect(finding.detail).not.toMatch(/^[A-Z][a-z0-9-]*\.[a-z]/);
      }
    });
  }, 120_000);
});
