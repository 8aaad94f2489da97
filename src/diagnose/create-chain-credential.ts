import type { HttpClient } from "@azure/core-rest-pipeline";
import type { TokenCredential } from "@azure/identity";
import {
  AzureCliCredential,
  AzureDeveloperCliCredential,
  AzurePipelinesCredential,
  AzurePowerShellCredential,
  EnvironmentCredential,
  ManagedIdentityCredential,
  VisualStudioCodeCredential,
  WorkloadIdentityCredential,
} from "@azure/identity";
import { type DoctorCredentialName, PIPELINES_VARIABLES } from "./chain-credentials.js";

/**
 * How to build one credential.
 *
 * @example
 * const options: ChainCredentialOptions = { processTimeoutInMs: 15_000, sendProbeRequest: true, httpClient: network.httpClient };
 */
export interface ChainCredentialOptions {
  /** Kills `az`, `azd` and `pwsh` after this long. */
  processTimeoutInMs?: number;
  /** The DefaultAzureCredential IMDS probe (on inside the chain, off when MI is the only credential). */
  sendProbeRequest?: boolean;
  /** Every request of the credential goes through this client (proxy and CA of the doctor's network). */
  httpClient?: HttpClient;
}

/**
 * Builds one credential the way `DefaultAzureCredential`'s factories do (@azure/identity 4.13
 * `defaultAzureCredentialFunctions.ts`): managed identity with 5 retries from 800 ms, the IMDS probe,
 * and `AZURE_CLIENT_ID` as the user-assigned client id; workload identity from
 * `AZURE_FEDERATED_TOKEN_FILE`. `env` is the environment those factories read; `@azure/identity`
 * reads `process.env` itself too (EnvironmentCredential, the authority host, the managed identity
 * sources), so `env` must be `process.env` where the credential runs: the credential worker's.
 * `AzurePipelinesCredential` (no chain member) takes the ids and `System.AccessToken` from the
 * variables an Azure Pipelines task sets ({@link PIPELINES_VARIABLES}); its constructor throws
 * `CredentialUnavailableError` when one is missing.
 *
 * @example
 * // In the credential worker, whose process.env is the environment under diagnosis:
 * const credential = createChainCredential("ManagedIdentityCredential", process.env, { sendProbeRequest: true });
 */
export function createChainCredential(
  name: DoctorCredentialName,
  env: Record<string, string | undefined>,
  options: ChainCredentialOptions = {},
): TokenCredential {
  const clientId = env.AZURE_CLIENT_ID;
  const tenantId = env.AZURE_TENANT_ID;
  const tokenFile = env.AZURE_FEDERATED_TOKEN_FILE;
  const http: { httpClient?: HttpClient } =
    options.httpClient === undefined ? {} : { httpClient: options.httpClient };
  const processTimeout =
    options.processTimeoutInMs === undefined ? {} : { processTimeoutInMs: options.processTimeoutInMs };
  switch (name) {
    case "EnvironmentCredential":
      return new EnvironmentCredential(http);
    case "WorkloadIdentityCredential":
      if (tokenFile && clientId) {
        return new WorkloadIdentityCredential({ tenantId, clientId, tokenFilePath: tokenFile, ...http });
      }
      return new WorkloadIdentityCredential({ ...(tenantId ? { tenantId } : {}), ...http });
    case "ManagedIdentityCredential": {
      // sendProbeRequest is internal to @azure/identity: DefaultAzureCredential passes it the same way.
      const common = {
        ...http,
        retryOptions: { maxRetries: 5, retryDelayInMs: 800 },
        sendProbeRequest: options.sendProbeRequest ?? true,
      };
      if (tokenFile && clientId) {
        // DefaultAzureCredential passes the tenant here too; the public options type does not list it.
        return new ManagedIdentityCredential(clientId, { ...common, tenantId } as typeof common);
      }
      if (clientId) return new ManagedIdentityCredential({ ...common, clientId });
      return new ManagedIdentityCredential(common);
    }
    case "VisualStudioCodeCredential":
      return new VisualStudioCodeCredential(http);
    case "AzureCliCredential":
      return new AzureCliCredential(processTimeout);
    case "AzurePowerShellCredential":
      return new AzurePowerShellCredential(processTimeout);
    case "AzureDeveloperCliCredential":
      return new AzureDeveloperCliCredential(processTimeout);
    case "AzurePipelinesCredential":
      return new AzurePipelinesCredential(
        env[PIPELINES_VARIABLES.tenantId] ?? "",
        env[PIPELINES_VARIABLES.clientId] ?? "",
        env[PIPELINES_VARIABLES.serviceConnectionId] ?? "",
        env[PIPELINES_VARIABLES.systemAccessToken] ?? "",
        http,
      );
  }
}
