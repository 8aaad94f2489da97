import type { DiagnosisFacts } from "../diagnosis-facts.js";
import type { Finding, Severity } from "../diagnosis-report.js";
import { createFinding } from "../finding.js";
import { fixValues } from "./fix-values.js";

const SEVERITY: Record<string, Severity> = {
  "endpoint.regional-no-subdomain": "error",
  "endpoint.invalid-url": "error",
  "endpoint.extra-path": "error",
  // A gateway or proxy may accept the token; the data-plane answer decides.
  "endpoint.not-azure": "warning",
};

/**
 * Findings from the endpoint's form (regional host, extra path, not an Azure host, invalid URL) and
 * its reachability (DNS, TCP, TLS when probed directly).
 *
 * @example
 * analyzeEndpoint(facts)[0]?.code; // "endpoint.regional-no-subdomain"
 */
export function analyzeEndpoint(facts: DiagnosisFacts): Finding[] {
  const findings: Finding[] = [];
  const values = fixValues(facts);
  for (const problem of facts.classification.problems) {
    const evidence = [problem.message];
    const earlier = findings.find((f) => f.code === problem.code);
    if (earlier !== undefined) {
      earlier.evidence.push(problem.message);
      continue;
    }
    if (problem.code === "endpoint.regional-no-subdomain") {
      const account = facts.arm?.account;
      if (account !== undefined) {
        evidence.push(
          account.customSubDomainName === undefined
            ? `account ${account.name} has no custom subdomain yet (properties.endpoint ${account.endpoint ?? "?"})`
            : `account ${account.name} has the custom subdomain endpoint ${account.endpoint ?? account.customSubDomainName}`,
        );
      }
    }
    findings.push(
      createFinding(problem.code, {
        severity: SEVERITY[problem.code] ?? "warning",
        basis: "configuration",
        detail: problem.message,
        evidence,
        values,
      }),
    );
  }
  const report = facts.endpoint;
  if (report.via === "direct" && report.reachable === false) {
    const failed = [report.dns, report.tcp, report.tls].find((s) => s !== undefined && s.status !== "ok");
    const steps = [
      report.dns === undefined
        ? undefined
        : `DNS ${report.host}: ${report.dns.status}${report.dns.error ? ` (${report.dns.error})` : ""}`,
      report.tcp === undefined
        ? undefined
        : `TCP: ${report.tcp.status}${report.tcp.error ? ` (${report.tcp.error})` : ""}`,
      report.tls === undefined
        ? undefined
        : `TLS: ${report.tls.status}${report.tls.error ? ` (${report.tls.error})` : ""}`,
    ].filter((s): s is string => s !== undefined);
    findings.push(
      createFinding("endpoint.unreachable", {
        severity: "error",
        basis: "data-plane",
        detail: `${report.host} could not be reached from this machine: ${failed?.error ?? "no answer"}.`,
        evidence: steps,
        values,
      }),
    );
  }
  return findings;
}
