/**
 * `diagnose()` was called with options it cannot work with (an unknown credential name, no
 * endpoint). The message quotes the bad value and says what to pass instead.
 *
 * @example
 * throw new DiagnoseOptionsError('credential "cli" is not a DefaultAzureCredential member; use one of: AzureCliCredential, ...');
 */
export class DiagnoseOptionsError extends Error {
  readonly code = "diagnose.invalid-options";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DiagnoseOptionsError";
  }
}
