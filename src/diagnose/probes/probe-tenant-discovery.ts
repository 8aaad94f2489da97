import { createDoctorNetwork, type DoctorNetwork } from "../doctor-network.js";
import { sendProbeRequest } from "../http-request.js";

/**
 * What Entra's OIDC discovery said about the configured tenant: the `AADSTS` line of its error body.
 *
 * @example
 * const answer: TenantDiscoveryAnswer = { url: "https://login.microsoftonline.com/<tenant>/v2.0/.well-known/openid-configuration", status: 400, aadsts: "AADSTS90002: Tenant '<tenant>' not found. ..." };
 */
export interface TenantDiscoveryAnswer {
  url: string;
  status: number;
  /** The first line of `error_description` when it names an `AADSTS` code. */
  aadsts?: string;
}

const PUBLIC_AUTHORITY = "https://login.microsoftonline.com";

/**
 * Fetches `<authority>/<tenant>/v2.0/.well-known/openid-configuration` once (no retries), as MSAL
 * does before every token request. MSAL reports a failed discovery only as
 * `endpoints_resolution_error`; Entra's answer names the reason (`AADSTS90002` for an unknown
 * tenant). `undefined` without a tenant or without an HTTP answer. `network` (default: the proxy
 * `env` names, no extra CA) carries the request.
 *
 * @example
 * const answer = await probeTenantDiscovery(process.env, 3_000);
 * answer?.aadsts; // "AADSTS90002: Tenant '0c5e...' not found. ..."
 */
export async function probeTenantDiscovery(
  env: Record<string, string | undefined>,
  timeoutMs: number,
  network: DoctorNetwork = createDoctorNetwork({ env }),
): Promise<TenantDiscoveryAnswer | undefined> {
  const tenant = env.AZURE_TENANT_ID;
  if (tenant === undefined || tenant === "" || !/^[A-Za-z0-9.-]+$/.test(tenant)) return undefined;
  const authority = (env.AZURE_AUTHORITY_HOST || PUBLIC_AUTHORITY).replace(/\/+$/, "");
  const url = `${authority}/${tenant}/v2.0/.well-known/openid-configuration`;
  // The request carries no credential, so an http: authority (refused by @azure/identity itself) is
  // still asked: its answer says as much about the tenant.
  const response = await sendProbeRequest(
    { method: "GET", url, headers: {}, timeoutMs, allowInsecureConnection: true },
    network,
  );
  if (response.status === undefined) return undefined;
  let description: string | undefined;
  try {
    const parsed = JSON.parse(response.body) as { error_description?: unknown };
    if (typeof parsed.error_description === "string") description = parsed.error_description;
  } catch {
    // A discovery document or an HTML page: no AADSTS line to read.
  }
  const line = description?.split(/\r?\n/, 1)[0];
  return {
    url,
    status: response.status,
    ...(line !== undefined && /^AADSTS\d+/.test(line) ? { aadsts: line } : {}),
  };
}
