import { normalizeAudience } from "../../knowledge/audience.js";
import { findResource } from "../entra/known-resources.js";
import type { World } from "../world/model.js";
import { CLOUD_SHELL_SUPPORTED_AUDIENCES } from "./error-bodies.js";

// Public-cloud first-party resources a managed identity may ask for beyond the ones the emulated
// Entra ID models for user and app flows (Cloud Shell's allow-list names most of them).
const MORE_PUBLIC_RESOURCES: readonly string[] = [
  "https://database.windows.net",
  "https://ossrdbms-aad.database.windows.net",
  "https://eventhubs.azure.net",
  "https://servicebus.azure.net",
  "https://graph.windows.net",
  ...CLOUD_SHELL_SUPPORTED_AUDIENCES,
];

const MORE_PUBLIC: ReadonlySet<string> = new Set(MORE_PUBLIC_RESOURCES.map(normalizeAudience));

/**
 * Whether Entra would find a resource principal for a managed identity token request in the
 * identity's tenant: what the emulated Entra ID knows for the tenant's cloud (`findResource`:
 * Cognitive Services, ARM, Foundry, Graph, Key Vault, Storage, the world's applications), plus, in
 * the public cloud, the other first-party resources Cloud Shell and IMDS users commonly ask for.
 * Trailing slashes and case do not matter. An unknown tenant knows nothing.
 *
 * @example
 * isKnownResource(world, identity.tenantId, "https://cognitiveservices.azure.com/"); // true
 * isKnownResource(world, identity.tenantId, "https://contoso.example"); // false
 */
export function isKnownResource(world: World, tenantId: string, resource: string): boolean {
  const tenant = world.tenants.find((t) => t.id.toLowerCase() === tenantId.toLowerCase());
  if (tenant === undefined) return false;
  if (findResource(resource, tenant, world) !== undefined) return true;
  return tenant.cloud === "public" && MORE_PUBLIC.has(normalizeAudience(resource));
}
