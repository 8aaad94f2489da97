import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";

/**
 * Module hooks for a worker started from TypeScript sources: `./x.js` specifiers resolve to
 * `./x.ts` when only that exists (the sources import what the build emits), and `.ts` files are
 * transpiled with the `typescript` package, one file at a time (types are not checked).
 */
const TYPESCRIPT_HOOKS = `
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
let ts;
export async function initialize(data) {
  ts = (await import(data.typescript)).default;
}
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    const parent = context.parentURL ?? "";
    if (!/^\\.\\.?\\//.test(specifier) || !specifier.endsWith(".js") || !parent.startsWith("file:")) throw error;
    const candidate = new URL(specifier.slice(0, -3) + ".ts", parent);
    if (!existsSync(fileURLToPath(candidate))) throw error;
    return { url: candidate.href, shortCircuit: true };
  }
}
export async function load(url, context, next) {
  if (!url.startsWith("file:") || !url.endsWith(".ts")) return next(url, context);
  const fileName = fileURLToPath(url);
  const output = ts.transpileModule(await readFile(fileName, "utf8"), {
    fileName,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
      inlineSourceMap: true,
    },
  });
  return { format: "module", source: output.outputText, shortCircuit: true };
}
`;

/** Runs in the worker before its entry: registers the hooks, then imports the entry. */
const BOOTSTRAP = `
const { register } = require("node:module");
const { workerData } = require("node:worker_threads");
const { hooks, typescript, entry } = workerData.sourceWorker;
register("data:text/javascript," + encodeURIComponent(hooks), { data: { typescript } });
import(entry).catch((error) => { setImmediate(() => { throw error; }); });
`;

/**
 * Starts a worker thread on a TypeScript entry file, for running from the sources (tests, where no
 * built `.js` file exists): the worker transpiles the `.ts` modules it loads with the `typescript`
 * development dependency. The built package never takes this path. `options` are those of
 * `new Worker()`; `options.workerData`, when given, must be an object (its `sourceWorker` key is taken).
 *
 * @throws {Error} when the `typescript` package cannot be found.
 * @example
 * const worker = startSourceWorker(new URL("./credential-worker.ts", import.meta.url), { env, workerData: { ca } });
 */
export function startSourceWorker(entry: URL, options: WorkerOptions = {}): Worker {
  const typescript = pathToFileURL(createRequire(import.meta.url).resolve("typescript")).href;
  const own = (options.workerData ?? {}) as Record<string, unknown>;
  return new Worker(BOOTSTRAP, {
    ...options,
    eval: true,
    workerData: {
      ...own,
      sourceWorker: { hooks: TYPESCRIPT_HOOKS, typescript, entry: entry.href },
    },
  });
}
