import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { diagnose } from "../../src/diagnose/diagnose.js";
import type { DiagnosisReport } from "../../src/diagnose/diagnosis-report.js";
import { getScenario } from "../../src/emulator/scenarios/index.js";
import { startEmulator } from "../../src/emulator/start-emulator.js";

// diagnose({ env }) in the emulator's own process must give the verdict the CLI gives as a process
// started with that environment: the credentials, the az/azd shims, the proxy and the emulator's CA
// (NODE_EXTRA_CA_CERTS, which Node reads only at start) all come from env. The endpoint is passed
// explicitly, so the printed AZURE_OPENAI_ENDPOINT's form does not matter. npm test builds first
// (pretest), so bin/keyless.js and dist/ hold the compiled doctor.

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "keyless.js");
const SUBDOMAIN = "https://contoso-openai.openai.azure.com";
const REGIONAL = "https://eastus.api.cognitive.microsoft.com";

const PROJECT = "https://contoso-openai.services.ai.azure.com/api/projects/proj";

interface InProcessCase {
  scenario: string;
  endpoint?: string;
  /** The app's scope and call: `diagnose({ scope, call })`, `--scope` and `--call` for the CLI. */
  scope?: string;
  call?: "chat" | "responses" | "embeddings";
  primary: string;
}

const CASES: InProcessCase[] = [
  { scenario: "seed-000", primary: "rbac.control-plane-role-only" },
  { scenario: "credential.env-unexpected-identity", primary: "credential.env-unexpected-identity" },
  { scenario: "credential.mi-identity-not-assigned", primary: "credential.mi-identity-not-assigned" },
  { scenario: "aadsts.7000215", primary: "aadsts.7000215" },
  { scenario: "token.wrong-tenant", primary: "token.wrong-tenant" },
  { scenario: "rbac.propagation-pending", primary: "rbac.propagation-pending" },
  { scenario: "rbac.wrong-scope", primary: "rbac.wrong-scope" },
  { scenario: "key.invalid", primary: "key.invalid" },
  {
    scenario: "endpoint.regional-no-subdomain",
    endpoint: REGIONAL,
    primary: "endpoint.regional-no-subdomain",
  },
  { scenario: "rbac.missing-data-action.responses", call: "responses", primary: "rbac.missing-data-action" },
  {
    scenario: "token.wrong-audience.project-cognitive-scope",
    endpoint: PROJECT,
    scope: "https://cognitiveservices.azure.com/.default",
    primary: "token.wrong-audience",
  },
  { scenario: "rbac.wrong-scope.other-project", endpoint: PROJECT, primary: "rbac.wrong-scope" },
];

let home: string;

function doctorCli(
  endpoint: string,
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number; report: DiagnosisReport }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, "doctor", "--json", "--endpoint", endpoint, ...args],
      { env, encoding: "utf8", timeout: 90_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        try {
          const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
          resolve({ code, report: JSON.parse(stdout) as DiagnosisReport });
        } catch {
          reject(new Error(`doctor printed no JSON:\n${stdout}\n${stderr}`));
        }
      },
    );
  });
}

/** What must agree between the two runs, beyond the primary cause. */
function verdict(report: DiagnosisReport) {
  return {
    ok: report.ok,
    primary: report.primary?.code ?? null,
    selected: report.chain.selected ?? null,
    available: report.credentials.map((c) => [c.name, c.available]),
    arm: report.arm?.status,
    apiKey: report.apiKey?.status ?? null,
    request: report.request ?? null,
    scope: report.endpoint.scope,
  };
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "keyless-in-process-home-"));
});

describe("diagnose({ env }) in-process gives the CLI's verdict", () => {
  for (const c of CASES) {
    it(`${c.scenario}: ${c.primary}`, async () => {
      expect(getScenario(c.scenario)?.causeCode).toBe(c.primary);
      const emulator = await startEmulator({ scenario: c.scenario, port: 0 });
      try {
        const env: Record<string, string> = { ...emulator.env, HOME: home };
        const endpoint = c.endpoint ?? SUBDOMAIN;
        const args = [
          ...(c.scope === undefined ? [] : ["--scope", c.scope]),
          ...(c.call === undefined ? [] : ["--call", c.call]),
        ];
        const cli = await doctorCli(endpoint, env, args);
        // What the CLI reads from the environment besides the endpoint, passed as options.
        const inProcess = await diagnose({
          endpoint,
          env,
          ...(env.AZURE_OPENAI_DEPLOYMENT === undefined ? {} : { deployment: env.AZURE_OPENAI_DEPLOYMENT }),
          ...(env.OPENAI_API_VERSION === undefined ? {} : { apiVersion: env.OPENAI_API_VERSION }),
          ...(c.scope === undefined ? {} : { scope: c.scope }),
          ...(c.call === undefined ? {} : { call: c.call }),
        });
        expect(inProcess.primary?.code).toBe(cli.report.primary?.code);
        expect(inProcess.primary?.code).toBe(c.primary);
        expect(verdict(inProcess)).toEqual(verdict(cli.report));
        expect(cli.code).toBe(cli.report.ok ? 0 : 1);
      } finally {
        await emulator.close();
      }
    }, 120_000);
  }

  it("seed-000 through the built package (dist), and with the CA passed as an option", async () => {
    const url = new URL("../../dist/index.js", import.meta.url).href;
    const built = (await import(url)) as typeof import("../../src/index.js");
    const emulator = await startEmulator({ scenario: "seed-000", port: 0 });
    try {
      const env: Record<string, string> = { ...emulator.env, HOME: home };
      const fromDist = await built.diagnose({ endpoint: SUBDOMAIN, env });
      expect(fromDist.primary?.code).toBe("rbac.control-plane-role-only");
      const { NODE_EXTRA_CA_CERTS: _file, ...withoutFile } = env;
      const withCa = await built.diagnose({ endpoint: SUBDOMAIN, env: withoutFile, ca: emulator.ca });
      expect(verdict(withCa)).toEqual(verdict(fromDist));
    } finally {
      await emulator.close();
    }
  }, 120_000);
});
