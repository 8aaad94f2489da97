import { normalizeAudience } from "./audience.js";

/**
 * The Azure clouds keyless knows about. `usgov` is Azure Government, `china` is Azure China (21Vianet).
 *
 * @example
 * const cloud: CloudName = "usgov";
 */
export type CloudName = "public" | "usgov" | "china";

/**
 * The host names, audiences and scopes that differ between Azure clouds.
 *
 * Audiences carry no trailing slash: that is the form the data plane names in its flat 401
 * (`audience is incorrect (https://cognitiveservices.azure.com)`).
 *
 * @example
 * const info: CloudInfo = CLOUDS.usgov;
 * info.cognitiveServicesScope; // "https://cognitiveservices.azure.us/.default"
 */
export interface CloudInfo {
  name: CloudName;
  /** Human name, for messages. */
  displayName: string;
  /** Entra ID authority host, as `AzureAuthorityHosts` spells it. */
  authorityHost: string;
  /** Other authority hosts seen in the wild for the same cloud. */
  alternativeAuthorityHosts: readonly string[];
  /** The `aud` an Azure OpenAI / Cognitive Services data plane expects. */
  cognitiveServicesAudience: string;
  /** The scope to request for {@link CloudInfo.cognitiveServicesAudience}. */
  cognitiveServicesScope: string;
  /** Azure Resource Manager origin. */
  armHost: string;
  /** The scope to request for ARM calls. */
  armScope: string;
  /** Host suffixes (leading dot) of resources with a custom subdomain that serve the OpenAI API. */
  openAIHostSuffixes: readonly string[];
  /** Host suffix of the regional, keys-only endpoints (`<region>` + suffix). */
  regionalHostSuffix: string;
  /** Host suffix of Foundry (AI Services) resources, where known. */
  aiServicesHostSuffix?: string;
  /** The `aud` of Foundry project APIs (agents), where known. */
  foundryAudience?: string;
  /** The scope to request for {@link CloudInfo.foundryAudience}. */
  foundryScope?: string;
  /** Host suffix of API Management gateways, which often sit in front of Azure OpenAI. */
  apimHostSuffix: string;
}

/**
 * Facts per cloud, from `reference/roles-and-endpoints.md` §5.
 *
 * @example
 * CLOUDS.public.authorityHost; // "https://login.microsoftonline.com"
 * CLOUDS.china.regionalHostSuffix; // ".api.cognitive.azure.cn"
 */
export const CLOUDS: Readonly<Record<CloudName, CloudInfo>> = Object.freeze({
  public: Object.freeze({
    name: "public",
    displayName: "Azure public cloud",
    authorityHost: "https://login.microsoftonline.com",
    // MSAL treats login.windows.net as an alias of the public authority; older configs still use it.
    alternativeAuthorityHosts: Object.freeze(["https://login.windows.net"]),
    cognitiveServicesAudience: "https://cognitiveservices.azure.com",
    cognitiveServicesScope: "https://cognitiveservices.azure.com/.default",
    armHost: "https://management.azure.com",
    armScope: "https://management.azure.com/.default",
    openAIHostSuffixes: Object.freeze([
      ".openai.azure.com",
      ".cognitiveservices.azure.com",
      ".services.ai.azure.com",
    ]),
    regionalHostSuffix: ".api.cognitive.microsoft.com",
    aiServicesHostSuffix: ".services.ai.azure.com",
    foundryAudience: "https://ai.azure.com",
    foundryScope: "https://ai.azure.com/.default",
    apimHostSuffix: ".azure-api.net",
  }),
  usgov: Object.freeze({
    name: "usgov",
    displayName: "Azure US Government",
    authorityHost: "https://login.microsoftonline.us",
    alternativeAuthorityHosts: Object.freeze([]),
    cognitiveServicesAudience: "https://cognitiveservices.azure.us",
    cognitiveServicesScope: "https://cognitiveservices.azure.us/.default",
    armHost: "https://management.usgovcloudapi.net",
    armScope: "https://management.usgovcloudapi.net/.default",
    openAIHostSuffixes: Object.freeze([".openai.azure.us", ".cognitiveservices.azure.us"]),
    regionalHostSuffix: ".api.cognitive.microsoft.us",
    apimHostSuffix: ".azure-api.us",
  }),
  china: Object.freeze({
    name: "china",
    displayName: "Azure China (21Vianet)",
    authorityHost: "https://login.chinacloudapi.cn",
    // Some READMEs use the partner host; it is the same cloud.
    alternativeAuthorityHosts: Object.freeze(["https://login.partner.microsoftonline.cn"]),
    cognitiveServicesAudience: "https://cognitiveservices.azure.cn",
    cognitiveServicesScope: "https://cognitiveservices.azure.cn/.default",
    armHost: "https://management.chinacloudapi.cn",
    armScope: "https://management.chinacloudapi.cn/.default",
    openAIHostSuffixes: Object.freeze([".openai.azure.cn", ".cognitiveservices.azure.cn"]),
    regionalHostSuffix: ".api.cognitive.azure.cn",
    apimHostSuffix: ".azure-api.cn",
  }),
});

