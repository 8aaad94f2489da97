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

/**
 * The credential an Azure Pipelines job uses with a workload identity federation service connection
 * (`AzurePipelinesCredential`): no `DefaultAzureCredential` member, so the doctor tries it when
 * `--credential` names it, or beside the chain when the job's variables set it up (see
 * {@link pipelinesCredentialSetUp}).
 *
 * @example
 * findDoctorCredential("azurepipelinescredential"); // PIPELINES_CREDENTIAL
 */
export const PIPELINES_CREDENTIAL = "AzurePipelinesCredential" as const;

/**
 * A credential the doctor can try: a chain member or {@link PIPELINES_CREDENTIAL}.
 *
 * @example
 * const name: DoctorCredentialName = "AzurePipelinesCredential";
 */
export type DoctorCredentialName = ChainCredentialName | typeof PIPELINES_CREDENTIAL;

/**
 * The variables the doctor builds `AzurePipelinesCredential` from, as the AzureCLI@2 and
 * AzurePowerShell@5 tasks set them for a workload identity federation service connection (and as
 * the Azure SDK samples pass them): tenant, client and service connection ids, and the job's
 * `System.AccessToken` mapped as `SYSTEM_ACCESSTOKEN`. The credential itself reads
 * `SYSTEM_OIDCREQUESTURI`.
 *
 * @example
 * env[PIPELINES_VARIABLES.serviceConnectionId]; // "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID"
 */
export const PIPELINES_VARIABLES = Object.freeze({
  tenantId: "AZURESUBSCRIPTION_TENANT_ID",
  clientId: "AZURESUBSCRIPTION_CLIENT_ID",
  serviceConnectionId: "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID",
  systemAccessToken: "SYSTEM_ACCESSTOKEN",
});

/**
 * Whether `env` is an Azure Pipelines job step with a service connection for
 * `AzurePipelinesCredential`: `SYSTEM_OIDCREQUESTURI` (defined in every job) and the service
 * connection's id. Without the id there is no service connection to try.
 *
 * @example
 * pipelinesCredentialSetUp({ SYSTEM_OIDCREQUESTURI: "https://dev.azure.com/...", AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: "..." }); // true
 */
export function pipelinesCredentialSetUp(env: Record<string, string | undefined>): boolean {
  return (
    (env.SYSTEM_OIDCREQUESTURI ?? "") !== "" && (env[PIPELINES_VARIABLES.serviceConnectionId] ?? "") !== ""
  );
}

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

/**
 * The credential the doctor can try with that name (a chain member or `AzurePipelinesCredential`),
 * case-insensitive, or `undefined`.
 *
 * @example
 * findDoctorCredential("AzurePipelinesCredential"); // "AzurePipelinesCredential"
 */
export function findDoctorCredential(name: string): DoctorCredentialName | undefined {
  if (name.trim().toLowerCase() === PIPELINES_CREDENTIAL.toLowerCase()) return PIPELINES_CREDENTIAL;
  return findChainCredential(name);
}
