import type { EntraFailure } from "./entra-error.js";

/*
 * The AADSTS failures the emulator produces, worded as Entra ID words them (from public error
 * reports; Azure's own wording, typos and trailing spaces included). Each returns the status and
 * OAuth error Entra pairs with the code.
 */

const CERT_CREDENTIALS_DOC = "https://learn.microsoft.com/entra/identity-platform/certificate-credentials";
const FEDERATION_DOC = "https://learn.microsoft.com/entra/workload-id/workload-identity-federation";

function graphKeysHint(clientId: string): string {
  return (
    `Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'. ` +
    "Review the documentation at https://docs.microsoft.com/en-us/graph/deployments to determine the corresponding service endpoint " +
    "and https://docs.microsoft.com/en-us/graph/api/application-get?view=graph-rest-1.0&tabs=http to build a query request URL, " +
    `such as 'https://graph.microsoft.com/beta/applications/${clientId}'`
  );
}

/** `2025-08-29T05:47:32.0000000Z`, the form AADSTS700024 prints times in. */
function assertionTime(epochMs: number): string {
  // A claim far outside what a Date holds (`exp: 1e300`) prints as the nearest representable time.
  const clamped = Math.min(Math.max(Number.isFinite(epochMs) ? epochMs : 0, -8.64e15), 8.64e15);
  return `${new Date(clamped).toISOString().slice(0, 19)}.0000000Z`;
}

