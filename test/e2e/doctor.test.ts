import { execFile } from "node:child_process";
import { mkdir, mkdtemp } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeJwt } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import type { DiagnosisReport } from "../../src/diagnose/diagnosis-report.js";
import { getScenario, listScenarioNames } from "../../src/emulator/scenarios/index.js";
import {
  type RunningEmulator,
  type StartEmulatorOptions,
  startEmulator,
} from "../../src/emulator/start-emulator.js";

// The doctor runs as a process with ONLY the emulator's printed environment (and a fresh HOME), so
// @azure/identity, the az/azd shims, the ARM clients and the data-plane probe all reach the emulator
// by configuration alone: data plane and ARM through HTTPS_PROXY with the real Azure host names.
// npm test builds first (pretest), so bin/keyless.js runs the compiled doctor.

const BIN = join(import.meta.dirname, "..", "..", "bin", "keyless.js");
const SUBDOMAIN = "https://contoso-openai.openai.azure.com";
const REGIONAL = "https://eastus.api.cognitive.microsoft.com";
// The Foundry scenarios' printed FOUNDRY_PROJECT_ENDPOINT and AZURE_INFERENCE_ENDPOINT.
const PROJECT = "https://contoso-openai.services.ai.azure.com/api/projects/proj";
const INFERENCE = "https://contoso-openai.services.ai.azure.com/models";
const COGNITIVE_SCOPE = "https://cognitiveservices.azure.com/.default";
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let home: string;

function runKeyless(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...env, HOME: home }, encoding: "utf8", timeout: 90_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function withEmulator<T>(
  options: StartEmulatorOptions,
  use: (emulator: RunningEmulator) => Promise<T>,
): Promise<T> {
  const emulator = await startEmulator({ port: 0, ...options });
  try {
    return await use(emulator);
  } finally {
    await emulator.close();
  }
}

