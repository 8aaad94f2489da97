import { CLOUD_NAMES, CLOUDS, type CloudName } from "../../knowledge/clouds.js";

/**
 * Entra ID host names per cloud (the authority host, its aliases, and `login.microsoft.com`).
 *
 * @example
 * LOGIN_HOSTS.get("login.microsoftonline.us"); // "usgov"
 */
export const LOGIN_HOSTS: ReadonlyMap<string, CloudName> = new Map<string, CloudName>([
  ...CLOUD_NAMES.flatMap((cloud) =>
    [CLOUDS[cloud].authorityHost, ...CLOUDS[cloud].alternativeAuthorityHosts].map(
      (url) => [new URL(url).host, cloud] as [string, CloudName],
    ),
  ),
  ["login.microsoft.com", "public"],
]);

/**
 * The origin of a cloud's Entra ID, e.g. `https://login.microsoftonline.com`.
 *
 * @example
 * loginOrigin("china"); // "https://login.chinacloudapi.cn"
 */
export function loginOrigin(cloud: CloudName): string {
  return CLOUDS[cloud].authorityHost;
}

/**
 * The `iss` of a v1 access token of a tenant in a cloud.
 *
 * @example
 * v1Issuer("public", tid); // "https://sts.windows.net/<tid>/"
 */
export function v1Issuer(cloud: CloudName, tenantId: string): string {
  const host = {
    public: "https://sts.windows.net",
    usgov: "https://login.microsoftonline.us",
    china: "https://sts.chinacloudapi.cn",
  }[cloud];
  return `${host}/${tenantId}/`;
}

/**
 * The `iss` of v2 tokens (and of the OIDC discovery document) of a tenant in a cloud.
 *
 * @example
 * v2Issuer("public", tid); // "https://login.microsoftonline.com/<tid>/v2.0"
 */
export function v2Issuer(cloud: CloudName, tenantId: string): string {
  return `${loginOrigin(cloud)}/${tenantId}/v2.0`;
}