/**
 * The cloud names in a stable order (public first), for iteration.
 *
 * @example
 * for (const name of CLOUD_NAMES) console.log(CLOUDS[name].authorityHost);
 */
export const CLOUD_NAMES: readonly CloudName[] = Object.freeze(["public", "usgov", "china"]);

const DEFAULT_SUFFIX = "/.default";

/** Host of a URL-ish string (`https://x/y`, `x/y`, `x`), lower-cased; undefined when there is none. */
function hostOf(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  try {
    const host = new URL(withScheme).host.toLowerCase();
    return host === "" ? undefined : host;
  } catch {
    return undefined;
  }
}

/**
 * The cloud an Entra ID authority host belongs to, or `undefined` for a host keyless does not know
 * (a custom or emulated authority). Accepts a bare host, an origin, or a full authority URL with a
 * tenant path; case and trailing slashes do not matter.
 *
 * @example
 * cloudForAuthorityHost("https://login.microsoftonline.us/"); // "usgov"
 * cloudForAuthorityHost("login.partner.microsoftonline.cn"); // "china"
 * cloudForAuthorityHost("https://127.0.0.1:8443"); // undefined
 */
export function cloudForAuthorityHost(url: string): CloudName | undefined {
  const host = hostOf(url);
  if (host === undefined) return undefined;
  for (const name of CLOUD_NAMES) {
    const info = CLOUDS[name];
    for (const candidate of [info.authorityHost, ...info.alternativeAuthorityHosts]) {
      if (hostOf(candidate) === host) return name;
    }
  }
  return undefined;
}

/**
 * The audience a scope asks for: the scope without its `/.default` suffix, or without the
 * permission name for a delegated scope (`https://x/user_impersonation` -> `https://x`).
 * A resource URI without a permission is returned as is. Never throws.
 *
 * `https://cognitiveservices.azure.com//.default` (a resource with a trailing slash, plus
 * `/.default`) asks for `https://cognitiveservices.azure.com/`, which is what Entra issues.
 *
 * @example
 * audienceFromScope("https://cognitiveservices.azure.com/.default"); // "https://cognitiveservices.azure.com"
 * audienceFromScope("https://cognitiveservices.azure.com"); // "https://cognitiveservices.azure.com"
 */
export function audienceFromScope(scope: string): string {
  const trimmed = scope.trim();
  if (trimmed.toLowerCase().endsWith(DEFAULT_SUFFIX)) {
    return trimmed.slice(0, trimmed.length - DEFAULT_SUFFIX.length);
  }
  const delegated = /^([a-z][a-z0-9+.-]*:\/\/[^/]+)\/([^/]+)$/i.exec(trimmed);
  if (delegated?.[1] !== undefined) return delegated[1];
  return trimmed;
}

/**
 * The cloud an audience (a token's `aud`, or a scope) belongs to: Cognitive Services, ARM or Foundry
 * audiences of any cloud, with or without a trailing slash or `/.default`. Undefined for anything
 * else (an app's own `api://` audience, Microsoft Graph, a typo).
 *
 * @example
 * cloudForAudience("https://cognitiveservices.azure.us"); // "usgov"
 * cloudForAudience("https://cognitiveservices.azure.cn/.default"); // "china"
 * cloudForAudience("https://ai.azure.com/"); // "public"
 */
export function cloudForAudience(aud: string): CloudName | undefined {
  const wanted = normalizeAudience(audienceFromScope(aud));
  if (wanted === "") return undefined;
  for (const name of CLOUD_NAMES) {
    const info = CLOUDS[name];
    const known = [info.cognitiveServicesAudience, info.armHost, info.foundryAudience];
    if (known.some((candidate) => candidate !== undefined && normalizeAudience(candidate) === wanted)) {
      return name;
    }
  }
  return undefined;
}
