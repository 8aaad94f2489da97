import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * The CLIs the emulator stands in for.
 *
 * @example
 * const tool: CliShimName = "az";
 */
export type CliShimName = "az" | "azd";

/**
 * Where the control API answers each shim.
 *
 * @example
 * `${urls.http}${CLI_SHIM_PATHS.az}`; // "http://127.0.0.1:8080/_keyless/cli/az"
 */
export const CLI_SHIM_PATHS: Readonly<Record<CliShimName, string>> = Object.freeze({
  az: "/_keyless/cli/az",
  azd: "/_keyless/cli/azd",
});

/**
 * The text of a shim: a tiny Node script that posts its arguments to the control API and replays
 * the answer (stdout, stderr, exit code, and a sleep for a hanging CLI). It loads `node:http`
 * with `import()` so it runs whether Node reads the extensionless file as CommonJS or as an ES
 * module. The control URL and token are baked in (the token is the file's one secret, hence an
 * owner-only file).
 *
 * @example
 * await writeFile(join(bin, "az"), cliShimScript("az", "http://127.0.0.1:8080/_keyless/cli/az", token), { mode: 0o700 });
 */
export function cliShimScript(name: CliShimName, url: string, token: string): string {
  const fail = `keyless ${name} shim: cannot reach the emulator at ${url}`;
  return `#!/usr/bin/env node
// Written by "keyless emulator": answers \`${name}\` from the emulator's world. Deleted when it stops.
import("node:http").then(({ request }) => {
  const req = request(${JSON.stringify(url)}, {
    method: "POST",
    headers: { authorization: ${JSON.stringify(`Bearer ${token}`)}, "content-type": "application/json" },
  }, (res) => {
    let text = "";
    res.setEncoding("utf8");
    res.on("data", (chunk) => { text += chunk; });
    res.on("end", () => {
      let answer;
      try { answer = JSON.parse(text); } catch { answer = {}; }
      if (typeof answer.exitCode !== "number") {
        answer = { stderr: ${JSON.stringify(`${fail}: HTTP `)} + res.statusCode + " " + text + "\\n", exitCode: 1 };
      }
      setTimeout(() => {
        process.stdout.write(answer.stdout || "");
        process.stderr.write(answer.stderr || "");
        process.exitCode = answer.exitCode;
      }, answer.sleepMs || 0);
    });
  });
  req.on("error", (error) => {
    process.stderr.write(${JSON.stringify(`${fail} (`)} + error.message + "); is it still running?\\n");
    process.exitCode = 1;
  });
  req.end(JSON.stringify({ argv: process.argv.slice(2) }));
});
`;
}

/**
 * The stand-in for a CLI the world has not installed: a shell script that answers like a missing
 * command (`<name>: not found` on stderr, exit 127, which @azure/identity and azure-identity read as
 * "not installed"), so that a real CLI further down the printed `PATH` cannot answer instead.
 *
 * @example
 * notInstalledScript("az"); // "#!/bin/sh\n...echo 'az: not found' >&2\nexit 127\n"
 */
export function notInstalledScript(name: CliShimName): string {
  return `#!/bin/sh
# Written by "keyless emulator": the world says ${name} is not installed, so ${name} must not be found.
echo '${name}: not found' >&2
exit 127
`;
}

/**
 * Options of {@link writeCliShims}.
 *
 * @example
 * const options: WriteCliShimsOptions = { binDir, baseUrl: urls.http, token, installed: { az: true, azd: false } };
 */
export interface WriteCliShimsOptions {
  /** Directory to write into (created); it goes first on the printed `PATH`. */
  binDir: string;
  /** The emulator's plain-HTTP origin (loopback, so the shim needs no CA). */
  baseUrl: string;
  /** The control token. */
  token: string;
  /** Which CLIs the world has installed; one not installed gets the {@link notInstalledScript} stand-in. */
  installed: Readonly<Record<CliShimName, boolean>>;
}

/**
 * Writes the `az` and `azd` shims into `binDir` (mode 0700) and returns their paths: the
 * forwarding script for a CLI the world has installed, the {@link notInstalledScript} stand-in for
 * one it has not (not writing any would let a real CLI on the machine's `PATH` answer). On Windows
 * a shebang script is not runnable; the shims are for POSIX shells.
 *
 * @example
 * const shims = await writeCliShims({ binDir: join(stateDir, "bin"), baseUrl: urls.http, token, installed: { az: true, azd: true } });
 * shims.az; // "/tmp/keyless-emulator-x/bin/az"
 */
export async function writeCliShims(
  options: WriteCliShimsOptions,
): Promise<Partial<Record<CliShimName, string>>> {
  await mkdir(options.binDir, { recursive: true });
  const written: Partial<Record<CliShimName, string>> = {};
  for (const name of ["az", "azd"] as const) {
    const path = join(options.binDir, name);
    const script = options.installed[name]
      ? cliShimScript(name, `${options.baseUrl}${CLI_SHIM_PATHS[name]}`, options.token)
      : notInstalledScript(name);
    await writeFile(path, script, { mode: 0o700 });
    // writeFile keeps the mode of an existing file; make sure it is owner-only and executable.
    await chmod(path, 0o700);
    written[name] = path;
  }
  return written;
}
