import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { migrate } from "../../src/migrate/migrate.js";
import { firstSyntaxError, loadGrammars, parseSource } from "../../src/migrate/parse-source.js";
import { copyFixture, type FixtureCopy } from "./copy-fixture.js";

const run = promisify(execFile);
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

async function snapshot(dir: string, names: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of names) out[name] = await readFile(join(dir, name), "utf8");
  return out;
}

/** Runs --write twice: the second run must change nothing and find none of the rewritten forms. */
async function writeTwice(dir: string) {
  const first = await migrate({ path: dir, write: true });
  const after = await snapshot(dir, first.changedFiles);
  const second = await migrate({ path: dir, write: true });
  expect(second.changedFiles).toEqual([]);
  expect(await snapshot(dir, first.changedFiles)).toEqual(after);
  const rewritten = first.findings.filter((f) => f.rewritten);
  for (const f of rewritten) {
    expect(second.findings.filter((s) => s.file === f.file && s.kind === f.kind && s.rewrite)).toEqual([]);
  }
  // Everything that was not rewritten is still reported, at the same place.
  const key = (f: { file: string; line: number; kind: string }) => `${f.file}:${f.line}:${f.kind}`;
  const notRewritten = first.findings.filter(
    (f) =>
      !f.rewritten &&
      !(f.kind === "key-literal" && rewritten.some((r) => r.file === f.file && r.line === f.line)),
  );
  expect(second.findings.map(key)).toEqual(
    expect.arrayContaining(notRewritten.filter((f) => !first.changedFiles.includes(f.file)).map(key)),
  );
  return { first, second, after };
}

describe("--write on the Python sample", () => {
  it("rewrites AzureOpenAI(api_key=...) with the token provider and the import; both files compile; idempotent", async () => {
    const dir = await copy("python-app");
    const { first, after } = await writeTwice(dir);
    expect(first.changedFiles).toEqual(["app.py", "sovereign.py"]);
    expect(first.findings.filter((f) => f.rewritten).map((f) => [f.file, f.line])).toEqual([
      ["app.py", 7],
      ["sovereign.py", 3],
    ]);
    expect(after["app.py"]).toBe(
      [
        '"""Chat with Azure OpenAI (openai v1), still on a key."""',
        "import os",
        "",
        "from openai import AzureOpenAI, OpenAI  # both clients",
        "from azure.identity import DefaultAzureCredential, get_bearer_token_provider",
        "",
        "client = AzureOpenAI(",
        '    azure_ad_token_provider=get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default"),  # the key, for now',
        '    azure_endpoint=os.environ["AZURE_OPENAI_ENDPOINT"],',
        '    api_version="2024-10-21",',
        ")",
        "",
      ].join("\n") + (await readFile(join(dir, "app.py"), "utf8")).split("\n").slice(11).join("\n"),
    );
    expect(after["sovereign.py"]).toBe(
      'from openai import AsyncAzureOpenAI\nfrom azure.identity import DefaultAzureCredential, get_bearer_token_provider\n\ngov = AsyncAzureOpenAI(azure_ad_token_provider=get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.us/.default"), azure_endpoint="https://contoso.openai.azure.us", api_version="2024-10-21")\n',
    );
    for (const file of first.changedFiles) {
      await expect(run("python3", ["-m", "py_compile", join(dir, file)])).resolves.toMatchObject({
        stderr: "",
      });
    }
    // The file with a syntax error is reported and left alone.
    expect(await readFile(join(dir, "broken.py"), "utf8")).toContain(
      'AzureOpenAI(api_key=os.environ["AZURE_OPENAI_API_KEY"]',
    );
  });

  it("adds the missing name to an existing azure.identity import, and an import to a file with none", async () => {
    const dir = await mkdtemp(join(tmpdir(), "keyless-migrate-py-"));
    dirs.push(dir);
    await writeFile(
      join(dir, "a.py"),
      "from azure.identity import DefaultAzureCredential\nfrom openai import AzureOpenAI\nc = AzureOpenAI(api_key=k)\n",
    );
    await writeFile(join(dir, "b.py"), '"""No imports."""\nc = openai.AzureOpenAI(api_key="<your-key>")\n');
    const result = await migrate({ path: dir, write: true, endpoint: "https://x.openai.azure.cn" });
    expect(result.changedFiles).toEqual(["a.py", "b.py"]);
    expect(await readFile(join(dir, "a.py"), "utf8")).toBe(
      'from azure.identity import DefaultAzureCredential, get_bearer_token_provider\nfrom openai import AzureOpenAI\nc = AzureOpenAI(azure_ad_token_provider=get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.cn/.default"))\n',
    );
    expect(await readFile(join(dir, "b.py"), "utf8")).toBe(
      '"""No imports."""\nfrom azure.identity import DefaultAzureCredential, get_bearer_token_provider\nc = openai.AzureOpenAI(azure_ad_token_provider=get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.cn/.default"))\n',
    );
    // A placeholder key is not a key literal.
    expect(result.findings.map((f) => f.kind)).toEqual(["client-api-key", "client-api-key"]);
    for (const file of ["a.py", "b.py"]) await run("python3", ["-m", "py_compile", join(dir, file)]);
  });
});

