import { createClock } from "../../../src/emulator/app/clock.js";
import type { EmulatorContext } from "../../../src/emulator/app/context.js";
import { createEmulatorApp } from "../../../src/emulator/app/create-emulator-app.js";
import type { EmulatorRequest } from "../../../src/emulator/http/emulator-request.js";
import { type BaseWorld, createBaseWorld } from "../../../src/emulator/scenarios/base-world.js";
import { validateWorld } from "../../../src/emulator/world/load-world.js";
import { resolveWorld } from "../../../src/emulator/world/resolve-world.js";
import type { WorldInput } from "../../../src/emulator/world/schema.js";

/** The frozen start of every in-process control test (time moves only by advance()). */
export const START = Date.parse("2025-06-02T09:00:00Z");
export const CONTROL_TOKEN = "control-token-for-tests-0123456789";
export const SYSTEM_ACCESS_TOKEN = "pipelines-system-access-token-for-tests";

/** Secrets planted in the world: none may ever appear in GET /_keyless/world or the log. */
export const CANARIES = {
  password: "CANARY-PASSWORD-7f3e91",
  secret: "CANARY-SECRET-1b2c3d",
  key1: "CANARYKEY1aaaaaaaaaaaaaaaaaaaaaaa",
  key2: "CANARYKEY2bbbbbbbbbbbbbbbbbbbbbbb",
  faultBody: "CANARY-FAULT-BODY-5a6b",
  envValue: "CANARY-ENV-VALUE-9c8d",
} as const;

/** The base world with the canaries planted (and no certificate, which would cost a key generation). */
export function canaryWorld(): BaseWorld {
  const world = createBaseWorld();
  world.users = [{ name: "alice", tenant: "contoso", password: CANARIES.password }];
  for (const app of world.applications) {
    app.secrets = [{ value: CANARIES.secret }];
    app.certificates = [];
  }
  Object.assign(world.accounts[0] ?? {}, { keys: [CANARIES.key1, CANARIES.key2] });
  world.faults = [{ target: "arm", status: 503, pathPrefix: "/never", body: CANARIES.faultBody }];
  world.defaults.env = { EXTRA_SECRET: CANARIES.envValue };
  return world;
}

/** What a test sends to the control API. */
export interface ControlRequest {
  method?: string;
  path: string;
  body?: unknown;
  /** Default: the control token; `null` sends no Authorization header. */
  token?: string | null;
  host?: string;
  headers?: Record<string, string>;
}

export interface ControlHarness {
  ctx: EmulatorContext;
  request(spec: ControlRequest): EmulatorRequest;
  send(spec: ControlRequest): Promise<Response>;
  /** `send`, then the status and the parsed JSON body. */
  json(spec: ControlRequest): Promise<{ status: number; body: Record<string, unknown> }>;
}

/** An in-process emulator (frozen clock) with the control API enabled. */
export async function createControlHarness(input: WorldInput = canaryWorld()): Promise<ControlHarness> {
  const clock = createClock({ start: START, now: () => 0 });
  const world = await resolveWorld(validateWorld(structuredClone(input), "control test world"), {
    now: START,
  });
  const app = await createEmulatorApp({
    world,
    clock,
    urls: { base: "https://127.0.0.1:8443", http: "http://127.0.0.1:8080" },
    control: { token: CONTROL_TOKEN, systemAccessToken: SYSTEM_ACCESS_TOKEN, startedAt: START },
  });
  const ctx = app.context;
  const request = (spec: ControlRequest): EmulatorRequest => {
    const body =
      spec.body === undefined ? "" : typeof spec.body === "string" ? spec.body : JSON.stringify(spec.body);
    const token = spec.token === undefined ? CONTROL_TOKEN : spec.token;
    const host = spec.host ?? "emulator";
    return {
      method: spec.method ?? "GET",
      url: new URL(`https://${host === "emulator" ? "127.0.0.1:8443" : host}${spec.path}`),
      host,
      headers: new Headers({
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(body === "" ? {} : { "content-type": "application/json" }),
        ...spec.headers,
      }),
      body,
      remoteAddress: "127.0.0.1",
      via: "direct",
      secure: true,
    };
  };
  const send = (spec: ControlRequest) => app.request(request(spec));
  return {
    ctx,
    request,
    send,
    async json(spec) {
      const response = await send(spec);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
  };
}
