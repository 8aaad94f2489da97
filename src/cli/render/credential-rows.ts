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
 * An HTTP status and the service's error code, the code left out when it only repeats the status
 * (the data plane answers a bad key with code `"401"`).
 *
 * @example
 * statusWithCode(401, "PermissionDenied"); // "401 PermissionDenied"
 * statusWithCode(401, "401"); // "401"
 */
export function statusWithCode(status: number, code: string | undefined): string {
  return code === undefined || code === "" || code === String(status) ? String(status) : `${status} ${code}`;
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
  return statusWithCode(outcome.status, outcome.code);
}

/** The credential table's headers, in the order of {@link credentialRows}' cells. */
export const CREDENTIAL_HEADERS = ["credential", "result", "identity / reason", "data plane"] as const;

/**
 * What the credential table's columns mean, as sentences to print under it. `columns` is how many
 * of {@link CREDENTIAL_HEADERS} the table shows (`keyless token` leaves out the data plane).
 *
 * @example
 * credentialLegend(4)[0]; // "* marks the credential DefaultAzureCredential uses (or the one --credential names)."
 */
export function credentialLegend(columns: 3 | 4 = 4): string[] {
  const legend = [
    "* marks the credential DefaultAzureCredential uses (or the one --credential names).",
    "result: token (it got one); unavailable (not set up here, the chain tries the next); error (it failed and stops the chain); timeout (no answer in time).",
    "identity / reason: who the token is for, or why there is none; a cause code is explained by keyless explain --code <code>.",
  ];
  if (columns === 4) {
    legend.push(
      "data plane: the status (and error code) the probe call got with this credential's token; - when there was no token to try.",
    );
  }
  return legend;
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
