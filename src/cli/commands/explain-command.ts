import { getCause, isCauseCode, listCauseCodes } from "../../knowledge/causes.js";
import { explain } from "../../knowledge/explain.js";
import { FIX_LANGUAGES, type FixLanguage, parseFixLanguage } from "../../knowledge/fix-language.js";
import { type CliIo, EXIT } from "../cli-io.js";
import { editDistance } from "../edit-distance.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { readStreamText, readTextFile } from "../read-input.js";
import { renderCausePageText, renderExplainText } from "../render/explain-text.js";
import { causePageUrl } from "../render/project-links.js";
import { createStyle, type HelpText, outputWidth, renderHelp, shouldColor } from "../render/text-layout.js";
import { UsageError } from "../usage-error.js";

/**
 * `keyless explain --help`, laid out for the output's width by {@link renderHelp}.
 *
 * @example
 * io.stdout.write(renderHelp(EXPLAIN_HELP, 80));
 */
export const EXPLAIN_HELP: HelpText = {
  title: "keyless explain: name the cause of an Azure OpenAI / Entra ID auth error, offline",
  sections: [
    {
      heading: "Usage",
      usage: [
        "keyless explain [--brief] [--lang LANG] [--json] [TEXT...]",
        "keyless explain [--brief] [--lang LANG] [--json] --file FILE",
        "<command> 2>&1 | keyless explain [--brief] [--json]",
        "keyless explain --code CODE [--lang LANG]",
      ],
    },
    {
      paragraphs: [
        "Reads the error from its arguments, from --file, or (with neither) from standard input, and prints the most likely cause and its fix first, then every possible cause with why, how to confirm it and the whole fix.",
        "Recognises data-plane bodies (raw, JSON-escaped, Python repr, .NET, Go and Java layouts), AADSTS errors, credential-chain errors from JavaScript, Python, Go and .NET, and openai client errors. A fix that is code is written in the language the error came from (a Python traceback gets Python), JavaScript when the text does not say.",
      ],
    },
    {
      heading: "Options",
      definitions: [
        ["--brief", "one entry per cause: its code, title and fix"],
        ["--lang LANG", `write code fixes in LANG: ${FIX_LANGUAGES.join(", ")} (default: detected)`],
        ["--json", 'print {"matches":[{"code","title","confidence","facts","fix","language"}]}, best first'],
        ["--file FILE", "read the error text from FILE"],
        [
          "--code CODE",
          "print the page of cause CODE: what it means, how to confirm it, its fix in every language (or in --lang's)",
        ],
        ["-h, --help", "show this help"],
      ],
    },
    {
      heading: "Exit codes",
      definitions: [
        ["0", "at least one cause found (or --code found its page)"],
        ["1", "no known cause"],
        ["2", "usage error"],
      ],
    },
    {
      heading: "Examples",
      commands: [
        "keyless explain 'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.'",
        "python app.py 2>&1 | keyless explain",
        ["dotnet run 2>&1 | keyless explain --brief", "a short entry per cause"],
        ["keyless explain --lang go --file error.log", "Go fixes whatever the text says"],
        "keyless explain --code rbac.missing-data-action",
        "keyless explain --json --file error.log | jq '.matches[0].code'",
      ],
    },
  ],
};

/**
 * `keyless explain`: parse arguments, read the text, call {@link explain}, render, return the exit code.
 *
 * @example
 * const exitCode = await runExplainCommand(["--json", text], io);
 */
export async function runExplainCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("explain", args, {
    json: { type: "boolean" },
    brief: { type: "boolean" },
    lang: { type: "string" },
    file: { type: "string" },
    code: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  const width = outputWidth(io.stdout, io.env);
  if (values.help) {
    io.stdout.write(renderHelp(EXPLAIN_HELP, width));
    return EXIT.ok;
  }
  const style = createStyle({ color: shouldColor(io.stdout, io.env) });
  const language = values.lang === undefined ? undefined : readLanguage(values.lang);
  if (values.code !== undefined) {
    if (values.file !== undefined || positionals.length > 0 || values.json || values.brief) {
      throw new UsageError(
        "--code prints a cause's page and takes no error text, --file, --json or --brief (keyless explain --code CODE).",
      );
    }
    const entry = isCauseCode(values.code) ? getCause(values.code) : undefined;
    if (entry === undefined) throw new UsageError(unknownCodeMessage(values.code));
    const pageOptions = language === undefined ? { width, style } : { width, style, language };
    io.stdout.write(renderCausePageText(entry, pageOptions));
    return EXIT.ok;
  }
  if (values.file !== undefined && positionals.length > 0) {
    throw new UsageError("pass the error either as arguments or with --file, not both (keyless explain).");
  }
  if (values.json && values.brief) {
    throw new UsageError("--brief shortens the text report; it does not apply to --json (keyless explain).");
  }
  const text = await readText(values.file, positionals, io);
  if (text.trim() === "") {
    throw new UsageError(
      'no error text given; pass it as an argument, with --file FILE, or on standard input (e.g. "python app.py 2>&1 | keyless explain").',
    );
  }
  const matches = explain(text, language === undefined ? {} : { language });
  if (values.json) {
    const matchesJson = matches.map(
      ({ code, title, confidence, facts, fix, language: fixLanguage, why, confirm, distinguish }) => ({
        code,
        title,
        confidence,
        facts,
        fix,
        language: fixLanguage,
        why,
        confirm,
        ...(distinguish ? { distinguish } : {}),
      }),
    );
    io.stdout.write(`${JSON.stringify({ matches: matchesJson }, null, 2)}\n`);
  } else {
    io.stdout.write(renderExplainText(matches, { width, style, brief: values.brief === true }));
  }
  return matches.length > 0 ? EXIT.ok : EXIT.problem;
}

function readLanguage(name: string): FixLanguage {
  const language = parseFixLanguage(name);
  if (language === undefined) {
    throw new UsageError(
      `--lang "${name}" is not a language keyless writes fixes in; use one of ${FIX_LANGUAGES.join(", ")} (keyless explain).`,
    );
  }
  return language;
}

function unknownCodeMessage(code: string): string {
  const suggestion = closestCode(code);
  const hint = suggestion === undefined ? "" : `; did you mean "${suggestion}"?`;
  return `"${code}" is not a cause code${hint} Every code is listed at ${causePageUrl("README")}.`;
}

/** The catalog code nearest to `input` by edits, when it is near enough to be a typo. */
function closestCode(input: string): string | undefined {
  const wanted = input.trim().toLowerCase();
  let best: { code: string; distance: number } | undefined;
  for (const code of listCauseCodes()) {
    const distance = editDistance(wanted, code);
    if (distance <= Math.max(3, Math.floor(code.length / 4)) && (!best || distance < best.distance)) {
      best = { code, distance };
    }
  }
  return best?.code;
}

async function readText(file: string | undefined, positionals: string[], io: CliIo): Promise<string> {
  if (file !== undefined) return readTextFile(file);
  if (positionals.length > 0) return positionals.join(" ");
  if (io.stdin.isTTY) {
    io.stderr.write("Paste the error text, then press Ctrl-D (Ctrl-Z Enter on Windows).\n");
  }
  return readStreamText(io.stdin, "standard input");
}
