import type { CredentialReport, DataPlaneOutcome } from "../../diagnose/diagnosis-report.js";
import { describeIdentity } from "../../diagnose/token-identity.js";

/**
 * The result column of a credential: `token`, `unavailable`, `error` (stops the chain) or `timeout`.
 *
 * @example
 * credentialResult({ available: true } as CredentialReport); // "token"
 */
export function credentialResult(credential: CredentialReport): string {
  if (credential.available) return "token";
  if (credential.timedOut) return "timeout";
  return credential.stopsChain ? "error" : "unavailable";
}

/**
 * A data-plane outcome in a few words: `200`, `401 PermissionDenied`, `no answer`.
 *
 * @example
 * describeDataPlane({ status: 401, code: "PermissionDenied" }); // "401 PermissionDenied"
 */
export function describeDataPlane(outcome: DataPlaneOutcome | undefined): string {
  if (outcome === undefined) return "-";
  if (outcome.status === undefined) return "no answer";
  return `${outcome.status}${outcome.code === undefined ? "" : ` ${outcome.code}`}`;
}

/**
 * One table row per credential: name (with `*` for the chain's choice), result, who (or why not),
 * data-plane answer.
 *
 * @example
 * credentialRows(report.credentials).map((row) => row.join(" | "));
 */
export function credentialRows(credentials: readonly CredentialReport[]): string[][] {
  return credentials.map((c) => [
    `${c.selectedByChain ? "* " : "  "}${c.name}${c.inChain ? "" : " (not in chain)"}`,
    credentialResult(c),
    c.identity !== undefined ? describeIdentity(c.identity) : (c.cause ?? c.reason ?? ""),
    describeDataPlane(c.dataPlane),
  ]);
}
