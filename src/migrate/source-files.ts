import { lstat, open, readdir, stat } from "node:fs/promises";
import { basename, join, relative, sep } from "node:path";
import { MigrateError } from "./migrate-error.js";
import type { MigrateLanguage, MigrateNote } from "./migrate-types.js";

/** Directories that hold dependencies, builds or tool state, never the app's own code. */
const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set([
  "node_modules",
  ".git",
  ".hg",
  ".svn",
  "dist",
  "build",
  "out",
  "bin",
  "obj",
  "target",
  "venv",
  ".venv",
  "env",
  ".env",
  "__pycache__",
  ".tox",
  ".nox",
  ".mypy_cache",
  ".pytest_cache",
  "site-packages",
  ".next",
  ".nuxt",
  "coverage",
  ".terraform",
  ".gradle",
  ".idea",
  ".vscode",
]);

/** A file to scan: where it is, its path as reported, its text and what it is. */
export interface SourceFile {
  absolute: string;
  /** Relative to the scanned path, `/`-separated. */
  file: string;
  text: string;
  language: MigrateLanguage;
  /** TSX needs its own grammar. */
  tsx: boolean;
}

const COMPOSE = /^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$/i;
const APPSETTINGS = /^appsettings(?:\.[\w-]+)?\.json$/i;
const DOTENV = /^\.env(?:\.[\w.-]+)?$|\.env$/i;

/**
 * The language a file is scanned as, from its name, or `undefined` when migrate does not read it
 * (docs, images, lock files...). JSON other than app settings is read only when it is an ARM
 * template, which the caller checks on the text.
 *
 * @example
 * languageForFileName("appsettings.Development.json"); // "json"
 * languageForFileName("README.md"); // undefined
 */
export function languageForFileName(name: string): MigrateLanguage | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith(".py")) return "python";
  if (/\.(?:js|mjs|cjs|jsx)$/.test(lower)) return "javascript";
  if (/\.(?:ts|mts|cts|tsx)$/.test(lower) && !lower.endsWith(".d.ts")) return "typescript";
  if (lower.endsWith(".cs")) return "csharp";
  if (lower.endsWith(".java")) return "java";
  if (lower.endsWith(".bicep")) return "bicep";
  if (lower.endsWith(".tf")) return "terraform";
  if (DOTENV.test(lower)) return "dotenv";
  if (APPSETTINGS.test(lower) || lower === "local.settings.json") return "json";
  if (COMPOSE.test(lower)) return "yaml";
  if (lower.endsWith(".json")) return "arm";
  return undefined;
}

/** An ARM template says so in its `$schema`. */
function isArmTemplate(text: string): boolean {
  return /"\$schema"\s*:\s*"[^"]*deploymentTemplate\.json#?"/i.test(text);
}

/**
 * Reads every file under `root` that migrate scans (or `root` itself when it is a file), skipping
 * dependency, build and virtual-environment directories, binary files and files over
 * `maxFileBytes`; each skipped file the user would expect to be read gets a note.
 *
 * @throws {MigrateError} when `root` does not exist or cannot be read.
 * @example
 * const { files, notes } = await readSourceFiles("./app", 1 << 20);
 */
export async function readSourceFiles(
  root: string,
  maxFileBytes: number,
): Promise<{ files: SourceFile[]; notes: MigrateNote[] }> {
  const info = await stat(root).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT" || error.code === "ENOTDIR") {
      throw new MigrateError(
        "path-not-found",
        `path "${root}" does not exist; give a directory or a file to scan`,
        { cause: error },
      );
    }
    throw new MigrateError("path-unreadable", `cannot read "${root}" (${error.code ?? error.message})`, {
      cause: error,
    });
  });
  const files: SourceFile[] = [];
  const notes: MigrateNote[] = [];
  if (info.isFile()) {
    const name = basename(root);
    const file = await readOne(root, name, maxFileBytes, notes, true);
    if (file) files.push(file);
    return { files, notes };
  }
  if (!info.isDirectory()) {
    throw new MigrateError("path-unreadable", `"${root}" is neither a file nor a directory`);
  }
  await walk(root, root, maxFileBytes, files, notes);
  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  notes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { files, notes };
}

async function walk(
  root: string,
  dir: string,
  maxFileBytes: number,
  files: SourceFile[],
  notes: MigrateNote[],
): Promise<void> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    notes.push({ file: toReported(root, dir), message: `directory not scanned: cannot read it (${code})` });
    return;
  }
  for (const entry of entries) {
    const absolute = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (SKIPPED_DIRECTORIES.has(entry.name)) continue;
      if (await isVirtualEnvironment(absolute)) continue;
      await walk(root, absolute, maxFileBytes, files, notes);
    } else if (entry.isFile()) {
      const file = await readOne(absolute, toReported(root, absolute), maxFileBytes, notes, false);
      if (file) files.push(file);
    }
    // Symbolic links are not followed: a link to a dependency or outside the tree is not the app's code.
  }
}

async function isVirtualEnvironment(dir: string): Promise<boolean> {
  return lstat(join(dir, "pyvenv.cfg")).then(
    (s) => s.isFile(),
    () => false,
  );
}

function toReported(root: string, absolute: string): string {
  return relative(root, absolute).split(sep).join("/");
}

async function readOne(
  absolute: string,
  reported: string,
  maxFileBytes: number,
  notes: MigrateNote[],
  explicit: boolean,
): Promise<SourceFile | undefined> {
  const language = languageForFileName(basename(absolute));
  if (language === undefined) {
    if (explicit)
      notes.push({
        file: reported,
        message: "not scanned: not a source, configuration or infrastructure file migrate reads",
      });
    return undefined;
  }
  let handle: import("node:fs/promises").FileHandle | undefined;
  try {
    handle = await open(absolute, "r");
    const { size } = await handle.stat();
    if (size > maxFileBytes) {
      notes.push({
        file: reported,
        message: `not scanned: ${formatBytes(size)}, over the ${formatBytes(maxFileBytes)} bound`,
      });
      return undefined;
    }
    const buffer = await handle.readFile();
    if (buffer.subarray(0, 8000).includes(0)) {
      notes.push({ file: reported, message: "not scanned: binary content (a NUL byte)" });
      return undefined;
    }
    const text = buffer.toString("utf8");
    if (language === "arm" && !isArmTemplate(text)) return undefined;
    return { absolute, file: reported, text, language, tsx: absolute.toLowerCase().endsWith(".tsx") };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    notes.push({ file: reported, message: `not scanned: cannot read it (${code})` });
    return undefined;
  } finally {
    await handle?.close();
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1).replace(/\.0$/, "")} MiB`;
  if (bytes >= 1 << 10) return `${(bytes / (1 << 10)).toFixed(1).replace(/\.0$/, "")} KiB`;
  return `${bytes} bytes`;
}
