import { CHAIN_CREDENTIAL_NAMES, CREDENTIAL_NAMES } from "../credential-names.js";
import { extractFacts } from "../extract-facts.js";
import type { Facts } from "../facts.js";
import { type NormalizedText, normalizeErrorText } from "../normalize-error-text.js";
import { credentialsMatcher, isChainFailure } from "./credentials.js";
import { dataPlaneMatcher } from "./data-plane.js";
import { entraMatcher } from "./entra.js";
import type { Matcher, RawMatch } from "./matcher.js";
import { networkMatcher } from "./network.js";
import { openAiClientMatcher } from "./openai-client.js";

/**
 * One credential's part of an aggregated chain error.
 *
 * @example
 * const s: ChainSegment = { credential: "AzureCliCredential", text: "Please run 'az login' ..." };
 */
export interface ChainSegment {
  /** The credential the segment is about, when the text names or implies it. */
  credential?: string;
  text: string;
}

/**
 * An aggregated chain error cut into its parts.
 *
 * @example
 * const split: ChainSplit = { chain: "DefaultAzureCredential", segments: [], rest: "..." };
 */
export interface ChainSplit {
  /** `DefaultAzureCredential` or `ChainedTokenCredential`, as the header names it. */
  chain?: string;
  segments: ChainSegment[];
  /** The text outside the segments (header, wrapper messages, stack). */
  rest: string;
}

/* Lines that open a segment, per SDK. */
const JS_SEGMENT =
  /^\s{0,16}(?:CredentialUnavailableError|AuthenticationError|AuthenticationRequiredError)\s?:\s?(.*)$/;
