import { CLOUD_NAMES, CLOUDS } from "../clouds.js";
import { AZURE_AI_HOST, MANAGED_IDENTITY } from "./azure-context.js";
import type { Matcher, RawMatch } from "./matcher.js";

/*
 * Connection failures as HTTP clients print them (Node, Python requests/urllib3/httpx, .NET, Go):
 * the request never reached a service that could answer. Structure, not sentences: an error kind
 * (DNS, refused, reset, TLS verification) next to a host or a URL.
 */

const DNS =
  /\bgetaddrinfo (?:ENOTFOUND|EAI_AGAIN)\b|\bNameResolutionError\b|\bName or service not known\b|\bnodename nor servname provided\b|\bNo such host is known\b|\bno such host\b|\bTemporary failure in name resolution\b|\bFailed to resolve '|\bgetaddrinfo failed\b|\[Errno 11001\]|\bfails? to resolve\b|\bCould not resolve host\b/;
/** The peer closed the connection: before the answer, or in the middle of its body. */
const RESET = /\bECONNRESET\b|\b[Cc]onnection reset by peer\b|\bConnectionResetError\b/;
const CONNECT =
  /\bconnect ECONNREFUSED\b|\bECONNRESET\b|\b[Cc]onnection reset by peer\b|\bConnectionResetError\b|\bETIMEDOUT\b|\bNewConnectionError\b|\bMax retries exceeded with url\b|\bConnectTimeout(?:Error)?\b|\bA connection attempt failed\b|\bConnection refused\b|\[WinError 1006[015]\]|\[Errno 11[013]\]|\bNo route to host\b|\bNetwork is unreachable\b|\bE(?:HOST|NET)UNREACH\b|\bdial tcp [^\n]{1,80}: connectex:|\bA socket operation was attempted to an unreachable (?:host|network)\b|\bi\/o timeout\b|\bcontext deadline exceeded\b/;
/** Go's and adal's printings of a connection that got no answer in time. */
const NO_ANSWER_IN_TIME = /\bi\/o timeout\b|\bcontext deadline exceeded\b/;
const TLS =
  /\bCERTIFICATE_VERIFY_FAILED\b|\bSSLCertVerificationError\b|\bUNABLE_TO_VERIFY_LEAF_SIGNATURE\b|\bSELF_SIGNED_CERT_IN_CHAIN\b|\bunable to get local issuer certificate\b|\bcertificate signed by unknown authority\b|\bThe remote certificate is invalid\b/;
/** A bare "could not connect" from a client or an app that wraps one. */
const BARE =
  /\bCannot connect to API\b|\bError communicating with (?:Azure )?OpenAI\b|(?:^|[\s:])Connection error\.?\s*$/m;

/** A connection on this machine, or to IMDS: an identity endpoint's when the text names one. */
const LOCAL_HOST =
  /\b(?:localhost|127\.0\.0\.1)(?::\d{1,5})?\b|169\.254\.169\.254|\bIMDS endpoint\b|\bmanaged identity endpoint\b/i;
const RETRIED = /\bretr(?:y|ies|ied)\b|\battempts?\b|\btries\b/i;

/** A proxy named as what failed: the tunnel, not the host. */
const PROXY_FAILED =
  /\bProxyError\b|\b(?:Cannot|Unable to) connect to proxy\b|\b(?:CONNECT )?[Tt]unnel connection failed\b|\bCONNECT tunnel failed\b|\bProxy Authentication Required\b/;
/** Entra ID's login hosts, public and sovereign, as the cloud table lists them. */
const LOGIN_HOST = new RegExp(
  `\\b(?:${CLOUD_NAMES.flatMap((c) => [CLOUDS[c].authorityHost, ...CLOUDS[c].alternativeAuthorityHosts])
    .map((url) => new URL(url).host.replace(/\./g, "\\."))
    .join("|")})\\b`,
  "i",
);

