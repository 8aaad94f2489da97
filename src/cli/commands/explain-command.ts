import { explain } from "../../knowledge/explain.js";
import { type CliIo, EXIT } from "../cli-io.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { readStreamText, readTextFile } from "../read-input.js";
import { renderExplainText } from "../render/explain-text.js";
import { createStyle, outputWidth, shouldColor } from "../render/text-layout.js";
import { UsageError } from "../usage-error.js";

export const EXPLAIN_HELP = `keyless explain: name the cause of an Azure OpenAI / Entra ID auth error, offline

Usage
  keyless explain [--json] [TEXT...]
  keyless explain [--json] --file FILE
  <command> 2>&1 | keyless explain [--json]

Reads the error from its arguments, from --file, or (with neither) from standard input.
Recognises data-plane bodies (raw, JSON-escaped, Python repr, .NET and Go layouts), AADSTS errors,
credential-chain errors from JavaScript, Python, Go and .NET, and openai client errors.

Options
  --json         print {"matches":[{"code","title","confidence","facts","fix"}]}, best first
  --file FILE    read the error text from FILE
  -h, --help     show this help

Exit codes
  0  at least one cause found    1  no known cause    2  usage error

Examples
  keyless explain 'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.'
  python app.py 2>&1 | keyless explain
  keyless explain --json --file error.log | jq '.matches[0].code'
`;

/**
 * `keyless explain`: parse arguments, read the text, call {@link explain}, render, return the exit code.
 *
 * @example
 * const exitCode = await runExplainCommand(["--json", text], io);
 */
export async function runExplainCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("explain", args, {
    json: { type: "boolean" },
    file: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout.write(EXPLAIN_HELP);
    return EXIT.ok;
  }
  if (values.file !== undefined && positionals.length > 0) {
    throw new UsageError("pass the error either as arguments or with --file, not both (keyless explain).");
  }
  const text = await readText(values.file, positionals, io);
  if (text.trim() === "") {
    throw new UsageError(
      'no error text given; pass it as an argument, with --file FILE, or on standard input (e.g. "python app.py 2>&1 | keyless explain").',
    );
  }
  const matches = explain(text);
  if (values.json) {
    const matchesJson = matches.map(({ code, title, confidence, facts, fix, why, confirm, distinguish }) => ({
      code,
      title,
      confidence,
      facts,
      fix,
      why,
      confirm,
      ...(distinguish ? { distinguish } : {}),
    }));
    io.stdout.write(`${JSON.stringify({ matches: matchesJson }, null, 2)}\n`);
  } else {
    const style = createStyle({ color: shouldColor(io.stdout, io.env) });
    io.stdout.write(renderExplainText(matches, { width: outputWidth(io.stdout), style }));
  }
  return matches.length > 0 ? EXIT.ok : EXIT.problem;
}

async function readText(file: string | undefined, positionals: string[], io: CliIo): Promise<string> {
  if (file !== undefined) return readTextFile(file);
  if (positionals.length > 0) return positionals.join(" ");
  if (io.stdin.isTTY) {
    io.stderr.write("Paste the error text, then press Ctrl-D (Ctrl-Z Enter on Windows).\n");
  }
  return readStreamText(io.stdin, "standard input");
}
