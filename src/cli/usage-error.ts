/**
 * A command line the CLI cannot run: unknown flag, missing value, unreadable input file.
 * The CLI prints its message (never a stack) and exits with code 2.
 *
 * @example
 * throw new UsageError('unknown option "--jsn" for "keyless explain"; did you mean "--json"?');
 */
export class UsageError extends Error {
  readonly code = "cli.usage";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UsageError";
  }
}
