import type { CauseCode } from "../cause.js";
import { CHAIN_CREDENTIAL_NAMES, CREDENTIAL_NAMES } from "../credential-names.js";
import type { NormalizedText } from "../normalize-error-text.js";
import { CHAIN_SELECTED } from "./azure-context.js";
import type { RawMatch } from "./matcher.js";

/*
 * The last resort for a credential failure whose wording keyless does not know: the credential's
 * name (in any identity SDK's spelling) on a line that says it failed narrows the cause to that
 * credential's usual failures, most common first. Below every other rule: the name says where to
 * look, not what went wrong.
 */

/** How each SDK says a credential failed: `X authentication failed`, `X.get_token failed`, `X => getToken() => ERROR`. */
const FAILURE =
  /\bfail\w*|\bunavailable\b|\bunable\b|\berror\b|\bexception\b|\bcould not\b|\bcannot\b|\bcan't\b|\bnot (?:be )?found\b|\bdenied\b|\brefused\b/i;

const CHECK_LOGGING =
  "Turn on the identity SDK's logging (AZURE_LOG_LEVEL=verbose, azure.identity at DEBUG) or run keyless doctor on the same host to see why it failed.";

type Ranked = readonly (readonly [CauseCode, string])[];

const MANAGED_IDENTITY: Ranked = [
  [
    "credential.mi-unavailable",
    "Outside Azure (or on a host without an identity) there is no managed identity endpoint: use another credential locally.",
  ],
  [
    "credential.mi-identity-not-assigned",
    "On an Azure host, the client id the app passes must be one of the host's assigned identities.",
  ],
  ["credential.mi-endpoint-error", CHECK_LOGGING],
];

const BY_CREDENTIAL: Readonly<Record<string, Ranked>> = {
  ManagedIdentityCredential: MANAGED_IDENTITY,
  ImdsCredential: MANAGED_IDENTITY,
  AzureArcCredential: MANAGED_IDENTITY,
  ServiceFabricCredential: MANAGED_IDENTITY,
  AppServiceCredential: [
    [
      "credential.mi-identity-not-assigned",
      "App Service answered: the client id the app passes must be one of the app's user-assigned identities (az webapp identity show).",
    ],
    [
      "resource.managed-identity-not-enabled",
      "Without a system-assigned identity on the app, only a user-assigned one's client id gets a token.",
    ],
  ],
  CloudShellCredential: [
    [
      "credential.mi-audience-not-supported",
      "Cloud Shell issues tokens for a fixed list of audiences: run az login inside Cloud Shell to get others.",
    ],
  ],
  AzureCliCredential: [
    ["credential.cli-not-logged-in", "Run az account show as the same user: an error means run az login."],
    [
      "credential.cli-not-installed",
      "Run az version in the app's environment: the credential needs az on PATH.",
    ],
    ["credential.cli-timeout", "A slow az (first run, a proxy) exceeds the credential's timeout."],
  ],
  AzureDeveloperCliCredential: [
    [
      "credential.azd-not-logged-in",
      "Run azd auth login --check-status: not logged in means run azd auth login.",
    ],
    [
      "credential.azd-not-installed",
      "Run azd version in the app's environment: the credential needs azd on PATH.",
    ],
  ],
  AzurePowerShellCredential: [
    [
      "credential.powershell-not-logged-in",
      "Run Get-AzContext in pwsh as the same user: nothing means run Connect-AzAccount.",
    ],
    [
      "credential.powershell-module-missing",
      "Run Get-Module -ListAvailable Az.Accounts: the credential needs the Az.Accounts module.",
    ],
  ],
  EnvironmentCredential: [
    [
      "credential.env-incomplete",
      "Print which AZURE_* variables are set (env | grep ^AZURE_ | cut -d= -f1): the tenant, client id and one secret or certificate go together.",
    ],
    ["credential.env-not-configured", "With none of them set, the credential is skipped."],
  ],
  WorkloadIdentityCredential: [
    [
      "credential.workload-incomplete",
      "Check AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_FEDERATED_TOKEN_FILE in the pod: the workload identity webhook sets them for a labelled pod with an annotated service account.",
    ],
  ],
  VisualStudioCodeCredential: [
    [
      "credential.vscode-unavailable",
      "Sign in with the Azure Resources extension, or use another credential.",
    ],
  ],
  SharedTokenCacheCredential: [
    [
      "credential.cache-unavailable",
      "The shared token cache holds no account (Windows, Visual Studio sign-in): sign in there or use another credential.",
    ],
  ],
  ClientCertificateCredential: [
    [
      "credential.cert-invalid",
      "The certificate file must hold the private key (PEM with both parts, or PFX) and its thumbprint must be registered on the app.",
    ],
  ],
  AzurePipelinesCredential: [
    [
      "credential.pipelines-service-connection",
      "The service connection id, the app's client id and the tenant must be the service connection's, with a federated credential for it.",
    ],
    [
      "credential.pipelines-oidc-unauthorized",
      "The pipeline's System.AccessToken must be passed to the credential for the OIDC request.",
    ],
  ],
  InteractiveBrowserCredential: [
    [
      "credential.broker-unavailable",
      "A headless host has no browser or broker to sign in with: use another credential.",
    ],
  ],
  BrokerCredential: [
    [
      "credential.broker-unavailable",
      "The sign-in broker (WAM) is not available on this host: use another credential.",
    ],
  ],
};
/** Other SDKs' spellings of the same credentials (Go's CLI names, Python's CertificateCredential). */
const ALIASES: Readonly<Record<string, string>> = {
  CertificateCredential: "ClientCertificateCredential",
  AzureCLICredential: "AzureCliCredential",
  AzureDeveloperCLICredential: "AzureDeveloperCliCredential",
  InteractiveBrowserBrokerCredential: "BrokerCredential",
};

