import type { RequestDecision } from "../app/request-decision.js";

/**
 * What a CLI shim writes and how it exits; the control API returns it as JSON and the shim replays
 * it. `sleepMs` makes the shim wait first (a hanging CLI), for no longer than its caller and the
 * emulator are there.
 *
 * @example
 * const result: CliShimResult = { stdout: "", stderr: "ERROR: Please run 'az login' to setup account.\n", exitCode: 1 };
 */
export interface CliShimResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  sleepMs?: number;
}

/**
 * A shim answer plus the decision the request log records (never the token).
 *
 * @example
 * const answer: CliShimAnswer = { result, decision: allow("az account get-access-token for user alice") };
 */
export interface CliShimAnswer {
  result: CliShimResult;
  decision: RequestDecision;
}

/**
 * How long a shim of a CLI the world marks `hang: true` sleeps before giving up: far longer than
 * any credential's process timeout (Python's AzureCliCredential waits 10 s). Only a cap: the shim
 * stops sooner when whoever ran it or the emulator is gone (see `cliShimScript`), and a caller's
 * process timeout ends it at once.
 *
 * @example
 * setTimeout(exit, CLI_HANG_MS);
 */
export const CLI_HANG_MS = 300_000;

/**
 * Arguments of a CLI call split into options and positionals, the way az and azd read them:
 * `--name value`, `--name=value`, `-o value`; options listed as flags take no value.
 *
 * @example
 * const parsed: ParsedCliArgs = parseCliArgs(["account", "show", "-o", "json"], { o: "output" }, new Set(["--debug"]));
 */
export interface ParsedCliArgs {
  positionals: string[];
  /** Values by long option name (without dashes); repeated options keep every value. */
  options: Map<string, string[]>;
  flags: Set<string>;
  /** Options that needed a value and had none, or are not known. */
  problems: string[];
}

/**
 * Splits `argv` into positionals, options with values (known by long name, `aliases` maps short
 * names) and flags (long names without dashes). Anything else is a problem, reported as the real
 * CLIs do ("unrecognized arguments").
 *
 * @example
 * parseCliArgs(["auth", "token", "--scope", "s", "--no-prompt"], new Set(["scope"]), new Set(["no-prompt"]), {});
 */
export function parseCliArgs(
  argv: readonly string[],
  valued: ReadonlySet<string>,
  flags: ReadonlySet<string>,
  aliases: Readonly<Record<string, string>>,
): ParsedCliArgs {
  const parsed: ParsedCliArgs = { positionals: [], options: new Map(), flags: new Set(), problems: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? "";
    if (!arg.startsWith("-") || arg === "-") {
      parsed.positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf("=");
    const rawName = equals > 0 ? arg.slice(0, equals) : arg;
    const bare = rawName.replace(/^-+/, "");
    const name = rawName.startsWith("--") ? bare : (aliases[bare] ?? bare);
    if (flags.has(name) && equals < 0) {
      parsed.flags.add(name);
      continue;
    }
    if (!valued.has(name)) {
      parsed.problems.push(arg);
      continue;
    }
    const value = equals > 0 ? arg.slice(equals + 1) : argv[i + 1];
    if (value === undefined) {
      parsed.problems.push(`${rawName} (expected a value)`);
      continue;
    }
    if (equals < 0) i += 1;
    parsed.options.set(name, [...(parsed.options.get(name) ?? []), value]);
  }
  return parsed;
}
