import type { CauseCode } from "../../knowledge/cause.js";
import type { DoctorNetwork } from "../doctor-network.js";
import type { ProbeResponse } from "../http-request.js";
import { type ConnectionFacts, probeConnection } from "./probe-connection.js";

/**
 * A fault the doctor's own request met on its way to a service that answers JSON (Entra ID, a
 * managed identity endpoint, Azure OpenAI), rather than the service's own verdict: what it saw, as
 * the cause it is and the evidence in words.
 *
 * @example
 * const fault: AnswerFault = { code: "network.proxy-refused", detail: "the proxy http://proxy:3128 answered CONNECT login.microsoftonline.com:443 with 403 Forbidden" };
 */
export interface AnswerFault {
  code: CauseCode;
  detail: string;
  /** The raw connection facts, when the probe looked below HTTP. */
  connection?: ConnectionFacts;
}

/** Which service was asked: it decides the code of a 5xx or 429. */
export type AnsweringService = "entra" | "managed-identity" | "data-plane";

/** Statuses a proxy uses for a tunnel it refused or could not open. */
const TUNNEL_STATUSES = new Set([403, 407, 502, 503, 504]);

/** A body that is an HTML page, not JSON (a block page, a captive portal, a website). */
export function looksLikeHtml(headers: Record<string, string>, body: string): boolean {
  const type = headers["content-type"] ?? "";
  if (/\btext\/html\b/i.test(type)) return true;
  const start = body.trimStart().slice(0, 15).toLowerCase();
  return start.startsWith("<!doctype html") || start.startsWith("<html");
}

/**
 * The page's `<title>`, bounded, for the evidence.
 *
 * @example
 * htmlTitle("<html><head><title>Contoso Wi-Fi</title></head></html>"); // "Contoso Wi-Fi"
 */
export function htmlTitle(body: string): string | undefined {
  const open = body.toLowerCase().indexOf("<title>");
  if (open < 0) return undefined;
  const rest = body.slice(open + 7, open + 7 + 200);
  const close = rest.toLowerCase().indexOf("</title>");
  const title = (close < 0 ? rest : rest.slice(0, close)).replace(/\s+/g, " ").trim();
  return title === "" ? undefined : title;
}

function connectionFault(connection: ConnectionFacts): AnswerFault | undefined {
  switch (connection.outcome) {
    case "proxy-refused":
      return {
        code: "network.proxy-refused",
        detail: `the proxy ${connection.proxy} answered CONNECT ${connection.host}:443 with ${connection.status}${
          connection.statusText === "" ? "" : ` ${connection.statusText}`
        }`,
        connection,
      };
    case "tls-untrusted":
      return {
        code: "network.tls-untrusted",
        detail: `${connection.host} presented a certificate this machine does not trust (${connection.error}): subject ${connection.subject}, issuer ${connection.issuer}${
          connection.via === "proxy" ? ", through the proxy" : ""
        }`,
        connection,
      };
    default:
      return undefined;
  }
}

function serviceName(service: AnsweringService): string {
  return service === "entra"
    ? "Microsoft Entra ID"
    : service === "managed-identity"
      ? "the managed identity endpoint"
      : "the data plane";
}

/**
 * Reads what went wrong below the service's own verdict, from the doctor's answer to `url`: a proxy
 * that refused the tunnel and an untrusted certificate (told apart with a raw connection, since the
 * HTTP client shows neither as such), a 5xx or 429 with its `Retry-After`, an HTML page, a body cut
 * short. `undefined` when the answer is the service's own (JSON, or a status with no sign of a
 * fault), or when nothing below HTTP explains a failed request. Bounded by `timeoutMs`.
 *
 * @example
 * const fault = await faultOfAnswer("https://login.microsoftonline.com/x/v2.0/.well-known/openid-configuration", response, "entra", network, 3_000);
 * fault?.code; // "network.tls-untrusted"
 */
export async function faultOfAnswer(
  url: string,
  response: ProbeResponse,
  service: AnsweringService,
  network: DoctorNetwork,
  timeoutMs: number,
): Promise<AnswerFault | undefined> {
  if (response.status === undefined) {
    if (response.cutShort !== undefined) {
      return { code: "network.body-cut-short", detail: `${url}: ${response.error}` };
    }
    if (response.timedOut) {
      // A login host that takes the request and never finishes its answer (a hung proxy, an
      // overloaded front end, a body dripped byte by byte): MSAL words it endpoints_resolution_error.
      if (service === "data-plane") return undefined;
      return {
        code: service === "entra" ? "credential.entra-unavailable" : "credential.mi-timeout",
        detail: `${serviceName(service)} did not answer in time: ${response.error}`,
      };
    }
    const connection = await probeConnection(url, network, timeoutMs);
    const fault = connectionFault(connection);
    if (fault !== undefined || connection.outcome !== "ok") return fault;
    // The handshake works, yet the request got no answer: the service dropped it.
    if (service === "entra" || service === "managed-identity") {
      return {
        code: service === "entra" ? "credential.entra-unavailable" : "credential.mi-endpoint-error",
        detail: `${serviceName(service)} closed the connection without answering (${response.error}); a TLS handshake with ${connection.host} works`,
        connection,
      };
    }
    return undefined;
  }
  const { status, headers, body } = response;
  if (
    TUNNEL_STATUSES.has(status) &&
    (headers["x-ms-request-id"] ?? headers["apim-request-id"]) === undefined
  ) {
    const connection = await probeConnection(url, network, timeoutMs);
    const fault = connectionFault(connection);
    if (fault !== undefined) return fault;
  }
  if (looksLikeHtml(headers, body)) {
    const title = htmlTitle(body);
    return {
      code: "network.html-instead-of-json",
      detail: `${url} answered ${status} with an HTML page${title === undefined ? "" : ` ("${title}")`} where ${serviceName(service)} answers JSON`,
    };
  }
  if (status >= 500 || status === 429 || (service === "managed-identity" && status === 410)) {
    const retryAfter = headers["retry-after"];
    const code: CauseCode =
      service === "entra"
        ? "credential.entra-unavailable"
        : service === "managed-identity"
          ? "credential.mi-endpoint-error"
          : "resource.rate-limited";
    if (service === "data-plane" && status !== 429) return undefined;
    return {
      code,
      detail: `${serviceName(service)} answered ${status}${retryAfter === undefined ? "" : ` with Retry-After: ${retryAfter.slice(0, 40)}`}`,
    };
  }
  return undefined;
}
