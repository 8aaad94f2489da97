// Measures keyless's createTokenProvider against @azure/identity's getBearerTokenProvider, side by
// side in one run, on the same credential (a TokenCredential that signs a JWT locally, so only the
// providers' own work is measured):
//  (a) the per-call cost on a warm cache (openai-node calls the provider on every request attempt);
//  (b) credential requests under sustained concurrent load: 256 callers for 2 s, counted at the
//      credential, with tokens that live 3 minutes, then 100 s (inside identity's 2-minute refresh
//      window from the start: short-lived tokens, as a clock-skewed or CAE-shortened one can be).
// Run: npm run build && node bench/token-provider.js
import { performance } from "node:perf_hooks";
import { getBearerTokenProvider } from "@azure/identity";
import { SignJWT } from "jose";
import { createTokenProvider } from "../dist/index.js";

const SCOPE = "https://cognitiveservices.azure.com/.default";
const KEY = new TextEncoder().encode("bench-signing-key-0123456789abcdef");
const WARM_CALLS = 200_000;
const ROUNDS = 3;

function countingCredential(lifetimeMs) {
  const credential = {
    requests: 0,
    async getToken() {
      credential.requests += 1;
      const expiresOnTimestamp = Date.now() + lifetimeMs;
      const token = await new SignJWT({ aud: "https://cognitiveservices.azure.com" })
        .setProtectedHeader({ alg: "HS256" })
        .setExpirationTime(Math.floor(expiresOnTimestamp / 1000))
        .sign(KEY);
      return { token, expiresOnTimestamp };
    },
  };
  return credential;
}

async function perCallNs(provider) {
  await provider();
  const started = performance.now();
  for (let i = 0; i < WARM_CALLS; i++) await provider();
  return ((performance.now() - started) * 1e6) / WARM_CALLS;
}

async function sustained(makeProvider, lifetimeMs) {
  const credential = countingCredential(lifetimeMs);
  const provider = makeProvider(credential);
  const until = performance.now() + 2000;
  let calls = 0;
  await Promise.all(
    Array.from({ length: 256 }, async () => {
      while (performance.now() < until) {
        await provider();
        calls += 1;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }),
  );
  return { requests: credential.requests, calls };
}

const keyless = (credential) => createTokenProvider({ scope: SCOPE, credential });
const identity = (credential) => getBearerTokenProvider(credential, SCOPE);

const warm = { keyless: [], identity: [] };
for (let round = 0; round < ROUNDS; round++) {
  // Alternate, so background load hits both alike.
  warm.keyless.push(await perCallNs(keyless(countingCredential(3_600_000))));
  warm.identity.push(await perCallNs(identity(countingCredential(3_600_000))));
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const k = median(warm.keyless);
const i = median(warm.identity);
console.log("Warm per-call cost (median of 3 rounds of 200,000 calls)");
console.log(`  createTokenProvider     ${k.toFixed(0).padStart(8)} ns/call`);
console.log(`  getBearerTokenProvider  ${i.toFixed(0).padStart(8)} ns/call`);
console.log(`  ratio                   ${(k / i).toFixed(3)}x (target <= 0.1x)`);
console.log("");
console.log("Credential requests, 256 concurrent callers for 2 s");
for (const lifetimeMs of [180_000, 100_000]) {
  const a = await sustained(keyless, lifetimeMs);
  const b = await sustained(identity, lifetimeMs);
  console.log(`  tokens living ${lifetimeMs / 1000} s:`);
  console.log(`    createTokenProvider     ${String(a.requests).padStart(6)} requests for ${a.calls} calls`);
  console.log(`    getBearerTokenProvider  ${String(b.requests).padStart(6)} requests for ${b.calls} calls`);
}
