import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { keylessCode } from "../../src/migrate/keyless-code.js";
import { migrate } from "../../src/migrate/migrate.js";
import type { MigrateFinding, MigratePlan } from "../../src/migrate/migrate-types.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";
import { copyFixture, type FixtureCopy } from "./copy-fixture.js";

const APPS = ["python-app", "js-app", "csharp-app", "java-app", "config-app", "iac-app"];
/** Every key written in the samples: none may be printed. */
const SAMPLE_KEYS = [
  "0123456789abcdef0123456789abcdef",
  "fedcba9876543210fedcba9876543210",
  "Zq3mB8xN2vL6pR1tY9wK4sD7fH0jG5cA3eU8iO2nM6bV1xZ4qW7rT9yP3kL5sJ8dF2gH6aQ0wE4rT7yUaAbC",
];
const KINDS = [
  "client-api-key",
  "key-credential",
  "api-key-header",
  "key-literal",
  "key-env",
  "iac-list-keys",
  "local-auth-enabled",
];

const copies: FixtureCopy[] = [];
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(copies.map((c) => c.remove()));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});
async function copy(app: string): Promise<string> {
  const c = await copyFixture(app);
  copies.push(c);
  return c.dir;
}
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "keyless-migrate-cli-"));
  dirs.push(dir);
  return dir;
}

describe("keyless migrate exit codes", () => {
  it("0 when nothing key-based is found", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "app.py"), "print('hello')\n");
    const run = await runCliInProcess(["migrate", dir]);
    expect(run).toEqual({
      code: 0,
      stdout: "No key-based auth found in 1 file scanned: nothing to migrate.\n",
      stderr: "",
    });
    const json = await runCliInProcess(["migrate", dir, "--json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      findings: [],
      changedFiles: [],
      notes: [],
      plan: { steps: [], roleAssignments: [] },
      scannedFiles: 1,
    });
  });

  it("1 when findings exist, with the JSON shape of the contract", async () => {
    const run = await runCliInProcess(["migrate", await copy("python-app"), "--json"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    const { findings } = JSON.parse(run.stdout) as { findings: MigrateFinding[] };
    expect(findings[0]).toEqual({
      file: "app.py",
      line: 7,
      column: 5,
      language: "python",
      kind: "client-api-key",
      library: "openai",
      message: 'AzureOpenAI(...) is given api_key=os.environ["AZURE_OPENAI_API_KEY"]',
      fix: 'replace api_key with azure_ad_token_provider=token_provider, token_provider = get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")',
      rewrite: true,
      rewritten: false,
      scope: "https://cognitiveservices.azure.com/.default",
    });
    for (const f of findings) expect(KINDS).toContain(f.kind);
  });

  it.each([
    [
      ["migrate", "/no/such/dir"],
      'keyless migrate: path "/no/such/dir" does not exist; give a directory or a file to scan.\n',
    ],
    [
      ["migrate", "a", "b"],
      "keyless migrate: give one path to scan, not 2 (keyless migrate [PATH]); run it once per directory.\n",
    ],
    [
      ["migrate", "--writ"],
      'keyless migrate: unknown option "--writ" for "keyless migrate"; did you mean "--write"? Run "keyless migrate --help" for the options.\n',
    ],
    [
      ["migrate", ".", "--endpoint", "contoso"],
      'keyless migrate: endpoint "contoso" is not an http(s) URL; give the one the app calls, e.g. https://<name>.openai.azure.com.\n',
    ],
    [
      ["migrate", ".", "--assignee", "alice"],
      'keyless migrate: assignee "alice" is not an object id (a GUID); use the principal id of the identity that runs the app.\n',
    ],
    [
      ["migrate", ".", "--resource-id", "/subscriptions/x"],
      'keyless migrate: resource id "/subscriptions/x" is not a Cognitive Services account id; it looks like /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.CognitiveServices/accounts/<name>.\n',
    ],
  ])("2 on a usage error: %j", async (argv, stderr) => {
    const run = await runCliInProcess(argv);
    expect(run).toEqual({ code: 2, stdout: "", stderr });
  });
});

