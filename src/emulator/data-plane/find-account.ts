import { err, ok, type Result } from "../app/result.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import type { Account, World } from "../world/model.js";
import { type Refusal, unknownEndpoint } from "./refusal.js";

/**
 * The account(s) a data-plane host serves. A custom-subdomain host names exactly one account; a
 * regional host (`eastus.api.cognitive.microsoft.com`) is shared by every account in the region,
 * and Azure tells them apart by the key.
 *
 * @example
 * const target: AccountTarget | undefined = findAccountsForHost(world, "contoso.openai.azure.com");
 * target?.regional; // false
 */
export interface AccountTarget {
  /** Candidate accounts; exactly one unless `regional`. */
  accounts: Account[];
  /** The host is a regional endpoint (keys only). */
  regional: boolean;
}

/**
 * The account a request is for: the account the custom-subdomain host names, or on a regional
 * host the one whose key the request carries (else the first of the region). 404 `Resource not
 * found` when no account of the world serves the host.
 *
 * @example
 * const found = findAccount(ctx.world, request);
 * if (found.ok) found.value.account.name; // "contoso-openai"
 */
export function findAccount(world: World, request: EmulatorRequest): Result<AccountMatch, Refusal> {
  const target = findAccountsForHost(world, request.host);
  if (target === undefined) return err(unknownEndpoint(request.host));
  const account = pickAccount(
    target,
    request.headers.get("api-key") ?? request.headers.get("ocp-apim-subscription-key"),
  );
  return ok({ account, regional: target.regional });
}

/**
 * The account a data-plane request is for, and whether it arrived on the regional endpoint.
 *
 * @example
 * const match: AccountMatch = { account, regional: false };
 */
export interface AccountMatch {
  account: Account;
  /** The host is a regional endpoint (keys only). */
  regional: boolean;
}

/**
 * Accounts served on `host` (lower-case, no port): by custom-subdomain host name first, then by
 * regional host name. Undefined when the host is not a data-plane host of the world.
 *
 * @example
 * findAccountsForHost(world, "eastus.api.cognitive.microsoft.com")?.regional; // true
 */
export function findAccountsForHost(world: World, host: string): AccountTarget | undefined {
  const wanted = host.toLowerCase();
  const named = world.accounts.find((a) => a.hostnames.some((h) => h.toLowerCase() === wanted));
  if (named !== undefined) return { accounts: [named], regional: false };
  const regional = world.accounts.filter((a) => a.regionalHostname.toLowerCase() === wanted);
  return regional.length > 0 ? { accounts: regional, regional: true } : undefined;
}

/**
 * Picks the account a regional request is for: the one whose key the request carries, else the
 * first (its network rules and audience then answer the refusal).
 *
 * @example
 * const account = pickAccount(target, request.headers.get("api-key"));
 */
export function pickAccount(target: AccountTarget, apiKey: string | null): Account {
  const first = target.accounts[0];
  if (first === undefined) throw new Error("pickAccount: an AccountTarget always holds one account");
  if (apiKey === null || target.accounts.length === 1) return first;
  return target.accounts.find((a) => a.keys.includes(apiKey)) ?? first;
}
