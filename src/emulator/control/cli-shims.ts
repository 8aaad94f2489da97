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
 * How often a hanging shim checks that whoever ran it is still there; every fourth check it also
 * makes sure the emulator still listens.
 *
 * @example
 * setInterval(check, CLI_SHIM_WATCH_MS).unref();
 */
export const CLI_SHIM_WATCH_MS = 250;

/**
 * The text of a shim: a tiny Node script that posts its arguments to the control API and replays
 * the answer (stdout, stderr, exit code, and a sleep for a hanging CLI). It loads its modules with
 * `import()` so it runs whether Node reads the extensionless file as CommonJS or as an ES module.
 * The control URL and token are baked in (the token is the file's one secret, hence an owner-only
 * file).
 *
 * A shim outlives neither its caller nor the emulator, hanging (`sleepMs`) or not. What keeps it
 * alive is the request, then the sleep's timer; an unref'd check every {@link CLI_SHIM_WATCH_MS}
 * ends either early (one line on stderr, exit 1) as soon as
 *
 * - whoever ran it is gone: its parent changed (it was orphaned); it was adopted by init before it
 *   started (Linux: parent 1, another session than init's); or its parent's parent changed (Linux
 *   `/proc`: the `/bin/sh -c` that @azure/identity and azure-identity run a CLI through was
 *   orphaned, because its caller exited or a process timeout killed the shell but not the shim);
 * - the emulator is gone: while the request is open its socket says so; while the shim sleeps, a
 *   TCP connect to the emulator's port (once a second) is refused.
 *
 * It handles no signal, so a caller's process timeout (SIGTERM) still ends it at once.
 *
 * @example
 * await writeFile(join(bin, "az"), cliShimScript("az", "http://127.0.0.1:8080/_keyless/cli/az", token), { mode: 0o700 });
 */
export function cliShimScript(name: CliShimName, url: string, token: string): string {
  const prefix = `keyless ${name} shim: `;
  const fail = `${prefix}cannot reach the emulator at ${url}`;
  return `#!/usr/bin/env node
// Written by "keyless emulator": answers \`${name}\` from the emulator's world. Deleted when it stops.
Promise.all([import("node:fs"), import("node:http"), import("node:net")]).then(([fs, http, net]) => {
  const url = new URL(${JSON.stringify(url)});
  // [state, ppid, pgrp, session, ...] of a process from /proc (Linux); [] elsewhere or once it is gone.
  const stat = (pid) => {
    try {
      const text = fs.readFileSync("/proc/" + pid + "/stat", "utf8");
      return text.slice(text.lastIndexOf(")") + 2).split(" ");
    } catch { return []; }
  };
  const parent = process.ppid;
  const grandparent = stat(parent)[1];
  const [session, initSession] = [stat("self")[3], stat(1)[3]];
  const adopted = parent === 1 && session !== undefined && initSession !== undefined && session !== initSession;
  const callerGone = () =>
    adopted || process.ppid !== parent || (grandparent !== undefined && stat(parent)[1] !== grandparent);
  let done = false;
  let hanging = false;
  let sleep;
  let probe;
  let ticks = 0;
  const finish = () => {
    done = true;
    clearInterval(watch);
    clearTimeout(sleep);
  };
  const stop = (reason) => {
    const what = hanging ? "hanging" : "waiting for the emulator";
    finish();
    req.destroy();
    if (probe !== undefined) probe.destroy();
    process.stderr.on("error", () => undefined);
    process.stderr.write(${JSON.stringify(`${prefix}stopped `)} + what + ": " + reason + "\\n");
    process.exitCode = 1;
  };
  const watch = setInterval(() => {
    if (done) return;
    if (callerGone()) return stop(${JSON.stringify(`the process that ran ${name} is gone`)});
    if (!hanging || probe !== undefined || ++ticks % 4 !== 0) return;
    const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
    probe = net.connect(Number(url.port || 80), host);
    probe.on("connect", () => { probe.destroy(); probe = undefined; });
    probe.on("error", (error) => {
      probe = undefined;
      if (error.code === "ECONNREFUSED" && !done) stop("the emulator at " + url.origin + " has stopped");
    });
  }, ${CLI_SHIM_WATCH_MS});
  watch.unref();
  const req = http.request(url, {
    method: "POST",
    headers: { authorization: ${JSON.stringify(`Bearer ${token}`)}, "content-type": "application/json" },
  }, (res) => {
    let text = "";
    res.setEncoding("utf8");
    res.on("data", (chunk) => { text += chunk; });
    res.on("end", () => {
      if (done) return;
      let answer;
      try { answer = JSON.parse(text); } catch { answer = {}; }
      if (typeof answer.exitCode !== "number") {
        answer = { stderr: ${JSON.stringify(`${fail}: HTTP `)} + res.statusCode + " " + text + "\\n", exitCode: 1 };
      }
      hanging = answer.sleepMs > 0;
      sleep = setTimeout(() => {
        finish();
        process.stdout.write(answer.stdout || "");
        process.stderr.write(answer.stderr || "");
        process.exitCode = answer.exitCode;
      }, answer.sleepMs || 0);
    });
  });
  req.on("error", (error) => {
    if (done) return;
    finish();
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
