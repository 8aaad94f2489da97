import type { CloudName } from "../../knowledge/clouds.js";

/**
 * What differs between the ARM endpoints of the clouds.
 *
 * @example
 * armCloudForHost("management.azure.com")?.audiences[2]; // "https://management.azure.com/"
 */
export interface ArmCloud {
  cloud: CloudName;
  /** The `aud` values ARM accepts, in the order its `InvalidAuthenticationTokenAudience` message lists them. */
  audiences: readonly string[];
  /** The authority ARM tells a wrong-tenant caller to use, without the tenant. */
  authorityBase: string;
}

const ARM_CLOUDS: Readonly<Record<string, ArmCloud>> = Object.freeze({
  "management.azure.com": {
    cloud: "public",
    audiences: [
      "https://management.core.windows.net/",
      "https://management.core.windows.net",
      "https://management.azure.com/",
      "https://management.azure.com",
    ],
    authorityBase: "https://login.windows.net/",
  },
  "management.usgovcloudapi.net": {
    cloud: "usgov",
    audiences: [
      "https://management.core.usgovcloudapi.net/",
      "https://management.core.usgovcloudapi.net",
      "https://management.usgovcloudapi.net/",
      "https://management.usgovcloudapi.net",
    ],
    authorityBase: "https://login.microsoftonline.us/",
  },
  "management.chinacloudapi.cn": {
    cloud: "china",
    audiences: [
      "https://management.core.chinacloudapi.cn/",
      "https://management.core.chinacloudapi.cn",
      "https://management.chinacloudapi.cn/",
      "https://management.chinacloudapi.cn",
    ],
    authorityBase: "https://login.chinacloudapi.cn/",
  },
});

/**
 * The ARM host names the emulator answers for.
 *
 * @example
 * ARM_HOSTS.includes("management.azure.com"); // true
 */
export const ARM_HOSTS: readonly string[] = Object.freeze(Object.keys(ARM_CLOUDS));

/**
 * The cloud facts of an ARM host, or undefined for any other host.
 *
 * @example
 * armCloudForHost("management.usgovcloudapi.net")?.cloud; // "usgov"
 */
export function armCloudForHost(host: string): ArmCloud | undefined {
  return ARM_CLOUDS[host.toLowerCase()];
}
