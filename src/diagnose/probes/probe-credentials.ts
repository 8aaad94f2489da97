import type { CauseCode } from "../../knowledge/cause.js";
import { explain } from "../../knowledge/explain.js";
import {
  CHAIN_CREDENTIALS,
  chainForTokenCredentials,
  type DoctorCredentialName,
} from "../chain-credentials.js";
import type { CredentialRunner } from "../credential-runner.js";
import type { DiagnoseProgressEvent } from "../diagnose-options.js";
import type { CredentialReport } from "../diagnosis-report.js";
import type { Redactor } from "../secret-redaction.js";
import { decodeTokenIdentity } from "../token-identity.js";

/**
 * Options of {@link probeCredentials}.
 *
 * @example
 * const options: CredentialProbeOptions = { scope: "https://cognitiveservices.azure.com/.default", timeoutMs: 15_000, redact: (t) => t };
 */
export interface CredentialProbeOptions {
  scope: string;
  /** Try only this credential, as if `AZURE_TOKEN_CREDENTIALS` named it. */
  only?: DoctorCredentialName;
  /**
   * Tried too (without `only`), though the chain does not include them: reported with `inChain:
   * false`, never selected, and their tokens are not kept (no data-plane call is made with them).
   */
  besides?: readonly DoctorCredentialName[];
  /** `AZURE_TOKEN_CREDENTIALS` as set. */
  tokenCredentials?: string;
  /** Per credential, from when its attempt begins; they run concurrently. */
  timeoutMs: number;
  /** How long an attempt may wait for the credential worker to load before it begins (default `timeoutMs`). */
  startWithinMs?: number;
  /**
   * Per credential, called once its attempt has begun: a promise that resolves with the reason when
   * other evidence already settles the attempt, so the probe need not wait for its retries (with
   * `undefined` when it does not).
   */
  stopWaiting?: Partial<Record<string, () => Promise<string | undefined>>>;
  redact: Redactor;
  /** Runs the attempts (a worker thread in the built package). */
  runner: CredentialRunner;
  onProgress?: (event: DiagnoseProgressEvent) => void;
}

/**
 * The chain as `DefaultAzureCredential` would walk it, plus every credential tried on its own.
 *
 * @example
 * const { chain, credentials } = await probeCredentials(options);
 * chain.selected; // "AzureCliCredential"
 */
export interface CredentialProbeResult {
  chain: {
    order: DoctorCredentialName[];
    selected?: DoctorCredentialName;
    stoppedBy?: DoctorCredentialName;
    /** `AZURE_TOKEN_CREDENTIALS` is set to a value `DefaultAzureCredential` rejects. */
    invalidTokenCredentials?: string;
    tokenCredentials?: string;
    only?: DoctorCredentialName;
  };
  credentials: CredentialReport[];
  /** The tokens, by credential: kept in memory for the data-plane probe, never reported. */
  tokens: Map<string, string>;
}

const CONTINUES_CHAIN = new Set(["CredentialUnavailableError", "AuthenticationRequiredError"]);

/** The cause of a credential's error, by the knowledge matchers, preferring one about this credential. */
function causeOf(name: string, errorName: string, message: string): CauseCode | undefined {
  const matches = explain(`${errorName}: ${message}`);
  const own = matches.find((m) => m.facts.credential === undefined || m.facts.credential === name);
  return (own ?? matches[0])?.code;
}

/**
 * Asks every credential of the `DefaultAzureCredential` chain (or the one in `only`), and those in
 * `besides`, for a token for `scope`, each on its own, concurrently, each within `timeoutMs`; then walks the chain in order to
 * find the credential it would use: the first that yields a token, unless an earlier one fails with
 * an error other than `CredentialUnavailableError` (which stops the chain). Claims are decoded; the
 * tokens are returned separately and never reported.
 *
 * @example
 * const result = await probeCredentials({ scope, timeoutMs: 15_000, redact });
 * result.credentials.find((c) => c.selectedByChain)?.identity?.oid;
 */
