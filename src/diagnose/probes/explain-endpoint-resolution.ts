import { explain } from "../../knowledge/explain.js";
import type { CredentialReport } from "../diagnosis-report.js";
import type { ProbeContext } from "./probe-context.js";
import { probeTenantDiscovery } from "./probe-tenant-discovery.js";

const ENDPOINT_STEP_MS = 5_000;

/**
 * MSAL reports a failed OIDC discovery only as `endpoints_resolution_error`; Entra's own answer to
 * that discovery names the reason. When a credential failed that way, asks the discovery once and
 * returns the reports with its `AADSTS` line added to the reason, and the cause that line shows.
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
  const unresolved = (c: CredentialReport) => /endpoints_resolution_error/.test(c.reason ?? "");
  if (!credentials.some(unresolved)) return [...credentials];
  const answer = await probeTenantDiscovery(
    context.env,
    context.deadline.budget(ENDPOINT_STEP_MS),
    context.network,
  );
  if (answer?.aadsts === undefined) return [...credentials];
  const line = context.redact(answer.aadsts);
  const code = explain(line)[0]?.code;
  return credentials.map((report) =>
    unresolved(report)
      ? {
          ...report,
          reason: `${report.reason ?? ""}\nOIDC discovery ${answer.url} answered ${answer.status}: ${line}`,
          ...(code === undefined ? {} : { cause: code }),
        }
      : report,
  );
}
