import { createHash, randomBytes } from "node:crypto";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * The text of the preload module that makes Node's built-in `fetch` honour the proxy variables.
 * Node 20's `fetch` (undici inside Node) ignores `HTTPS_PROXY`, so openai-node, the AI SDK and
 * LangChain, which all call `fetch`, would go straight to the real Azure host names; @azure/identity,
 * curl and Python already use the proxy. Loaded with `NODE_OPTIONS=--import=<file URL>`, it installs
 * undici's `EnvHttpProxyAgent` (which reads `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` like curl)
 * as the global dispatcher, which Node's `fetch` uses. `undiciPath` is the absolute path of the
 * `undici` package's entry, so the preload works from any working directory.
 *
 * @example
 * fetchProxyPreloadScript("/opt/keyless/node_modules/undici/index.js");
 */
export function fetchProxyPreloadScript(undiciPath: string): string {
  return `// Written by "keyless emulator": Node's fetch through HTTPS_PROXY / NO_PROXY, like curl.
import { createRequire } from "node:module";
const { EnvHttpProxyAgent, setGlobalDispatcher } = createRequire(import.meta.url)(${JSON.stringify(undiciPath)});
// undici 6 flags EnvHttpProxyAgent experimental once per process; that notice is ours, not the app's.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) =>
  rest.some((r) => r === "UNDICI-EHPA" || r?.code === "UNDICI-EHPA") ? undefined : emitWarning.call(process, warning, ...rest);
try {
  setGlobalDispatcher(new EnvHttpProxyAgent());
} finally {
  process.emitWarning = emitWarning;
}
`;
}

/**
 * The preload module as written by {@link writeFetchProxyPreload}: where it is, and the option
 * that loads it.
 *
 * @example
 * const { path, nodeOption }: FetchProxyPreload = await writeFetchProxyPreload();
 */
export interface FetchProxyPreload {
  path: string;
  /** `--import=<file URL>`, for `NODE_OPTIONS`. */
  nodeOption: string;
}

/**
 * Writes the preload module ({@link fetchProxyPreloadScript}) into `directory` (default
 * `<tmpdir>/keyless-fetch-proxy`) under a name derived from its content, and returns where it is
 * and the `--import=` option that loads it. The file is shared by every emulator that writes the
 * same content and is never removed with an emulator: a shell that loaded an env file keeps a
 * working `node` after the emulator has stopped (a missing `--import` module would make every
 * `node` in it fail to start).
 *
 * @example
 * const { nodeOption } = await writeFetchProxyPreload();
 * // "--import=file:///tmp/keyless-fetch-proxy/3f2a9c1e0b7d4a58.mjs"
 */
export async function writeFetchProxyPreload(
  directory = join(tmpdir(), "keyless-fetch-proxy"),
): Promise<FetchProxyPreload> {
  const script = fetchProxyPreloadScript(createRequire(import.meta.url).resolve("undici"));
  const name = createHash("sha256").update(script).digest("hex").slice(0, 16);
  const path = join(directory, `${name}.mjs`);
  await mkdir(directory, { recursive: true });
  // Through a temporary file renamed into place: a concurrent start never reads half a module.
  const partial = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(partial, script);
  await rename(partial, path);
  return { path, nodeOption: `--import=${pathToFileURL(path).href}` };
}
