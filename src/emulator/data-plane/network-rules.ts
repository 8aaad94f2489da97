import { err, ok, type Result } from "../app/result.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import type { Account } from "../world/model.js";
import {
  firewallDenied,
  privateEndpointOnly,
  publicAccessDisabled,
  type Refusal,
  virtualNetworkEndpoint,
} from "./refusal.js";

function ipv4ToNumber(address: string): number | undefined {
  const parts = address.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** `::ffff:1.2.3.4` (a v4 peer on a dual-stack socket) is the v4 address. */
function normaliseAddress(address: string): string {
  const trimmed = address.trim().toLowerCase();
  return trimmed.startsWith("::ffff:") && trimmed.includes(".") ? trimmed.slice(7) : trimmed;
}

/**
 * Whether `address` matches an account IP rule: a single address or an IPv4 CIDR range, as the
 * portal's firewall accepts them.
 *
 * @example
 * ipRuleMatches("10.1.0.0/16", "::ffff:10.1.2.3"); // true
 */
export function ipRuleMatches(rule: string, address: string): boolean {
  const peer = normaliseAddress(address);
  const [base = "", bitsText] = rule.trim().split("/");
  if (bitsText === undefined) return normaliseAddress(base) === peer;
  const bits = Number(bitsText);
  const network = ipv4ToNumber(base);
  const value = ipv4ToNumber(peer);
  if (network === undefined || value === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32)
    return false;
  const size = 2 ** (32 - bits);
  return Math.floor(network / size) === Math.floor(value / size);
}

const PASSED = ok(undefined);

/**
 * The account's network rules, checked before any credential (RBAC plays no part in them):
 * public access disabled, private-endpoint only, a VNet-configured account reached on its regional
 * endpoint, then the IP firewall (`defaultAction: Deny` and the peer not in `ipRules`). The emulator
 * never sees private-endpoint traffic, so the first two always refuse.
 *
 * @example
 * const network = checkNetworkRules(account, request, false);
 * if (!network.ok) return refusalResponse(network.error, meta); // 403 with Azure's body
 */
export function checkNetworkRules(
  account: Account,
  request: EmulatorRequest,
  regional: boolean,
): Result<undefined, Refusal> {
  if (account.publicNetworkAccess === "Disabled") return err(publicAccessDisabled(account));
  const rules = account.networkRules;
  if (rules.privateEndpointOnly) return err(privateEndpointOnly(account));
  if (rules.virtualNetwork && regional) return err(virtualNetworkEndpoint(account, request.host));
  if (
    rules.defaultAction === "Deny" &&
    !rules.ipRules.some((rule) => ipRuleMatches(rule, request.remoteAddress))
  ) {
    return err(firewallDenied(account, normaliseAddress(request.remoteAddress)));
  }
  return PASSED;
}
