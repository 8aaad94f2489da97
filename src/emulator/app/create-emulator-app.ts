import { createArmSurface } from "../arm/surface.js";
import type { ControlApiConfig } from "../control/control-config.js";
import { createControlSurface } from "../control/control-surface.js";
import { createDataPlaneSurface } from "../data-plane/surface.js";
import { createEntraSurface } from "../entra/surface.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import { type EmulatorResponse, toFetchResponse } from "../http/emulator-response.js";
import { createRequestHandler } from "../http/handle-request.js";
import type { Surface } from "../http/surface.js";
import { createManagedIdentitySurface } from "../managed-identity/surface.js";
import type { EmulatorContext } from "./context.js";
import { type CreateEmulatorContextOptions, createEmulatorContext } from "./create-context.js";

/**
 * Options of {@link createEmulatorApp}: the context's (world, clock, keys, log, URLs, id source)
 * and the surfaces' own settings.
 *
 * @example
 * const options: EmulatorAppOptions = { world, clock, control: { token: "c0ntr0l", systemAccessToken: "p1pel1nes" } };
 */
export interface EmulatorAppOptions extends CreateEmulatorContextOptions {
  /**
   * The secret App Service (`X-IDENTITY-HEADER`) and Service Fabric (`secret`) callers present,
   * the printed `IDENTITY_HEADER`; default 24 random bytes, new for every app.
   */
  identityHeader?: string;
  /** Where Azure Arc challenge files go; default `/var/opt/azcmagent/tokens` (what msal-node reads). */
  arcTokenDirectory?: string;
  /** Where they go when that directory cannot be written (not root); the emulator's state directory. */
  arcFallbackDirectory?: string;
  /** Random source of Arc challenge file names and secrets (tests). */
  randomToken?: () => string;
  /** Turns the control API on (`/_keyless/...`); without it every control path answers 404. */
  control?: ControlApiConfig;
}

/**
 * One emulator: its context and its own surfaces, nothing shared with any other app in the
 * process (ids, identity header, Arc challenges, control configuration, rate-limit windows,
 * verified-token cache).
 *
 * @example
 * const app = await createEmulatorApp({ world, clock });
 * const response = await app.request(request);
 */
export interface EmulatorApp {
  readonly context: EmulatorContext;
  /** In the order requests are offered to them: control, Entra ID, managed identity, ARM, data plane. */
  readonly surfaces: readonly Surface[];
  /** The value `IDENTITY_HEADER` must hold for this emulator's App Service / Service Fabric endpoints. */
  readonly identityHeader: string;
  /** Answers one request (logged with the surface's decision), as the server writes it; never throws. */
  handle(request: EmulatorRequest): Promise<EmulatorResponse>;
  /** {@link handle} for in-process callers: the answer as a Fetch `Response` (see `toFetchResponse`). */
  request(request: EmulatorRequest): Promise<Response>;
  /** Deletes this emulator's outstanding Arc challenge files. */
  close(): Promise<void>;
}

/**
 * Builds one emulator from its options, as mock-oauth2-server's handler takes its config: the
 * context (see {@link createEmulatorContext}) and a fresh set of surfaces — the control API (when
 * `control` is given), Entra ID, managed identity (with this app's identity header and Arc
 * challenge store), ARM and the Azure OpenAI data plane (with its own rate limiter and token cache)
 * — behind one request handler. Two apps in one process share nothing.
 *
 * @example
 * const app = await createEmulatorApp({ world: await resolveWorld(doc, { now: clock.now() }), clock, newId: sequentialIds() });
 * const response = await app.request(request);
 * app.context.log.entries().at(-1)?.decision; // { outcome: "allow", code: "ok", detail: "..." }
 */
export async function createEmulatorApp(options: EmulatorAppOptions): Promise<EmulatorApp> {
  const context = await createEmulatorContext(options);
  const managedIdentity = createManagedIdentitySurface({
    ...(options.identityHeader === undefined ? {} : { identityHeader: options.identityHeader }),
    ...(options.arcTokenDirectory === undefined ? {} : { arcTokenDirectory: options.arcTokenDirectory }),
    ...(options.arcFallbackDirectory === undefined
      ? {}
      : { arcFallbackDirectory: options.arcFallbackDirectory }),
    ...(options.randomToken === undefined ? {} : { randomToken: options.randomToken }),
  });
  const surfaces: readonly Surface[] = Object.freeze([
    // The control API goes first: its /_keyless/ paths must win over everything else.
    createControlSurface(options.control),
    createEntraSurface(),
    managedIdentity,
    createArmSurface(),
    createDataPlaneSurface(),
  ]);
  const handle = createRequestHandler(surfaces);
  return {
    context,
    surfaces,
    identityHeader: managedIdentity.identityHeader,
    handle: (request) => handle(request, context),
    request: async (request) => toFetchResponse(await handle(request, context)),
    close: () => managedIdentity.dispose(),
  };
}
