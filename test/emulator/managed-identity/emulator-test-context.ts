import { createClock } from "../../../src/emulator/app/clock.js";
import type { EmulatorContext, SigningKeyStore } from "../../../src/emulator/app/context.js";
import {
  type CreateEmulatorContextOptions,
  createEmulatorContext,
} from "../../../src/emulator/app/create-context.js";
import {
  createEmulatorApp,
  type EmulatorApp,
  type EmulatorAppOptions,
} from "../../../src/emulator/app/create-emulator-app.js";
import { createSigningKeyStore } from "../../../src/emulator/entra/signing-keys.js";
import type { EmulatorRequest } from "../../../src/emulator/http/emulator-request.js";
import type { EmulatorResponse } from "../../../src/emulator/http/emulator-response.js";
import { validateWorld } from "../../../src/emulator/world/load-world.js";
import { resolveWorld } from "../../../src/emulator/world/resolve-world.js";

/** Fixed emulator start time for the handler tests. */
export const START = Date.parse("2025-03-01T12:00:00Z");

// RSA key generation dominates a context's cost; tenants have stable ids, so their keys are reused
// across the tests of a file (no test here rotates keys).
const keyStores = new Map<string, Promise<SigningKeyStore>>();

function signingKeysFor(tenantIds: string[]): Promise<SigningKeyStore> {
  const cacheKey = [...tenantIds].sort().join(",");
  let store = keyStores.get(cacheKey);
  if (store === undefined) {
    store = createSigningKeyStore(tenantIds, { now: () => START });
    keyStores.set(cacheKey, store);
  }
  return store;
}

/**
 * A real emulator context (`createEmulatorContext`: world, frozen clock, signing keys, token
 * service, request log, fault consumption) for in-process handler tests.
 */
export async function createTestContext(worldInput: unknown): Promise<EmulatorContext> {
  return createEmulatorContext(await testContextOptions(worldInput));
}

/** A whole in-process emulator (every surface) over the same context as {@link createTestContext}. */
export async function createTestApp(
  worldInput: unknown,
  options: Omit<EmulatorAppOptions, keyof CreateEmulatorContextOptions> = {},
): Promise<EmulatorApp> {
  return createEmulatorApp({ ...(await testContextOptions(worldInput)), ...options });
}

async function testContextOptions(worldInput: unknown): Promise<CreateEmulatorContextOptions> {
  const clock = createClock({ start: START, now: () => START });
  let n = 0;
  const world = await resolveWorld(validateWorld(worldInput, "test world"), {
    now: clock.now(),
    generateAccountKey: () => `key${++n}`.padEnd(32, "0"),
  });
  return {
    world,
    clock,
    keys: await signingKeysFor(world.tenants.map((t) => t.id)),
    urls: { base: "https://127.0.0.1:8443", http: "http://127.0.0.1:8080" },
  };
}
/** Options of {@link emulatorRequest}. */
export interface TestRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Virtual host; defaults to the URL's host name. */
  host?: string;
  via?: "direct" | "proxy";
}

/** An {@link EmulatorRequest} as the server would build it. */
export function emulatorRequest(url: string, options: TestRequestOptions = {}): EmulatorRequest {
  const parsed = new URL(url);
  return {
    method: options.method ?? "GET",
    url: parsed,
    host: options.host ?? parsed.hostname,
    headers: new Headers(options.headers ?? {}),
    body: options.body ?? "",
    remoteAddress: "127.0.0.1",
    via: options.via ?? "proxy",
    secure: parsed.protocol === "https:",
  };
}

/** The response body as text and parsed JSON (undefined when not JSON). */
export async function readBody(
  response: EmulatorResponse | Response,
): Promise<{ text: string; json: unknown }> {
  const text = await response.text();
  try {
    return { text, json: JSON.parse(text) };
  } catch {
    return { text, json: undefined };
  }
}
