import type { CauseCode } from "../../knowledge/cause.js";
import type { DiagnosisFacts } from "../diagnosis-facts.js";
import type { EndpointReport, Finding, ProbeStep, Severity } from "../diagnosis-report.js";
import { createFinding } from "../finding.js";
import { fixValues } from "./fix-values.js";

const SEVERITY: Partial<Record<CauseCode, Severity>> = {
  "endpoint.regional-no-subdomain": "error",
  "endpoint.invalid-url": "error",
  "endpoint.extra-path": "error",
  // A gateway or proxy may accept the token; the data-plane answer decides.
  "endpoint.not-azure": "warning",
};

/**
 * What a failed endpoint lookup means, from the endpoint's and the login host's DNS answers:
 * `offline` when the login host does not resolve either (no network, or no working DNS server),
 * `no-such-name` when the login host resolves but the endpoint's host is not found (no resource by
 * that name, or a private DNS zone this machine does not use), `lookup-failed` when the login host
 * resolves but the endpoint's lookup failed otherwise (timeout, a DNS server failure for that name),
 * `unresolved` when the login host was not looked up. Undefined when the host resolved or was not
 * looked up here (through a proxy the proxy resolves it).
 *
 * @example
 * dnsVerdict(facts.endpoint); // "offline"
 */
export type DnsVerdict = "offline" | "no-such-name" | "lookup-failed" | "unresolved";

/**
 * Reads {@link DnsVerdict} from an endpoint report.
 *
 * @example
 * dnsVerdict({ ...report, dns: { status: "failed", error: "getaddrinfo ENOTFOUND x.openai.azure.com" }, loginHostDns: { host: "login.microsoftonline.com", status: "ok" } }); // "no-such-name"
 */
export function dnsVerdict(report: EndpointReport): DnsVerdict | undefined {
  const dns = report.dns;
  if (report.via !== "direct" || dns === undefined || dns.status === "ok" || dns.status === "skipped") {
    return undefined;
  }
  const login = report.loginHostDns;
  if (login === undefined) return "unresolved";
  if (login.status !== "ok") return "offline";
  return dns.status === "failed" && /\bENOTFOUND\b|\bENODATA\b|no address/.test(dns.error ?? "")
    ? "no-such-name"
    : "lookup-failed";
}

function stepLine(label: string, step: ProbeStep | undefined, addresses?: string[]): string | undefined {
  if (step === undefined) return undefined;
  const answer = addresses === undefined || addresses.length === 0 ? "" : ` (${addresses.join(", ")})`;
  return `${label}: ${step.status}${step.error ? ` (${step.error})` : answer}`;
}

interface Reachability {
  detail: string;
  evidence: string[];
  /** A fix of its own when the catalog's (use the endpoint Azure reports) is not the one. */
  fix?: string;
}

/** Which step failed and what that says, in words, with the steps as evidence. */
function describeReachability(report: EndpointReport): Reachability {
  const host = report.host ?? report.input;
  const login = report.loginHostDns;
  const evidence = [
    stepLine(`DNS ${host}`, report.dns, report.dns?.addresses),
    stepLine(`DNS ${login?.host ?? ""} (the login host, looked up to compare)`, login, login?.addresses),
    stepLine("TCP", report.tcp),
    stepLine("TLS", report.tls),
  ].filter((s): s is string => s !== undefined);
  const error = (step: ProbeStep | undefined) => step?.error ?? "no answer";
  const loginHost = login?.host ?? "the login host";
  switch (dnsVerdict(report)) {
    case "offline":
      return {
        detail: `No host name resolves on this machine, not even the Entra ID login host ${loginHost} (${error(login)}): it has no network, or no working DNS server, so whether ${host} exists cannot be told from here.`,
        evidence,
        fix: [
          "# Connect this machine to a network (or VPN) whose DNS resolves Azure's names, then run the doctor again",
          `nslookup ${loginHost}`,
          "keyless doctor --endpoint {endpoint}",
        ].join("\n"),
      };
    case "no-such-name":
      return {
        detail: `The host ${host} does not exist in DNS, while the login host ${loginHost} resolves, so this machine's DNS works: no resource answers to this name. Check the resource name for a typo (or a deleted resource); a resource behind a private endpoint needs the private DNS zone of its network.`,
        evidence,
      };
    case "lookup-failed":
      return {
        detail: `The host ${host} could not be looked up (${error(report.dns)}), while the login host ${loginHost} resolves: this machine's DNS answers for other names but not for this one (a DNS server or forwarder failing for this zone, or a private DNS zone).`,
        evidence,
      };
    case "unresolved":
      return { detail: `The host ${host} could not be looked up: ${error(report.dns)}.`, evidence };
    default:
      break;
  }
  if (report.tcp !== undefined && report.tcp.status !== "ok") {
    return {
      detail: `The host ${host} resolves, but no TCP connection to it could be opened: ${error(report.tcp)}.`,
      evidence,
    };
  }
  return {
    detail: `The host ${host} accepts connections, but the TLS handshake failed: ${error(report.tls)}.`,
    evidence,
  };
}

/**
 * Findings from the endpoint's form (regional host, extra path, not an Azure host, invalid URL) and
 * its reachability (DNS, TCP, TLS when probed directly); a host that does not resolve is told apart
 * by {@link dnsVerdict}: no network or DNS on this machine, or no such name.
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
    const reachability = describeReachability(report);
    findings.push(
      createFinding("endpoint.unreachable", {
        severity: "error",
        basis: "data-plane",
        detail: reachability.detail,
        evidence: reachability.evidence,
        values,
        ...(reachability.fix === undefined ? {} : { fix: reachability.fix }),
      }),
    );
  }
  return findings;
}
