import { normalizeAudience } from "../../knowledge/audience.js";
import { CLOUD_NAMES, CLOUDS, type CloudName } from "../../knowledge/clouds.js";
import type { Tenant, World } from "../world/model.js";

/**
 * A resource (an API with a service principal) Entra can issue tokens for.
 *
 * @example
 * const resource: KnownResource = { uri: "https://cognitiveservices.azure.com", appId: "7d312290-28c8-473c-a0ed-8e53749b6d6d", clouds: ["public"], acceptsV1: true };
 */
export interface KnownResource {
  /** Canonical identifier URI, without a trailing slash. */
  uri: string;
  /** The resource application's id, where known (AADSTS50076 names it). */
  appId?: string;
  /** Clouds whose Entra ID knows this resource. */
  clouds: readonly CloudName[];
  /** Whether the resource accepts v1 tokens (Microsoft's first-party APIs do, so Entra issues v1). */
  acceptsV1: boolean;
}

const COGNITIVE_SERVICES_APP = "7d312290-28c8-473c-a0ed-8e53749b6d6d";
const ARM_APP = "797f4846-ba00-4fd7-ba43-dac1f8f63013";
const GRAPH_APP = "00000003-0000-0000-c000-000000000000";
const KEY_VAULT_APP = "cfa8b339-82a2-471a-a3c9-0fc0be7a4093";
const STORAGE_APP = "e406a681-f3d4-42a8-90b6-c2b029497af1";

function perCloud(uri: (cloud: CloudName) => string | undefined, appId?: string): KnownResource[] {
  return CLOUD_NAMES.flatMap((cloud) => {
    const value = uri(cloud);
    return value === undefined
      ? []
      : [
          {
            uri: value.replace(/\/+$/, ""),
            clouds: [cloud],
            acceptsV1: true,
            ...(appId === undefined ? {} : { appId }),
          },
        ];
  });
}

/**
 * The Microsoft resources the emulated Entra ID knows, per cloud.
 *
 * @example
 * KNOWN_RESOURCES.filter((r) => r.clouds.includes("usgov")).map((r) => r.uri);
 */
export const KNOWN_RESOURCES: readonly KnownResource[] = Object.freeze([
  ...perCloud((c) => CLOUDS[c].cognitiveServicesAudience, COGNITIVE_SERVICES_APP),
  // Azure Government's Entra ID also issues tokens for the public Cognitive Services URI: Gov users
  // with a hard-coded public scope get a token and then the data plane's flat 401 naming
  // https://cognitiveservices.azure.us (Azure/azure-sdk-for-net#48524, microsoft/semantic-kernel#6255).
  {
    uri: CLOUDS.public.cognitiveServicesAudience,
    appId: COGNITIVE_SERVICES_APP,
    clouds: ["usgov"],
    acceptsV1: true,
  },
  ...perCloud((c) => CLOUDS[c].armHost, ARM_APP),
  ...perCloud(
    (c) =>
      ({
        public: "https://management.core.windows.net",
        usgov: "https://management.core.usgovcloudapi.net",
        china: "https://management.core.chinacloudapi.cn",
      })[c],
    ARM_APP,
  ),
  // Foundry (https://ai.azure.com): public cloud only; clouds.ts knows no sovereign Foundry audience.
  ...perCloud((c) => CLOUDS[c].foundryAudience),
  // Azure Machine Learning, per cloud as azure-ai-ml's `_azure_environments.py` lists AML_RESOURCE_ID
  // (Azure/azure-sdk-for-python). Entra issues these tokens; every inference data plane then refuses
  // them with the flat 401 (reference/error-bodies.md §2, Azure/azure-sdk-for-python#40260), which
  // is what @azure-rest/ai-inference's default scope https://ml.azure.com/.default runs into.
  ...perCloud(
    (c) =>
      ({
        public: "https://ml.azure.com",
        usgov: "https://ml.azure.us",
        china: "https://ml.azure.cn",
      })[c],
  ),
  ...perCloud(
    (c) =>
      ({
        public: "https://graph.microsoft.com",
        usgov: "https://graph.microsoft.us",
        china: "https://microsoftgraph.chinacloudapi.cn",
      })[c],
    GRAPH_APP,
  ),
  ...perCloud(
    (c) =>
      ({
        public: "https://vault.azure.net",
        usgov: "https://vault.usgovcloudapi.net",
        china: "https://vault.azure.cn",
      })[c],
    KEY_VAULT_APP,
  ),
  ...perCloud(() => "https://storage.azure.com", STORAGE_APP),
]);

/**
 * The resource a token request names, if the tenant's Entra ID knows it: a Microsoft resource of the
 * tenant's cloud (by identifier URI or application id), or an application of the world present in
 * the tenant (by `api://<clientId>` or its client id). Trailing slashes and case do not matter.
 *
 * @example
 * findResource("https://cognitiveservices.azure.com/", tenant, world)?.appId; // "7d312290-28c8-473c-a0ed-8e53749b6d6d"
 * findResource("https://cognitiveservices.azure.us", publicTenant, world); // undefined (AADSTS500011)
 */
export function findResource(resource: string, tenant: Tenant, world: World): KnownResource | undefined {
  const wanted = normalizeAudience(resource);
  const known = KNOWN_RESOURCES.find(
    (r) => r.clouds.includes(tenant.cloud) && (normalizeAudience(r.uri) === wanted || r.appId === wanted),
  );
  if (known !== undefined) return known;
  const app = world.applications.find(
    (a) =>
      (a.tenantId === tenant.id || a.alsoInTenantIds.includes(tenant.id)) &&
      (wanted === a.clientId || wanted === `api://${a.clientId}`),
  );
  // An app registration accepts v1 tokens unless its manifest says otherwise (accessTokenAcceptedVersion null).
  return app === undefined
    ? undefined
    : { uri: `api://${app.clientId}`, appId: app.clientId, clouds: [tenant.cloud], acceptsV1: true };
}
