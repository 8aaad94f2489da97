import { type ParseArgsConfig, parseArgs } from "node:util";
import { editDistance } from "./edit-distance.js";
import { UsageError } from "./usage-error.js";

type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

/** What {@link parseCommandArgs} returns: option values by name and the positional arguments. */
export type ParsedCommandArgs<T extends OptionSpec> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>
>;

/**
 * `util.parseArgs` with messages that name the command and suggest the closest option.
 *
 * @example
 * const { values, positionals } = parseCommandArgs("explain", args, { json: { type: "boolean" } });
 */
export function parseCommandArgs<T extends OptionSpec>(
  command: string,
  args: string[],
  options: T,
): ParsedCommandArgs<T> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unknown = /Unknown option '([^']+)'/.exec(message)?.[1];
    if (unknown) {
      const suggestion = closestOption(unknown, Object.keys(options));
      const hint = suggestion ? `; did you mean "--${suggestion}"?` : "";
      throw new UsageError(
        `unknown option "${unknown}" for "keyless ${command}"${hint} Run "keyless ${command} --help" for the options.`,
      );
    }
    throw new UsageError(
      `${message.replace(/\.$/, "")} (keyless ${command}). Run "keyless ${command} --help".`,
      {
        cause: error,
      },
    );
  }
}

function closestOption(input: string, names: string[]): string | undefined {
  const bare = input.replace(/^-+/, "");
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(bare, name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}