async function doctor(
  emulator: RunningEmulator,
  endpoint: string,
  extra: string[] = [],
): Promise<{ run: Run; report: DiagnosisReport }> {
  const run = await runKeyless(["doctor", "--json", "--endpoint", endpoint, ...extra], emulator.env);
  let report: DiagnosisReport;
  try {
    report = JSON.parse(run.stdout) as DiagnosisReport;
  } catch {
    throw new Error(`doctor printed no JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
  return { run, report };
}

function app(emulator: RunningEmulator) {
  const found = emulator.world.applications.find((a) => a.name === "app");
  if (found === undefined) throw new Error("the scenario has no application named app");
  return found;
}

function account(emulator: RunningEmulator) {
  const found = emulator.world.accounts.find((a) => a.name === "contoso-openai");
  if (found === undefined) throw new Error("the scenario has no account contoso-openai");
  return found;
}

/**
 * One scenario of the emulator and what the doctor must say about it. To cover another scenario,
 * add one entry: its name, the primary cause, and (optionally) the causes that must follow in order.
 */
interface DoctorCase {
  scenario: string;
  /** Default: the account's custom-subdomain endpoint. */
  endpoint?: string;
  args?: string[];
  primary: string | null;
  secondary?: string[];
  check?: (report: DiagnosisReport, emulator: RunningEmulator) => void;
}

const DOCTOR_CASES: DoctorCase[] = [
  {
    scenario: "default",
    primary: null,
    check: (report) => {
      expect(report.ok).toBe(true);
      expect(report.chain.selected).toBe("EnvironmentCredential");
      expect(report.credentials.find((c) => c.selectedByChain)?.dataPlane?.status).toBe(200);
      expect(report.arm?.account?.name).toBe("contoso-openai");
    },
  },
  {
    scenario: "seed-000",
    primary: "rbac.control-plane-role-only",
    check: (report, emulator) => {
      expect(report.primary?.fix).toContain(
        `az role assignment create --role "Cognitive Services OpenAI User" --assignee-object-id ${app(emulator).objectId} --assignee-principal-type ServicePrincipal --scope ${account(emulator).resourceId}`,
      );
      expect(report.primary?.evidence[0]).toContain("401 PermissionDenied");
      expect(
        report.arm?.roleAssignments?.some(
          (a) => a.role === "Cognitive Services Contributor" && a.controlPlaneOnly,
        ),
      ).toBe(true);
    },
  },
  {
    scenario: "endpoint.regional-no-subdomain",
    endpoint: REGIONAL,
    primary: "endpoint.regional-no-subdomain",
    check: (report) => {
      expect(report.primary?.evidence[0]).toContain(
        "400 BadRequest: Please provide a custom subdomain for token authentication",
      );
      expect(report.primary?.fix).toContain(
        "az cognitiveservices account update --name contoso-openai --resource-group rg-openai --custom-domain contoso-openai",
      );
    },
  },
  {
    scenario: "rbac.propagation-pending",
    primary: "rbac.propagation-pending",
    check: (report) => {
      expect(report.primary?.detail).toMatch(
        /holds Cognitive Services OpenAI User on the account, created [0-9.]+ min ago/,
      );
    },
  },
  {
    scenario: "credential.env-unexpected-identity",
    primary: "credential.env-unexpected-identity",
    check: (report) => {
      expect(report.chain.selected).toBe("EnvironmentCredential");
      expect(report.credentials.find((c) => c.name === "AzureCliCredential")?.dataPlane?.status).toBe(200);
      expect(report.primary?.fix).toContain("unset AZURE_CLIENT_ID AZURE_CLIENT_SECRET");
    },
  },
  {
    scenario: "token.wrong-tenant",
    primary: "token.wrong-tenant",
    check: (report, emulator) => {
      const contoso = emulator.world.tenants.find((t) => t.name === "contoso")?.id;
      expect(report.primary?.fix).toContain(`az login --tenant ${contoso}`);
      expect(report.primary?.credential).toBe(report.chain.selected);
    },
  },
  {
    scenario: "aadsts.7000215",
    primary: "aadsts.7000215",
    check: (report) => {
      expect(report.chain.stoppedBy).toBe("EnvironmentCredential");
      expect(report.chain.selected).toBeUndefined();
      expect(report.primary?.detail).toContain("which stops the chain");
    },
  },
  {
    scenario: "token.wrong-audience",
    endpoint: "https://contoso-openai.openai.azure.us",
    primary: "token.wrong-audience",
  },
  { scenario: "token.expired", primary: "token.expired" },
  { scenario: "key.invalid", primary: "key.invalid" },
  { scenario: "key.auth-disabled", primary: "key.auth-disabled" },
  { scenario: "rbac.missing-data-action", primary: "rbac.missing-data-action" },
  { scenario: "rbac.control-plane-role-only", primary: "rbac.control-plane-role-only" },
  { scenario: "rbac.wrong-scope", primary: "rbac.wrong-scope" },
  { scenario: "rbac.other-principal", primary: "rbac.other-principal" },
  { scenario: "network.firewall", primary: "network.firewall" },
  { scenario: "network.private-endpoint", primary: "network.private-endpoint" },
  { scenario: "network.public-access-disabled", primary: "network.public-access-disabled" },
  { scenario: "network.vnet-wrong-endpoint", endpoint: REGIONAL, primary: "network.vnet-wrong-endpoint" },
  { scenario: "resource.deployment-not-found", primary: "resource.deployment-not-found" },
  { scenario: "resource.rate-limited", primary: "resource.rate-limited" },
  {
    scenario: "credential.cli-not-logged-in",
    primary: "credential.cli-not-logged-in",
    secondary: ["credential.chain-exhausted"],
  },
  {
    scenario: "credential.cli-not-installed",
    primary: "credential.cli-not-installed",
    check: (report) => {
      expect(report.chain).toMatchObject({
        order: ["AzureCliCredential"],
        tokenCredentials: "AzureCliCredential",
      });
      expect(report.findings.map((f) => f.code)).not.toContain("credential.chain-exhausted");
      expect(report.primary?.detail).toContain("AZURE_TOKEN_CREDENTIALS=AzureCliCredential limits");
    },
  },
  {
    scenario: "credential.cli-timeout",
    primary: "credential.cli-timeout",
    check: (report) => {
      expect(report.credentials.find((c) => c.name === "AzureCliCredential")?.timedOut).toBe(true);
    },
  },
  { scenario: "credential.azd-not-installed", primary: "credential.azd-not-installed" },
  {
    scenario: "credential.azd-not-logged-in",
    primary: "credential.azd-not-logged-in",
    check: (report) => {
      // az is signed in, but the chain is pinned to azd, whose session is its own.
      expect(report.credentials.find((c) => c.name === "AzureCliCredential")?.available).toBe(true);
      expect(report.chain.selected).toBeUndefined();
    },
  },
  {
    scenario: "credential.azd-timeout",
    primary: "credential.azd-timeout",
    check: (report) => {
      expect(report.credentials.find((c) => c.name === "AzureDeveloperCliCredential")?.timedOut).toBe(true);
    },
  },
  {
    scenario: "credential.pipelines-service-connection",
    args: ["--credential", "AzurePipelinesCredential"],
    primary: "credential.pipelines-service-connection",
    check: (report) => {
      expect(report.chain).toMatchObject({
        only: "AzurePipelinesCredential",
        stoppedBy: "AzurePipelinesCredential",
      });
      expect(report.primary?.detail).toContain(
        "No service connection found with identifier contoso-openai-connection",
      );
      expect(report.primary?.fix).toContain("new AzurePipelinesCredential(");
    },
  },
  {
    scenario: "credential.pipelines-oidc-unauthorized",
    args: ["--credential", "AzurePipelinesCredential"],
    primary: "credential.pipelines-oidc-unauthorized",
    check: (report) => {
      expect(report.primary?.detail).toContain("TF400813");
      expect(report.primary?.fix).toContain("SYSTEM_ACCESSTOKEN: $(System.AccessToken)");
    },
  },
  { scenario: "credential.mi-identity-not-assigned", primary: "credential.mi-identity-not-assigned" },
  { scenario: "credential.mi-multiple-identities", primary: "credential.mi-multiple-identities" },
  { scenario: "credential.mi-audience-not-supported", primary: "credential.mi-audience-not-supported" },
  { scenario: "credential.mi-gateway", primary: "credential.mi-gateway" },
  {
    scenario: "credential.mi-endpoint-error",
    primary: "credential.mi-endpoint-error",
    check: (report) => {
      expect(report.primary?.severity).toBe("warning");
      expect(report.primary?.detail).toMatch(
        /not waited for, because one direct request to http:\/\/127\.0\.0\.1:\d+\/metadata\/identity\/oauth2\/token answered HTTP 429 \(credential\.mi-endpoint-error\)/,
      );
    },
  },
  { scenario: "credential.mi-unavailable", primary: "credential.mi-unavailable" },
  { scenario: "aadsts.7000222", primary: "aadsts.7000222" },
  { scenario: "aadsts.700016", primary: "aadsts.700016" },
  { scenario: "aadsts.90002", primary: "aadsts.90002" },
  { scenario: "aadsts.50076", primary: "aadsts.50076" },
  {
    scenario: "rbac.missing-data-action.responses",
    args: ["--call", "responses"],
    primary: "rbac.missing-data-action",
    check: (report) => {
      expect(report.call).toBe("responses");
      expect(report.request).toBe("POST /openai/responses?api-version=2025-04-01-preview");
      expect(report.arm?.requiredDataAction).toBe(
        "Microsoft.CognitiveServices/accounts/OpenAI/responses/write",
      );
      expect(report.primary?.detail).toContain(
        "holds Cognitive Services Data Reader (Preview) on the account, created 60 min ago, whose data actions do not include Microsoft.CognitiveServices/accounts/OpenAI/responses/write",
      );
    },
  },
  {
    scenario: "token.wrong-audience.ml-scope",
    endpoint: INFERENCE,
    args: ["--scope", "https://ml.azure.com/.default"],
    primary: "token.wrong-audience",
    check: (report) => {
      expect(report.endpoint).toMatchObject({
        kind: "ai-services-models",
        scope: "https://ml.azure.com/.default",
        expectedScope: COGNITIVE_SCOPE,
        scopeSource: "option",
      });
      expect(report.credentials.find((c) => c.selectedByChain)?.identity?.aud).toBe("https://ml.azure.com");
      expect(report.primary?.severity).toBe("error");
      expect(report.primary?.detail).toContain(
        "The app requests its tokens for https://ml.azure.com/.default",
      );
      expect(report.primary?.fix).toContain(`"${COGNITIVE_SCOPE}"`);
    },
  },
  {
    scenario: "token.wrong-audience.project-cognitive-scope",
    endpoint: PROJECT,
    args: ["--scope", COGNITIVE_SCOPE],
    primary: "token.wrong-audience",
    check: (report) => {
      expect(report.request).toBe("POST /api/projects/proj/openai/v1/chat/completions");
      expect(report.primary?.evidence[0]).toContain("audience is incorrect (https://ai.azure.com)");
      expect(report.primary?.fix).toContain('"https://ai.azure.com/.default"');
    },
  },
  {
    scenario: "rbac.wrong-scope.project-role",
    primary: "rbac.wrong-scope",
    check: (report, emulator) => {
      expect(report.primary?.detail).toContain(
        "holds Cognitive Services OpenAI User on project proj of account contoso-openai (resource group rg-openai), created 60 min ago, which does not contain account contoso-openai",
      );
      expect(report.primary?.fix).toContain(`--scope ${account(emulator).resourceId}`);
      expect(report.primary?.fix).not.toContain("/projects/");
      expect(report.arm?.project).toBeUndefined();
    },
  },
  {
    scenario: "rbac.wrong-scope.other-project",
    endpoint: PROJECT,
    primary: "rbac.wrong-scope",
    check: (report, emulator) => {
      expect(report.endpoint.scope).toBe("https://ai.azure.com/.default");
      expect(report.endpoint.scopeSource).toBe("endpoint");
      expect(report.arm?.project).toEqual({
        name: "proj",
        id: `${account(emulator).resourceId}/projects/proj`,
      });
      expect(report.primary?.detail).toContain(
        "holds Azure AI User on project proj-eval of account contoso-openai (resource group rg-openai), created 60 min ago, which does not contain project proj of account contoso-openai",
      );
      expect(report.primary?.fix).toContain(`--scope ${account(emulator).resourceId}/projects/proj`);
    },
  },
  {
    scenario: "two-faults.regional-and-control-plane-role",
    endpoint: REGIONAL,
    primary: "endpoint.regional-no-subdomain",
    secondary: ["rbac.control-plane-role-only"],
    check: (report) => {
      expect(report.primary?.fix).toContain(`export AZURE_OPENAI_ENDPOINT=${SUBDOMAIN}`);
    },
  },
];

/**
 * A scenario's `doctorArgs` as the shell that loaded the printed env runs them: `$VAR` expanded,
 * the endpoint (`--endpoint`, else `$AZURE_OPENAI_ENDPOINT`) apart from the other arguments.
 */
function asTyped(doctorArgs: readonly string[], env: Record<string, string>) {
  const expanded = doctorArgs.map((arg) =>
    arg.replace(/\$([A-Z_][A-Z0-9_]*)/g, (_, name: string) => env[name] ?? ""),
  );
  const at = expanded.indexOf("--endpoint");
  const endpoint = at === -1 ? env.AZURE_OPENAI_ENDPOINT : expanded[at + 1];
  return { endpoint, args: at === -1 ? expanded : [...expanded.slice(0, at), ...expanded.slice(at + 2)] };
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "keyless-doctor-home-"));
});

describe("keyless doctor against the emulator (one case per built-in scenario)", () => {
  it("every built-in scenario has exactly one case", () => {
    expect(DOCTOR_CASES.map((c) => c.scenario).sort()).toEqual(listScenarioNames().sort());
  });

  for (const name of listScenarioNames()) {
    const c = DOCTOR_CASES.find((entry) => entry.scenario === name) ?? {
      scenario: name,
      primary: "<no case>",
    };
    it(`${name}: ${c.primary ?? "the keyless call works"}`, async () => {
      const scenario = getScenario(c.scenario);
      expect(c.primary).toBe(scenario?.causeCode ?? null);
      expect(c.secondary).toEqual(scenario?.secondaryCauseCodes);
      await withEmulator({ scenario: c.scenario }, async (emulator) => {
        if (scenario?.doctorArgs !== undefined) {
          // The case passes what the scenario tells a user to type, with the printed env expanded.
          expect(asTyped(scenario.doctorArgs, emulator.env)).toEqual({
            endpoint: c.endpoint ?? SUBDOMAIN,
            args: c.args ?? [],
          });
        }
        const { run, report } = await doctor(emulator, c.endpoint ?? SUBDOMAIN, c.args);
        expect(report.primary?.code ?? null).toBe(c.primary);
        if (c.primary !== null) expect(c.primary).toBe(scenario?.causeCode);
        expect(run.code).toBe(report.ok ? 0 : 1);
        if (c.secondary !== undefined) {
          const codes = report.findings.slice(1).map((f) => f.code);
          expect(codes.filter((code) => c.secondary?.includes(code))).toEqual(c.secondary);
          expect(c.secondary).toEqual(scenario?.secondaryCauseCodes);
        }
        c.check?.(report, emulator);
        expect(run.stdout).not.toMatch(JWT);
      });
    }, 120_000);
  }
});

describe("keyless doctor in an Azure Pipelines step, without --credential", () => {
  it("tries AzurePipelinesCredential beside the chain and warns when it fails while the chain works", async () => {
    await withEmulator({ scenario: "credential.pipelines-service-connection" }, async (emulator) => {
      const { run, report } = await doctor(emulator, SUBDOMAIN);
      expect(run.code).toBe(0);
      expect(report.ok).toBe(true);
      expect(report.chain.selected).toBe("EnvironmentCredential");
      expect(report.primary).toMatchObject({
        code: "credential.pipelines-service-connection",
        severity: "warning",
        credential: "AzurePipelinesCredential",
      });
      const pipelines = report.credentials.find((c) => c.name === "AzurePipelinesCredential");
      expect(pipelines).toMatchObject({ inChain: false, available: false, selectedByChain: false });
      // No data-plane call is made with a credential outside the chain.
      expect(pipelines?.dataPlane).toBeUndefined();
    });
  }, 120_000);

  it("finds nothing to say about a working service connection", async () => {
    await withEmulator({ scenario: "default" }, async (emulator) => {
      const { report } = await doctor(emulator, SUBDOMAIN);
      expect(report.credentials.find((c) => c.name === "AzurePipelinesCredential")?.available).toBe(true);
      expect(report.findings.filter((f) => f.credential === "AzurePipelinesCredential")).toEqual([]);
    });
  }, 120_000);
});

describe("secrets never reach the doctor's or token's output", () => {
  const secret = "CANARY-client-secret-7f3e9a~value";
  const keys: [string, string] = ["CANARYKEY0123456789abcdef01234567", "CANARYKEY89abcdef0123456789abcdef"];

  function canaryWorld() {
    const scenario = getScenario("seed-000");
    if (scenario === undefined) throw new Error("no seed-000 scenario");
    const world = structuredClone(scenario.world);
    const application = world.applications?.find((a) => a.name === "app");
    if (application === undefined) throw new Error("seed-000 has no app");
    application.secrets = [{ value: secret }];
    const acct = world.accounts?.find((a) => a.name === "contoso-openai");
    if (acct === undefined) throw new Error("seed-000 has no account");
    acct.keys = keys;
    return world;
  }

  it("json, text and markdown, with the API key compared, hold no secret, key or token", async () => {
    await withEmulator({ world: canaryWorld() }, async (emulator) => {
      expect(emulator.env.AZURE_CLIENT_SECRET).toBe(secret);
      expect(emulator.env.KEYLESS_API_KEY).toBe(keys[0]);
      const secrets = [
        secret,
        ...keys,
        emulator.env.KEYLESS_CONTROL_TOKEN,
        emulator.env.SYSTEM_ACCESSTOKEN,
      ].filter((v): v is string => v !== undefined && v !== "");
      const runs = await Promise.all([
        runKeyless(["doctor", "--json", "--api-key-from-env", "--endpoint", SUBDOMAIN], emulator.env),
        runKeyless(["doctor", "--api-key-from-env", "--endpoint", SUBDOMAIN], emulator.env),
        runKeyless(["doctor", "--markdown", "--api-key-from-env", "--endpoint", SUBDOMAIN], emulator.env),
        runKeyless(["token", "--json"], emulator.env),
        runKeyless(["token"], emulator.env),
      ]);
      const report = JSON.parse(runs[0]?.stdout ?? "") as DiagnosisReport;
      expect(report.primary?.code).toBe("rbac.control-plane-role-only");
      expect(report.apiKey).toMatchObject({ source: "option", status: 200 });
      expect(runs[1]?.stdout).toContain("rbac.control-plane-role-only");
      expect(runs[2]?.stdout).toContain("## keyless doctor: ❌ rbac.control-plane-role-only");
      for (const run of runs) {
        for (const value of secrets) {
          expect(run.stdout).not.toContain(value);
          expect(run.stderr).not.toContain(value);
        }
        expect(run.stdout).not.toMatch(JWT);
        expect(run.stderr).not.toMatch(JWT);
      }
    });
  }, 180_000);
});

describe("keyless token", () => {
  it("shows who the token is and what it is for, and the token only with --show-token and a warning", async () => {
    await withEmulator({ scenario: "default" }, async (emulator) => {
      const info = await runKeyless(["token", "--json", "--endpoint", SUBDOMAIN], emulator.env);
      expect(info.code).toBe(0);
      const json = JSON.parse(info.stdout) as {
        credential: string;
        identity: { aud: string; oid: string; principalType: string };
        token?: string;
      };
      expect(json.credential).toBe("EnvironmentCredential");
      expect(json.identity.aud).toBe("https://cognitiveservices.azure.com");
      expect(json.identity.oid).toBe(app(emulator).objectId);
      expect(json.identity.principalType).toBe("ServicePrincipal");
      expect(json.token).toBeUndefined();

      const shown = await runKeyless(
        ["token", "--show-token", "--credential", "AzureCliCredential"],
        emulator.env,
      );
      expect(shown.code).toBe(0);
      expect(shown.stderr).toMatch(/^warning: the access token below is a secret/);
      const token = shown.stdout.trim().split("\n").pop() ?? "";
      const alice = emulator.world.users.find((u) => u.name === "alice");
      expect(decodeJwt(token).oid).toBe(alice?.objectId);
    });
  }, 120_000);
});

describe("keyless doctor with nothing to authenticate with", () => {
  let dir: string;
  let closedPort: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "keyless-doctor-bare-"));
    await mkdir(join(dir, "bin"));
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    closedPort = typeof address === "object" && address !== null ? address.port : 9;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("gives its verdict (credential.chain-exhausted) with every credential unavailable and IMDS unreachable", async () => {
    const closed = `http://127.0.0.1:${closedPort}`;
    const run = await runKeyless(["doctor", "--json", "--endpoint", SUBDOMAIN, "--deployment", "gpt-4o"], {
      PATH: join(dir, "bin"),
      // Managed identity asks here (and DefaultAzureCredential skips its 1 s probe): nothing listens.
      AZURE_POD_IDENTITY_AUTHORITY_HOST: closed,
      // The endpoint is behind a proxy that is not there either, so no real DNS or network is needed.
      HTTPS_PROXY: closed,
      NO_PROXY: "127.0.0.1",
    });
    const report = JSON.parse(run.stdout) as DiagnosisReport;
    expect(run.code).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.primary?.code).toBe("credential.chain-exhausted");
    expect(report.chain.selected).toBeUndefined();
    expect(report.credentials.map((c) => [c.name, c.available])).toEqual([
      ["EnvironmentCredential", false],
      ["WorkloadIdentityCredential", false],
      ["ManagedIdentityCredential", false],
      ["VisualStudioCodeCredential", false],
      ["AzureCliCredential", false],
      ["AzurePowerShellCredential", false],
      ["AzureDeveloperCliCredential", false],
    ]);
    expect(report.credentials.find((c) => c.name === "AzureCliCredential")?.cause).toBe(
      "credential.cli-not-installed",
    );
    expect(report.arm?.status).toBe("no-token");
    expect(report.deadlineMs).toBe(30_000);
  }, 120_000);
});
