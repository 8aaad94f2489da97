import { createClock } from "../../../src/emulator/app/clock.js";
import type { EmulatorContext, RequestLogEntry, SigningKeyStore } from "../../../src/emulator/app/context.js";
import { createEmulatorApp } from "../../../src/emulator/app/create-emulator-app.js";
import { createSigningKeyStore } from "../../../src/emulator/entra/signing-keys.js";
import { emulatorEnv } from "../../../src/emulator/env/emulator-env.js";
import type { EmulatorRequest } from "../../../src/emulator/http/emulator-request.js";
import { getScenario } from "../../../src/emulator/scenarios/index.js";
import { generateClientCertificate } from "../../../src/emulator/world/generate-client-certificate.js";
import { validateWorld } from "../../../src/emulator/world/load-world.js";
import type { Account, Principal } from "../../../src/emulator/world/model.js";
import { resolveWorld } from "../../../src/emulator/world/resolve-world.js";

/** The frozen start of every scenario run (only `ctx.clock.advance()` moves it). */
export const START = Date.parse("2025-06-02T09:00:00Z");
export const BASE = "https://127.0.0.1:8443";
export const HTTP_BASE = "http://127.0.0.1:8080";
/** The GUID every Entra request sends as `client-request-id`, so the correlation id is known. */
export const CORRELATION_ID = "5d7a4e1c-9b3f-4c2a-8e6d-1f0b2a3c4d5e";
/** The Azure CLI's public client id (first-party, present in every tenant). */
export const AZURE_CLI_CLIENT_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
export const COGNITIVE_SCOPE = "https://cognitiveservices.azure.com/.default";
export const CHAT_BODY = { messages: [{ role: "user", content: "Say hello" }] };

// RSA key and certificate generation dominate the cost of a context; tenant ids are stable per
// name, so one key store per tenant set and one certificate serve every scenario of a run.
const keyStores = new Map<string, Promise<SigningKeyStore>>();
let certificate: ReturnType<typeof generateClientCertificate> | undefined;

function signingKeysFor(tenantIds: string[]): Promise<SigningKeyStore> {
  const cacheKey = [...tenantIds].sort().join(",");
  let store = keyStores.get(cacheKey);
  if (store === undefined) {
    store = createSigningKeyStore(tenantIds, { now: () => START });
    keyStores.set(cacheKey, store);
  }
  return store;
}

/** A request as a client holding the printed environment would send it. */
export interface ClientRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** A built-in scenario's world, resolved, in-process, with the printed environment. */
export interface ScenarioRun {
  ctx: EmulatorContext;
  /** `KEY=VALUE` environment the emulator prints for this world. */
  env: Record<string, string>;
  /** The data-plane host of `AZURE_OPENAI_ENDPOINT` (`https://<host>`). */
  endpointHost: string;
  /** The chat path for `AZURE_OPENAI_DEPLOYMENT` and `OPENAI_API_VERSION`. */
  chatPath: string;
  principal(name: string): Principal;
  account(name?: string): Account;
  /** Through the emulator app's request handler, addressed in direct mode like the printed env does. */
  send(host: string, path: string, options?: ClientRequest): Promise<Response>;
  /** `POST {AZURE_AUTHORITY_HOST}/{tenant}/oauth2/v2.0/token` with a form. */
  token(tenant: string, form: Record<string, string>): Promise<Response>;
  /** Chat completions on `host` (default: the printed endpoint's host). */
  chat(credential: { token: string } | { apiKey: string }, host?: string): Promise<Response>;
  /** GET on the IMDS token endpoint (`AZURE_POD_IDENTITY_AUTHORITY_HOST`), optionally for a client id. */
  imds(resource?: string, clientId?: string): Promise<Response>;
  /** The last request-log entry. */
  lastLog(): RequestLogEntry | undefined;
}

