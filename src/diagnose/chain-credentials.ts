/**
 * The credentials of `DefaultAzureCredential` (@azure/identity 4.x) that the doctor tries, in chain
 * order. The chain's last member, the WAM broker, needs a plugin and is not public API.
 *
 * @example
 * CHAIN_CREDENTIALS[0]; // "EnvironmentCredential"
 */
export const CHAIN_CREDENTIALS = [
  "EnvironmentCredential",
  "WorkloadIdentityCredential",
  "ManagedIdentityCredential",
  "VisualStudioCodeCredential",
  "AzureCliCredential",
  "AzurePowerShellCredential",
  "AzureDeveloperCliCredential",
] as const;

/**
 * A credential name from {@link CHAIN_CREDENTIALS}.
 *
 * @example
 * const name: ChainCredentialName = "AzureCliCredential";
 */
export type ChainCredentialName = (typeof CHAIN_CREDENTIALS)[number];

const PROD: readonly ChainCredentialName[] = CHAIN_CREDENTIALS.slice(0, 3);
const DEV: readonly ChainCredentialName[] = CHAIN_CREDENTIALS.slice(3);

/**
 * The credentials `DefaultAzureCredential` includes for a value of `AZURE_TOKEN_CREDENTIALS` (trimmed,
 * case-insensitive: `dev`, `prod` or one credential name), in order. `valid: false` means its
 * constructor throws `Invalid value for AZURE_TOKEN_CREDENTIALS = ...`.
 *
 * @example
 * chainForTokenCredentials("dev").order[0]; // "VisualStudioCodeCredential"
 * chainForTokenCredentials(undefined).order.length; // 7
 */
export function chainForTokenCredentials(value: string | undefined): {
  order: ChainCredentialName[];
  valid: boolean;
} {
  const wanted = value?.trim().toLowerCase() ?? "";
  if (wanted === "") return { order: [...CHAIN_CREDENTIALS], valid: true };
  if (wanted === "dev") return { order: [...DEV], valid: true };
  if (wanted === "prod") return { order: [...PROD], valid: true };
  const single = CHAIN_CREDENTIALS.find((name) => name.toLowerCase() === wanted);
  return single === undefined
    ? { order: [...CHAIN_CREDENTIALS], valid: false }
    : { order: [single], valid: true };
}

/**
 * The chain credential with that name, case-insensitive, or `undefined`.
 *
 * @example
 * findChainCredential("azureclicredential"); // "AzureCliCredential"
 */
export function findChainCredential(name: string): ChainCredentialName | undefined {
  const wanted = name.trim().toLowerCase();
  return CHAIN_CREDENTIALS.find((candidate) => candidate.toLowerCase() === wanted);
}
