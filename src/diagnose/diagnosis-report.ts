import type { CauseCode } from "../knowledge/cause.js";
import type { EndpointKind, EndpointProblem } from "../knowledge/endpoint-form.js";
import type { LanguageFix } from "../knowledge/render-fix.js";
import type { DiagnoseCall } from "./diagnose-defaults.js";

/**
 * How bad a finding is: `error` blocks the keyless call, `warning` is a trap the app may fall into,
 * `info` explains something that does not block (a credential that is simply not set up here).
 *
 * @example
 * const severity: Severity = "error";
 */
export type Severity = "error" | "warning" | "info";

/**
 * How a finding is known, strongest first: seen in a data-plane answer, in a credential's own error,
 * read from Azure Resource Manager, or inferred from configuration (endpoint form, variables).
 *
 * @example
 * const basis: FindingBasis = "data-plane";
 */
export type FindingBasis = "data-plane" | "credential" | "arm" | "configuration";

/**
 * One diagnosed problem: a cause code from the catalog, what was seen, and the fix with real values.
 *
 * @example
 * const finding: Finding = {
 *   code: "rbac.control-plane-role-only", severity: "error", basis: "data-plane",
 *   title: "The principal holds only control-plane roles, which grant no data actions",
 *   detail: "...", evidence: ["EnvironmentCredential: 401 PermissionDenied"], fix: "az role assignment create ...",
 * };
 */
export interface Finding {
  code: CauseCode;
  severity: Severity;
  basis: FindingBasis;
  /** The catalog title, filled with the values the doctor found. */
  title: string;
  /** What the doctor saw, in a sentence or two, with names and ids. */
  detail: string;
  /** The observations behind the finding, one per line; never a token, key or secret. */
  evidence: string[];
  /** The catalog fix with real values: a command to run or a code line to change. */
  fix: string;
  /**
   * When the fix is code that differs between languages, the same fix in each (JavaScript,
   * Python, C#, Go, Java): the doctor sees the setup, not the code, so it shows them side by side.
   */
  fixes?: LanguageFix[];
  /** The credential the finding is about, when it is about one. */
  credential?: string;
}

/**
 * A data-plane answer, reduced to what the report shows.
 *
 * @example
 * const outcome: DataPlaneOutcome = { status: 401, code: "PermissionDenied", cause: "rbac.missing-data-action" };
 */
export interface DataPlaneOutcome {
  /** HTTP status; absent when no answer came (see `error`). */
  status?: number;
  /** The service's error code (`PermissionDenied`, `"401"`, ...). */
  code?: string;
  /**
   * The cause the doctor decided for this answer (`analyzers/data-plane-cause.ts`): the code its
   * finding carries; `endpoint.unreachable` when no answer came or only the proxy answered.
   */
  cause?: CauseCode;
  /** The service's message, secrets masked. */
  message?: string;
  /** Why no answer came (DNS, connection, TLS, timeout). */
  error?: string;
  /** `apim-request-id` / `x-request-id`, to quote in a support ticket. */
  requestId?: string;
}

/**
 * The decoded claims of a token: who it is and what it is for. Never the token itself.
 *
 * @example
 * const identity: TokenIdentity = { aud: "https://cognitiveservices.azure.com", tid: "...", oid: "...", principalType: "User" };
 */
export interface TokenIdentity {
  aud?: string;
  iss?: string;
  tid?: string;
  oid?: string;
  upn?: string;
  /** `preferred_username` (v2) or `unique_name` (v1), when there is no `upn`. */
  username?: string;
  name?: string;
  appid?: string;
  idtyp?: string;
  scp?: string;
  roles?: string[];
  iat?: number;
  nbf?: number;
  exp?: number;
  ver?: string;
  /** `User` or `ServicePrincipal` (managed identities are service principals): what `--assignee-principal-type` takes. */
  principalType: "User" | "ServicePrincipal";
}

/**
 * One credential of the chain, tried on its own.
 *
 * @example
 * const entry: CredentialReport = { name: "AzureCliCredential", inChain: true, available: false,
 *   reason: "Please run 'az login' ...", cause: "credential.cli-not-logged-in", selectedByChain: false };
 */
