import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { diagnose } from "../../src/diagnose/diagnose.js";
import type { DiagnosisReport } from "../../src/diagnose/diagnosis-report.js";
import { createClock } from "../../src/emulator/app/clock.js";
import type { RequestLogEntry, SigningKeyStore } from "../../src/emulator/app/context.js";
import { createEmulatorApp, type EmulatorApp } from "../../src/emulator/app/create-emulator-app.js";
import { createSigningKeyStore } from "../../src/emulator/entra/signing-keys.js";
import type { EmulatorRequest, RequestHeaders } from "../../src/emulator/http/emulator-request.js";
import { getScenario } from "../../src/emulator/scenarios/index.js";
import { type RunningEmulator, startEmulator } from "../../src/emulator/start-emulator.js";
import { generateClientCertificate } from "../../src/emulator/world/generate-client-certificate.js";
import { validateWorld } from "../../src/emulator/world/load-world.js";
import type { Fault, World } from "../../src/emulator/world/model.js";
import { resolveWorld } from "../../src/emulator/world/resolve-world.js";
import type { WorldInput } from "../../src/emulator/world/schema.js";

/*
 * One in-process emulator for the reliability tests: the default scenario's world plus a host of
 * every managed identity kind, the control API on, Arc challenge files in a temporary directory.
 */

export const START = Date.parse("2025-06-02T09:00:00Z");
export const BASE = "https://127.0.0.1:8443";
export const HTTP_BASE = "http://127.0.0.1:8080";
export const CONTROL_TOKEN = "c0ntr0l-t0ken";
export const SYSTEM_ACCESS_TOKEN = "p1pel1nes-t0ken";
export const DATA_HOST = "contoso-openai.openai.azure.com";
export const COGNITIVE_SCOPE = "https://cognitiveservices.azure.com/.default";

let keys: Promise<SigningKeyStore> | undefined;
let certificate: ReturnType<typeof generateClientCertificate> | undefined;

/**
 * Request headers that hold any text (Fetch `Headers` refuses what a socket may still deliver as
 * latin-1, and the emulator must cope with what the server hands it).
 */
export function rawHeaders(init: Record<string, string>): RequestHeaders {
  const map = new Map(Object.entries(init).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (name) => map.get(name.toLowerCase()) ?? null };
}

export interface FuzzRequest {
  method: string;
  host: string;
  /** Path and query as sent (may hold invalid percent-encoding). */
  target: string;
  headers?: Record<string, string>;
  body?: string;
  via?: "direct" | "proxy";
  secure?: boolean;
}

export interface ReliabilityEmulator {
  app: EmulatorApp;
  world: World;
  arcDirectory: string;
  send(request: FuzzRequest): Promise<Response>;
  lastLog(): RequestLogEntry | undefined;
  /** A client-credentials token of the default application for a scope. */
  appToken(scope?: string): Promise<string>;
  close(): Promise<void>;
}

export function reliabilityWorld(): WorldInput {
  const scenario = getScenario("default");
  if (scenario === undefined) throw new Error("no default scenario");
  const world = structuredClone(scenario.world);
  world.hosts = [
    ...(world.hosts ?? []),
    { name: "web", kind: "app-service", identities: ["vm"] },
    { name: "shell", kind: "cloud-shell", identities: ["vm"] },
    { name: "arc-box", kind: "arc", identities: ["vm"] },
    { name: "fabric", kind: "service-fabric", identities: ["vm"] },
  ];
  return world;
}

