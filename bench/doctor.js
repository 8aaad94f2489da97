// Time to verdict with nothing set up: `keyless doctor --json` side by side with what
// `new DefaultAzureCredential().getToken(scope)` alone takes to fail, in the same environment and
// the same run. The environment has no credential variables, an empty HOME, a PATH holding only a
// link to node (no az, azd or pwsh), and managed identity pointed at:
//  - a closed port (http://127.0.0.1:9): the connection is refused at once;
//  - a blackholed address (http://10.255.255.1): packets vanish, the realistic case off Azure.
// Both are child processes timed from spawn to exit (Node startup included in both); median of 3,
// runs alternate so background load hits them alike.
// Run: npm run build && node bench/doctor.js
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const ROOT = join(import.meta.dirname, "..");
const KEYLESS = join(ROOT, "bin", "keyless.js");
const ENDPOINT = "https://contoso.openai.azure.com";
const SCOPE = "https://cognitiveservices.azure.com/.default";
const RUNS = 3;
const TARGETS = [
  { label: "IMDS on a closed port", host: "http://127.0.0.1:9" },
  { label: "IMDS blackholed", host: "http://10.255.255.1" },
];

// Resolved from the project directory (cwd), so it loads the same @azure/identity the doctor uses.
const GET_TOKEN = `
import { DefaultAzureCredential } from "@azure/identity";
try {
  await new DefaultAzureCredential().getToken(${JSON.stringify(SCOPE)});
  console.log("token");
} catch (error) {
  console.log(error.name);
}`;

function timeProcess(args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.resume();
    child.on("error", reject);
    child.on("close", (code) => resolve({ ms: performance.now() - started, code, stdout }));
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

const work = await mkdtemp(join(tmpdir(), "keyless-bench-doctor-"));
try {
  const bin = join(work, "bin");
  const home = join(work, "home");
  await mkdir(bin);
  await mkdir(home);
  await symlink(process.execPath, join(bin, "node"));

  console.log("keyless doctor vs DefaultAzureCredential.getToken, every credential unavailable");
  console.log(`  PATH=${bin} (node only), HOME empty, no AZURE_* credential variables; median of ${RUNS}`);
  for (const { label, host } of TARGETS) {
    const env = { PATH: bin, HOME: home, AZURE_POD_IDENTITY_AUTHORITY_HOST: host };
    const doctorMs = [];
    const chainMs = [];
    let deadlineMs;
    let verdict;
    let chainOutcome;
    for (let run = 0; run < RUNS; run += 1) {
      const doctor = await timeProcess([KEYLESS, "doctor", "--json", "--endpoint", ENDPOINT], env);
      const report = JSON.parse(doctor.stdout);
      deadlineMs = report.deadlineMs;
      verdict = `${report.primary?.code ?? "none"} (exit ${doctor.code})`;
      doctorMs.push(doctor.ms);
      const chain = await timeProcess(["--input-type=module", "-e", GET_TOKEN], env);
      chainOutcome = chain.stdout.trim();
      chainMs.push(chain.ms);
    }
    const doctor = median(doctorMs);
    const chain = median(chainMs);
    console.log(`\n${label} (AZURE_POD_IDENTITY_AUTHORITY_HOST=${host})`);
    console.log(`  keyless doctor --json, time to verdict   ${seconds(doctor).padStart(9)}   ${verdict}`);
    console.log(`  DefaultAzureCredential.getToken, to fail ${seconds(chain).padStart(9)}   ${chainOutcome}`);
    console.log(`  ratio doctor / getToken                  ${(doctor / chain).toFixed(2).padStart(7)}x`);
    console.log(`  doctor's stated deadline                 ${seconds(deadlineMs).padStart(9)}`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
