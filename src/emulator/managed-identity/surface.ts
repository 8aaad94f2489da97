import { randomBytes } from "node:crypto";
import type { EmulatorContext } from "../app/context.js";
import { deny } from "../app/request-decision.js";
import { faultResponse, resetConnection } from "../faults/fault-response.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import type { EmulatorResponse } from "../http/emulator-response.js";
import type { Surface } from "../http/surface.js";
import type { FaultTarget, Host, HostKind } from "../world/model.js";
import { handleAppServiceTokenRequest } from "./app-service-endpoint.js";
import { createArcChallengeStore } from "./arc-challenge-store.js";
import { handleArcTokenRequest } from "./arc-endpoint.js";
import { handleCloudShellTokenRequest } from "./cloud-shell-endpoint.js";
import { endpointKindForPath, MANAGED_IDENTITY_HOSTS } from "./endpoint-paths.js";
import { MANAGED_IDENTITY_FAULT_SHAPE } from "./fault-response.js";
import type { ManagedIdentityHandlerDeps } from "./handler-deps.js";
import { handleImdsTokenRequest } from "./imds-endpoint.js";
import { hostRefused, isManagedIdentityHost } from "./request-check.js";
import { hostForKind } from "./select-identity.js";
import { handleServiceFabricTokenRequest } from "./service-fabric-endpoint.js";

/**
 * Options of {@link createManagedIdentitySurface}.
 *
 * @example
 * const options: ManagedIdentitySurfaceOptions = { arcTokenDirectory: join(stateDir, "arc-tokens") };
 */
export interface ManagedIdentitySurfaceOptions {
  /**
   * The secret App Service (`X-IDENTITY-HEADER`) and Service Fabric (`secret`) callers must present;
   * the printed environment's `IDENTITY_HEADER`. Random per surface when absent.
   */
  identityHeader?: string;
  /**
   * Where Azure Arc challenge files are written. Default `/var/opt/azcmagent/tokens`, the only
   * directory msal-node (and so `@azure/identity`) reads them from on Linux; creating it needs root.
   */
  arcTokenDirectory?: string;
  /**
   * Where Arc challenge files go when `arcTokenDirectory` cannot be written (not root): the
   * emulator's state directory. Default: a temporary directory of the surface's own.
   */
  arcFallbackDirectory?: string;
  /** GUID source for correlation ids; the context's `newId` by default. */
  newId?: () => string;
  /** Random token source for Arc file names and secrets. */
  randomToken?: () => string;
}

/**
 * The managed identity surface plus what the environment printer needs to know about it.
 *
 * @example
 * env.IDENTITY_HEADER = createManagedIdentitySurface().identityHeader;
 */
export interface ManagedIdentitySurface extends Surface {
  /** The value `IDENTITY_HEADER` must hold. */
  readonly identityHeader: string;
  /** Where Arc challenge files go (the `realm` of the 401). */
  readonly arcTokenDirectory: string;
  /** Deletes outstanding Arc challenge files (call on emulator close). */
  dispose(): Promise<void>;
}

type Handler = (
  request: EmulatorRequest,
  context: EmulatorContext,
  host: Host,
  deps: ManagedIdentityHandlerDeps,
) => Promise<EmulatorResponse>;

const HANDLERS: Readonly<Record<HostKind, Handler>> = {
  imds: handleImdsTokenRequest,
  "app-service": handleAppServiceTokenRequest,
  "cloud-shell": (request, context, host) => handleCloudShellTokenRequest(request, context, host),
  arc: handleArcTokenRequest,
  "service-fabric": handleServiceFabricTokenRequest,
};

const FAULT_TARGETS: Readonly<Record<HostKind, FaultTarget | undefined>> = {
  imds: "imds",
  "app-service": "app-service",
  "cloud-shell": "cloud-shell",
  arc: "arc",
  "service-fabric": "service-fabric",
};

/** The host names the emulator's own listeners answer as (`ctx.urls`), e.g. a configured bind name. */
function ownHostNames(context: EmulatorContext): string[] {
  const names: string[] = [];
  for (const origin of [context.urls.http, context.urls.base]) {
    try {
      names.push(new URL(origin).hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1"));
    } catch {
      // Not a URL (not listening yet): nothing to add.
    }
  }
  return names;
}

function claimedKind(request: EmulatorRequest): HostKind | undefined {
  if (!MANAGED_IDENTITY_HOSTS.includes(request.host)) return undefined;
  const kind = endpointKindForPath(request.url.pathname);
  // The link-local address only ever serves IMDS.
  if (request.host === "169.254.169.254" && kind !== "imds") return undefined;
  return kind;
}

/**
 * Creates the managed identity surface: IMDS, App Service, Cloud Shell, Azure Arc and Service
 * Fabric token endpoints, each at its own path ({@link MANAGED_IDENTITY_PATHS}), each answering for
 * the world's default host of that kind (or its first host of the kind). A kind the world has no
 * host for behaves like an address nobody listens on: the connection is reset. Injected faults
 * (`imds`, `app-service`, `cloud-shell`, `arc`) come first.
 *
 * @example
 * const surface = createManagedIdentitySurface({ arcTokenDirectory: "/var/opt/azcmagent/tokens" });
 * const response = await surface.handle(request, ctx);
 */
export function createManagedIdentitySurface(
  options: ManagedIdentitySurfaceOptions = {},
): ManagedIdentitySurface {
  const randomToken = options.randomToken ?? (() => randomBytes(16).toString("hex"));
  const arc = createArcChallengeStore({
    randomToken,
    ...(options.arcTokenDirectory === undefined ? {} : { directory: options.arcTokenDirectory }),
    ...(options.arcFallbackDirectory === undefined
      ? {}
      : { fallbackDirectory: options.arcFallbackDirectory }),
  });
  const identityHeader = options.identityHeader ?? randomBytes(24).toString("base64url");
  return {
    name: "managed-identity",
    identityHeader,
    arcTokenDirectory: arc.directory,
    claims: (request) => claimedKind(request) !== undefined,
    async handle(request, context) {
      const kind = claimedKind(request);
      if (kind === undefined)
        return resetConnection(deny("unrouted", `no managed identity endpoint at ${request.url.pathname}`));
      if (!isManagedIdentityHost(request.headers.get("host"), ownHostNames(context)))
        return hostRefused(request, kind);
      const host = hostForKind(context.world, kind);
      if (host === undefined)
        return resetConnection(deny("credential.mi-unavailable", `the world has no ${kind} host`));
      const target = FAULT_TARGETS[kind];
      const fault = target === undefined ? undefined : context.takeFault(target, request.url.pathname);
      if (fault !== undefined) return faultResponse(fault, MANAGED_IDENTITY_FAULT_SHAPE);
      const deps: ManagedIdentityHandlerDeps = { newId: options.newId ?? context.newId, identityHeader, arc };
      return HANDLERS[kind](request, context, host, deps);
    },
    dispose: () => arc.clear(),
  };
}
