import { keylessCode } from "../../migrate/keyless-code.js";
import { MigrateError } from "../../migrate/migrate-error.js";
import type { MigrateFinding, MigrateResult } from "../../migrate/migrate-types.js";
import { type CliIo, EXIT } from "../cli-io.js";
import { parseCommandArgs } from "../parse-command-args.js";
import {
  codeBlock,
  createStyle,
  type HelpText,
  hangingText,
  outputWidth,
  renderHelp,
  type Style,
  shouldColor,
  wrapText,
} from "../render/text-layout.js";
import { UsageError } from "../usage-error.js";

/**
 * `keyless migrate --help`, laid out for the output's width by {@link renderHelp}.
 *
 * @example
 * io.stdout.write(renderHelp(MIGRATE_HELP, 80));
 */
export const MIGRATE_HELP: HelpText = {
  title: "keyless migrate: move an app from Azure OpenAI / Azure AI keys to Microsoft Entra ID",
  sections: [
    {
      heading: "Usage",
      usage: [
        "keyless migrate [PATH] [--json] [--write] [--endpoint URL]",
        "                [--assignee OBJECT_ID]... [--resource-id ID] [--arm]",
      ],
    },
    {
      paragraphs: [
        "Scans PATH (default: the current directory) for key-based auth: code in Python, JavaScript/TypeScript, C# and Java (read with tree-sitter grammars, so comments and strings are not code), .env, appsettings*.json, local.settings.json and compose files, and Bicep, ARM and Terraform. Prints each finding with the keyless code to use in that file's language and library, then the plan that finishes the migration: packages, configuration, role assignments, key rotation, disableLocalAuth.",
        "With --write it rewrites the forms it knows exactly (Python AzureOpenAI(api_key=...), JS/TS new AzureOpenAI({ apiKey }), C# new AzureOpenAIClient(endpoint, new AzureKeyCredential(key))), adding the imports they need; a second run changes nothing. Configuration is reported, never changed. Keys are never printed.",
      ],
    },
    {
      heading: "Options",
      definitions: [
        ["--json", 'print {"findings":[{"file","line","language","kind","rewrite","fix",...}],"plan":{...}}'],
        ["--write", "rewrite the findings marked rewritable, in place"],
        [
          "--endpoint URL",
          "the endpoint the app calls: its scope when the code shows none, and the plan's account",
        ],
        ["--assignee OBJECT_ID", "an identity that runs the app (repeatable); placeholders otherwise"],
        ["--resource-id ID", "the account's ARM id, for the role assignments and az resource update"],
        [
          "--arm",
          "with --endpoint: read the account's id and the identity signed in here from ARM, as the doctor does",
        ],
        ["-h, --help", "show this help"],
      ],
    },
    {
      heading: "Kinds",
      definitions: [
        ["client-api-key", "a client built with a key option or argument"],
        ["key-credential", "an AzureKeyCredential given to an Azure AI client"],
        ["api-key-header", "an HTTP call that sends the api-key header"],
        ["key-literal", "a key written in the file"],
        ["key-env", "a key in configuration"],
        ["iac-list-keys", "infrastructure that reads the account's keys"],
        ["local-auth-enabled", "an account whose key auth stays on"],
      ],
    },
    {
      heading: "Exit codes",
      definitions: [
        ["0", "nothing key-based found"],
        ["1", "findings (with --write: findings, some of them rewritten)"],
        ["2", "usage error (a bad option, a path that does not exist)"],
      ],
    },
    {
      heading: "Examples",
      commands: [
        "keyless migrate",
        [
          "keyless migrate ./api --endpoint https://contoso.openai.azure.com",
          "the scope and the account from the endpoint",
        ],
        ["keyless migrate --write", "rewrite what can be rewritten, then read the plan"],
        [
          "keyless migrate --endpoint https://contoso.openai.azure.com --arm",
          "the plan's account and identity from ARM",
        ],
        "keyless migrate --json | jq '.findings[] | select(.rewrite)'",
      ],
    },
  ],
};

/**
 * `keyless migrate`: parse arguments, call {@link migrate}, render, return the exit code.
 *
 * @example
 * const exitCode = await runMigrateCommand(["./app", "--json"], io);
 */