/** Starts an in-process emulator over the named built-in scenario (frozen clock). */
export async function runScenario(name: string): Promise<ScenarioRun> {
  const scenario = getScenario(name);
  if (scenario === undefined) throw new Error(`no built-in scenario ${name}`);
  const clock = createClock({ start: START, now: () => START });
  certificate ??= generateClientCertificate("CN=scenario-conformance");
  const generated = await certificate;
  const world = await resolveWorld(validateWorld(structuredClone(scenario.world), name), {
    now: clock.now(),
    generateCertificate: async () => generated,
  });
  const app = await createEmulatorApp({
    world,
    clock,
    keys: await signingKeysFor(world.tenants.map((t) => t.id)),
    urls: { base: BASE, http: HTTP_BASE },
  });
  const ctx = app.context;
  const env = emulatorEnv(world, { urls: ctx.urls, caCertificatePath: "/tmp/ca.pem", now: clock.now() });
  // The production URL the printed env gives the app: https://<host>.
  const endpointHost = new URL(env.AZURE_OPENAI_ENDPOINT ?? "https://missing.invalid").host;
  // What a scenario gives the app to compare with: the key, wherever the world printed it.
  env.AZURE_OPENAI_API_KEY ??= env.KEYLESS_API_KEY ?? "";
  if (env.AZURE_OPENAI_API_KEY === "") delete env.AZURE_OPENAI_API_KEY;
  const chatPath = `/openai/deployments/${env.AZURE_OPENAI_DEPLOYMENT}/chat/completions?api-version=${env.OPENAI_API_VERSION}`;

  const send = (host: string, path: string, options: ClientRequest = {}): Promise<Response> => {
    const direct = host === "emulator";
    const base = direct
      ? path.startsWith("/metadata/") || path.startsWith("/cloudshell/")
        ? HTTP_BASE
        : BASE
      : `https://${host}`;
    const url = new URL(path, base);
    const request: EmulatorRequest = {
      method: options.method ?? "GET",
      url,
      host,
      headers: new Headers(options.headers ?? {}),
      body: options.body ?? "",
      remoteAddress: "127.0.0.1",
      via: "direct",
      secure: url.protocol === "https:",
    };
    return app.request(request);
  };
  const principal = (principalName: string): Principal => {
    const all: Principal[] = [...world.users, ...world.applications, ...world.managedIdentities];
    const found = all.find((p) => p.name === principalName);
    if (found === undefined) throw new Error(`scenario ${name} has no principal ${principalName}`);
    return found;
  };
  return {
    ctx,
    env,
    endpointHost,
    chatPath,
    principal,
    account(accountName = world.defaults.account ?? "") {
      const found = ctx.world.accounts.find((a) => a.name === accountName);
      if (found === undefined) throw new Error(`scenario ${name} has no account ${accountName}`);
      return found;
    },
    send,
    token: (tenant, form) =>
      send("emulator", `/${tenant}/oauth2/v2.0/token`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "client-request-id": CORRELATION_ID,
        },
        body: new URLSearchParams(form).toString(),
      }),
    chat: (credential, host = endpointHost) =>
      send(host, chatPath, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...("token" in credential
            ? { authorization: `Bearer ${credential.token}` }
            : { "api-key": credential.apiKey }),
        },
        body: JSON.stringify(CHAT_BODY),
      }),
    imds: (resource = "https://cognitiveservices.azure.com", clientId) => {
      const query = new URLSearchParams({ "api-version": "2018-02-01", resource });
      if (clientId !== undefined) query.set("client_id", clientId);
      return send("emulator", `/metadata/identity/oauth2/token?${query}`, { headers: { Metadata: "true" } });
    },
    lastLog: () => ctx.log.entries().at(-1),
  };
}

/** The access token of a successful token response (fails loudly otherwise). */
export async function accessTokenOf(response: Response): Promise<string> {
  const text = await response.text();
  if (response.status !== 200) throw new Error(`expected a token, got ${response.status}: ${text}`);
  const token = (JSON.parse(text) as { access_token?: unknown }).access_token;
  if (typeof token !== "string") throw new Error(`no access_token in ${text}`);
  return token;
}

/**
 * Entra's error body, byte for byte, for a response whose trace id (random per response) is read
 * back from it: `AADSTS<code>: <message>` plus the trailer, `error_codes`, ids, timestamp and
 * `error_uri` in Entra's field order.
 */
export function entraErrorBody(options: {
  error: string;
  code: number;
  message: string;
  traceId: string;
  timestamp: string;
  errorUriBase: string;
  suberror?: string;
}): string {
  const body: Record<string, unknown> = {
    error: options.error,
    error_description: `AADSTS${options.code}: ${options.message}\r\nTrace ID: ${options.traceId}\r\nCorrelation ID: ${CORRELATION_ID}\r\nTimestamp: ${options.timestamp}`,
    error_codes: [options.code],
    timestamp: options.timestamp,
    trace_id: options.traceId,
    correlation_id: CORRELATION_ID,
    error_uri: `${options.errorUriBase}/error?code=${options.code}`,
  };
  if (options.suberror !== undefined) body.suberror = options.suberror;
  return JSON.stringify(body);
}