export async function startReliabilityEmulator(
  input: WorldInput = reliabilityWorld(),
): Promise<ReliabilityEmulator> {
  const clock = createClock({ start: START, now: () => START });
  certificate ??= generateClientCertificate("CN=reliability");
  const generated = await certificate;
  const world = await resolveWorld(validateWorld(structuredClone(input), "reliability"), {
    now: clock.now(),
    generateCertificate: async () => generated,
  });
  keys ??= createSigningKeyStore(
    world.tenants.map((t) => t.id),
    { now: () => START },
  );
  const arcDirectory = mkdtempSync(join(tmpdir(), "keyless-reliability-arc-"));
  const app = await createEmulatorApp({
    world,
    clock,
    keys: await keys,
    urls: { base: BASE, http: HTTP_BASE },
    arcTokenDirectory: arcDirectory,
    control: { token: CONTROL_TOKEN, systemAccessToken: SYSTEM_ACCESS_TOKEN },
  });
  const send = (r: FuzzRequest): Promise<Response> => {
    const secure = r.secure ?? true;
    const origin =
      r.host === "emulator" ? (secure ? BASE : HTTP_BASE) : `${secure ? "https" : "http"}://${r.host}`;
    const request: EmulatorRequest = {
      method: r.method,
      url: new URL(`${origin}${r.target.startsWith("/") ? r.target.replace(/^\/+/, "/") : `/${r.target}`}`),
      host: r.host,
      headers: rawHeaders(r.headers ?? {}),
      body: r.body ?? "",
      remoteAddress: "127.0.0.1",
      via: r.via ?? (r.host === "emulator" ? "direct" : "proxy"),
      secure,
    };
    return app.request(request);
  };
  const application = world.applications[0];
  const tenant = world.tenants[0];
  return {
    app,
    world,
    arcDirectory,
    send,
    lastLog: () => app.context.log.entries().at(-1),
    async appToken(scope = COGNITIVE_SCOPE) {
      const response = await send({
        method: "POST",
        host: "emulator",
        target: `/${tenant?.id}/oauth2/v2.0/token`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          client_id: application?.clientId ?? "",
          client_secret: application?.secrets[0]?.value ?? "",
          scope,
          grant_type: "client_credentials",
        }).toString(),
      });
      const body = (await response.json()) as { access_token?: string };
      if (body.access_token === undefined) throw new Error(`no token: ${JSON.stringify(body)}`);
      return body.access_token;
    },
    async close() {
      await app.close();
      rmSync(arcDirectory, { recursive: true, force: true });
    },
  };
}

/** A bound, not a speed claim: what a fault test allows the doctor beyond its deadline. */
export const VERDICT_MARGIN_MS = 15_000;

/** The doctor's report and how long it took to reach it. */
export interface TimedDiagnosis {
  report: DiagnosisReport;
  elapsedMs: number;
}

/** What {@link timedDiagnosis} asks the doctor; `env` is added to the emulator's, `ca` replaces its CA. */
export interface TimedDiagnosisOptions {
  endpoint: string;
  timeoutMs: number;
  env?: Record<string, string | undefined>;
  ca?: string[];
}

/**
 * Runs the doctor against a running emulator (its environment and CA) with a deadline, timed.
 *
 * @example
 * const { report, elapsedMs } = await timedDiagnosis(emulator, { endpoint, timeoutMs: 10_000 });
 */
export async function timedDiagnosis(
  emulator: RunningEmulator,
  options: TimedDiagnosisOptions,
): Promise<TimedDiagnosis> {
  const started = Date.now();
  const report = await diagnose({
    endpoint: options.endpoint,
    env: { ...emulator.env, ...options.env },
    ca: options.ca ?? [emulator.ca],
    timeoutMs: options.timeoutMs,
  });
  return { report, elapsedMs: Date.now() - started };
}

/**
 * Runs `body` with `faults` in a running emulator's world, and takes them out again, whatever
 * `body` does.
 *
 * @example
 * await withFaults(emulator, [{ id: "f", target: "arm", status: 500, headers: {} }], async () => { ... });
 */
export async function withFaults<T>(
  emulator: RunningEmulator,
  faults: Fault[],
  body: () => Promise<T>,
): Promise<T> {
  emulator.world.faults = faults;
  try {
    return await body();
  } finally {
    emulator.world.faults = [];
  }
}

/**
 * Runs `body` against a new emulator for `world` (on a free port), closed after.
 *
 * @example
 * await withEmulator(world, async (emulator) => { ... });
 */
export async function withEmulator<T>(
  world: WorldInput,
  body: (emulator: RunningEmulator) => Promise<T>,
): Promise<T> {
  const emulator = await startEmulator({ world, port: 0 });
  try {
    return await body(emulator);
  } finally {
    await emulator.close();
  }
}
