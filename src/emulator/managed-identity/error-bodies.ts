/**
 * What the managed identity endpoints answer when they refuse, copied verbatim from public
 * captures (see each constant). The emulator must not share these strings with the diagnosis code.
 */

/**
 * IMDS (and Arc, which speaks the IMDS protocol) without `Metadata: true`. Public captures of the
 * live endpoint (Azure SDK test fixtures) use `invalid_request`; the VM docs table names the
 * condition `bad_request_102`.
 *
 * @example
 * JSON.stringify(IMDS_METADATA_HEADER_MISSING); // {"error":"invalid_request","error_description":"Required metadata header not specified"}
 */
export const IMDS_METADATA_HEADER_MISSING = Object.freeze({
  error: "invalid_request",
  error_description: "Required metadata header not specified",
});

/**
 * IMDS with the header but no `resource` query variable.
 *
 * @example
 * IMDS_RESOURCE_MISSING.error_description; // "Required query variable 'resource' is missing"
 */
export const IMDS_RESOURCE_MISSING = Object.freeze({
  error: "invalid_request",
  error_description: "Required query variable 'resource' is missing",
});

/**
 * IMDS when the selected identity is not attached to the VM (or the VM has none).
 *
 * @example
 * IMDS_IDENTITY_NOT_FOUND.error_description; // "Identity not found"
 */
export const IMDS_IDENTITY_NOT_FOUND = Object.freeze({
  error: "invalid_request",
  error_description: "Identity not found",
});

/**
 * IMDS with no selector, several user-assigned identities and no system-assigned one.
 *
 * @example
 * IMDS_MULTIPLE_IDENTITIES.error_description.startsWith("Multiple user assigned identities exist"); // true
 */
export const IMDS_MULTIPLE_IDENTITIES = Object.freeze({
  error: "invalid_request",
  error_description:
    "Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request",
});

/**
 * IMDS `invalid_resource` (the VM token docs' table), with Entra's trailer lines appended as Entra
 * passes them through.
 *
 * @example
 * imdsInvalidResourceDescription("https://x", "tid", { traceId: "t", correlationId: "c", timestamp: "2024-01-01 00:00:00Z" });
 */
export function imdsInvalidResourceDescription(
  resource: string,
  tenantId: string,
  trailer: { traceId: string; correlationId: string; timestamp: string },
): string {
  return (
    `AADSTS50001: The application named ${resource} was not found in the tenant named ${tenantId}. ` +
    "This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. " +
    "You might have sent your authentication request to the wrong tenant.\r\n" +
    `Trace ID: ${trailer.traceId}\r\nCorrelation ID: ${trailer.correlationId}\r\nTimestamp: ${trailer.timestamp}`
  );
}

/**
 * App Service / Functions / Container Apps token service when the identity cannot be resolved (no
 * system identity and no selector, an unknown selector, or several user-assigned identities):
 * Azure/azure-sdk-for-net#43691 shows `{"statusCode":400,"message":"Unable to load the proper Managed Identity.","correlationId":"…"}`.
 *
 * @example
 * APP_SERVICE_IDENTITY_NOT_FOUND_MESSAGE; // "Unable to load the proper Managed Identity."
 */
export const APP_SERVICE_IDENTITY_NOT_FOUND_MESSAGE = "Unable to load the proper Managed Identity.";

/**
 * The Cloud Shell token endpoint's allow-list, in the order of its `AudienceNotSupported` message
 * (Azure/CloudShell#155, the longest verbatim list published; #351 starts with the same entries),
 * plus `https://ai.azure.com`, added in 2025 (Azure/CloudShell#550).
 *
 * @example
 * CLOUD_SHELL_SUPPORTED_AUDIENCES.includes("https://management.azure.com/"); // true
 */
export const CLOUD_SHELL_SUPPORTED_AUDIENCES: readonly string[] = Object.freeze([
  "https://management.core.windows.net/",
  "https://management.azure.com/",
  "https://graph.windows.net/",
  "https://vault.azure.net",
  "https://datalake.azure.net/",
  "https://outlook.office365.com/",
  "https://graph.microsoft.com/",
  "https://batch.core.windows.net/",
  "https://analysis.windows.net/powerbi/api",
  "https://storage.azure.com/",
  "https://rest.media.azure.net",
  "https://api.loganalytics.io",
  "https://ossrdbms-aad.database.windows.net",
  "https://www.yammer.com",
  "https://digitaltwins.azure.net",
  "0b07f429-9f4b-4714-9392-cc5e8e80c8b0",
  "822c8694-ad95-4735-9c55-256f7db2f9b4",
  "https://dev.azuresynapse.net",
  "https://database.windows.net",
  "https://quantum.microsoft.com",
  "https://iothubs.azure.net",
  "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d",
  "https://azuredatabricks.net/",
  "ce34e7e5-485f-4d76-964f-b3d2b16d1e4f",
  "https://azure-devices-provisioning.net",
  "https://ai.azure.com",
]);

/**
 * Cloud Shell's refusal of an audience outside its list (Azure/CloudShell#351):
 * `{"error":{"code":"AudienceNotSupported","message":"Audience <r> is not a supported MSI token audience. Supported audiences: <list>"}}`.
 *
 * @example
 * cloudShellAudienceNotSupported("https://cognitiveservices.azure.com").error.code; // "AudienceNotSupported"
 */
export function cloudShellAudienceNotSupported(resource: string): {
  error: { code: string; message: string };
} {
  return {
    error: {
      code: "AudienceNotSupported",
      message: `Audience ${resource} is not a supported MSI token audience. Supported audiences: ${CLOUD_SHELL_SUPPORTED_AUDIENCES.join(",")}`,
    },
  };
}

/**
 * Default bodies for injected IMDS-family faults when the world gives none. The status meanings are
 * the VM token docs' ("404 IMDS endpoint is updating", "410 … available within 70 seconds",
 * "429 IMDS Throttle limit reached", "500 unknown: Failed to retrieve token from the Active
 * directory"); IMDS publishes no exact body for these, so the `error` codes are the emulator's.
 *
 * @example
 * IMDS_FAULT_BODIES[429]?.error_description; // "IMDS Throttle limit reached."
 */
export const IMDS_FAULT_BODIES: Readonly<Record<number, { error: string; error_description: string }>> =
  Object.freeze({
    404: { error: "not_found", error_description: "IMDS endpoint is updating." },
    410: {
      error: "gone",
      error_description: "IMDS is being updated and will be available within 70 seconds.",
    },
    429: { error: "too_many_requests", error_description: "IMDS Throttle limit reached." },
    500: {
      error: "unknown",
      error_description:
        "Failed to retrieve token from the Active directory. For details see logs in /var/log/waagent.log",
    },
    502: { error: "bad_gateway", error_description: "The request failed due to a gateway error." },
    503: { error: "service_unavailable", error_description: "IMDS is temporarily unavailable." },
    504: { error: "gateway_timeout", error_description: "The request to IMDS timed out at the gateway." },
  });
