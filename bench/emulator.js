// Measures the emulator side by side with its baselines, in one run:
//  (a) data-plane chat completions per second over HTTPS keep-alive: bearer token (signature,
//      claims and RBAC checked on every request), api-key, and a plain node:https server that
//      answers the same bytes (the ceiling: TLS + HTTP + the client, nothing else);
//  (b) client-credentials token issuance per second: the emulator's Entra ID token endpoint (which
//      authenticates the client secret and signs an Entra-shaped RS256 token) against
//      oauth2-mock-server (which signs an RS256 token without authenticating anyone), over HTTPS and
//      over plain HTTP;
//  (c) time from startEmulator({ scenario: "default", port: 0 }) to ready (median of 5).
// The load generator runs in a worker thread, so the server under test keeps the main event loop;
// the targets of (a) and of (b) take turns in short rounds, so background load hits them alike.
// Run: npm run build && node bench/emulator.js
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import os from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

const CONCURRENCY = 32;
const DURATION_MS = 3000;
const WARMUP_MS = 500;
const ROUNDS = 9;
const STARTUP_RUNS = 5;

// ---------------------------------------------------------------------------------------------
// Worker: N request loops over one keep-alive agent for a fixed time; counts the expected status.

async function generateLoad({ url, method, headers, body, ca, concurrency, durationMs, expectStatus }) {
  const target = new URL(url);
  const secure = target.protocol === "https:";
  const agent = secure
    ? new https.Agent({ keepAlive: true, maxSockets: concurrency, ca })
    : new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const transport = secure ? https : http;
  const payload = Buffer.from(body ?? "");
  const requestHeaders = { ...headers, "content-length": String(payload.length) };
  let done = 0;
  let unexpected = 0;
  let firstUnexpected;
  const deadline = performance.now() + durationMs;

  const one = () =>
    new Promise((resolve) => {
      const req = transport.request(target, { method, headers: requestHeaders, agent }, (res) => {
        const chunks = [];
        res.on("data", (chunk) => chunks.push(chunk));
        res.on("end", () => {
          if (res.statusCode === expectStatus) done += 1;
          else {
            unexpected += 1;
            firstUnexpected ??= `${res.statusCode} ${Buffer.concat(chunks).toString("utf8").slice(0, 200)}`;
          }
          resolve();
        });
      });
      req.on("error", (error) => {
        unexpected += 1;
        firstUnexpected ??= String(error);
        resolve();
      });
      req.end(payload);
    });

  const loop = async () => {
    while (performance.now() < deadline) await one();
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsed = performance.now() - start;
  agent.destroy();
  return { done, elapsed, unexpected, firstUnexpected };
}

if (!isMainThread) {
  const result = await generateLoad(workerData);
  parentPort.postMessage(result);
}

/** One load run in a worker thread. */
async function runWorker(spec, durationMs) {
  const worker = new Worker(new URL(import.meta.url), {
    workerData: { concurrency: CONCURRENCY, ...spec, durationMs },
  });
  const [result] = await once(worker, "message");
  await worker.terminate();
  if (result.done === 0 || result.unexpected > 0) {
    throw new Error(
      `${spec.url}: ${result.done} expected answers, ${result.unexpected} unexpected (first: ${result.firstUnexpected})`,
    );
  }
  return result;
}

/**
 * Rates (answers per second) of several targets measured side by side: a warm-up each, then
 * ROUNDS rounds that take turns, so that a machine busy with something else slows all of them
 * alike; each target gets DURATION_MS in total. `rates` are over all rounds; `rounds` are each
 * round's rates, for ratios taken within one round (see {@link roundRatios}).
 */
async function measureSideBySide(specs) {
  for (const spec of Object.values(specs)) await runWorker(spec, WARMUP_MS);
  const totals = Object.fromEntries(Object.keys(specs).map((name) => [name, { done: 0, ms: 0 }]));
  const rounds = Object.fromEntries(Object.keys(specs).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [name, spec] of Object.entries(specs)) {
      const result = await runWorker(spec, DURATION_MS / ROUNDS);
      totals[name].done += result.done;
      totals[name].ms += result.elapsed;
      rounds[name].push((result.done * 1000) / result.elapsed);
    }
  }
  const rates = Object.fromEntries(Object.entries(totals).map(([name, t]) => [name, (t.done * 1000) / t.ms]));
  return { rates, rounds };
}

/**
 * The ratio of target `a` to target `b` in each round (the two ran back to back, under the same
 * background load): median, lowest and highest. A burst of load elsewhere moves one round's ratio,
 * not the median.
 */