export interface CredentialReport {
  name: string;
  /** Whether `DefaultAzureCredential` includes it (`AZURE_TOKEN_CREDENTIALS` can narrow the chain). */
  inChain: boolean;
  /** It produced a token for the endpoint's scope. */
  available: boolean;
  /** Why not: the credential's own message (secrets masked), or that it did not answer in time. */
  reason?: string;
  /** The cause code of `reason`. */
  cause?: CauseCode;
  /** The error class (`CredentialUnavailableError`, `AuthenticationError`, ...). */
  errorName?: string;
  /** A non-`CredentialUnavailableError` stops `DefaultAzureCredential` at this credential. */
  stopsChain?: boolean;
  timedOut?: boolean;
  identity?: TokenIdentity;
  /** Local clock minus the token's `iat`, in seconds (Entra backdates `iat` up to 5 minutes). */
  clockSkewSeconds?: number;
  /** The credential `DefaultAzureCredential` would use (or the one named with `--credential`). */
  selectedByChain: boolean;
  /** The data-plane call made with this credential's token. */
  dataPlane?: DataPlaneOutcome;
  durationMs: number;
}

/**
 * The endpoint as classified and as reached.
 *
 * @example
 * const endpoint: EndpointReport = { input: "https://contoso.openai.azure.com", cloud: "public", kind: "openai", ... };
 */
export interface EndpointReport {
  input: string;
  url?: string;
  host?: string;
  cloud: string;
  kind: EndpointKind;
  resourceName?: string;
  region?: string;
  acceptsEntraTokens: boolean;
  /**
   * The scope the doctor requested tokens for: the app's when told it (`scope` option,
   * `scopeSource: "option"`), else the endpoint's own (`scopeSource: "endpoint"`).
   */
  scope: string;
  /** The scope the endpoint's tokens need (its audience's `/.default`), whatever was requested. */
  expectedScope?: string;
  /** Whether {@link EndpointReport.scope} is the app's (`option`) or the endpoint's own (`endpoint`). */
  scopeSource?: "option" | "endpoint";
  audience?: string;
  recommendedEndpoint?: string;
  problems: EndpointProblem[];
  /** `direct`, or `proxy` when HTTPS_PROXY applies to the host (then DNS/TCP/TLS are not probed here). */
  via: "direct" | "proxy";
  /** The proxy URL (credentials masked) when `via` is `proxy`. */
  proxy?: string;
  /**
   * Whether the endpoint answered: direct, a TLS handshake (or TCP for http:); through a proxy, an
   * HTTP answer from the service (a proxy's own refusal of the tunnel does not count). Undefined when
   * unknown.
   */
  reachable?: boolean;
  dns?: ProbeStep & { addresses?: string[] };
  /**
   * The lookup of the cloud's Entra ID login host, made only when the endpoint's host was looked up
   * directly and did not resolve: it tells "this machine resolves nothing" from "no such name".
   */
  loginHostDns?: LoginHostLookup;
  tcp?: ProbeStep;
  tls?: ProbeStep;
}

/**
 * The DNS lookup of the cloud's Entra ID login host, made when the endpoint's host does not
 * resolve: it tells a machine without network or DNS (nothing resolves) from a resource name that
 * does not exist (the login host resolves, the resource's host does not).
 *
 * @example
 * const lookup: LoginHostLookup = { host: "login.microsoftonline.com", status: "ok", addresses: ["20.190.160.1"], durationMs: 4 };
 */
export interface LoginHostLookup extends ProbeStep {
  host: string;
  addresses?: string[];
}

/**
 * One network step of the endpoint probe.
 *
 * @example
 * const step: ProbeStep = { status: "failed", error: "getaddrinfo ENOTFOUND contoso.openai.azure.com", durationMs: 12 };
 */
export interface ProbeStep {
  status: "ok" | "failed" | "timeout" | "skipped";
  error?: string;
  durationMs?: number;
}

/**
 * A role assignment that matters for the diagnosis, as read from ARM.
 *
 * @example
 * const assignment: RoleAssignmentReport = { role: "Cognitive Services Contributor", scope: "/subscriptions/...", ... };
 */
