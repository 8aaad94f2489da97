import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { classifyEndpoint } from "../knowledge/endpoint-form.js";
import { buildPlan } from "./build-plan.js";
import { findDotenv, findStructuredConfig } from "./find-configuration.js";
import { findCSharp } from "./find-csharp.js";
import { findArmTemplate, findBicep, findTerraform } from "./find-infrastructure.js";
import { findJava } from "./find-java.js";
import { findJavaScript } from "./find-javascript.js";
import { type FindOptions, findPython } from "./find-python.js";
import type { FileScan } from "./finding-draft.js";
import { MigrateError } from "./migrate-error.js";
import type { MigrateFinding, MigrateNote, MigrateOptions, MigrateResult } from "./migrate-types.js";
import { applyEdits, firstSyntaxError, type GrammarName, loadGrammars, parseSource } from "./parse-source.js";
import { readArm } from "./read-arm.js";
import { readSourceFiles, type SourceFile } from "./source-files.js";

const DEFAULT_MAX_FILE_BYTES = 1 << 20;
const RESOURCE_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.CognitiveServices\/accounts\/[^/]+(?:\/projects\/[^/]+)?$/i;

/** The grammar a code file is parsed with, or `undefined` for configuration and infrastructure. */
function grammarOf(file: SourceFile): GrammarName | undefined {
  switch (file.language) {
    case "python":
    case "csharp":
    case "java":
    case "javascript":
      return file.language;
    case "typescript":
      return file.tsx ? "tsx" : "typescript";
    default:
      return undefined;
  }
}

function scanFile(file: SourceFile, options: FindOptions): FileScan {
  switch (file.language) {
    case "python":
      return findPython(file.text, options);
    case "javascript":
    case "typescript":
      return findJavaScript(file.text, grammarOf(file) ?? "typescript", options);
    case "csharp":
      return findCSharp(file.text, options);
    case "java":
      return findJava(file.text, options);
    case "dotenv":
      return findDotenv(file.text);
    case "json":
      return findStructuredConfig(file.text, "json");
    case "yaml":
      return findStructuredConfig(file.text, "yaml");
    case "bicep":
      return findBicep(file.text);
    case "terraform":
      return findTerraform(file.text);
    case "arm":
      return findArmTemplate(file.text);
  }
}

function validate(options: MigrateOptions): void {
  if (typeof options.path !== "string" || options.path.trim() === "") {
    throw new MigrateError("invalid-option", "path is empty; give a directory or a file to scan");
  }
  if (options.endpoint !== undefined) {
    const c = classifyEndpoint(options.endpoint);
    if (!c.valid) {
      throw new MigrateError(
        "invalid-option",
        `endpoint "${options.endpoint}" is not an http(s) URL; give the one the app calls, e.g. https://<name>.openai.azure.com`,
      );
    }
  }
  if (options.arm !== undefined && options.endpoint === undefined) {
    throw new MigrateError(
      "invalid-option",
      "reading ARM needs the endpoint the app calls (endpoint / --endpoint), to find its account",
    );
  }
  if (options.resourceId !== undefined && !RESOURCE_ID.test(options.resourceId)) {
    throw new MigrateError(
      "invalid-option",
      `resource id "${options.resourceId}" is not a Cognitive Services account id; it looks like /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.CognitiveServices/accounts/<name>`,
    );
  }
  for (const assignee of options.assignees ?? []) {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(assignee)) {
      throw new MigrateError(
        "invalid-option",
        `assignee "${assignee}" is not an object id (a GUID); use the principal id of the identity that runs the app`,
      );
    }
  }
  if (
    options.maxFileBytes !== undefined &&
    (!Number.isInteger(options.maxFileBytes) || options.maxFileBytes <= 0)
  ) {
    throw new MigrateError(
      "invalid-option",
      `maxFileBytes must be a positive integer, not ${options.maxFileBytes}`,
    );
  }
}

