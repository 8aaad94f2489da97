// `npm start`, `npm test` and `npm run test:external` run this first (prestart, pretest,
// pretest:external), so that on a fresh clone those commands are the whole set-up. It runs before
// anything is installed, so it uses nothing but Node.js itself.
//
// 1. Installs the dependencies with `npm ci` when node_modules is missing or older than
//    package-lock.json. npm writes node_modules/.package-lock.json on every install; that file
//    missing, or older than package-lock.json, means the install does not match the lockfile.
// 2. Builds dist/ (`npm run build`).
//
// Any failure exits non-zero with the failing command, which fails the npm script that ran it.
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Why the dependencies must be installed, or undefined when node_modules matches the lockfile. */
function installReason() {
  const lockfile = mtimeOf(join(root, "package-lock.json"));
  if (lockfile === undefined) return fail("package-lock.json is missing; it is needed to install");
  if (mtimeOf(join(root, "node_modules")) === undefined) return "node_modules is missing";
  const installed = mtimeOf(join(root, "node_modules", ".package-lock.json"));
  if (installed === undefined) return "node_modules/.package-lock.json is missing (no complete npm install)";
  if (installed < lockfile) return "package-lock.json is newer than node_modules/.package-lock.json";
  return undefined;
}

function mtimeOf(path) {
  try {
    return statSync(path).mtimeMs;
  } catch (error) {
    if (error.code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * Runs npm with `args`, output shown as it comes. Through an npm script, npm_execpath is the npm
 * that runs it, so the same npm installs and builds; run by hand, the npm on PATH.
 */
function npm(args) {
  const npmCli = process.env.npm_execpath;
  const viaNode = npmCli !== undefined && /\.[cm]?js$/.test(npmCli);
  const result = viaNode
    ? spawnSync(process.execPath, [npmCli, ...args], { cwd: root, stdio: "inherit" })
    : spawnSync("npm", args, { cwd: root, stdio: "inherit", shell: process.platform === "win32" });
  if (result.error !== undefined) fail(`could not run npm ${args.join(" ")}: ${result.error.message}`);
  if (result.status !== 0) {
    const how = result.status === null ? `signal ${result.signal}` : `exit code ${result.status}`;
    fail(`npm ${args.join(" ")} failed (${how})`);
  }
}

function fail(message) {
  console.error(`bootstrap: ${message}`);
  process.exit(1);
}

const reason = installReason();
if (reason !== undefined) {
  console.log(`bootstrap: ${reason}: installing the dependencies with npm ci`);
  npm(["ci", "--no-audit", "--no-fund"]);
}
npm(["run", "build"]);