function roundRatios(measured, a, b) {
  const ratios = measured.rounds[a].map((rate, i) => rate / measured.rounds[b][i]);
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}

// ---------------------------------------------------------------------------------------------
// Main thread: the servers under test.

function listen(server) {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve(server.address().port));
  });
}

function close(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** One request with node:https (or http), for capturing an answer and fetching a token. */
function request(url, { method = "GET", headers = {}, body = "", ca } = {}) {
  const target = new URL(url);
  const transport = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      target,
      { method, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, ca },
      (res) => {
        const chunks = [];
        res.on("data", (chunk) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const format = (n) => Math.round(n).toLocaleString("en-US").padStart(9);
const ratio = (n) => n.toFixed(2).padStart(6);

async function main() {
  const { startEmulator } = await import("../dist/emulator/start-emulator.js");
  const { createLocalCa } = await import("../dist/emulator/tls/local-ca.js");
  const { OAuth2Server } = await import("oauth2-mock-server");
  const { readFile } = await import("node:fs/promises");

  // (c) startup first, on a quiet process.
  const startups = [];
  for (let i = 0; i < STARTUP_RUNS; i += 1) {
    const start = performance.now();
    const emulator = await startEmulator({ scenario: "default", port: 0 });
    startups.push(performance.now() - start);
    await emulator.close();
  }

  // Direct mode: the load generator calls https://127.0.0.1:PORT/_host/<account host>/..., no proxy.
  const emulator = await startEmulator({ scenario: "default", port: 0, endpointMode: "direct" });
  const emulatorCa = await readFile(emulator.files.caCertificate, "utf8");
  // The baselines get a leaf from a local CA made by the same code (ECDSA P-256), so the TLS cost
  // per connection is the same; the clients trust both CAs.
  const baselineCa = await createLocalCa({ commonName: "keyless bench baseline CA" });
  const leaf = await baselineCa.leafFor(["127.0.0.1", "localhost"]);
  const ca = [emulatorCa, baselineCa.caPem];

  const { env, urls } = emulator;
  const tenant = env.AZURE_TENANT_ID;
  const tokenForm = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: env.AZURE_CLIENT_ID,
    client_secret: env.AZURE_CLIENT_SECRET,
    scope: "https://cognitiveservices.azure.com/.default",
  }).toString();
  const formHeaders = { "content-type": "application/x-www-form-urlencoded" };
  const tokenResponse = await request(`${urls.base}/${tenant}/oauth2/v2.0/token`, {
    method: "POST",
    headers: formHeaders,
    body: tokenForm,
    ca,
  });
  if (tokenResponse.status !== 200) throw new Error(`no token: ${tokenResponse.body.toString("utf8")}`);
  const accessToken = JSON.parse(tokenResponse.body.toString("utf8")).access_token;
  const apiKey = emulator.world.accounts[0].keys[0];

  const chatUrl = `${env.AZURE_OPENAI_ENDPOINT}/openai/deployments/${env.AZURE_OPENAI_DEPLOYMENT}/chat/completions?api-version=${env.OPENAI_API_VERSION}`;
  const chatBody = JSON.stringify({ messages: [{ role: "user", content: "Say hello" }] });
  const json = { "content-type": "application/json" };

  // The ceiling answers with the bytes and headers the emulator sent for the same request.
  const sample = await request(chatUrl, {
    method: "POST",
    headers: { ...json, "api-key": apiKey },
    body: chatBody,
    ca,
  });
  if (sample.status !== 200) throw new Error(`chat with api-key: ${sample.status}`);
  const ceilingHeaders = Object.fromEntries(
    Object.entries(sample.headers).filter(([name]) => !["connection", "keep-alive", "date"].includes(name)),
  );
  const ceiling = https.createServer({ cert: leaf.certPem, key: leaf.keyPem }, (req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, ceilingHeaders);
      res.end(sample.body);
    });
  });
  const ceilingPort = await listen(ceiling);

  const chat = (url, headers) => ({
    url,
    method: "POST",
    headers: { ...json, ...headers },
    body: chatBody,
    ca,
    expectStatus: 200,
  });
  const dataPlaneRuns = await measureSideBySide({
    ceiling: chat(`https://127.0.0.1:${ceilingPort}/openai/deployments/gpt-4o/chat/completions`, {}),
    apiKey: chat(chatUrl, { "api-key": apiKey }),
    bearer: chat(chatUrl, { authorization: `Bearer ${accessToken}` }),
  });
  await close(ceiling);
  const dataPlane = dataPlaneRuns.rates;

  // (b) token issuance. oauth2-mock-server takes key and certificate file paths for HTTPS.
  const dir = await mkdtemp(join(os.tmpdir(), "keyless-bench-"));
  const keyPath = join(dir, "key.pem");
  const certPath = join(dir, "cert.pem");
  await writeFile(keyPath, leaf.keyPem);
  await writeFile(certPath, leaf.certPem);
  const mockHttps = new OAuth2Server(keyPath, certPath);
  const mockHttp = new OAuth2Server();
  for (const mock of [mockHttps, mockHttp]) {
    await mock.issuer.keys.generate("RS256");
    await mock.start(0, "127.0.0.1");
  }
  const mockSpec = (mock) => ({
    url: `${mock.issuer.url.replace("localhost", "127.0.0.1")}/token`,
    method: "POST",
    headers: formHeaders,
    body: new URLSearchParams({
      grant_type: "client_credentials",
      scope: "https://cognitiveservices.azure.com/.default",
    }).toString(),
    ca,
    expectStatus: 200,
  });
  const emulatorSpec = (base) => ({
    url: `${base}/${tenant}/oauth2/v2.0/token`,
    method: "POST",
    headers: formHeaders,
    body: tokenForm,
    ca,
    expectStatus: 200,
  });
  const tokenRuns = await measureSideBySide({
    emulatorHttps: emulatorSpec(urls.base),
    mockHttps: mockSpec(mockHttps),
    emulatorHttp: emulatorSpec(urls.http),
    mockHttp: mockSpec(mockHttp),
  });
  const tokens = tokenRuns.rates;
  await mockHttps.stop();
  await mockHttp.stop();
  await rm(dir, { recursive: true, force: true });
  await emulator.close();

  const cpus = os.availableParallelism?.() ?? os.cpus().length;
  const apiKeyRatio = roundRatios(dataPlaneRuns, "apiKey", "ceiling");
  const bearerRatio = roundRatios(dataPlaneRuns, "bearer", "ceiling");
  const httpsRatio = roundRatios(tokenRuns, "emulatorHttps", "mockHttps");
  const httpRatio = roundRatios(tokenRuns, "emulatorHttp", "mockHttp");
  const range = (r) => `${r.min.toFixed(2)}-${r.max.toFixed(2)}`;
  const lines = [
    `keyless emulator bench: node ${process.version}, ${cpus} CPUs (${os.cpus()[0]?.model.trim() ?? "unknown"}), ${CONCURRENCY} requests in flight, ${DURATION_MS / 1000} s per target (${ROUNDS} interleaved rounds)`,
    "",
    "Ratios are the median of the rounds' ratios (each round runs both targets back to back).",
    "",
    "(a) chat completions over HTTPS keep-alive                     req/s   x ceiling",
    `    plain node:https server, same response bytes (ceiling) ${format(dataPlane.ceiling)}  ${ratio(1)}`,
    `    emulator, api-key                                      ${format(dataPlane.apiKey)}  ${ratio(apiKeyRatio.median)}  (${range(apiKeyRatio)})`,
    `    emulator, bearer token (signature, claims, RBAC)       ${format(dataPlane.bearer)}  ${ratio(bearerRatio.median)}  (${range(bearerRatio)})`,
    "",
    "(b) client-credentials token issuance                       tokens/s   emulator / mock",
    `    emulator Entra ID (secret checked, RS256), HTTPS       ${format(tokens.emulatorHttps)}  ${ratio(httpsRatio.median)}  (${range(httpsRatio)})`,
    `    oauth2-mock-server 8 (no client auth, RS256), HTTPS    ${format(tokens.mockHttps)}`,
    `    emulator Entra ID, plain HTTP                          ${format(tokens.emulatorHttp)}  ${ratio(httpRatio.median)}  (${range(httpRatio)})`,
    `    oauth2-mock-server 8, plain HTTP                       ${format(tokens.mockHttp)}`,
    "",
    `(c) startEmulator({ scenario: "default", port: 0 }) to ready: median ${median(startups).toFixed(0)} ms of ${STARTUP_RUNS} (min ${Math.min(...startups).toFixed(0)}, max ${Math.max(...startups).toFixed(0)}), CA and keys included`,
    "",
    `Note: bearer validation + RBAC runs at ${ratio(bearerRatio.median).trim()}x the ceiling (api-key ${ratio(apiKeyRatio.median).trim()}x); ` +
      `the emulator issues tokens at ${ratio(httpsRatio.median).trim()}x oauth2-mock-server's rate over HTTPS (${ratio(httpRatio.median).trim()}x over HTTP).`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

if (isMainThread) {
  await main();
}
