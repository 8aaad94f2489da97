// Measures what one RS256 token signature costs, side by side in one run, 32 in flight:
//  - jose's SignJWT with a Web Crypto key (what the emulator's token endpoint does),
//  - node:crypto's sign() with a callback (the thread pool, as jose 5 did),
//  - node:crypto's sign() without one (on the calling thread).
// For each: signatures per second, the calling thread's busy time per signature (event-loop
// utilisation) and the process's CPU time per signature (all threads). This is where the token
// endpoint's time goes; the emulator keeps jose (the design's JWT library).
// Run: node bench/token-signing.js
import { generateKeyPairSync, sign, webcrypto } from "node:crypto";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { SignJWT } from "jose";

const IN_FLIGHT = 32;
const DURATION_MS = 2000;
const ROUNDS = 3;

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const cryptoKey = await webcrypto.subtle.importKey(
  "pkcs8",
  privateKey.export({ type: "pkcs8", format: "der" }),
  { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
  false,
  ["sign"],
);
// An Entra-sized payload (about 1 KB of claims).
const claims = {
  aud: "https://cognitiveservices.azure.com",
  iss: "https://sts.windows.net/t/",
  pad: "x".repeat(900),
};
const signingInput = Buffer.from(`${"e".repeat(120)}.${"p".repeat(1200)}`);

const targets = {
  "jose SignJWT, Web Crypto key": () =>
    new SignJWT(claims).setProtectedHeader({ alg: "RS256", typ: "JWT" }).sign(cryptoKey),
  "node:crypto sign(), callback": () =>
    new Promise((resolve, reject) =>
      sign("sha256", signingInput, privateKey, (error, signature) =>
        error ? reject(error) : resolve(signature),
      ),
    ),
  "node:crypto sign(), synchronous": async () => sign("sha256", signingInput, privateKey),
};

async function measure(run) {
  const loop0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let done = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() - start < DURATION_MS / ROUNDS) {
        await run();
        done += 1;
      }
    }),
  );
  const elapsed = performance.now() - start;
  const loop = performance.eventLoopUtilization(loop0);
  const cpu = process.cpuUsage(cpu0);
  return { done, elapsed, busyMs: loop.active, cpuUs: cpu.user + cpu.system };
}

const totals = Object.fromEntries(
  Object.keys(targets).map((name) => [name, { done: 0, elapsed: 0, busyMs: 0, cpuUs: 0 }]),
);
for (const run of Object.values(targets)) await measure(run);
for (let round = 0; round < ROUNDS; round += 1) {
  for (const [name, run] of Object.entries(targets)) {
    const r = await measure(run);
    for (const key of Object.keys(r)) totals[name][key] += r[key];
  }
}

const cpus = os.availableParallelism?.() ?? os.cpus().length;
const lines = [
  `RS256 signing: node ${process.version}, ${cpus} CPUs, ${IN_FLIGHT} in flight, ${DURATION_MS / 1000} s each (${ROUNDS} interleaved rounds)`,
  "",
  "                                   signs/s   calling thread   all threads",
  "                                             µs per sign      µs per sign",
];
for (const [name, t] of Object.entries(totals)) {
  const rate = (t.done * 1000) / t.elapsed;
  lines.push(
    `  ${name.padEnd(32)} ${Math.round(rate).toLocaleString("en-US").padStart(6)}   ${((t.busyMs * 1000) / t.done).toFixed(0).padStart(9)}        ${(t.cpuUs / t.done).toFixed(0).padStart(6)}`,
  );
}
process.stdout.write(`${lines.join("\n")}\n`);