export interface RoleAssignmentReport {
  principalId: string;
  principalType?: string;
  role: string;
  roleDefinitionId: string;
  scope: string;
  createdOn?: string;
  /**
   * The scope is the resource the call is on or one of its parents: the account, or for a Foundry
   * project endpoint the project (a role on the account covers its projects; one on a project covers
   * neither the account nor its other projects).
   */
  coversAccount: boolean;
  /** The role grants the data action the call needs. */
  grantsDataAction: boolean;
  /** The role holds no data action at all. */
  noDataActions: boolean;
  /** The role manages the account (lists keys or writes it) but holds no data action: Owner, Contributor, ... */
  controlPlaneOnly: boolean;
  /** Assigned to a group the principal belongs to. */
  viaGroup: boolean;
  ageMinutes?: number;
}

/**
 * What Azure Resource Manager said about the account and the principal.
 *
 * @example
 * const arm: ArmReport = { status: "ok", credential: "EnvironmentCredential", principalId: "..." };
 */
export interface ArmReport {
  status: "ok" | "no-token" | "failed" | "timeout" | "skipped" | "not-found";
  /** Why ARM could not be read, or what could not be found. */
  reason?: string;
  credential?: string;
  principalId?: string;
  principalType?: "User" | "ServicePrincipal";
  subscriptions?: { id: string; tenantId?: string; name?: string }[];
  tenants?: string[];
  account?: {
    id: string;
    name: string;
    subscriptionId: string;
    resourceGroup: string;
    tenantId?: string;
    kind?: string;
    location?: string;
    endpoint?: string;
    customSubDomainName?: string;
    disableLocalAuth?: boolean;
    publicNetworkAccess?: string;
    networkDefaultAction?: string;
    ipRules?: string[];
    virtualNetworkRules?: number;
    /** How the account was matched to the endpoint. */
    matchedBy: "subdomain" | "endpoint" | "region";
  };
  /**
   * The Foundry project the endpoint names (`/api/projects/<name>`), under the account: the scope
   * RBAC is evaluated at for its calls.
   */
  project?: { name: string; id: string };
  deployments?: { name: string; model?: string; modelVersion?: string }[];
  requiredDataAction?: string;
  roleAssignments?: RoleAssignmentReport[];
  /** Other principals whose role on the account grants the data action. */
  otherPrincipalsWithRole?: RoleAssignmentReport[];
}

/**
 * What `keyless doctor --json` prints and `diagnose()` resolves to.
 *
 * @example
 * const report: DiagnosisReport = await diagnose({ endpoint: "https://contoso.openai.azure.com", env: process.env });
 * if (!report.ok) console.error(report.primary?.code, report.primary?.fix);
 */
export interface DiagnosisReport {
  /** The keyless call (the chain's token on the data plane) works. */
  ok: boolean;
  /** The root cause: the finding that, fixed, makes the call work. */
  primary: Finding | null;
  /** Every finding, ranked: `primary` first. */
  findings: Finding[];
  endpoint: EndpointReport;
  deployment?: string;
  apiVersion: string;
  /** The call probed (`call` option): `chat`, `responses` or `embeddings`. */
  call?: DiagnoseCall;
  /** The data-plane request the doctor made (method and path, no secrets). */
  request?: string;
  chain: {
    /** The credentials in the order `DefaultAzureCredential` tries them. */
    order: string[];
    /** The credential that would produce the token, if any. */
    selected?: string;
    /** The credential whose error stops the chain before any token. */
    stoppedBy?: string;
    /** `AZURE_TOKEN_CREDENTIALS`, as set. */
    tokenCredentials?: string;
    /** Only this credential was tried (`--credential`). */
    only?: string;
  };
  credentials: CredentialReport[];
  /** The comparison call with the API key, when one was given or is in the environment. */
  apiKey?: DataPlaneOutcome & { source: string };
  arm?: ArmReport;
  environment: { name: string; state: "set" | "empty"; value?: string }[];
  /** The time budget the doctor worked within, in milliseconds. */
  deadlineMs: number;
  durationMs: number;
}
