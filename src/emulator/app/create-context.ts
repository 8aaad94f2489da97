import { randomUUID } from "node:crypto";
import { FEDERATED_ISSUER_KEY_SET } from "../entra/federated-token.js";
import { createSigningKeyStore } from "../entra/signing-keys.js";
import { createTokenService } from "../entra/token-service.js";
import type { Fault, FaultTarget, World } from "../world/model.js";
import type {
  Clock,
  EmulatorContext,
  EmulatorUrls,
  RequestLog,
  SigningKeyStore,
  TokenService,
} from "./context.js";
import { createRequestLog } from "./request-log.js";

/**
 * Options of {@link createEmulatorContext}.
 *
 * @example
 * const options: CreateEmulatorContextOptions = { world, clock: createClock({ start: 0, now: () => 0 }) };
 */
export interface CreateEmulatorContextOptions {
  world: World;
  clock: Clock;
  /** Defaults to fresh keys for every tenant of the world and the federated issuer. */
  keys?: SigningKeyStore;
  /** Defaults to {@link createTokenService} over this context. */
  tokens?: TokenService;
  log?: RequestLog;
  /** Defaults to placeholders until the server listens (in-process tests need none). */
  urls?: EmulatorUrls;
  /** The emulator's id source (see {@link EmulatorContext.newId}); default `crypto.randomUUID`. */
  newId?: () => string;
}

/**
 * Consumes the first fault of the world for the target whose `pathPrefix` (if any) the path starts
 * with, decrementing `remaining` and dropping faults that are used up.
 *
 * @example
 * const fault = takeFaultFrom(world, "imds", "/metadata/identity/oauth2/token");
 */
export function takeFaultFrom(world: World, target: FaultTarget, path: string): Fault | undefined {
  const index = world.faults.findIndex(
    (f) =>
      f.target === target &&
      (f.pathPrefix === undefined || path.startsWith(f.pathPrefix)) &&
      (f.remaining ?? 1) > 0,
  );
  if (index < 0) return undefined;
  const fault = world.faults[index] as Fault;
  if (fault.remaining !== undefined) {
    fault.remaining -= 1;
    if (fault.remaining <= 0) world.faults.splice(index, 1);
  }
  return { ...fault };
}

/**
 * Builds the {@link EmulatorContext} every surface works on: the world, the clock, the id source,
 * per-tenant signing keys (plus the emulator's federated-token issuer key), the token service, the
 * request log, the URLs and fault consumption. `world` stays replaceable: the token service reads `ctx.world` at
 * each call.
 *
 * @example
 * const ctx = await createEmulatorContext({ world: await resolveWorld(doc, { now: clock.now() }), clock });
 * const entra = createEntraSurface();
 * const response = await entra.handle(request, ctx);
 */
export async function createEmulatorContext(options: CreateEmulatorContextOptions): Promise<EmulatorContext> {
  const keys =
    options.keys ??
    (await createSigningKeyStore([...options.world.tenants.map((t) => t.id), FEDERATED_ISSUER_KEY_SET]));
  const newId = options.newId ?? randomUUID;
  const context: EmulatorContext = {
    world: options.world,
    clock: options.clock,
    newId,
    keys,
    tokens:
      options.tokens ?? createTokenService({ world: () => context.world, clock: options.clock, keys, newId }),
    log: options.log ?? createRequestLog(),
    urls: options.urls ?? { base: "https://127.0.0.1", http: "http://127.0.0.1" },
    takeFault: (target, path) => takeFaultFrom(context.world, target, path),
  };
  return context;
}
