/**
 * A migrate input that cannot be scanned at all (the path does not exist, is not a file or a
 * directory, or cannot be read), with a message that names it.
 *
 * @example
 * throw new MigrateError("path-not-found", 'path "./nope" does not exist; give a directory or a file to scan');
 */
export class MigrateError extends Error {
  readonly code: "path-not-found" | "path-unreadable" | "invalid-option";

  constructor(code: MigrateError["code"], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MigrateError";
    this.code = code;
  }
}
