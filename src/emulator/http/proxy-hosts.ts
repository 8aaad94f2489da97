import { CLOUD_NAMES, CLOUDS } from "../../knowledge/clouds.js";
import { LOGIN_HOSTS } from "../entra/login-hosts.js";
import type { World } from "../world/model.js";

/**
 * The IMDS link-local address, the one host served over plain HTTP through the proxy.
 *
 * @example
 * `http://${IMDS_HOST}/metadata/identity/oauth2/token`;
 */
export const IMDS_HOST = "169.254.169.254";

/**
 * The Azure host names proxy mode terminates TLS for, from the world as it is now: the Entra ID
 * login hosts and ARM hosts of every cloud, and every account's host names and regional host.
 *
 * @example
 * proxiedHttpsHosts(world).has("login.microsoftonline.com"); // true
 */
export function proxiedHttpsHosts(world: World): Set<string> {
  const hosts = new Set<string>(LOGIN_HOSTS.keys());
  for (const cloud of CLOUD_NAMES) hosts.add(new URL(CLOUDS[cloud].armHost).host);
  for (const account of world.accounts) {
    for (const host of account.hostnames) hosts.add(host.toLowerCase());
    hosts.add(account.regionalHostname.toLowerCase());
  }
  return hosts;
}

/**
 * Whether proxy mode serves a host: HTTPS (CONNECT) for {@link proxiedHttpsHosts}, plain HTTP for
 * IMDS only. Everything else is refused.
 *
 * @example
 * servesProxyHost(world, "example.com", "https"); // false
 */
export function servesProxyHost(world: World, host: string, scheme: "https" | "http"): boolean {
  const wanted = host.toLowerCase();
  return scheme === "http" ? wanted === IMDS_HOST : proxiedHttpsHosts(world).has(wanted);
}
