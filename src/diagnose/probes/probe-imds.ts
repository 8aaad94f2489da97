import type { CauseCode } from "../../knowledge/cause.js";
import { createDoctorNetwork, type DoctorNetwork } from "../doctor-network.js";
import { sendProbeRequest } from "../http-request.js";

/**
 * One raw request to the IMDS token endpoint, as the doctor saw it: the HTTP status and Entra-style
 * `error` / `error_description` of an error body, or why there was no answer. Never the token.
 *
 * @example
 * const facts: ImdsFacts = { url: "http://169.254.169.254/metadata/identity/oauth2/token", status: 502, durationMs: 12 };
 */
export interface ImdsFacts {
  /** The token path asked, without its query. */
  url: string;
  status?: number;
  /** `error` of a JSON error body. */
  error?: string;
  /** `error_description` (or `message`) of an error body, first line. */
  errorDescription?: string;
  /** The connection error when there was no HTTP answer. */
  connectionError?: string;
  timedOut?: boolean;
  /** The endpoint sent a status line and headers, then its body was still arriving at the deadline. */
  stalledStatus?: number;
  durationMs: number;
}

const IMDS_HOST = "http://169.254.169.254";
const IMDS_TOKEN_PATH = "/metadata/identity/oauth2/token";

function readErrorBody(body: string): Pick<ImdsFacts, "error" | "errorDescription"> {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const error = typeof parsed.error === "string" ? parsed.error : undefined;
    const raw =
      typeof parsed.error_description === "string"
        ? parsed.error_description
        : typeof parsed.message === "string"
          ? parsed.message
          : undefined;
    const description = raw?.split("\n", 1)[0];
    return {
      ...(error === undefined ? {} : { error }),
      ...(description === undefined ? {} : { errorDescription: description }),
    };
  } catch {
    const first = body.trim().split("\n", 1)[0]?.slice(0, 200);
    return first === undefined || first === "" ? {} : { errorDescription: first };
  }
}

/** Where one raw managed identity request goes, and how, for the host `env` describes. */
interface IdentityRequest {
  url: string;
  query: URLSearchParams;
  headers: Record<string, string>;
}

/**
 * The endpoint `ManagedIdentityCredential` asks on this host: App Service and Container Apps
 * (`IDENTITY_ENDPOINT` with `IDENTITY_HEADER`, API 2019-08-01, the header as `X-IDENTITY-HEADER`),
 * else IMDS (`AZURE_POD_IDENTITY_AUTHORITY_HOST` when set, else `169.254.169.254`).
 */
function identityRequest(env: Record<string, string | undefined>, resource: string): IdentityRequest {
  const clientId = env.AZURE_CLIENT_ID;
  const withClient = (query: URLSearchParams) => {
    if (clientId !== undefined && clientId !== "") query.set("client_id", clientId);
    return query;
  };
  const endpoint = env.IDENTITY_ENDPOINT;
  const header = env.IDENTITY_HEADER;
  // Service Fabric sets IDENTITY_SERVER_THUMBPRINT too and speaks another API: not this one.
  if (endpoint && header && !env.IDENTITY_SERVER_THUMBPRINT) {
    return {
      url: endpoint,
      query: withClient(new URLSearchParams({ "api-version": "2019-08-01", resource })),
      headers: { "X-IDENTITY-HEADER": header },
    };
  }
  const host = (env.AZURE_POD_IDENTITY_AUTHORITY_HOST || IMDS_HOST).replace(/\/+$/, "");
  return {
    url: `${host}${IMDS_TOKEN_PATH}`,
    query: withClient(new URLSearchParams({ "api-version": "2018-02-01", resource })),
    headers: { Metadata: "true" },
  };
}

/**
 * Asks the host's managed identity endpoint for a token once, with no retries and a short
 * timeout, where `ManagedIdentityCredential` would ask: App Service and Container Apps'
 * `IDENTITY_ENDPOINT` (with `X-IDENTITY-HEADER`) when set, else IMDS
 * (`AZURE_POD_IDENTITY_AUTHORITY_HOST` when set, else `169.254.169.254`), through the proxy `env`
 * names per `NO_PROXY` like the SDK (`network`, default: `env`'s, no extra CA). The credential's
 * own retries can outlast the doctor's per-credential budget; this one answer says why. A token in
 * the answer is dropped unread; the identity header is sent, never reported.
 *
 * @example
 * const imds = await probeImds(process.env, "https://cognitiveservices.azure.com", 3_000);
 * imds.status; // 502 behind a failing gateway
 */
export async function probeImds(
  env: Record<string, string | undefined>,
  resource: string,
  timeoutMs: number,
  network: DoctorNetwork = createDoctorNetwork({ env }),
): Promise<ImdsFacts> {
  const { url, query, headers } = identityRequest(env, resource);
  const response = await sendProbeRequest(
    {
      method: "GET",
      url: `${url}${url.includes("?") ? "&" : "?"}${query.toString()}`,
      headers,
      timeoutMs,
      allowInsecureConnection: true,
    },
    network,
  );
  if (response.status === undefined) {
    return {
      url,
      connectionError: response.error,
      ...(response.timedOut ? { timedOut: true } : {}),
      ...(response.stalled === undefined ? {} : { stalledStatus: response.stalled.status }),
      durationMs: response.durationMs,
    };
  }
  return {
    url,
    status: response.status,
    ...(response.status >= 400 ? readErrorBody(response.body) : {}),
    durationMs: response.durationMs,
  };
}

/**
 * The cause code one raw IMDS answer shows, or `undefined` when it shows none (a token came back,
 * or an answer no cause describes).
 *
 * @example
 * imdsCause({ url, status: 400, errorDescription: "Identity not found", durationMs: 5 }); // "credential.mi-identity-not-assigned"
 */
export function imdsCause(facts: ImdsFacts): CauseCode | undefined {
  // An endpoint that answers and never finishes is there, and failing.
  if (facts.stalledStatus !== undefined) return "credential.mi-endpoint-error";
  if (facts.status === undefined) return "credential.mi-unavailable";
  if (facts.status === 502 || facts.status === 504) return "credential.mi-gateway";
  // IMDS answers 410 while it is being updated, 429 when throttled; a 5xx is the endpoint failing.
  if (facts.status === 410 || facts.status === 429 || facts.status >= 500)
    return "credential.mi-endpoint-error";
  if (facts.status === 400) {
    const text = `${facts.error ?? ""} ${facts.errorDescription ?? ""}`;
    if (/multiple user assigned identities|multiple user-assigned/i.test(text))
      return "credential.mi-multiple-identities";
    if (/identity not found/i.test(text)) return "credential.mi-identity-not-assigned";
  }
  return undefined;
}
