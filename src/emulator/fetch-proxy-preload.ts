import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
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
 * Writes the preload module ({@link fetchProxyPreloadScript}) to `path` and returns the
 * `--import=` option that loads it, for `NODE_OPTIONS`.
 *
 * @example
 * const option = await writeFetchProxyPreload("/tmp/keyless/fetch-proxy.mjs");
 * // "--import=file:///tmp/keyless/fetch-proxy.mjs"
 */
export async function writeFetchProxyPreload(path: string): Promise<string> {
  const undiciPath = createRequire(import.meta.url).resolve("undici");
  await writeFile(path, fetchProxyPreloadScript(undiciPath));
  return `--import=${pathToFileURL(path).href}`;
}
