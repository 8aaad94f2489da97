import type { Account, NetworkRules } from "../world/model.js";
import { ControlInputError, describeValue } from "./control-response.js";

const TOP_FIELDS: ReadonlySet<string> = new Set(["disableLocalAuth", "publicNetworkAccess", "networkRules"]);
const RULE_FIELDS: ReadonlySet<string> = new Set([
  "defaultAction",
  "ipRules",
  "privateEndpointOnly",
  "virtualNetwork",
]);

function boolean(value: unknown, field: string): boolean {
  if (typeof value !== "boolean")
    throw new ControlInputError(field, `must be true or false, not ${describeValue(value)}`);
  return value;
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== "string" || !allowed.includes(value as T)) {
    throw new ControlInputError(
      field,
      `must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, not ${describeValue(value)}`,
    );
  }
  return value as T;
}

/**
 * Applies a `PATCH /_keyless/accounts/{name}` body to an account: `disableLocalAuth` (boolean),
 * `publicNetworkAccess` (`Enabled` | `Disabled`) and `networkRules` (any of `defaultAction`,
 * `ipRules`, `privateEndpointOnly`, `virtualNetwork`; fields not given keep their value). Nothing
 * changes unless the whole body is valid.
 *
 * @throws {ControlInputError} naming the first field at fault, e.g. `networkRules.defaultAction`.
 * @example
 * patchAccount(account, { disableLocalAuth: true, networkRules: { defaultAction: "Deny", ipRules: ["10.0.0.0/8"] } });
 */
export function patchAccount(account: Account, body: Record<string, unknown>): void {
  for (const key of Object.keys(body)) {
    if (!TOP_FIELDS.has(key)) {
      throw new ControlInputError(
        key,
        "is not a known field; use disableLocalAuth, publicNetworkAccess and networkRules",
      );
    }
  }
  if (Object.keys(body).length === 0) {
    throw new ControlInputError(
      "",
      "the body changes nothing; send disableLocalAuth, publicNetworkAccess or networkRules",
    );
  }
  const disableLocalAuth =
    body.disableLocalAuth === undefined
      ? account.disableLocalAuth
      : boolean(body.disableLocalAuth, "disableLocalAuth");
  const publicNetworkAccess =
    body.publicNetworkAccess === undefined
      ? account.publicNetworkAccess
      : oneOf(body.publicNetworkAccess, "publicNetworkAccess", ["Enabled", "Disabled"] as const);
  const rules: NetworkRules = { ...account.networkRules, ipRules: [...account.networkRules.ipRules] };
  if (body.networkRules !== undefined) {
    const given = body.networkRules;
    if (given === null || typeof given !== "object" || Array.isArray(given)) {
      throw new ControlInputError("networkRules", `must be an object, not ${describeValue(given)}`);
    }
    const patch = given as Record<string, unknown>;
    for (const key of Object.keys(patch)) {
      if (!RULE_FIELDS.has(key)) {
        throw new ControlInputError(
          `networkRules.${key}`,
          "is not a known field; use defaultAction, ipRules, privateEndpointOnly and virtualNetwork",
        );
      }
    }
    if (patch.defaultAction !== undefined) {
      rules.defaultAction = oneOf(patch.defaultAction, "networkRules.defaultAction", [
        "Allow",
        "Deny",
      ] as const);
    }
    if (patch.ipRules !== undefined) {
      const list = patch.ipRules;
      if (!Array.isArray(list)) {
        throw new ControlInputError(
          "networkRules.ipRules",
          `must be a list of addresses or CIDR ranges, not ${describeValue(list)}`,
        );
      }
      list.forEach((rule, index) => {
        if (typeof rule !== "string" || rule.trim() === "") {
          throw new ControlInputError(
            `networkRules.ipRules[${index}]`,
            `must be an address or CIDR range, not ${describeValue(rule)}`,
          );
        }
      });
      rules.ipRules = list.map((rule) => String(rule).trim());
    }
    if (patch.privateEndpointOnly !== undefined) {
      rules.privateEndpointOnly = boolean(patch.privateEndpointOnly, "networkRules.privateEndpointOnly");
    }
    if (patch.virtualNetwork !== undefined) {
      rules.virtualNetwork = boolean(patch.virtualNetwork, "networkRules.virtualNetwork");
    }
  }
  account.disableLocalAuth = disableLocalAuth;
  account.publicNetworkAccess = publicNetworkAccess;
  account.networkRules = rules;
}