describe("--write keeps a file's line endings", () => {
  it("a CRLF Python file gets its import on a CRLF line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "keyless-migrate-crlf-"));
    dirs.push(dir);
    await writeFile(
      join(dir, "app.py"),
      "from openai import AzureOpenAI\r\n\r\nc = AzureOpenAI(api_key=k)\r\n",
    );
    await migrate({ path: dir, write: true });
    expect(await readFile(join(dir, "app.py"), "utf8")).toBe(
      'from openai import AzureOpenAI\r\nfrom azure.identity import DefaultAzureCredential, get_bearer_token_provider\r\n\r\nc = AzureOpenAI(azure_ad_token_provider=get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default"))\r\n',
    );
  });
});

describe("--write on the JavaScript / TypeScript sample", () => {
  it("rewrites new AzureOpenAI({ apiKey }) in .mjs and .ts; node --check and the TypeScript parser accept them; idempotent", async () => {
    const dir = await copy("js-app");
    const { first, after } = await writeTwice(dir);
    expect(first.changedFiles).toEqual(["index.mjs", "project.ts"]);
    expect(after["index.mjs"]).toContain(
      'import OpenAI from "openai";\nimport { DefaultAzureCredential, getBearerTokenProvider } from "@azure/identity";\n',
    );
    expect(after["index.mjs"]).toContain(
      '  azureADTokenProvider: getBearerTokenProvider(new DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default"), // the key, for now\n  endpoint,\n',
    );
    // The comment that quotes the old code is a comment: left as it was.
    expect(after["index.mjs"]).toContain(
      '// Commented out: new AzureOpenAI({ apiKey: "0123456789abcdef0123456789abcdef" })',
    );
    // The file's own quotes and no semicolons; the project endpoint's scope.
    expect(after["project.ts"]).toBe(
      "import { AzureOpenAI } from 'openai'\nimport { DefaultAzureCredential, getBearerTokenProvider } from '@azure/identity'\n\nconst apiKey: string = readKey()\nexport const agentsClient = new AzureOpenAI({ azureADTokenProvider: getBearerTokenProvider(new DefaultAzureCredential(), 'https://ai.azure.com/.default'), endpoint: 'https://contoso.services.ai.azure.com/api/projects/chat', apiVersion: '2025-04-01-preview' })\n\ndeclare function readKey(): string\n",
    );
    await expect(run(process.execPath, ["--check", join(dir, "index.mjs")])).resolves.toMatchObject({
      stderr: "",
    });
    const source = ts.createSourceFile("project.ts", after["project.ts"] ?? "", ts.ScriptTarget.ES2022, true);
    expect((source as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics).toEqual([]);
  });

  it("adds a require to CommonJS, and extends an existing @azure/identity import", async () => {
    const dir = await mkdtemp(join(tmpdir(), "keyless-migrate-js-"));
    dirs.push(dir);
    await writeFile(
      join(dir, "app.cjs"),
      "const { AzureOpenAI } = require('openai')\n\nconst client = new AzureOpenAI({ apiKey, endpoint: 'https://contoso.openai.azure.com' })\nmodule.exports = client\n",
    );
    await writeFile(
      join(dir, "app.mjs"),
      'import { DefaultAzureCredential } from "@azure/identity";\nimport { AzureOpenAI } from "openai";\nexport const c = new AzureOpenAI({ apiKey: "0123456789abcdef0123456789abcdef" });\n',
    );
    const result = await migrate({ path: dir, write: true });
    expect(result.changedFiles).toEqual(["app.cjs", "app.mjs"]);
    expect(await readFile(join(dir, "app.cjs"), "utf8")).toBe(
      "const { AzureOpenAI } = require('openai')\nconst { DefaultAzureCredential, getBearerTokenProvider } = require('@azure/identity')\n\nconst client = new AzureOpenAI({ azureADTokenProvider: getBearerTokenProvider(new DefaultAzureCredential(), 'https://cognitiveservices.azure.com/.default'), endpoint: 'https://contoso.openai.azure.com' })\nmodule.exports = client\n",
    );
    expect(await readFile(join(dir, "app.mjs"), "utf8")).toBe(
      'import { DefaultAzureCredential, getBearerTokenProvider } from "@azure/identity";\nimport { AzureOpenAI } from "openai";\nexport const c = new AzureOpenAI({ azureADTokenProvider: getBearerTokenProvider(new DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default") });\n',
    );
    for (const file of ["app.cjs", "app.mjs"]) await run(process.execPath, ["--check", join(dir, file)]);
    // The literal key was in the file: reported, and the plan rotates it.
    expect(result.findings.map((f) => [f.file, f.kind])).toEqual([
      ["app.cjs", "client-api-key"],
      ["app.mjs", "client-api-key"],
      ["app.mjs", "key-literal"],
    ]);
    expect(result.plan.steps.map((s) => s.id)).toContain("rotate-keys");
  });
});

describe("--write on the C# sample", () => {
  it("replaces new AzureKeyCredential(key) with new DefaultAzureCredential() and adds using Azure.Identity; idempotent", async () => {
    const dir = await copy("csharp-app");
    const { first, after } = await writeTwice(dir);
    expect(first.changedFiles).toEqual(["Literal.cs", "Program.cs"]);
    expect(after["Program.cs"]).toContain("using Microsoft.SemanticKernel;\nusing Azure.Identity;\n");
    expect(after["Program.cs"]).toContain(
      "AzureOpenAIClient client = new AzureOpenAIClient(new Uri(endpoint), new DefaultAzureCredential());\n",
    );
    // Azure AI Search keeps its key; the comment keeps its text.
    expect(after["Program.cs"]).toContain('"docs", new AzureKeyCredential(key));');
    expect(after["Program.cs"]).toContain(
      '/* new AzureOpenAIClient(new Uri(endpoint), new AzureKeyCredential("0123456789abcdef0123456789abcdef")) */',
    );
    expect(after["Literal.cs"]).toContain(
      '            new Uri("https://contoso.openai.azure.com"),\n            new DefaultAzureCredential());\n',
    );
    await loadGrammars();
    for (const file of first.changedFiles) {
      expect(firstSyntaxError(parseSource("csharp", after[file] ?? "").root())).toBeUndefined();
    }
  });
});

describe("--write never touches configuration or infrastructure", () => {
  it("the config and IaC samples are byte-for-byte the same after --write", async () => {
    for (const app of ["config-app", "iac-app", "java-app"]) {
      const dir = await copy(app);
      const names = await listFiles(dir);
      const before = await snapshot(dir, names);
      const result = await migrate({ path: dir, write: true });
      expect(result.changedFiles).toEqual([]);
      expect(result.findings.length).toBeGreaterThan(0);
      expect(await snapshot(dir, names)).toEqual(before);
    }
  });
});

async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else out.push(rel);
  }
  return out;
}
