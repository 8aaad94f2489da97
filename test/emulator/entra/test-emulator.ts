import { createClock } from "../../../src/emulator/app/clock.js";
import type { EmulatorContext } from "../../../src/emulator/app/context.js";
import { createEmulatorContext } from "../../../src/emulator/app/create-context.js";
import { createEntraSurface } from "../../../src/emulator/entra/surface.js";
import type { EmulatorRequest } from "../../../src/emulator/http/emulator-request.js";
import { toFetchResponse } from "../../../src/emulator/http/emulator-response.js";
import { getScenario } from "../../../src/emulator/scenarios/index.js";
import { validateWorld } from "../../../src/emulator/world/load-world.js";
import type { Application, Tenant, User } from "../../../src/emulator/world/model.js";
import { resolveWorld } from "../../../src/emulator/world/resolve-world.js";
import type { WorldInput } from "../../../src/emulator/world/schema.js";

/** 2025-06-01T12:00:00Z: the emulated clock of every Entra test. */
export const START = Date.parse("2025-06-01T12:00:00Z");
export const BASE = "https://127.0.0.1:8443";

/** Sequential GUIDs, so trace and correlation ids are predictable. */
export function sequentialIds(): () => string {
  let n = 0;
  return () => {
    n += 1;
    return `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
  };
}

export interface TestEmulator {
  ctx: EmulatorContext;
  tenant: Tenant;
  app: Application;
  user: User;
  send(path: string, options?: SendOptions): Promise<Response>;
  token(tenant: string, form: Record<string, string>, options?: SendOptions): Promise<Response>;
}

export interface SendOptions {
  method?: string;
  body?: string;
  headers?: Record<string, string>;
  host?: string;
  via?: "direct" | "proxy";
}

export function defaultWorld(): WorldInput {
  const scenario = getScenario("default");
  if (scenario === undefined) throw new Error("the default scenario is missing");
  return structuredClone(scenario.world);
}

/** The default world (or another), resolved, with an Entra surface using sequential ids. */
export async function createTestEmulator(world: WorldInput = defaultWorld()): Promise<TestEmulator> {
  const clock = createClock({ start: START, now: () => 0 });
  const resolved = await resolveWorld(validateWorld(world, "test world"), { now: clock.now() });
  const ctx = await createEmulatorContext({
    world: resolved,
    clock,
    urls: { base: BASE, http: "http://127.0.0.1:8080" },
    newId: sequentialIds(),
  });
  const entra = createEntraSurface({ newId: sequentialIds() });
  const send = async (path: string, options: SendOptions = {}): Promise<Response> => {
    const host = options.host ?? "emulator";
    const request: EmulatorRequest = {
      method: options.method ?? "GET",
      url: new URL(path, host === "emulator" ? BASE : `https://${host}`),
      host,
      headers: new Headers(options.headers ?? {}),
      body: options.body ?? "",
      remoteAddress: "127.0.0.1",
      via: options.via ?? (host === "emulator" ? "direct" : "proxy"),
      secure: true,
    };
    if (!entra.claims(request)) throw new Error(`entra does not claim ${path}`);
    return toFetchResponse(await entra.handle(request, ctx));
  };
  const tenant = resolved.tenants[0] as Tenant;
  return {
    ctx,
    tenant,
    app: resolved.applications[0] as Application,
    user: resolved.users[0] as User,
    send,
    token: (tenantSegment, form, options = {}) =>
      send(`/${tenantSegment}/oauth2/v2.0/token`, {
        method: "POST",
        body: new URLSearchParams(form).toString(),
        ...options,
        headers: { "content-type": "application/x-www-form-urlencoded", ...(options.headers ?? {}) },
      }),
  };
}

/** Entra error body fields, with the trailer split off the description. */
export async function readEntraError(response: Response): Promise<{
  body: Record<string, unknown>;
  message: string;
  trailer: string;
}> {
  const body = (await response.json()) as Record<string, unknown>;
  const description = String(body.error_description);
  const at = description.indexOf("\r\nTrace ID: ");
  return { body, message: description.slice(0, at), trailer: description.slice(at) };
}