export async function probeCredentials(options: CredentialProbeOptions): Promise<CredentialProbeResult> {
  const chainSpec: { order: DoctorCredentialName[]; valid: boolean } =
    options.only !== undefined
      ? { order: [options.only], valid: true }
      : chainForTokenCredentials(options.tokenCredentials);
  const order = chainSpec.order;
  const besides = new Set<DoctorCredentialName>(options.only !== undefined ? [] : (options.besides ?? []));
  const tried: DoctorCredentialName[] =
    options.only !== undefined ? [options.only] : [...CHAIN_CREDENTIALS, ...besides];
  // Inside the chain DefaultAzureCredential probes IMDS first; alone (or when it is the only one) it does not.
  const standaloneMi = order.length === 1 && order[0] === "ManagedIdentityCredential";
  const tokens = new Map<string, string>();

  const credentials = await Promise.all(
    tried.map(async (name): Promise<CredentialReport> => {
      options.onProgress?.({ probe: "credentials", state: "started", label: name });
      const stopWhen = options.stopWaiting?.[name];
      const run = await options.runner.run(
        {
          credential: name,
          scope: options.scope,
          timeoutMs: options.timeoutMs,
          sendProbeRequest: !standaloneMi,
        },
        {
          ...(stopWhen === undefined ? {} : { stopWhen }),
          ...(options.startWithinMs === undefined ? {} : { startWithinMs: options.startWithinMs }),
        },
      );
      const report: CredentialReport = {
        name,
        inChain: chainSpec.valid && order.includes(name),
        available: false,
        selectedByChain: false,
        durationMs: run.durationMs,
      };
      if (run.timedOut) {
        report.timedOut = true;
        report.reason =
          run.notStarted === true
            ? `${name} was not tried: the credential worker did not load within ${(run.durationMs / 1000).toFixed(1)} s (a loaded machine); run again, or raise --timeout.`
            : run.stoppedBecause === undefined
              ? `${name} did not answer within ${Math.round(options.timeoutMs / 1000)} s.`
              : `${name} was still retrying after ${(run.durationMs / 1000).toFixed(1)} s; not waited for, because ${run.stoppedBecause}.`;
      } else if (run.result.ok) {
        report.available = true;
        if (!besides.has(name)) tokens.set(name, run.result.token);
        const identity = decodeTokenIdentity(run.result.token);
        if (identity !== undefined) {
          report.identity = identity;
          if (identity.iat !== undefined) {
            report.clockSkewSeconds = Math.round(run.result.receivedAt / 1000 - identity.iat);
          }
        }
      } else {
        const { errorName, message } = run.result;
        report.errorName = errorName;
        report.reason = options.redact(message);
        report.stopsChain = !CONTINUES_CHAIN.has(errorName);
        const cause = causeOf(name, errorName, report.reason);
        if (cause !== undefined) report.cause = cause;
      }
      options.onProgress?.({
        probe: "credentials",
        state: "finished",
        label: name,
        outcome: report.available ? "token" : report.timedOut ? "timeout" : "unavailable",
      });
      return report;
    }),
  );

  const chain: CredentialProbeResult["chain"] = { order };
  if (options.tokenCredentials !== undefined) chain.tokenCredentials = options.tokenCredentials;
  if (options.only !== undefined) chain.only = options.only;
  if (!chainSpec.valid && options.only === undefined) {
    chain.invalidTokenCredentials = options.tokenCredentials ?? "";
  } else {
    for (const name of order) {
      const report = credentials.find((c) => c.name === name);
      if (report === undefined) continue;
      if (report.available) {
        chain.selected = name;
        report.selectedByChain = true;
        break;
      }
      if (report.stopsChain === true) {
        chain.stoppedBy = name;
        break;
      }
    }
  }
  return { chain, credentials, tokens };
}