/** What else stops a connection that reached no answer: the path to the host (no TLS said yet). */
const PATH_CAUSES: readonly RawMatch[] = [
  {
    code: "network.proxy-refused",
    confidence: 0.25,
    distinguish:
      "Check HTTPS_PROXY / HTTP_PROXY / NO_PROXY in the app's environment: a proxy that refuses the host, or one set where none is reachable, fails the connection.",
  },
  {
    code: "network.private-endpoint",
    confidence: 0.2,
    distinguish:
      "nslookup <host>: a private IP seen from outside its virtual network (or a public one from inside) points at the private endpoint's DNS.",
  },
];

/** A bare "could not connect" may also hide a TLS failure the client did not print. */
const HIDDEN_TLS: RawMatch = {
  code: "network.tls-untrusted",
  confidence: 0.3,
  distinguish:
    "Run the call with the client's debug logging (or curl -v https://<host>): a certificate verification error behind the bare message is a proxy that inspects HTTPS.",
};

/** A reset can come after the headers: something in between cut the answer short. */
const CUT_SHORT: RawMatch = {
  code: "network.body-cut-short",
  confidence: 0.4,
  distinguish:
    "A reset after the headers arrived is a proxy, firewall or load balancer cutting the answer short (idle or size limits): retry, and compare with a call that does not pass through it.",
};

/**
 * Matches connection failures: DNS, refused or reset connections, timeouts while connecting and TLS
 * verification failures, as `endpoint.unreachable` with what tells them apart. A TLS failure is
 * usually a proxy that intercepts HTTPS with its own certificate.
 *
 * @example
 * networkMatcher(normalizeErrorText("getaddrinfo ENOTFOUND contoso.openai.azure.com"), {});
 * // [{ code: "endpoint.unreachable", confidence: 0.75, distinguish: "..." }]
 */
export const networkMatcher: Matcher = (view) => {
  const hay = view.haystack;
  // Each kind is tested once, in order of how much it tells: TLS, then DNS, then the connection.
  const tls = TLS.exec(hay);
  const dns = tls === null ? DNS.exec(hay) : null;
  const connect = tls === null && dns === null ? CONNECT.exec(hay) : null;
  const failure = tls ?? dns ?? connect;
  if (failure !== null && PROXY_FAILED.test(hay)) return proxyFailed();
  // The host named next to the failure decides whose it is: Entra ID's login host is the credential's.
  if (failure !== null && LOGIN_HOST.test(hay.slice(Math.max(0, failure.index - 400), failure.index + 400))) {
    return loginHostUnreachable(tls !== null);
  }
  if (tls !== null) {
    return [
      {
        code: "network.tls-untrusted",
        confidence: 0.85,
        distinguish:
          "TLS verification failed before any HTTP answer: a proxy that inspects HTTPS presents its own certificate; trust its CA (REQUESTS_CA_BUNDLE / SSL_CERT_FILE for Python, NODE_EXTRA_CA_CERTS for Node) or bypass it for the Azure host.",
      },
      {
        code: "endpoint.unreachable",
        confidence: 0.35,
        distinguish:
          "If the certificate is the service's own (curl -v https://<host> shows a Microsoft issuer), the machine's CA store is out of date rather than a proxy intercepting.",
      },
    ];
  }
  if (dns !== null) {
    return [
      {
        code: "endpoint.unreachable",
        confidence: 0.75,
        distinguish:
          "The host name does not resolve: check its spelling (nslookup <host>) and, behind a private endpoint, the private DNS zone the machine uses.",
      },
    ];
  }
  if (connect !== null) {
    // A refused connection on this machine in a managed identity's words (MSAL's
    // managed_identity_request_failed, "Connection refused (localhost:12356)") is its endpoint's.
    if (LOCAL_HOST.test(hay) && MANAGED_IDENTITY.test(hay))
      return identityEndpointDown(RETRIED.test(hay), NO_ANSWER_IN_TIME.test(connect[0]));
    // So is one printed inside a managed identity's own failure ("ManagedIdentityCredential
    // authentication failed: ... connectex: ...") when no Azure AI host is named next to it.
    const before = hay.slice(Math.max(0, connect.index - 300), connect.index + 200);
    if (MANAGED_IDENTITY.test(before) && !AZURE_AI_HOST.test(before))
      return identityEndpointDown(RETRIED.test(hay), NO_ANSWER_IN_TIME.test(connect[0]));
    // A refused, reset or timed-out connection has printed that much: not a TLS failure.
    return [
      {
        code: "endpoint.unreachable",
        confidence: 0.65,
        distinguish:
          "The connection was refused, reset or timed out: check HTTPS_PROXY / NO_PROXY, the firewall and whether the machine can reach the host (curl -v https://<host>).",
      },
      ...(RESET.test(hay) ? [CUT_SHORT] : []),
      ...PATH_CAUSES,
    ];
  }
  if (BARE.test(hay)) {
    // A client that prints only "could not connect" hides which of them it was.
    return [
      {
        code: "endpoint.unreachable",
        confidence: 0.45,
        distinguish:
          "The client could not connect at all: resolve and reach the host (nslookup, curl -v); a private IP or no answer points at DNS, proxy or private endpoint settings.",
      },
      HIDDEN_TLS,
      ...PATH_CAUSES,
    ];
  }
  return [];
};

