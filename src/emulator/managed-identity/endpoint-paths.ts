import type { HostKind } from "../world/model.js";

/**
 * Where each managed identity endpoint lives on the emulator's plain-HTTP listener. IMDS keeps its
 * real path (so `AZURE_POD_IDENTITY_AUTHORITY_HOST` and proxy mode reach it unchanged); the other
 * kinds get a path of their own so that one emulator can expose all of them at once and the printed
 * environment (`IDENTITY_ENDPOINT`, `MSI_ENDPOINT`) can point at the one it wants. None of them has
 * the shape `/{segment}/oauth2/token`, which the emulator's Entra ID answers as a tenant's v1 token
 * endpoint (Cloud Shell's real path, `/oauth2/token` on its own port, would collide).
 *
 * @example
 * const identityEndpoint = `${urls.http}${MANAGED_IDENTITY_PATHS["app-service"]}`;
 */
export const MANAGED_IDENTITY_PATHS: Readonly<Record<HostKind, string>> = Object.freeze({
  imds: "/metadata/identity/oauth2/token",
  "app-service": "/msi/token",
  "cloud-shell": "/cloudshell/token",
  arc: "/arc/metadata/identity/oauth2/token",
  "service-fabric": "/servicefabric/metadata/identity/oauth2/token",
});

/**
 * Virtual hosts the managed identity endpoints answer on: the link-local IMDS address (proxy mode,
 * `HTTP_PROXY`) and the emulator itself (direct mode, any loopback name).
 *
 * @example
 * MANAGED_IDENTITY_HOSTS.includes("169.254.169.254"); // true
 */
export const MANAGED_IDENTITY_HOSTS: readonly string[] = Object.freeze([
  "169.254.169.254",
  "emulator",
  "127.0.0.1",
  "localhost",
]);

/**
 * The endpoint kind a request path selects, or undefined when the path is not a managed identity
 * endpoint. A trailing slash is tolerated (App Service publishes `/msi/token/`).
 *
 * @example
 * endpointKindForPath("/msi/token/"); // "app-service"
 * endpointKindForPath("/openai/deployments"); // undefined
 */
export function endpointKindForPath(pathname: string): HostKind | undefined {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  const lower = path.toLowerCase();
  for (const [kind, candidate] of Object.entries(MANAGED_IDENTITY_PATHS) as [HostKind, string][]) {
    if (lower === candidate.toLowerCase()) return kind;
  }
  return undefined;
}