/**
 * Finds key-based Azure OpenAI / Azure AI auth under a path (code in Python, JavaScript /
 * TypeScript, C# and Java, read with tree-sitter grammars; `.env`, app settings and compose files;
 * Bicep, ARM and Terraform), rewrites the forms it knows exactly when `write` is set (Python
 * `AzureOpenAI(api_key=...)`, JS/TS `new AzureOpenAI({ apiKey })`, C# `new AzureOpenAIClient(...,
 * new AzureKeyCredential(...))`), and plans the rest of the migration. Keys never appear in what
 * it returns; configuration is reported, never changed.
 *
 * @throws {MigrateError} when the path does not exist or an option is invalid.
 * @example
 * import { migrate } from "keyless";
 * const { findings, plan } = await migrate({ path: "./my-app", endpoint: "https://contoso.openai.azure.com" });
 * for (const f of findings) console.log(`${f.file}:${f.line} ${f.kind}`);
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  validate(options);
  const root = resolve(options.path);
  const [{ files, notes }] = await Promise.all([
    readSourceFiles(root, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES),
    loadGrammars(),
  ]);
  const findOptions: FindOptions = options.endpoint === undefined ? {} : { endpoint: options.endpoint };
  const findings: MigrateFinding[] = [];
  const keysInFiles: MigrateFinding[] = [];
  const changedFiles: string[] = [];
  const allNotes: MigrateNote[] = [...notes];

  for (const file of files) {
    const scan = scanFile(file, findOptions);
    if (scan.syntaxErrorLine !== undefined) {
      allNotes.push({
        file: file.file,
        message: `syntax error at line ${scan.syntaxErrorLine}: findings come from what parsed, and the file is not rewritten`,
      });
    }
    let rewritten = false;
    if (options.write && scan.edits.length > 0 && scan.syntaxErrorLine === undefined) {
      rewritten = await writeRewrite(file, scan, allNotes);
      if (rewritten) changedFiles.push(file.file);
    }
    for (const draft of scan.findings) {
      const { holdsKey, ...rest } = draft;
      const finding: MigrateFinding = {
        file: file.file,
        line: rest.line,
        column: rest.column,
        language: file.language,
        kind: rest.kind,
        library: rest.library,
        message: rest.message,
        fix: rest.fix,
        rewrite: rest.rewrite,
        rewritten: rewritten && rest.rewrite,
        ...(rest.scope === undefined ? {} : { scope: rest.scope }),
      };
      findings.push(finding);
      if (holdsKey) keysInFiles.push(finding);
    }
  }
  const arm =
    options.arm !== undefined && options.endpoint !== undefined
      ? await readArm(options.endpoint, options.arm)
      : undefined;
  if (arm !== undefined) allNotes.push(...arm.notes);
  const assignees =
    options.assignees !== undefined && options.assignees.length > 0
      ? options.assignees
      : arm?.assignee === undefined
        ? undefined
        : [arm.assignee];
  const resourceId = options.resourceId ?? arm?.resourceId;
  const plan = buildPlan({
    findings,
    keysInFiles,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(assignees === undefined ? {} : { assignees }),
    ...(resourceId === undefined ? {} : { resourceId }),
  });
  return { root, findings, changedFiles, notes: allNotes, plan, scannedFiles: files.length };
}

/** Applies a file's edits, re-parses the result, and writes it only when it still parses cleanly. */
async function writeRewrite(file: SourceFile, scan: FileScan, notes: MigrateNote[]): Promise<boolean> {
  const next = applyEdits(file.text, scan.edits);
  if (next === file.text) return false;
  const grammar = grammarOf(file);
  if (grammar !== undefined && firstSyntaxError(parseSource(grammar, next).root()) !== undefined) {
    notes.push({ file: file.file, message: "not rewritten: the rewrite would not parse (please report it)" });
    return false;
  }
  try {
    await writeFile(file.absolute, next, "utf8");
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    notes.push({ file: file.file, message: `not rewritten: cannot write it (${code})` });
    return false;
  }
}
