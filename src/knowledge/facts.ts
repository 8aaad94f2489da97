/**
 * What an error text, a token or a probe told us, in normalised form.
 *
 * Every field is optional: a matcher fills in what it could read, nothing more.
 * Values are never secrets: tokens, keys and client secrets are not facts.
 *
 * @example
 * const facts: Facts = { status: 401, serviceCode: "PermissionDenied", principalId: "1b2c..." };
 */
export interface Facts {
  /** HTTP status of the failing response, e.g. `401`. */
  status?: number;
  /** The service's error code as a string (`PermissionDenied`, `"401"`, `Request is badly formated`). */
  serviceCode?: string;
  /** The service's error message, verbatim. */
  serviceMessage?: string;
  /** AADSTS number without the prefix, e.g. `"7000215"`. */
  aadsts?: string;
  /** The AADSTS message line, without the trace/correlation/timestamp trailer. */
  aadstsMessage?: string;
  /** OAuth error (`invalid_client`, `invalid_grant`...). */
  oauthError?: string;
  /** The failing credential class name, e.g. `ManagedIdentityCredential`. */
  credential?: string;
  /** Object id of the principal named by the service. */
  principalId?: string;
  /** Application (client) id named in the text. */
  clientId?: string;
  /** The data action the service said was missing. */
  dataAction?: string;
  /** The operation, e.g. `POST /openai/deployments/{deployment-id}/chat/completions`. */
  operation?: string;
  /** The audience the endpoint expects (from the flat 401) or the token carries. */
  audience?: string;
  /** Tenant the token was issued by. */
  tokenTenant?: string;
  /** Tenant of the resource. */
  resourceTenant?: string;
  /** A tenant named in the text without saying which side it is on. */
  tenantId?: string;
  /** An endpoint or URL named in the text. */
  endpoint?: string;
  /** A deployment name named in the text. */
  deployment?: string;
  /** A resource/scope named in the text (e.g. the audience requested from managed identity). */
  resource?: string;
  correlationId?: string;
  traceId?: string;
  /** Timestamp as printed by the service, e.g. `2022-03-02 18:25:26Z`. */
  timestamp?: string;
  /** `apim-request-id` / `x-request-id`. */
  requestId?: string;
  /** Environment variable named in the text. */
  envVar?: string;
  /** Seconds to wait, from a 429 message or `retry-after`. */
  retryAfterSeconds?: number;
  /** API version named in the text. */
  apiVersion?: string;
}