/** `08/18/2024 19:33:23`, the form AADSTS700027 prints key validity in. */
function keyTime(epochMs: number): string {
  const d = new Date(Number.isFinite(epochMs) ? epochMs : 0);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/**
 * Factories for every AADSTS failure the emulator answers with.
 *
 * @example
 * AADSTS.invalidClientSecret("86be4c01-505b-45e9-bfc0-9b825fd84a0f").code; // 7000215
 */
export const AADSTS = {
  /** 7000215: the secret is not one of the app's (often the secret ID pasted instead of its value). */
  invalidClientSecret: (clientId: string): EntraFailure => ({
    status: 401,
    error: "invalid_client",
    code: 7000215,
    message: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
  }),
  /** 7000222: the secret matched, but it has expired. */
  expiredClientSecret: (clientId: string): EntraFailure => ({
    status: 401,
    error: "invalid_client",
    code: 7000222,
    message: `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
  }),
  /** 700016: no application with that client id in the tenant. */
  applicationNotFound: (clientId: string, directory: string): EntraFailure => ({
    status: 400,
    error: "unauthorized_client",
    code: 700016,
    message: `Application with identifier '${clientId}' was not found in the directory '${directory}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  }),
  /** 7000112: the application (service principal) is disabled. */
  applicationDisabled: (clientId: string, name: string): EntraFailure => ({
    status: 400,
    error: "unauthorized_client",
    code: 7000112,
    message: `Application '${clientId}'(${name}) is disabled.`,
  }),
  /** 7000218: neither client_secret nor client_assertion. */
  missingClientCredential: (): EntraFailure => ({
    status: 401,
    error: "invalid_client",
    code: 7000218,
    message: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  }),
  /** 900144: a required form parameter is missing. */
  missingParameter: (name: string): EntraFailure => ({
    status: 400,
    error: "invalid_request",
    code: 900144,
    message: `The request body must contain the following parameter: '${name}'.`,
  }),
  /** 70003: a grant type the emulator (or Entra) does not support. */
  unsupportedGrantType: (grantType: string): EntraFailure => ({
    status: 400,
    error: "unsupported_grant_type",
    code: 70003,
    message: `The app requested an unsupported grant type '${grantType}'.`,
  }),
  /** 700021: the assertion's iss/sub is not the client id. */
  assertionClientMismatch: (): EntraFailure => ({
    status: 401,
    error: "invalid_client",
    code: 700021,
    message: `Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at ${CERT_CREDENTIALS_DOC} .`,
  }),
  /** 700023: the assertion's aud is not this tenant's token endpoint. */
  assertionAudienceMismatch: (): EntraFailure => ({
    status: 401,
    error: "invalid_client",
    code: 700023,
    message: `Client assertion audience claim does not match Realm issuer. Review the documentation at ${CERT_CREDENTIALS_DOC} .`,
  }),
  /** 700024: outside nbf..exp. */
  assertionTimeRange: (now: number, validFrom: number, expiry: number): EntraFailure => ({
    status: 401,
    error: "invalid_client",
    code: 700024,
    message: `Client assertion is not within its valid time range. Current time: ${assertionTime(now)}, assertion valid from ${assertionTime(validFrom)}, expiry time of assertion ${assertionTime(expiry)}. Review the documentation at ${CERT_CREDENTIALS_DOC} .`,
  }),
  /** 700027: no registered certificate has that thumbprint. */
  assertionKeyNotFound: (clientId: string, thumbprint: string): EntraFailure => ({
    status: 401,
    error: "invalid_client",
    code: 700027,
    message: `Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}', ${graphKeysHint(clientId)}]`,
  }),
  /** 700027: the certificate is registered, but the signature does not verify with it. */
  assertionBadSignature: (
    clientId: string,
    thumbprint: string,
    notBefore: number,
    notAfter: number,
  ): EntraFailure => ({
    status: 401,
    error: "invalid_client",
    code: 700027,
    message: `Client assertion contains an invalid signature. [Reason - Key was found, but use of the key to verify the signature failed., Thumbprint of key used by client: '${thumbprint}', Found key 'Start=${keyTime(notBefore)}, End=${keyTime(notAfter)}', ${graphKeysHint(clientId)}]`,
  }),
  /** 700027 for a federated token the emulator itself issued whose signature is wrong. */
  federatedBadSignature: (): EntraFailure => ({
    status: 401,
    error: "invalid_client",
    code: 700027,
    message:
      "Client assertion contains an invalid signature. [Reason - The provided signature value did not match the expected signature value.]",
  }),
  /**
   * 7000272: a federated assertion whose `kid` (or `x5t`) names no key the issuer publishes,
   * also when it names none at all. Entra's wording, from Azure/azure-workload-identity#1232
   * (`"error":"invalid_client"`, `"error_codes":[7000272]`).
   */
  federatedKeyNotFound: (keyId: string, issuer: string): EntraFailure => ({
    status: 401,
    error: "invalid_client",
    code: 7000272,
    message: `The certificate with identifier ${keyId} used to sign the federated credential could not be found in the metadata of identity provider ${issuer}. Please validate that your Identity Provider's metadata exposes the key used to sign the incoming token.`,
  }),
  /**
   * 5002730: an assertion whose `alg` the signing key cannot verify (`none`, HMAC, EC with an RSA
   * key). Entra's wording, from AzureAD/microsoft-authentication-library-for-dotnet#4712
   * (`ErrorCode: invalid_request`).
   */
  unsupportedSigningAlgorithm: (): EntraFailure => ({
    status: 400,
    error: "invalid_request",
    code: 5002730,
    message: "Invalid JWT token. Unsupported key for the signing algorithm.",
  }),
  /** 50027: the assertion is not a JWT. */
  malformedJwt: (): EntraFailure => ({
    status: 400,
    error: "invalid_request",
    code: 50027,
    message: "JWT token is invalid or malformed.",
  }),
  /** 700211: no federated credential with that issuer. */
  federatedIssuerMismatch: (issuer: string): EntraFailure => ({
    status: 401,
    error: "invalid_client",
    code: 700211,
    message: `No matching federated identity record found for presented assertion issuer '${issuer}'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. ${FEDERATION_DOC}`,
  }),
  /** 700212: issuer and subject match, the audience does not. */
  federatedAudienceMismatch: (audience: string): EntraFailure => ({
    status: 401,
    error: "invalid_client",
    code: 700212,
    message: `No matching federated identity record found for presented assertion audience '${audience}'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. ${FEDERATION_DOC}`,
  }),
  /** 700213: issuer matches, the subject does not. */
  federatedSubjectMismatch: (subject: string): EntraFailure => ({
    status: 401,
    error: "invalid_client",
    code: 700213,
    message: `No matching federated identity record found for presented assertion subject '${subject}'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. ${FEDERATION_DOC}`,
  }),
  /** 90002: a well-formed tenant identifier that names no tenant. */
  tenantNotFound: (tenant: string): EntraFailure => ({
    status: 400,
    error: "invalid_tenant",
    code: 90002,
    message: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  }),
  /** 900023: a tenant identifier that is neither a GUID nor a DNS name. */
  tenantMalformed: (tenant: string): EntraFailure => ({
    status: 400,
    error: "invalid_request",
    code: 900023,
    message: `Specified tenant identifier '${tenant}' is neither a valid DNS name, nor a valid external domain.`,
  }),
  /** 70011: a scope that is not a URI or GUID form. */
  invalidScope: (scope: string): EntraFailure => ({
    status: 400,
    error: "invalid_scope",
    code: 70011,
    message: `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid. The scope format is invalid. Scope must be in a valid URI form <https://example/scope> or a valid Guid <guid/scope>.`,
  }),
  /** 1002012: client credentials with a scope that does not end in `/.default`. */
  clientCredentialsScopeNotDefault: (scope: string): EntraFailure => ({
    status: 400,
    error: "invalid_scope",
    code: 1002012,
    message: `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  }),
  /** 28000: scopes of more than one resource in one request. */
  scopeMultipleResources: (scope: string): EntraFailure => ({
    status: 400,
    error: "invalid_scope",
    code: 28000,
    message: `Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${scope} is not valid.`,
  }),
  /** 500011: the resource (audience) is not a service principal in the tenant. */
  resourceNotFound: (resource: string, tenantName: string): EntraFailure => ({
    status: 400,
    error: "invalid_resource",
    code: 500011,
    message: `The resource principal named ${resource} was not found in the tenant named ${tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
  }),
  /** 50034: no user with that name in the tenant. */
  userNotFound: (tenantId: string): EntraFailure => ({
    status: 400,
    error: "invalid_grant",
    code: 50034,
    message: `The user account {EUII Hidden} does not exist in the ${tenantId} directory. To sign into this application, the account must be added to the directory.`,
  }),
  /** 50126: wrong password. */
  invalidCredentials: (): EntraFailure => ({
    status: 400,
    error: "invalid_grant",
    code: 50126,
    message: "Error validating credentials due to invalid username or password.",
  }),
  /** 50057: the user is disabled. */
  userDisabled: (): EntraFailure => ({
    status: 400,
    error: "invalid_grant",
    code: 50057,
    message: "The user account is disabled.",
  }),
  /** 50055: the password has expired. */
  passwordExpired: (): EntraFailure => ({
    status: 400,
    error: "invalid_grant",
    code: 50055,
    message: "The password is expired.",
  }),
  /** 50076: MFA required, which ROPC cannot satisfy. */
  mfaRequired: (resourceAppId: string): EntraFailure => ({
    status: 400,
    error: "invalid_grant",
    code: 50076,
    message: `Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '${resourceAppId}'.`,
    suberror: "basic_action",
  }),
  /** 53003: conditional access blocks token issuance. */
  blockedByConditionalAccess: (): EntraFailure => ({
    status: 400,
    error: "invalid_grant",
    code: 53003,
    message:
      "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.",
  }),
  /** 9002313: a refresh token the emulator did not issue or cannot read. */
  invalidGrant: (): EntraFailure => ({
    status: 400,
    error: "invalid_grant",
    code: 9002313,
    message: "Invalid request. Request is malformed or invalid.",
  }),
  /** 70008: the refresh token has expired. */
  refreshTokenExpired: (): EntraFailure => ({
    status: 400,
    error: "invalid_grant",
    code: 70008,
    message:
      "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
  }),
  /** 900561: GET (or anything but POST) on the token endpoint. */
  postRequired: (method: string): EntraFailure => ({
    status: 400,
    error: "invalid_request",
    code: 900561,
    message: `The endpoint only accepts POST requests. Received a ${method} request.`,
  }),
  /** 50049: instance discovery for a host Entra does not know. */
  unknownInstance: (): EntraFailure => ({
    status: 400,
    error: "invalid_instance",
    code: 50049,
    message: "Unknown or invalid instance.",
  }),
} as const;