/**
 * No identity endpoint answered on this host: none is there, it kept failing until the retries ran
 * out, or (a connection that got no answer in time) it is slow or blocked.
 */
function identityEndpointDown(retried: boolean, timedOut: boolean): RawMatch[] {
  const unavailable: RawMatch = {
    code: "credential.mi-unavailable",
    confidence: retried ? 0.6 : 0.7,
    distinguish:
      "Nothing listens at the identity endpoint: off Azure there is none (use a developer credential), on Azure enable the host's managed identity (IDENTITY_ENDPOINT / MSI_ENDPOINT are then set).",
  };
  const exhausted: RawMatch = {
    code: "credential.mi-retries-exhausted",
    confidence: retried ? 0.72 : 0.4,
    distinguish:
      "The identity endpoint exists but kept failing: the host's identity service is starting or unhealthy; retry after a minute, restart the app, or check the host's status.",
  };
  if (timedOut) {
    return [
      {
        code: "credential.mi-timeout",
        confidence: 0.7,
        distinguish:
          "The identity endpoint did not answer in time: on an Azure host it is slow or blocked (a proxy, a firewall, a container network); off Azure (or on App Service, which has no IMDS) nothing answers 169.254.169.254.",
      },
      { ...unavailable, confidence: 0.6 },
    ];
  }
  return retried ? [exhausted, unavailable] : [unavailable, exhausted];
}

/** The proxy itself refused or could not be reached. */
function proxyFailed(): RawMatch[] {
  return [
    {
      code: "network.proxy-refused",
      confidence: 0.8,
      distinguish:
        'The proxy failed, not the host: check HTTPS_PROXY / HTTP_PROXY (its address, its credentials) and NO_PROXY; curl -v --proxy "$HTTPS_PROXY" https://<host>/ shows its answer.',
    },
    {
      code: "endpoint.unreachable",
      confidence: 0.35,
      distinguish: "If no proxy should be used here, unset HTTPS_PROXY / HTTP_PROXY for the app.",
    },
  ];
}

/** The credential could not reach Entra ID's login host: before any token, so before Azure OpenAI. */
function loginHostUnreachable(tls: boolean): RawMatch[] {
  const path: RawMatch[] = [
    {
      code: "network.proxy-refused",
      confidence: 0.45,
      distinguish:
        "The login host must be reachable from the app: a proxy (HTTPS_PROXY) or firewall that does not allow login.microsoftonline.com fails every credential before any token.",
    },
    {
      code: "network.tls-untrusted",
      confidence: tls ? 0.7 : 0.25,
      distinguish:
        "curl -v https://login.microsoftonline.com/: an issuer that is not Microsoft's is a proxy inspecting HTTPS; trust its CA (NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE, SSL_CERT_FILE).",
    },
  ];
  const unavailable: RawMatch = {
    code: "credential.entra-unavailable",
    confidence: tls ? 0.5 : 0.6,
    distinguish:
      "The credential could not talk to Entra ID at all: curl -sS -i https://login.microsoftonline.com/<tenant>/v2.0/.well-known/openid-configuration from the same machine; no answer is the network path, a 5xx or 429 is Entra ID.",
  };
  return [unavailable, ...path].sort((a, b) => b.confidence - a.confidence);
}
