/**
 * Credential class names across the Azure identity SDKs (JS, Python, .NET, Go spellings), so a name
 * read from an error text can be told from any other word ending in "Credential".
 *
 * @example
 * CREDENTIAL_NAMES.has("AzureCLICredential"); // true (Go spelling)
 */
export const CREDENTIAL_NAMES: ReadonlySet<string> = new Set([
  "DefaultAzureCredential",
  "ChainedTokenCredential",
  "EnvironmentCredential",
  "WorkloadIdentityCredential",
  "ManagedIdentityCredential",
  "AzureCliCredential",
  "AzureCLICredential",
  "AzureDeveloperCliCredential",
  "AzureDeveloperCLICredential",
  "AzurePowerShellCredential",
  "VisualStudioCodeCredential",
  "VisualStudioCredential",
  "SharedTokenCacheCredential",
  "ClientSecretCredential",
  "ClientCertificateCredential",
  "CertificateCredential",
  "ClientAssertionCredential",
  "OnBehalfOfCredential",
  "AzurePipelinesCredential",
  "InteractiveBrowserCredential",
  "DeviceCodeCredential",
  "AuthorizationCodeCredential",
  "UsernamePasswordCredential",
  "BrokerCredential",
  "InteractiveBrowserBrokerCredential",
  "ImdsCredential",
  "AppServiceCredential",
  "AzureArcCredential",
  "CloudShellCredential",
  "ServiceFabricCredential",
]);

/**
 * The aggregate credentials: their failure means every member failed.
 *
 * @example
 * CHAIN_CREDENTIAL_NAMES.has("ChainedTokenCredential"); // true
 */
export const CHAIN_CREDENTIAL_NAMES: ReadonlySet<string> = new Set([
  "DefaultAzureCredential",
  "ChainedTokenCredential",
]);
