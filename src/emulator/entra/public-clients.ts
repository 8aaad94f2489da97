/**
 * Microsoft's first-party public client applications, present in every tenant: user flows may name
 * them as `client_id` without registering anything.
 *
 * @example
 * FIRST_PARTY_PUBLIC_CLIENTS.get("04b07795-8ddb-461a-bbee-02f9e1bf7b46"); // "Microsoft Azure CLI"
 */
export const FIRST_PARTY_PUBLIC_CLIENTS: ReadonlyMap<string, string> = new Map([
  ["04b07795-8ddb-461a-bbee-02f9e1bf7b46", "Microsoft Azure CLI"],
  ["1950a258-227b-4e31-a9cf-717495945fc2", "Microsoft Azure PowerShell"],
  ["04f0c124-f2bc-4f59-8241-bf6df9866bbd", "Visual Studio"],
  ["aebc6443-996d-45c2-90f0-388ff96faa56", "Visual Studio Code"],
]);
