import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The CLI as a user gets it: `npm pack` (prepack builds dist/ from a clean state), then
// `npm install -g` of the tarball into a temporary prefix (dependencies from the npm registry), then
// the installed `keyless` bin. The pack runs in a copy of the working tree, so the rebuild of dist/
// it does never races the other test files, which import the repository's dist/.

const REPO_ROOT = join(import.meta.dirname, "..", "..");
const PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
};

/** The top-level entries the copy leaves out: what a clean clone has not, and the build output. */
const NOT_COPIED = new Set([".git", "node_modules", "dist", "coverage", ".keyless"]);

/** data-plane 401, reference/error-bodies.md §2, older wording. */
const PERMISSION_DENIED_401 =
  '{"error":{"code":"PermissionDenied","message":"Principal does not have access to API/Operation."}}';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

interface PackResult {
  name: string;
  version: string;
  filename: string;
  files: { path: string }[];
}

/** The environment of the child npm and keyless: ours without the npm_* variables of `npm test`. */
function childEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
}

function run(command: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, env: childEnv(), encoding: "utf8", timeout: 150_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function expectSuccess(what: string, result: Run): void {
  if (result.code !== 0) {
    throw new Error(`${what} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  }
}

describe("the npm package: packed, installed globally, run as `keyless`", () => {
  let workDir = "";
  let keyless = "";
  let packed: PackResult;
  let install: Run;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), "keyless-package-"));
    const source = join(workDir, "source");
    const prefix = join(workDir, "prefix");
    cpSync(REPO_ROOT, source, {
      recursive: true,
      filter: (path) => !NOT_COPIED.has(relative(REPO_ROOT, path)),
    });
    // The build (prepack) needs the dev dependencies (typescript), not a second install of them.
    symlinkSync(join(REPO_ROOT, "node_modules"), join(source, "node_modules"), "junction");

    const pack = await run("npm", ["pack", "--json", "--pack-destination", workDir], source);
    expectSuccess("npm pack", pack);
    const results = JSON.parse(pack.stdout) as PackResult[];
    expect(results).toHaveLength(1);
    packed = results[0] as PackResult;

    install = await run(
      "npm",
      ["install", "--global", "--prefix", prefix, "--no-audit", "--no-fund", join(workDir, packed.filename)],
      workDir,
    );
    expectSuccess("npm install --global", install);
    keyless = join(prefix, "bin", "keyless");
  }, 180_000);

  afterAll(() => {
    if (workDir !== "") rmSync(workDir, { recursive: true, force: true });
  });

  it("packs LICENSE, README.md, the bin and the build, and no source maps or TypeScript sources", () => {
    const paths = packed.files.map((file) => file.path);
    expect(packed.name).toBe(PACKAGE.name);
    expect(packed.version).toBe(PACKAGE.version);
    expect(paths).toContain("LICENSE");
    expect(paths).toContain("README.md");
    expect(paths).toContain("package.json");
    expect(paths).toContain("bin/keyless.js");
    expect(paths).toContain("dist/index.js");
    expect(paths).toContain("dist/index.d.ts");
    expect(paths).toContain("dist/cli/main.js");
    expect(paths.filter((path) => path.endsWith(".map"))).toEqual([]);
    expect(paths.filter((path) => path.startsWith("src/"))).toEqual([]);
    expect(paths.filter((path) => path.endsWith(".ts") && !path.endsWith(".d.ts"))).toEqual([]);
  });

  it("installs with no install scripts and no warning about them", () => {
    const installed = JSON.parse(
      readFileSync(join(keyless, "..", "..", "lib", "node_modules", PACKAGE.name, "package.json"), "utf8"),
    ) as { scripts?: Record<string, string> };
    const lifecycle = ["preinstall", "install", "postinstall", "prepare"];
    expect(Object.keys(installed.scripts ?? {}).filter((name) => lifecycle.includes(name))).toEqual([]);
    const output = `${install.stdout}\n${install.stderr}`.split("\n");
    expect(output.filter((line) => /script/i.test(line))).toEqual([]);
  });

  it("keyless --version prints the package version", async () => {
    const result = await run(keyless, ["--version"], workDir);
    expect(result).toEqual({ code: 0, stdout: `${PACKAGE.version}\n`, stderr: "" });
  });

  it("keyless explain names the cause of a PermissionDenied 401 body", async () => {
    const result = await run(keyless, ["explain", PERMISSION_DENIED_401], workDir);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    // The answer first: the most likely cause is the first line.
    expect(result.stdout).toMatch(/^rbac\.missing-data-action: /);
    expect(result.stdout).toContain("\n  service code    PermissionDenied\n");
  });

  it("keyless emulator --list-scenarios lists the built-in seed-000", async () => {
    const result = await run(keyless, ["emulator", "--list-scenarios"], workDir);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^seed-000 {2}\(cause: [a-z.-]+\)$/m);
  });

  it("keyless migrate parses Python, JavaScript and C# with the installed grammars", async () => {
    const app = join(workDir, "app");
    mkdirSync(app);
    writeFileSync(join(app, "app.py"), "from openai import AzureOpenAI\nclient = AzureOpenAI(api_key=key)\n");
    writeFileSync(
      join(app, "app.js"),
      'import { AzureOpenAI } from "openai";\nconst client = new AzureOpenAI({ apiKey: key });\n',
    );
    writeFileSync(
      join(app, "Program.cs"),
      "using Azure;\nusing Azure.AI.OpenAI;\nvar client = new AzureOpenAIClient(endpoint, new AzureKeyCredential(key));\n",
    );
    const result = await run(keyless, ["migrate", "--json", app], workDir);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    const { findings } = JSON.parse(result.stdout) as {
      findings: { file: string; line: number; kind: string }[];
    };
    expect(findings.map(({ file, line, kind }) => ({ file, line, kind }))).toEqual([
      { file: "Program.cs", line: 3, kind: "key-credential" },
      { file: "app.js", line: 2, kind: "client-api-key" },
      { file: "app.py", line: 2, kind: "client-api-key" },
    ]);
  });
});
