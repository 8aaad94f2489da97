import { createCredentialRunner } from "./credential-runner.js";
import type { CredentialReport, TokenIdentity } from "./diagnosis-report.js";
import { probeCredentials } from "./probes/probe-credentials.js";
import { createRedactor, maskUrl } from "./secret-redaction.js";
import { loadTrustedCa } from "./trusted-ca.js";
import { requireChainCredential } from "./validate-diagnose-options.js";

/**
 * Options of {@link inspectToken}.
 *
 * @example
 * const options: InspectTokenOptions = { scope: "https://cognitiveservices.azure.com/.default", env: process.env };
 */
export interface InspectTokenOptions {
  scope: string;
  /** One `DefaultAzureCredential` member; without it, the chain decides. */
  credential?: string;
  /**
   * The environment the credentials read (their worker thread's `process.env`; the caller's own is
   * never looked at), with its proxy and `NODE_EXTRA_CA_CERTS`; also read for masking secrets.
   */
  env: Record<string, string | undefined>;
  /**
   * CA certificates (PEM) the credentials' HTTPS connections trust besides Node's bundled roots.
   * Default: the file `env.NODE_EXTRA_CA_CERTS` names.
   */
  ca?: string | string[];
  /** Per credential; default 15 000. */
  timeoutMs?: number;
  now?: () => number;
}

/**
 * Who a token is and what it is for: the credential that produced it, its decoded claims and its
 * lifetime. Never the token itself.
 *
 * @example
 * const report: TokenReport = (await inspectToken({ scope, env: process.env })).report;
 */
export interface TokenReport {
  scope: string;
  /** The credential that produced the token; absent when none did. */
  credential?: string;
  /** The credential whose error stopped the chain. */
  stoppedBy?: string;
  /** Every credential tried, in chain order, with why it did or did not give a token. */
  credentials: CredentialReport[];
  identity?: TokenIdentity;
  /** Epoch ms, from the credential. */
  expiresOnTimestamp?: number;
  /** `exp - iat`, in seconds. */
  lifetimeSeconds?: number;
  /** Seconds left at the time of the report. */
  remainingSeconds?: number;
}

/**
 * Gets a token through `DefaultAzureCredential`'s chain (every member tried on its own, the chain's
 * choice reported) or through one named credential, and describes it. The token is returned apart
 * from the report so a caller can show it only when explicitly asked.
 *
 * @throws {DiagnoseOptionsError} for an unknown credential name or a `ca` that is not PEM.
 * @example
 * const { report, token } = await inspectToken({ scope: "https://cognitiveservices.azure.com/.default", env: process.env });
 * console.log(report.credential, report.identity?.upn, report.remainingSeconds);
 */
export async function inspectToken(
  options: InspectTokenOptions,
): Promise<{ report: TokenReport; token?: string }> {
  const now = options.now ?? Date.now;
  const only = options.credential === undefined ? undefined : requireChainCredential(options.credential);
  const ca = await loadTrustedCa({ ca: options.ca, env: options.env });
  const runner = createCredentialRunner({ env: options.env, ca });
  const probe = await probeCredentials({
    runner,
    scope: options.scope,
    ...(only === undefined ? {} : { only }),
    ...(options.env.AZURE_TOKEN_CREDENTIALS === undefined
      ? {}
      : { tokenCredentials: options.env.AZURE_TOKEN_CREDENTIALS }),
    timeoutMs: options.timeoutMs ?? 15_000,
    redact: createRedactor(options.env),
  }).finally(() => runner.close());
  // A scope is a URI: one pasted with a query (a SAS sig, a key) is shown masked.
  const report: TokenReport = { scope: maskUrl(options.scope), credentials: probe.credentials };
  const chosen = probe.chain.selected;
  if (probe.chain.stoppedBy !== undefined) report.stoppedBy = probe.chain.stoppedBy;
  const token = chosen === undefined ? undefined : probe.tokens.get(chosen);
  const entry = probe.credentials.find((c) => c.name === chosen);
  if (chosen !== undefined) report.credential = chosen;
  if (entry?.identity !== undefined) {
    report.identity = entry.identity;
    const { iat, exp } = entry.identity;
    if (exp !== undefined) {
      report.expiresOnTimestamp = exp * 1000;
      report.remainingSeconds = Math.round(exp - now() / 1000);
      if (iat !== undefined) report.lifetimeSeconds = exp - iat;
    }
  }
  return token === undefined ? { report } : { report, token };
}
