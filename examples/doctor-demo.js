// `npm start`: keyless doctor, from a keyless 401 to green, on the embedded emulator.
//
// 1. Start the emulator on the seed-000 scenario: the app's API key works, but its Entra ID token
//    gets 401 PermissionDenied because its principal holds Cognitive Services Contributor (it can
//    list keys) and no data-plane role.
// 2. Run `keyless doctor` as a separate process with only the emulator's environment, exactly as a
//    user would run it against Azure: it reaches https://contoso-openai.openai.azure.com through the
//    emulator's HTTPS_PROXY.
// 3. Apply the fix the doctor printed (the role assignment) through the emulator's control API, let
//    the emulator's clock run past Azure's propagation delay, and run the doctor again: green.
//
// Run: npm start (builds first), or npm run build && node examples/doctor-demo.js
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../dist/index.js";

const KEYLESS = join(import.meta.dirname, "..", "bin", "keyless.js");
const ENDPOINT = "https://contoso-openai.openai.azure.com";
const ROLE = "Cognitive Services OpenAI User";
const PROPAGATION_MINUTES = 5;

const say = (line = "") => process.stdout.write(`${line}\n`);
const step = (text) => say(`\n=== ${text}\n`);

/** Runs `keyless doctor` as a child process; streams its output, or collects it with `quiet`. */
function runDoctor(env, args, { quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KEYLESS, "doctor", "--endpoint", ENDPOINT, ...args], {
      env,
      stdio: ["ignore", quiet ? "pipe" : "inherit", quiet ? "pipe" : "inherit"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding("utf8").on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** POSTs JSON to the emulator's control API (HTTPS with the emulator's own CA, bearer control token). */
function callControl(control, ca, path, body) {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const request = https.request(
      `${control.url}/${path}`,
      {
        method: "POST",
        ca,
        headers: {
          authorization: `Bearer ${control.token}`,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(payload),
        },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8").on("data", (chunk) => {
          text += chunk;
        });
        response.on("end", () => {
          if (response.statusCode >= 200 && response.statusCode < 300) resolve(JSON.parse(text));
          else reject(new Error(`control API ${path} answered ${response.statusCode}: ${text}`));
        });
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
}

/** The role assignment the doctor's verdict asks for: who, what, where, read from its JSON report. */
function fixFromReport(report) {
  const principalId = report.arm?.principalId;
  const scope = report.arm?.account?.id;
  if (principalId === undefined || scope === undefined) {
    throw new Error("the doctor's report names no principal or account scope to assign the role to");
  }
  return { principal: principalId, principalType: report.arm.principalType, role: ROLE, scope };
}

async function main() {
  say("keyless doctor demo: a keyless 401 from Azure OpenAI, diagnosed and fixed, on the embedded emulator");
  say("  scenario  seed-000: the API key works, the Entra ID token gets 401 PermissionDenied");
  say(`  endpoint  ${ENDPOINT} (reached through the emulator's HTTPS proxy)`);

  const emulator = await startEmulator({ scenario: "seed-000", port: 0 });
  const home = await mkdtemp(join(tmpdir(), "keyless-demo-home-"));
  try {
    const ca = await readFile(emulator.files.caCertificate);
    // Only what the emulator prints, as a user would export it: nothing from this shell leaks in.
    const env = { ...emulator.env, HOME: home };
    if (process.stdout.isTTY) env.FORCE_COLOR = "1";

    step(`1/3  keyless doctor --endpoint ${ENDPOINT}`);
    await runDoctor(env, []);

    const first = await runDoctor(env, ["--json"], { quiet: true });
    const report = JSON.parse(first.stdout);
    if (report.primary?.code !== "rbac.control-plane-role-only") {
      say(`\nUnexpected verdict: ${report.primary?.code ?? "none"} (expected rbac.control-plane-role-only)`);
      return 1;
    }
    const fix = fixFromReport(report);

    step("2/3  apply the fix through the emulator's control API");
    say(`Assigning "${fix.role}" to ${fix.principalType} ${fix.principal}`);
    say(`  at ${fix.scope}`);
    say("  (what the printed `az role assignment create` does on Azure)");
    const created = await callControl(emulator.control, ca, "role-assignments", {
      principal: fix.principal,
      role: fix.role,
      scope: fix.scope,
    });
    say(`Role assignment created: ${created.id}`);
    say(`Azure takes up to ${PROPAGATION_MINUTES} minutes to propagate a new role assignment;`);
    say(`advancing the emulator's clock ${PROPAGATION_MINUTES} minutes instead of waiting.`);
    await callControl(emulator.control, ca, "clock/advance", { minutes: PROPAGATION_MINUTES });

    step(`3/3  keyless doctor --endpoint ${ENDPOINT}, again`);
    const second = await runDoctor(env, []);
    if (second.code === 0) {
      say("\n✓ Green: the keyless call works now. The fix was one role assignment.");
      return 0;
    }
    say(`\n✗ Still failing after the fix: keyless doctor exited ${second.code} (expected 0).`);
    return 1;
  } finally {
    await emulator.close();
    await rm(home, { recursive: true, force: true });
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`doctor demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