export async function runMigrateCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("migrate", args, {
    json: { type: "boolean" },
    write: { type: "boolean" },
    endpoint: { type: "string" },
    assignee: { type: "string", multiple: true },
    "resource-id": { type: "string" },
    arm: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  const width = outputWidth(io.stdout, io.env);
  if (values.help) {
    io.stdout.write(renderHelp(MIGRATE_HELP, width));
    return EXIT.ok;
  }
  if (positionals.length > 1) {
    throw new UsageError(
      `give one path to scan, not ${positionals.length} (keyless migrate [PATH]); run it once per directory.`,
    );
  }
  const { migrate } = await import("../../migrate/migrate.js");
  let result: MigrateResult;
  try {
    result = await migrate({
      path: positionals[0] ?? ".",
      write: values.write === true,
      ...(values.endpoint === undefined ? {} : { endpoint: values.endpoint }),
      ...(values.assignee === undefined ? {} : { assignees: values.assignee }),
      ...(values["resource-id"] === undefined ? {} : { resourceId: values["resource-id"] }),
      ...(values.arm === true ? { arm: { env: io.env } } : {}),
    });
  } catch (error) {
    if (error instanceof MigrateError) throw new UsageError(`${error.message}.`, { cause: error });
    throw error;
  }
  if (values.json) {
    const { findings, changedFiles, notes, plan, scannedFiles } = result;
    io.stdout.write(`${JSON.stringify({ findings, changedFiles, notes, plan, scannedFiles }, null, 2)}\n`);
  } else {
    const style = createStyle({ color: shouldColor(io.stdout, io.env) });
    io.stdout.write(renderMigrateText(result, { width, style, write: values.write === true }));
  }
  return result.findings.length > 0 ? EXIT.problem : EXIT.ok;
}

/** Findings of one file, in line order. */
function byFile(findings: readonly MigrateFinding[]): Map<string, MigrateFinding[]> {
  const files = new Map<string, MigrateFinding[]>();
  for (const f of findings) files.set(f.file, [...(files.get(f.file) ?? []), f]);
  return files;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The human report: the answer first (how many findings, how many rewritable or rewritten), then
 * each file with its findings and the keyless code for its language and library, the notes, and
 * the plan. Fits `width` columns except for code and commands, which stay whole to be copied.
 *
 * @example
 * io.stdout.write(renderMigrateText(result, { width: 80, style, write: false }));
 */
export function renderMigrateText(
  result: MigrateResult,
  { width, style, write }: { width: number; style: Style; write: boolean },
): string {
  const out: string[] = [];
  const { findings } = result;
  const files = byFile(findings);
  if (findings.length === 0) {
    out.push(
      wrapText(
        `${style.green("No key-based auth found")} in ${plural(result.scannedFiles, "file")} scanned: nothing to migrate.`,
        width,
      ),
    );
  } else {
    const rewritable = findings.filter((f) => f.rewrite).length;
    const rewritten = findings.filter((f) => f.rewritten).length;
    const tail = write
      ? `${rewritten} rewritten in ${plural(result.changedFiles.length, "file")}; the rest needs the changes below.`
      : rewritable > 0
        ? `${rewritable} can be rewritten with --write.`
        : "none can be rewritten automatically; the changes are below.";
    out.push(
      wrapText(
        `${style.bold(`${plural(findings.length, "key-based auth finding")} in ${plural(files.size, "file")}`)} (${plural(result.scannedFiles, "file")} scanned): ${tail}`,
        width,
      ),
    );
  }
  for (const [file, list] of files) {
    out.push("", style.bold(`${file} (${list[0]?.language ?? ""})`));
    for (const f of list) {
      const mark = f.rewritten ? style.green(" [rewritten]") : f.rewrite ? style.cyan(" [--write]") : "";
      out.push(
        hangingText(`${f.line}:${f.column} `, `${style.yellow(f.kind)}${mark}: ${f.message}`, width, "  "),
      );
      out.push(hangingText("fix: ", f.fix, width, "    "));
    }
    const shown = new Set<string>();
    for (const f of list) {
      const key = `${f.language}/${f.library}`;
      if (shown.has(key) || f.scope === undefined) continue;
      shown.add(key);
      const code = keylessCodeFor(f);
      if (code === "") continue;
      out.push(`  ${style.dim(`keyless code (${f.library}):`)}`, codeBlock(code, width, "    "));
    }
  }
  if (result.notes.length > 0) {
    out.push("", style.bold("Notes"));
    for (const note of result.notes)
      out.push(hangingText("- ", `${note.file}: ${note.message}`, width, "  "));
  }
  if (result.plan.steps.length > 0) {
    out.push("", style.bold("Plan: what finishes the migration"));
    result.plan.steps.forEach((step, index) => {
      out.push(
        hangingText(`${index + 1}. `, step.title, width, "  "),
        codeBlock(step.lines.join("\n"), width, "     "),
      );
    });
  }
  return `${out.join("\n")}\n`;
}

function keylessCodeFor(f: MigrateFinding): string {
  return keylessCode(f.language, f.library, f.scope ?? "");
}
