// Measures explain() on a 10 MB paste and on a typical error, side by side with a baseline that
// only scans the same text once (the floor for any analysis that reads the whole input).
// Run: npm run build && node bench/explain.js
import { performance } from "node:perf_hooks";
import { explain } from "../dist/knowledge/explain.js";

const PERMISSION_DENIED =
  '{"error":{"code":"PermissionDenied","message":"The principal 4f1c2a8e-93b5-4d6e-8a71-0c2b9e5d7f13 lacks the required data action Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action to perform POST /openai/deployments/{deployment-id}/chat/completions operation."}}';
const CHAIN = `ChainedTokenCredential authentication failed.
CredentialUnavailableError: EnvironmentCredential is unavailable. No underlying credential could be used. To troubleshoot, visit https://aka.ms/azsdk/js/identity/environmentcredential/troubleshoot.
CredentialUnavailableError: ManagedIdentityCredential: Authentication failed. Message Attempted to use the IMDS endpoint, but it is not available.
CredentialUnavailableError: Please run 'az login' from a command prompt to authenticate before using this credential.
CredentialUnavailableError: Azure Developer CLI couldn't be found. To mitigate this issue, see the troubleshooting guidelines at https://aka.ms/azsdk/js/identity/azdevclicredential/troubleshoot.`;

/** Deterministic printable noise that looks like a log (words, numbers, punctuation, newlines). */
function noise(bytes, seed = 7) {
  const words = [
    "INFO",
    "request",
    "GET",
    "/healthz",
    "200",
    "ms",
    "worker",
    "started",
    "{",
    "}",
    "=",
    "user",
    "ok",
  ];
  const parts = [];
  let size = 0;
  let state = seed;
  while (size < bytes) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const word = words[state % words.length];
    parts.push(state % 17 === 0 ? `${word}\n` : `${word} `);
    size += word.length + 1;
  }
  return parts.join("").slice(0, bytes);
}

function time(label, fn, runs) {
  fn(); // warm up
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  return { label, median };
}

const tenMb = noise(10 * 1024 * 1024);
const tenMbWithError = `${tenMb}\n${PERMISSION_DENIED}\n`;
const scanBaseline = (text) => /PermissionDenied|AADSTS\d+|statusCode/.test(text);

const rows = [
  [
    time("explain(10 MB log, no error)", () => explain(tenMb), 5),
    time("baseline regex scan", () => scanBaseline(tenMb), 5),
  ],
  [
    time("explain(10 MB log, error at the end)", () => explain(tenMbWithError), 5),
    time("baseline regex scan", () => scanBaseline(tenMbWithError), 5),
  ],
  [
    time("explain(PermissionDenied body)", () => explain(PERMISSION_DENIED), 200),
    time("baseline JSON.parse", () => JSON.parse(PERMISSION_DENIED), 200),
  ],
  [
    time("explain(aggregated chain error)", () => explain(CHAIN), 200),
    time("baseline regex scan", () => scanBaseline(CHAIN), 200),
  ],
];

const check = explain(tenMbWithError)[0]?.code;
if (check !== "rbac.missing-data-action") throw new Error(`bench input not explained as expected: ${check}`);

console.log("keyless explain benchmark (median of runs, one process, same inputs side by side)\n");
for (const [ours, base] of rows) {
  const ratio = ours.median / Math.max(base.median, 1e-6);
  console.log(
    `${ours.label.padEnd(40)} ${ours.median.toFixed(2).padStart(9)} ms   ${base.label.padEnd(22)} ${base.median.toFixed(3).padStart(9)} ms   ratio ${ratio.toFixed(1)}x`,
  );
}