/* Python and Go: `\tEnvironmentCredential: ...`; .NET: `- EnvironmentCredential authentication unavailable...`. */
const NAMED_SEGMENT = /^\s{0,16}(?:-\s{1,4})?([A-Z][A-Za-z]{2,60}Credential)(:\s?|\s)(.*)$/;
/* Lines that end the chain: stack frames, the guides' closing sentences. */
const TERMINATOR =
  /^\s{0,16}(?:at\s|File "|Traceback|To mitigate this issue|Please visit the documentation|See the troubleshooting guide)|^\s*$/;

/** Keywords that tell which credential an unnamed JS segment is about. */
const IMPLIED: ReadonlyArray<[RegExp, string]> = [
  [/\baz login\b|Azure CLI\b|\baz account\b/, "AzureCliCredential"],
  [/\bazd\b|Azure Developer CLI/, "AzureDeveloperCliCredential"],
  [/PowerShell|Connect-AzAccount|Az\.Accounts?\b/, "AzurePowerShellCredential"],
  [/Visual Studio Code/, "VisualStudioCodeCredential"],
  [/\bIMDS\b|managed identity/i, "ManagedIdentityCredential"],
  [/\bWAM\b|[Bb]roker/, "BrokerCredential"],
  [/SYSTEM_OIDCREQUESTURI|Azure Pipeline/, "AzurePipelinesCredential"],
  [/AZURE_FEDERATED_TOKEN_FILE|workload/i, "WorkloadIdentityCredential"],
];

function credentialOf(text: string): string | undefined {
  const named = /\b([A-Z][A-Za-z]{2,60}Credential)\b/g;
  for (let m = named.exec(text); m !== null; m = named.exec(text)) {
    const name = m[1] as string;
    if (CREDENTIAL_NAMES.has(name) && !CHAIN_CREDENTIAL_NAMES.has(name)) return name;
  }
  for (const [pattern, name] of IMPLIED) {
    if (pattern.test(text)) return name;
  }
  return undefined;
}

const SEGMENT_INLINE =
  /(\S)[ \t]{1,16}(?=(?:CredentialUnavailableError|AuthenticationError|AuthenticationRequiredError)\s?:)/g;

/* .NET AggregateException messages list the inner errors as ` (XCredential authentication ...)`. */
const DOTNET_INLINE = /[ \t]\((?=[A-Z][A-Za-z]{2,60}Credential authentication )/g;
/* .NET's `- XCredential authentication ...` lines joined into one (a log that folds lines). */
const DOTNET_DASH_INLINE = /[ \t]-[ \t](?=[A-Z][A-Za-z]{2,60}Credential authentication )/g;

const CHAIN_HEADER = /\b(DefaultAzureCredential|ChainedTokenCredential)\b/;

/**
 * Cuts an aggregated credential-chain error (JS `AggregateAuthenticationError`, Python and Go
 * `Attempted credentials:`, .NET `- XCredential ...` lines) into one segment per credential.
 * Returns undefined when the text holds no chain failure with at least one segment.
 *
 * @example
 * splitCredentialChain("ChainedTokenCredential authentication failed.\nCredentialUnavailableError: Please run 'az login' ...")
 *   ?.segments[0]?.credential; // "AzureCliCredential"
 */
export function splitCredentialChain(text: string): ChainSplit | undefined {
  if (!isChainFailure(text)) return undefined;
  // A chain printed on one line (a log field) still has one error class per credential.
  const lines = text
    .replace(SEGMENT_INLINE, "$1\n")
    .replace(DOTNET_INLINE, "\n- ")
    .replace(DOTNET_DASH_INLINE, "\n- ")
    .split("\n");
  const segments: ChainSegment[] = [];
  const rest: string[] = [];
  let inChain = false;
  let current: { credential?: string; lines: string[] } | undefined;
  const close = () => {
    if (current === undefined) return;
    const segText = current.lines.join("\n").trim();
    const credential = current.credential ?? credentialOf(segText);
    segments.push(credential === undefined ? { text: segText } : { credential, text: segText });
    current = undefined;
  };
  for (const line of lines) {
    if (!inChain) {
      rest.push(line);
      if (isChainFailure(line) || /^\s{0,16}Attempted credentials:\s*$/.test(line)) inChain = true;
      continue;
    }
    const js = JS_SEGMENT.exec(line);
    if (js !== null) {
      close();
      current = { lines: [js[1] ?? ""] };
      continue;
    }
    const named = NAMED_SEGMENT.exec(line);
    if (
      named !== null &&
      CREDENTIAL_NAMES.has(named[1] as string) &&
      !CHAIN_CREDENTIAL_NAMES.has(named[1] as string)
    ) {
      close();
      const rest0 = named[2]?.startsWith(":") ? (named[3] ?? "") : `${named[1]} ${named[3] ?? ""}`;
      current = { credential: named[1] as string, lines: [rest0] };
      continue;
    }
    if (/^\s{0,16}Attempted credentials:\s*$/.test(line)) {
      rest.push(line);
      continue;
    }
    if (current !== undefined && !TERMINATOR.test(line)) {
      current.lines.push(line);
      continue;
    }
    close();
    rest.push(line);
  }
  close();
  if (segments.length === 0) return undefined;
  const header = CHAIN_HEADER.exec(rest.join("\n"));
  const split: ChainSplit = { segments, rest: rest.join("\n") };
  if (header?.[1] !== undefined) split.chain = header[1];
  return split;
}

/**
 * The chain in the first view of `view` that holds one: the text itself, or a JSON-unescaped printing.
 *
 * @example
 * findCredentialChain(normalizeErrorText('{"msg":"ChainedTokenCredential authentication failed.\\nCredentialUnavailableError: ..."}'));
 */
export function findCredentialChain(view: NormalizedText): ChainSplit | undefined {
  for (const text of view.views) {
    const split = splitCredentialChain(text);
    if (split !== undefined) return split;
  }
  return undefined;
}

const SEGMENT_MATCHERS: readonly Matcher[] = [
  dataPlaneMatcher,
  entraMatcher,
  credentialsMatcher,
  openAiClientMatcher,
  networkMatcher,
];

/** Inside a chain, a credential being unavailable is one of several: the chain failure ranks above. */
const SEGMENT_CREDENTIAL_CAP = 0.85;
/**
 * A credential that was set up and then failed for a reason only an answer can give (the host's
 * identity endpoint refused the identity asked for, a certificate that does not load): the chain's
 * root cause, ranked above the chain failure. "Not fully configured" is not one: SDKs print it when
 * nothing at all is set.
 */
const SET_UP_AND_FAILED: ReadonlySet<string> = new Set([
  "credential.mi-identity-not-assigned",
  "credential.mi-multiple-identities",
  "credential.mi-audience-not-supported",
  "credential.cert-invalid",
]);
const SET_UP_AND_FAILED_CONFIDENCE = 0.92;
/** The app's host is App Service or Functions, as its own stack or URL says. */
const APP_SERVICE_HOST =
  /\bMicrosoft\.Azure\.WebJobs\b|\bFunctionInvocationException\b|\.azurewebsites\.net\b|\bAzure Functions?\b|\bApp Service\b|\bFunction App\b/;
/** The only credential a chain tried: its reason is the chain's, ranked above the chain failure (0.9). */
const ALONE_CONFIDENCE = 0.91;
/**
 * Reasons of a credential that is there (installed, configured, on a host with an identity) and
 * failed. The others (not installed, not configured, no endpoint) are what a chain meets on every
 * machine where that credential does not apply; when exactly one credential of the chain failed
 * this way, it is the one the app meant to use, and its reason is the chain's. (.NET's "Multiple
 * attempts failed to obtain a token from the managed identity endpoint" is not one: its chain prints
 * it on any machine without IMDS.)
 */
const THERE_AND_FAILED: ReadonlySet<string> = new Set([
  "credential.cli-not-logged-in",
  "credential.cli-timeout",
  "credential.azd-not-logged-in",
  "credential.azd-timeout",
  "credential.azd-mfa-required",
  "credential.powershell-not-logged-in",
  "credential.mi-endpoint-error",
  ...SET_UP_AND_FAILED,
]);

/**
 * Matches each credential of an aggregated chain error on its own (each match carries
 * `facts.credential`) and adds `credential.chain-exhausted` for the chain.
 *
 * @example
 * credentialChainMatcher(normalizeErrorText(aggregatedError), {}).map((m) => m.code);
 * // ["credential.env-not-configured", "credential.mi-unavailable", ..., "credential.chain-exhausted"]
 */
export const credentialChainMatcher: Matcher = (view) => {
  const split = findCredentialChain(view);
  if (split === undefined) return [];
  const out: RawMatch[] = [];
  // A chain that tried one credential failed for that credential's reason.
  const alone = split.segments.filter((segment) => segment.credential !== undefined).length === 1;
  for (const segment of split.segments) {
    const segView = normalizeErrorText(segment.text);
    const segFacts = extractFacts(segView);
    if (segment.credential !== undefined) segFacts.credential = segment.credential;
    for (const matcher of SEGMENT_MATCHERS) {
      for (const raw of matcher(segView, segFacts)) {
        if (raw.code === "credential.chain-exhausted") continue;
        const facts: Facts = { ...segFacts, ...raw.facts };
        if (segment.credential !== undefined) facts.credential = segment.credential;
        // The only credential's reason is the chain's, also when it is the network (a proxy, TLS
        // interception) that stopped it.
        const confidence =
          alone && (raw.code.startsWith("credential.") || raw.code.startsWith("network."))
            ? Math.max(Math.min(raw.confidence, SET_UP_AND_FAILED_CONFIDENCE), ALONE_CONFIDENCE)
            : SET_UP_AND_FAILED.has(raw.code)
              ? Math.max(Math.min(raw.confidence, SET_UP_AND_FAILED_CONFIDENCE), SEGMENT_CREDENTIAL_CAP)
              : raw.code.startsWith("credential.")
                ? Math.min(raw.confidence, SEGMENT_CREDENTIAL_CAP)
                : raw.confidence;
        const match: RawMatch = { code: raw.code, confidence, facts };
        if (raw.distinguish !== undefined) match.distinguish = raw.distinguish;
        out.push(match);
      }
    }
  }
  const failedThere = new Set(
    out.filter((m) => THERE_AND_FAILED.has(m.code)).map((m) => m.facts?.credential ?? m.code),
  );
  if (!alone && failedThere.size === 1) {
    for (const m of out)
      if (THERE_AND_FAILED.has(m.code)) m.confidence = Math.max(m.confidence, ALONE_CONFIDENCE);
  }
  // On App Service or Functions the managed identity is the credential meant: its endpoint missing
  // there is the identity not enabled (the platform set no IDENTITY_ENDPOINT), not a bystander.
  const miMissing = out.find((m) => m.code === "credential.mi-unavailable");
  if (failedThere.size === 0 && miMissing !== undefined && APP_SERVICE_HOST.test(view.haystack)) {
    out.push({
      code: "credential.mi-app-service-env-missing",
      confidence: ALONE_CONFIDENCE,
      facts: { ...miMissing.facts },
      distinguish:
        "The app runs on App Service or Functions: enable its managed identity (az webapp identity assign / az functionapp identity assign); the platform then sets IDENTITY_ENDPOINT and IDENTITY_HEADER.",
    });
  }
  const chainFacts: Facts = {};
  if (split.chain !== undefined) chainFacts.credential = split.chain;
  out.push({ code: "credential.chain-exhausted", confidence: 0.9, facts: chainFacts });
  return out;
};