describe("keyless migrate --help and the command list", () => {
  it("--help and help migrate print the same help, within 80 columns", async () => {
    const help = await runCliInProcess(["migrate", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("keyless migrate [PATH] [--json] [--write] [--endpoint URL]");
    expect(help.stdout).toContain("keyless migrate --write");
    for (const line of help.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
    expect((await runCliInProcess(["help", "migrate"])).stdout).toBe(help.stdout);
  });

  it("keyless --help lists migrate", async () => {
    const run = await runCliInProcess(["--help"]);
    expect(run.stdout).toMatch(/\n {2}migrate +find key-based auth in code, config and IaC/);
  });
});

describe("the human report", () => {
  it.each(APPS)(
    "%s: prose fits 80 columns; only code and commands are longer, and no key is printed",
    async (app) => {
      const dir = await copy(app);
      const json = JSON.parse((await runCliInProcess(["migrate", dir, "--json"])).stdout) as {
        findings: MigrateFinding[];
        plan: MigratePlan;
      };
      const run = await runCliInProcess(["migrate", dir]);
      expect(run.code).toBe(1);
      const code = new Set<string>();
      for (const f of json.findings) {
        for (const line of keylessCode(f.language, f.library, f.scope ?? "").split("\n"))
          code.add(line.trim());
      }
      for (const step of json.plan.steps) for (const line of step.lines) code.add(line.trim());
      for (const line of run.stdout.split("\n")) {
        if (line.length > 80) expect(code).toContain(line.trim());
      }
      for (const key of SAMPLE_KEYS) {
        expect(run.stdout).not.toContain(key);
        expect(JSON.stringify(json)).not.toContain(key);
      }
    },
  );

  it("answers first, groups by file with the keyless code for its library, then notes and the plan", async () => {
    const run = await runCliInProcess(["migrate", await copy("python-app")]);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe("8 key-based auth findings in 5 files (6 files scanned): 2 can be rewritten with");
    expect(lines[1]).toBe("--write.");
    expect(lines.slice(2, 6)).toEqual([
      "",
      "app.py (python)",
      "  7:5 client-api-key [--write]: AzureOpenAI(...) is given",
      '      api_key=os.environ["AZURE_OPENAI_API_KEY"]',
    ]);
    expect(run.stdout).toContain(
      "  keyless code (openai):\n    from azure.identity import DefaultAzureCredential, get_bearer_token_provider\n",
    );
    expect(run.stdout).toContain(
      "\nNotes\n  - broken.py: syntax error at line 3: findings come from what parsed, and the\n    file is not rewritten\n",
    );
    const plan = run.stdout.slice(run.stdout.indexOf("Plan: what finishes the migration"));
    expect(plan.split("\n").filter((l) => /^ {2}\d\. /.test(l))).toEqual([
      "  1. Add the identity package",
      "  2. Remove the keys from the configuration",
      "  3. Grant Cognitive Services OpenAI User to each identity that runs the app",
      "  4. Rotate the keys that were written in files",
      "  5. Turn local (key) auth off",
    ]);
  });
});

describe("the plan", () => {
  it("placeholders when no identity is named, and says so", async () => {
    const { plan } = await migrate({ path: await copy("js-app") });
    expect(plan.roleAssignments).toEqual([
      {
        assignee: "<principal-object-id>",
        role: "Cognitive Services OpenAI User",
        scope:
          "/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.CognitiveServices/accounts/<account-name>",
        command:
          'az role assignment create --assignee "<principal-object-id>" --role "Cognitive Services OpenAI User" --scope "/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.CognitiveServices/accounts/<account-name>"',
        placeholders: true,
      },
    ]);
    const roles = plan.steps.find((s) => s.id === "role-assignments");
    expect(roles?.lines[0]).toBe(
      "# fill in the <placeholders>: pass --assignee and --resource-id, or --arm to read them from ARM.",
    );
    expect(plan.steps.find((s) => s.id === "packages")?.lines).toEqual([
      "npm install @azure/identity",
      "npm install openai  # @azure/openai v1 is retired",
    ]);
  });

  it("one assignment per identity; Azure AI User on the project for a Foundry project endpoint", async () => {
    const ids = ["11111111-2222-3333-4444-555555555555", "66666666-7777-8888-9999-000000000000"];
    const { plan } = await migrate({
      path: await copy("python-app"),
      endpoint: "https://contoso.services.ai.azure.com/api/projects/chat",
      assignees: ids,
    });
    expect(plan.roleAssignments.map((a) => a.command)).toEqual(
      ids.map(
        (id) =>
          `az role assignment create --assignee ${id} --role "Azure AI User" --scope "/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.CognitiveServices/accounts/contoso/projects/chat"`,
      ),
    );
  });

  it("rotates keys written in files, lists configuration keys, and turns local auth off with the IaC changes", async () => {
    const resourceId =
      "/subscriptions/83c86938-168f-427f-9b63-ea22774aad82/resourceGroups/rg-openai/providers/Microsoft.CognitiveServices/accounts/contoso-openai";
    const config = await migrate({ path: await copy("config-app"), resourceId });
    expect(config.plan.steps.find((s) => s.id === "rotate-keys")?.lines).toEqual([
      "# keys were written in .env, appsettings.json, docker-compose.yml, local.settings.json: once they are in source control, rotate both",
      "az cognitiveservices account keys regenerate --name contoso-openai --resource-group rg-openai --key-name key1",
      "az cognitiveservices account keys regenerate --name contoso-openai --resource-group rg-openai --key-name key2",
    ]);
    expect(config.plan.steps.find((s) => s.id === "configuration")?.lines).toEqual([
      "# .env:3: AZURE_OPENAI_API_KEY: remove it once the app is keyless",
      "# .env:5: AZURE_AI_INFERENCE_KEY: remove it once the app is keyless",
      "# appsettings.json:5: AzureOpenAI:ApiKey: remove it once the app is keyless",
      "# docker-compose.yml:6: services:api:environment:AZURE_OPENAI_API_KEY: remove it once the app is keyless",
      "# docker-compose.yml:11: AZURE_OPENAI_KEY: remove it once the app is keyless",
      "# local.settings.json:6: Values:AZURE_OPENAI_API_KEY: remove it once the app is keyless",
      "# keep AZURE_OPENAI_ENDPOINT (the custom subdomain endpoint): the keyless client needs it",
    ]);
    const iac = await migrate({ path: await copy("iac-app"), resourceId });
    const disable = iac.plan.steps.find((s) => s.id === "disable-local-auth")?.lines ?? [];
    expect(disable[1]).toBe(`az resource update --ids ${resourceId} --set properties.disableLocalAuth=true`);
    expect(disable).toContain(
      "# main.bicep:4: once every client is keyless, disableLocalAuth: true in the account's properties",
    );
    expect(disable).toContain("# main.tf:8: once every client is keyless, local_auth_enabled = false");
    expect(iac.plan.steps.map((s) => s.id)).not.toContain("rotate-keys");
  });
});

describe("inputs that cannot be scanned", () => {
  it("a binary file and a file over the bound are skipped with a note naming them", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "blob.py"), Buffer.from([0x41, 0x00, 0x42]));
    await writeFile(join(dir, "big.py"), `x = 1\n${"# padding\n".repeat(200)}`);
    await writeFile(join(dir, "small.py"), "client = AzureOpenAI(api_key=k)\n");
    const result = await migrate({ path: dir, maxFileBytes: 1024 });
    expect(result.notes).toEqual([
      { file: "big.py", message: "not scanned: 2 KiB, over the 1 KiB bound" },
      { file: "blob.py", message: "not scanned: binary content (a NUL byte)" },
    ]);
    expect(result.findings.map((f) => f.file)).toEqual(["small.py"]);
  });

  it("one file can be scanned; a file migrate does not read is named", async () => {
    const dir = await copy("python-app");
    const one = await migrate({ path: join(dir, "sovereign.py") });
    expect(one.findings.map((f) => [f.file, f.line, f.kind])).toEqual([
      ["sovereign.py", 3, "client-api-key"],
    ]);
    const doc = await migrate({ path: join(dir, "docs", "README.md") });
    expect(doc.findings).toEqual([]);
    expect(doc.notes).toEqual([
      {
        file: "README.md",
        message: "not scanned: not a source, configuration or infrastructure file migrate reads",
      },
    ]);
  });
});
