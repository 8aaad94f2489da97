import { createDoctorNetwork, type DoctorNetwork } from "../doctor-network.js";
import { sendProbeRequest } from "../http-request.js";
import { type AnswerFault, faultOfAnswer, looksLikeHtml } from "./answer-fault.js";

/**
 * What Entra's OIDC discovery said about the configured tenant: the `AADSTS` line of its error body.
 *
 * @example
 * const answer: TenantDiscoveryAnswer = { url: "https://login.microsoftonline.com/<tenant>/v2.0/.well-known/openid-configuration", status: 400, aadsts: "AADSTS90002: Tenant '<tenant>' not found. ..." };
 */
export interface TenantDiscoveryAnswer {
  url: string;
  /** Absent when no HTTP answer came (see `fault` and `error`). */
  status?: number;
  /** The first line of `error_description` when it names an `AADSTS` code. */
  aadsts?: string;
  /** What stood between the doctor and Entra ID: a refused tunnel, TLS interception, a 5xx... */
  fault?: AnswerFault;
  /** Why there was no answer, when there was none. */
  error?: string;
}

const PUBLIC_AUTHORITY = "https://login.microsoftonline.com";

/**
 * Fetches `<authority>/<tenant>/v2.0/.well-known/openid-configuration` once (no retries), as MSAL
 * does before every token request. MSAL reports a failed discovery only as
 * `endpoints_resolution_error`; Entra's answer names the reason (`AADSTS90002` for an unknown
 * tenant); when no Entra ID answer came, `fault` names what stood in between (a proxy that
 * refused the tunnel, an untrusted certificate, a 5xx or 429, an HTML page, a body cut short).
 * `undefined` without a usable tenant. `network` (default: the proxy `env` names, no extra CA)
 * carries the request.
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
  const started = Date.now();
  // The fault's raw connection shares the request's budget: the whole probe stays within timeoutMs.
  const left = () => Math.max(1, timeoutMs - (Date.now() - started));
  const response = await sendProbeRequest(
    { method: "GET", url, headers: {}, timeoutMs, allowInsecureConnection: true },
    network,
  );
  if (response.status === undefined) {
    const fault = await faultOfAnswer(url, response, "entra", network, left());
    return { url, error: response.error, ...(fault === undefined ? {} : { fault }) };
  }
  let description: string | undefined;
  try {
    const parsed = JSON.parse(response.body) as { error_description?: unknown };
    if (typeof parsed.error_description === "string") description = parsed.error_description;
  } catch {
    // A discovery document or an HTML page: no AADSTS line to read.
  }
  const line = description?.split(/\r?\n/, 1)[0];
  if (line !== undefined && /^AADSTS\d+/.test(line)) return { url, status: response.status, aadsts: line };
  const fault =
    response.status === 200 && !looksLikeHtml(response.headers, response.body)
      ? undefined
      : await faultOfAnswer(url, response, "entra", network, left());
  return { url, status: response.status, ...(fault === undefined ? {} : { fault }) };
}
