import type { EmulatorContext } from "../../../src/emulator/app/context.js";
import type { RequestDecision } from "../../../src/emulator/app/request-decision.js";
import { type EmulatorResponse, toFetchResponse } from "../../../src/emulator/http/emulator-response.js";
import type { Principal } from "../../../src/emulator/world/model.js";
import { emulatorRequest, readBody } from "../managed-identity/emulator-test-context.js";

/** The principal of the world with this name (user, application or managed identity). */
export function principalNamed(ctx: EmulatorContext, name: string): Principal {
  const { world } = ctx;
  const all: Principal[] = [...world.users, ...world.applications, ...world.managedIdentities];
  const found = all.find((p) => p.name === name);
  if (found === undefined) throw new Error(`no principal ${name}`);
  return found;
}

/** The id of a tenant by name. */
export function tenantId(ctx: EmulatorContext, name: string): string {
  const tenant = ctx.world.tenants.find((t) => t.name === name);
  if (tenant === undefined) throw new Error(`no tenant ${name}`);
  return tenant.id;
}

/** The id of a subscription by name. */
export function subscriptionId(ctx: EmulatorContext, name: string): string {
  const subscription = ctx.world.subscriptions.find((s) => s.name === name);
  if (subscription === undefined) throw new Error(`no subscription ${name}`);
  return subscription.id;
}

/** A real access token from the emulator's token service. */
export async function tokenFor(
  ctx: EmulatorContext,
  name: string,
  options: { resource?: string; tenant?: string; version?: 1 | 2 } = {},
): Promise<string> {
  const principal = principalNamed(ctx, name);
  const issued = await ctx.tokens.issueAccessToken({
    tenantId: options.tenant === undefined ? principal.tenantId : tenantId(ctx, options.tenant),
    principal,
    resource: options.resource ?? "https://management.azure.com/",
    version: options.version ?? 1,
  });
  return issued.accessToken;
}

/** Options of {@link armCall}. */
export interface ArmCallOptions {
  method?: string;
  token?: string;
  headers?: Record<string, string>;
  body?: unknown;
  host?: string;
}

/** Sends one request through a surface's handler, as the server would, and reads the answer and its decision. */
export async function armCall(
  surface: {
    handle(request: ReturnType<typeof emulatorRequest>, ctx: EmulatorContext): Promise<EmulatorResponse>;
  },
  ctx: EmulatorContext,
  path: string,
  options: ArmCallOptions = {},
): Promise<{ response: Response; decision: RequestDecision | undefined; text: string; json: unknown }> {
  const host = options.host ?? "management.azure.com";
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
  const request = emulatorRequest(`https://${host}${path}`, {
    method: options.method ?? "GET",
    headers,
    body: options.body === undefined ? "" : JSON.stringify(options.body),
  });
  const answer = await surface.handle(request, ctx);
  return { response: toFetchResponse(answer), decision: answer.decision, ...(await readBody(answer)) };
}
