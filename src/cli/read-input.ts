import { readFile, stat } from "node:fs/promises";
import { UsageError } from "./usage-error.js";

/** Inputs larger than this are refused with a usage error rather than read into memory. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/**
 * Read a whole stream as UTF-8 text (invalid bytes become U+FFFD, so binary input is harmless),
 * refusing more than {@link MAX_INPUT_BYTES}.
 *
 * @example
 * const text = await readStreamText(process.stdin, "standard input");
 */
export async function readStreamText(stream: NodeJS.ReadableStream, label: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > MAX_INPUT_BYTES) {
      throw new UsageError(
        `${label} is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB; paste only the error (status line and response body).`,
      );
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Read a text file named on the command line, with a usage error that names the path when it cannot.
 *
 * @example
 * const text = await readTextFile("error.txt");
 */
export async function readTextFile(path: string): Promise<string> {
  try {
    const info = await stat(path);
    if (!info.isFile())
      throw new UsageError(`"${path}" is not a file; pass the path of a file holding the error text.`);
    if (info.size > MAX_INPUT_BYTES) {
      throw new UsageError(
        `"${path}" is ${(info.size / 1024 / 1024).toFixed(1)} MB, more than the ${MAX_INPUT_BYTES / 1024 / 1024} MB limit; keep only the error.`,
      );
    }
    return (await readFile(path)).toString("utf8");
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "does not exist"
        : code === "EACCES"
          ? "is not readable"
          : `cannot be read (${code})`;
    throw new UsageError(`input file "${path}" ${reason}; check the path.`, { cause: error });
  }
}
