/**
 * What was wrong with an option of `diagnose()` or `inspectToken()`, as data, so a caller (the CLI)
 * can say it in its own words (its flag names, its environment variables) without checking again.
 *
 * @example
 * const problem: DiagnoseOptionsProblem = { option: "credential", reason: "unknown", value: "cli" };
 */
export type DiagnoseOptionsProblem =
  | { option: "endpoint"; reason: "missing" }
  | { option: "credential"; reason: "unknown"; value: string }
  | { option: "scope"; reason: "empty" | "not-a-scope"; value: string }
  | { option: "call"; reason: "unknown"; value: string }
  | { option: "apiKeyEnv"; reason: "no-name" | "not-a-variable-name" | "not-set" | "empty"; value: string }
  | { option: "ca"; reason: "not-pem"; index?: number }
  /** An option of the wrong type (a JavaScript caller's mistake): `name` says which. */
  | { option: "type"; reason: "wrong-type"; name: string; expected: string };

/**
 * `diagnose()` was called with options it cannot work with (an unknown credential name, no
 * endpoint). The message quotes the bad value and says what to pass instead; `problem` says the
 * same as data.
 *
 * @example
 * throw new DiagnoseOptionsError('credential "cli" is not a DefaultAzureCredential member; use one of: AzureCliCredential, ...', { problem: { option: "credential", reason: "unknown", value: "cli" } });
 */
export class DiagnoseOptionsError extends Error {
  readonly code = "diagnose.invalid-options";
  // Private, so two errors with the same message still compare equal (as tests and callers compare them).
  readonly #problem: DiagnoseOptionsProblem | undefined;
  constructor(message: string, options?: { cause?: unknown; problem?: DiagnoseOptionsProblem }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DiagnoseOptionsError";
    this.#problem = options?.problem;
  }

  /** Which option, and what is wrong with it; undefined only when thrown without one. */
  get problem(): DiagnoseOptionsProblem | undefined {
    return this.#problem;
  }
}
