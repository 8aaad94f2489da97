import { explain } from "../../knowledge/explain.js";
import type { CredentialReport } from "../diagnosis-report.js";
import type { ProbeContext } from "./probe-context.js";
import { probeTenantDiscovery } from "./probe-tenant-discovery.js";

const ENDPOINT_STEP_MS = 5_000;

/**
 * MSAL reports a failed OIDC discovery only as `endpoints_resolution_error`; Entra's own answer to
 * that discovery names the reason, and when Entra did not answer, what the doctor's request met on
 * the way does (a proxy that refused the tunnel, TLS interception, a 5xx or 429, an HTML page). When
 * a credential failed that way, asks the discovery once and returns the reports with that reason
 * (the `AADSTS` line or the fault) added, and the cause it shows.
 * The reports given are not changed: the ones it concerns are copied.
 *
 * @example
 * const credentials = await explainEndpointResolution(probe.credentials, context);
 * credentials.find((c) => c.name === "EnvironmentCredential")?.cause; // "aadsts.90002"
 */
export async function explainEndpointResolution(
  credentials: readonly CredentialReport[],
  context: ProbeContext,
): Promise<CredentialReport[]> {
  // MSAL's `network_error` from managed identity is about the identity endpoint, not the login host.
  const unresolved = (c: CredentialReport) =>
    !c.available &&
    c.name !== "ManagedIdentityCredential" &&
    /endpoints_resolution_error|network_error/.test(c.reason ?? "");
  if (!credentials.some(unresolved)) return [...credentials];
  const answer = await probeTenantDiscovery(
    context.env,
    context.deadline.budget(ENDPOINT_STEP_MS),
    context.network,
  );
  if (answer === undefined) return [...credentials];
  const said =
    answer.aadsts !== undefined
      ? { line: context.redact(answer.aadsts), status: answer.status }
      : answer.fault !== undefined
        ? { line: context.redact(answer.fault.detail), status: answer.status }
        : undefined;
  if (said === undefined) return [...credentials];
  const code = answer.aadsts !== undefined ? explain(said.line)[0]?.code : answer.fault?.code;
  const heard = said.status === undefined ? "got no answer" : `answered ${said.status}`;
  return credentials.map((report) =>
    unresolved(report)
      ? {
          ...report,
          reason: `${report.reason ?? ""}\nOIDC discovery ${answer.url} ${heard}: ${said.line}`,
          ...(code === undefined ? {} : { cause: code }),
        }
      : report,
  );
}
