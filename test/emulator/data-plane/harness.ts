import { createClock } from "../../../src/emulator/app/clock.js";
import type { EmulatorContext } from "../../../src/emulator/app/context.js";
import { createEmulatorApp } from "../../../src/emulator/app/create-emulator-app.js";
import type { EmulatorRequest } from "../../../src/emulator/http/emulator-request.js";
import { validateWorld } from "../../../src/emulator/world/load-world.js";
import type { Account, Principal } from "../../../src/emulator/world/model.js";
import { resolveWorld } from "../../../src/emulator/world/resolve-world.js";
import type { WorldInput } from "../../../src/emulator/world/schema.js";

/** The frozen start time of every in-process data-plane test (the clock only moves by advance()). */
export const START = Date.parse("2025-06-02T09:00:00Z");

export const COGNITIVE = "https://cognitiveservices.azure.com";

/** What a test sends: everything optional except the path. */
export interface TestRequest {
  method?: string;
  host?: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  remoteAddress?: string;
}

export interface Harness {
  ctx: EmulatorContext;
  /** Builds the EmulatorRequest the server would hand to the surfaces. */
  request(spec: TestRequest): EmulatorRequest;
  /** Through the emulator's request handler (decision header removed, request logged). */
  send(spec: TestRequest): Promise<Response>;
  principal(name: string): Principal;
  account(name: string): Account;
  /** A real Entra-shaped token from the emulator's token service. */
  token(principalName: string, resource?: string, version?: 1 | 2): Promise<string>;
}

/** An in-process emulator over a world, with a frozen clock. */
export async function createHarness(input: WorldInput): Promise<Harness> {
  const clock = createClock({ start: START, now: () => 0 });
  const world = await resolveWorld(validateWorld(input, "test world"), { now: START });
  const app = await createEmulatorApp({ world, clock });
  const ctx = app.context;
  const request = (spec: TestRequest): EmulatorRequest => {
    const host = spec.host ?? "contoso-openai.openai.azure.com";
    const body =
      spec.body === undefined ? "" : typeof spec.body === "string" ? spec.body : JSON.stringify(spec.body);
    return {
      method: spec.method ?? "POST",
      url: new URL(`https://${host}${spec.path}`),
      host,
      headers: new Headers({
        ...(body === "" ? {} : { "content-type": "application/json" }),
        ...spec.headers,
      }),
      body,
      remoteAddress: spec.remoteAddress ?? "127.0.0.1",
      via: "proxy",
      secure: true,
    };
  };
  const principal = (name: string): Principal => {
    const all: Principal[] = [...ctx.world.users, ...ctx.world.applications, ...ctx.world.managedIdentities];
    const found = all.find((p) => p.name === name);
    if (found === undefined) throw new Error(`test world has no principal ${name}`);
    return found;
  };
  return {
    ctx,
    request,
    send: (spec) => app.request(request(spec)),
    principal,
    account(name) {
      const found = ctx.world.accounts.find((a) => a.name === name);
      if (found === undefined) throw new Error(`test world has no account ${name}`);
      return found;
    },
    async token(principalName, resource = COGNITIVE, version = 1) {
      const p = principal(principalName);
      const issued = await ctx.tokens.issueAccessToken({
        tenantId: p.tenantId,
        principal: p,
        resource,
        version,
      });
      return issued.accessToken;
    },
  };
}

/** The parts of OpenAI-shaped bodies the tests read. */
export interface ChatBody {
  choices: { index: number; finish_reason: string; message: { content: string } }[];
  usage: { completion_tokens: number; prompt_tokens: number; total_tokens: number };
}
export interface EmbeddingsBody {
  object: string;
  model: string;
  data: { index: number; object: string; embedding: number[] | string }[];
  usage: { prompt_tokens: number; total_tokens: number };
}
export interface ListBody {
  data: Record<string, unknown>[];
}

/** A response's JSON body, typed by the caller. */
export async function jsonOf<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** Headers of a response as a plain object (for exact assertions). */
export function headersOf(response: Response): Record<string, string> {
  return Object.fromEntries(response.headers.entries());
}

export const CHAT_PATH = "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21";
export const CHAT_BODY = { messages: [{ role: "user", content: "Say hello" }] };
export const KEY_ONE = "0123456789abcdef0123456789abcdef";
export const KEY_TWO = "fedcba9876543210fedcba9876543210";
