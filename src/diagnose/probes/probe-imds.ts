import type { CauseCode } from "../../knowledge/cause.js";
import { createDoctorNetwork, type DoctorNetwork } from "../doctor-network.js";
import { sendProbeRequest } from "../http-request.js";

/**
 * One raw request to the host's managed identity token endpoint (IMDS, App Service, Cloud Shell,
 * Arc, Service Fabric, Machine Learning), as the doctor saw it: the HTTP status and the `error` /
 * `error_description` (or `{error: {code, message}}`) of an error body, or why there was no
 * answer. Never the token, never the identity header.
 *
 * @example
 * const facts: ImdsFacts = { url: "http://169.254.169.254/metadata/identity/oauth2/token", source: "imds", status: 502, durationMs: 12 };
 */
export interface ImdsFacts {
  /** The token path asked, without its query. */
  url: string;
  /** Which endpoint it is (msal-node's source detection). */
  source: IdentitySource;
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
    // IMDS and App Service answer `{error, error_description}`; Cloud Shell and Service Fabric
    // `{error: {code, message}}`.
    const nested =
      typeof parsed.error === "object" && parsed.error !== null
        ? (parsed.error as Record<string, unknown>)
        : {};
    const error =
      typeof parsed.error === "string"
        ? parsed.error
        : typeof nested.code === "string"
          ? nested.code
          : undefined;
    const raw =
      typeof parsed.error_description === "string"
        ? parsed.error_description
        : typeof parsed.message === "string"
          ? parsed.message
          : typeof nested.message === "string"
            ? nested.message
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

/**
 * The managed identity endpoints `ManagedIdentityCredential` (msal-node's source detection) can
 * ask, named as the emulator's host kinds are.
 *
 * @example
 * const source: IdentitySource = "cloud-shell";
 */
export type IdentitySource =
  | "service-fabric"
  | "app-service"
  | "machine-learning"
  | "cloud-shell"
  | "arc"
  | "imds";

/** Where one raw managed identity request goes, and how, for the host `env` describes. */
interface IdentityRequest {
  source: IdentitySource;
  method: "GET" | "POST";
  url: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body?: string;
}

/**
 * The endpoint `ManagedIdentityCredential` asks on this host, detected in msal-node's order
 * (reference/credentials.md §8.2-8.3): Service Fabric (`IDENTITY_ENDPOINT` + `IDENTITY_HEADER` +
 * `IDENTITY_SERVER_THUMBPRINT`, the header as `secret`), App Service / Functions / Container Apps
 * (`IDENTITY_ENDPOINT` + `IDENTITY_HEADER`, `X-IDENTITY-HEADER`), Azure Machine Learning
 * (`MSI_ENDPOINT` + `MSI_SECRET`), Cloud Shell (`MSI_ENDPOINT`, a form POST), Azure Arc
 * (`IDENTITY_ENDPOINT` + `IMDS_ENDPOINT`; its first answer is a 401 challenge), else IMDS
 * (`AZURE_POD_IDENTITY_AUTHORITY_HOST` when set, else `169.254.169.254`). A user-assigned client
 * id is sent only where the endpoint takes one.
 */
function identityRequest(env: Record<string, string | undefined>, resource: string): IdentityRequest {
  const clientId = env.AZURE_CLIENT_ID;
  const withClient = (query: URLSearchParams, name = "client_id") => {
    if (clientId !== undefined && clientId !== "") query.set(name, clientId);
    return query;
  };
  const form = { "content-type": "application/x-www-form-urlencoded" };
  const endpoint = env.IDENTITY_ENDPOINT;
  const header = env.IDENTITY_HEADER;
  if (endpoint && header && env.IDENTITY_SERVER_THUMBPRINT) {
    return {
      source: "service-fabric",
      method: "GET",
      url: endpoint,
      query: new URLSearchParams({ "api-version": "2019-07-01-preview", resource }),
      headers: { secret: header },
    };
  }
  if (endpoint && header) {
    return {
      source: "app-service",
      method: "GET",
      url: endpoint,
      query: withClient(new URLSearchParams({ "api-version": "2019-08-01", resource })),
      headers: { "X-IDENTITY-HEADER": header },
    };
  }
  const msiEndpoint = env.MSI_ENDPOINT;
  if (msiEndpoint && env.MSI_SECRET) {
    return {
      source: "machine-learning",
      method: "GET",
      url: msiEndpoint,
      query: withClient(new URLSearchParams({ "api-version": "2017-09-01", resource }), "clientid"),
      headers: { Metadata: "true", secret: env.MSI_SECRET },
    };
  }
  if (msiEndpoint) {
    return {
      source: "cloud-shell",
      method: "POST",
      url: msiEndpoint,
      query: new URLSearchParams(),
      headers: { Metadata: "true", ...form },
      body: new URLSearchParams({ resource }).toString(),
    };
  }
  if (endpoint && env.IMDS_ENDPOINT) {
    return {
      source: "arc",
      method: "GET",
      url: endpoint,
      query: new URLSearchParams({ "api-version": "2019-11-01", resource }),
      headers: { Metadata: "true" },
    };
  }
  const host = (env.AZURE_POD_IDENTITY_AUTHORITY_HOST || IMDS_HOST).replace(/\/+$/, "");
  return {
    source: "imds",
    method: "GET",
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
  const { source, method, url, query, headers, body } = identityRequest(env, resource);
  const search = query.toString();
  const response = await sendProbeRequest(
    {
      method,
      url: search === "" ? url : `${url}${url.includes("?") ? "&" : "?"}${search}`,
      headers,
      timeoutMs,
      allowInsecureConnection: true,
      ...(body === undefined ? {} : { body }),
    },
    network,
  );
  if (response.status === undefined) {
    return {
      url,
      source,
      connectionError: response.error,
      ...(response.timedOut ? { timedOut: true } : {}),
      ...(response.stalled === undefined ? {} : { stalledStatus: response.stalled.status }),
      durationMs: response.durationMs,
    };
  }
  return {
    url,
    source,
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
 * imdsCause({ url, source: "imds", status: 400, errorDescription: "Identity not found", durationMs: 5 }); // "credential.mi-identity-not-assigned"
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
    // Cloud Shell's allow-list of audiences (reference/error-bodies.md).
    if (/AudienceNotSupported|is not a supported MSI token audience/i.test(text))
      return "credential.mi-audience-not-supported";
    if (/multiple user assigned identities|multiple user-assigned/i.test(text))
      return "credential.mi-multiple-identities";
    if (/identity not found/i.test(text)) return "credential.mi-identity-not-assigned";
  }
  return undefined;
}