/** The managed identity's inner credentials, as Python and older SDKs name them in their logs. */
const MANAGED_IDENTITY_PARTS: ReadonlySet<string> = new Set([
  "ImdsCredential",
  "AppServiceCredential",
  "AzureArcCredential",
  "ServiceFabricCredential",
  "CloudShellCredential",
]);

/** One name per chain member: a managed identity's inner credential stands for it, not beside it. */
function oneNamePerMember(names: readonly string[]): string[] {
  const inner = names.find((n) => MANAGED_IDENTITY_PARTS.has(n));
  if (inner === undefined) return [...names];
  return names.flatMap((n) =>
    n === "ManagedIdentityCredential" ? [] : MANAGED_IDENTITY_PARTS.has(n) && n !== inner ? [] : [n],
  );
}

function causesOf(name: string): Ranked | undefined {
  return BY_CREDENTIAL[ALIASES[name] ?? name];
}

const NAME = /\b([A-Z][A-Za-z]{2,40}Credential)\b/g;
const TOP = 0.32;
const STEP = 0.04;
/** Several credentials failing is a chain that ran out: above what any one member's words suggest. */
const CHAIN_FAILED = 0.4;

/**
 * The credentials named on a line that says something failed, in order of appearance (a line that
 * says the chain chose one is no failure).
 *
 */
function failingCredentials(hay: string): string[] {
  const names = new Set<string>();
  for (const line of hay.split("\n")) {
    // A line that says a credential got its token (a chain's choice) names no failure.
    if (!FAILURE.test(line) || CHAIN_SELECTED.test(line)) continue;
    NAME.lastIndex = 0;
    for (let m = NAME.exec(line); m !== null; m = NAME.exec(line)) {
      const name = m[1] as string;
      if (CREDENTIAL_NAMES.has(name)) names.add(name);
    }
  }
  return [...names];
}

/**
 * Ranked candidates from the names of the credentials that failed: one credential named gives its
 * usual causes; several (a chain's members) give the chain's exhaustion first, then each one's
 * most common cause. Empty when no known credential is said to have failed.
 *
 * @example
 * credentialNameFallback(normalizeErrorText("AzureCliCredential.get_token failed: something new"))[0]?.code;
 * // "credential.cli-not-logged-in"
 */
export function credentialNameFallback(view: NormalizedText): RawMatch[] {
  const names = failingCredentials(view.haystack);
  const found = names.filter((n) => !CHAIN_CREDENTIAL_NAMES.has(n) && causesOf(n) !== undefined);
  // A managed identity's inner credential (ImdsCredential...) is that one member, the more precise name.
  const members = oneNamePerMember(found);
  if (members.length === 0) {
    return names.some((n) => CHAIN_CREDENTIAL_NAMES.has(n))
      ? [{ code: "credential.chain-exhausted", confidence: TOP, distinguish: CHECK_LOGGING }]
      : [];
  }
  if (members.length === 1) {
    const ranked = causesOf(members[0] as string) as Ranked;
    return ranked.map(([code, distinguish], i) => ({
      code,
      confidence: Math.round((TOP - i * STEP) * 100) / 100,
      distinguish,
      facts: { credential: members[0] as string },
    }));
  }
  const first: RawMatch = {
    code: "credential.chain-exhausted",
    confidence: CHAIN_FAILED,
    distinguish: "Several credentials failed: the chain tried each and none got a token.",
  };
  return [
    first,
    ...members.map((name) => {
      const [code, distinguish] = (causesOf(name) as Ranked)[0] as readonly [CauseCode, string];
      return { code, confidence: TOP - STEP, distinguish, facts: { credential: name } };
    }),
  ];
}

/** How many of a chain's credentials failing, with no chain named, say the chain ran out. */
const MIN_CHAIN_MEMBERS = 3;

/**
 * For a text a matcher answered: when it names several of a chain's credentials failing in turn
 * without the chain's own header (Java's suppressed list), the chain ran out, whatever each one's
 * own cause; `undefined` otherwise.
 *
 * @example
 * chainRanOut(normalizeErrorText("EnvironmentCredential unavailable.\nSharedTokenCacheCredential unavailable.\nAzureCliCredential unavailable."))?.code;
 * // "credential.chain-exhausted"
 */
export function chainRanOut(view: NormalizedText): RawMatch | undefined {
  const members = oneNamePerMember(
    failingCredentials(view.haystack).filter((n) => !CHAIN_CREDENTIAL_NAMES.has(n)),
  );
  if (members.length < MIN_CHAIN_MEMBERS) return undefined;
  return {
    code: "credential.chain-exhausted",
    confidence: 0.5,
    distinguish:
      "Several credentials failed in turn: none of the chain got a token; set up the one meant for this host (each one's line says what it lacks).",
  };
}
