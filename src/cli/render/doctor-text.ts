import type { DiagnosisReport, Finding } from "../../diagnose/diagnosis-report.js";
import { credentialRows } from "./credential-rows.js";
import { indentBlock, type Style, wrapText } from "./text-layout.js";
import { renderTable } from "./text-table.js";

const MARK: Record<Finding["severity"], string> = { error: "✗", warning: "!", info: "i" };

function heading(report: DiagnosisReport): string {
  const parts = [report.endpoint.input];
  if (report.deployment !== undefined) parts.push(`deployment ${report.deployment}`);
  parts.push(`api-version ${report.apiVersion}`);
  return `keyless doctor: ${parts.join(", ")}`;
}

function verdict(report: DiagnosisReport, width: number, style: Style): string[] {
  const out: string[] = [];
  const primary = report.primary;
  if (report.ok && (primary === null || primary.severity !== "error")) {
    const selected = report.credentials.find((c) => c.selectedByChain);
    if (report.request === undefined) {
      out.push(
        style.green(
          style.bold(`✓ ${selected?.name ?? "The chain"} gets a token for ${report.endpoint.scope}.`),
        ),
      );
      out.push(
        wrapText(
          `The data plane of a ${report.endpoint.kind} endpoint is not called by the doctor.`,
          width,
          "  ",
        ),
      );
    } else {
      out.push(style.green(style.bold("✓ The keyless call works.")));
    }
    if (selected !== undefined && report.request !== undefined) {
      out.push(
        wrapText(
          `${selected.name} got a token and ${report.request ?? "the data-plane call"} answered ${selected.dataPlane?.status ?? "?"}.`,
          width,
          "  ",
        ),
      );
    }
    if (primary !== null) out.push("", style.yellow(`  Still worth fixing (${primary.severity}):`));
    else return out;
  }
  if (primary === null) {
    out.push(style.red(style.bold("✗ The keyless call fails, and no known cause was found.")));
    out.push(
      wrapText(
        "The credentials table and the data-plane answers below show what was seen; `keyless explain` on the app's own error may tell more.",
        width,
        "  ",
      ),
    );
    return out;
  }
  const color = primary.severity === "error" ? style.red : style.yellow;
  out.push(color(style.bold(`${MARK[primary.severity]} ${primary.title}`)));
  out.push(
    `  ${style.cyan(primary.code)}${primary.credential === undefined ? "" : style.dim(`  (${primary.credential})`)}`,
  );
  out.push(...findingBody(primary, width, style, "  "));
  return out;
}

/** A "- " item whose continuation lines hang under its text. */
function bullet(text: string, width: number, indent: string): string {
  const wrapped = wrapText(text, width, `${indent}  `);
  return `${indent}- ${wrapped.slice(indent.length + 2)}`;
}

function findingBody(finding: Finding, width: number, style: Style, indent: string): string[] {
  const out: string[] = [];
  if (finding.detail !== "") out.push(wrapText(finding.detail, width, indent));
  if (finding.fix !== "")
    out.push("", `${indent}${style.bold("Fix")}`, indentBlock(finding.fix, `${indent}  `));
  if (finding.evidence.length > 0) {
    out.push("", `${indent}${style.bold("Evidence")}`);
    for (const line of finding.evidence) out.push(bullet(line, width, `${indent}  `));
  }
  return out;
}

function endpointLines(report: DiagnosisReport, style: Style): string[] {
  const e = report.endpoint;
  const reach =
    e.reachable === undefined ? "reachability unknown" : e.reachable ? "reachable" : style.red("unreachable");
  const via = e.via === "proxy" ? `via proxy ${e.proxy ?? ""}` : "direct";
  const out = [
    `${style.bold("Endpoint")}     ${e.host ?? e.input}: ${e.cloud} cloud, ${e.kind}${e.region ? ` (${e.region})` : ""}; ${via}; ${reach}`,
    `${style.bold("Token scope")}  ${e.scope}`,
  ];
  if (report.request !== undefined)
    out.push(`${style.bold("Probe call")}   ${report.request}  (max_tokens 1)`);
  const arm = report.arm;
  if (arm !== undefined) {
    const account = arm.account;
    const what =
      account !== undefined
        ? `account ${account.name} (resource group ${account.resourceGroup}, subscription ${account.subscriptionId}), read as ${arm.credential}`
        : `${arm.status}${arm.reason === undefined ? "" : `: ${arm.reason}`}`;
    out.push(`${style.bold("ARM")}          ${what}`);
  }
  return out;
}

/**
 * Human rendering of a diagnosis: the verdict first (the root cause in one line, the detail, the fix
 * as a copyable block, the evidence), then the credentials table (fitted to `width`), the endpoint
 * and ARM summary, and the other findings with their fixes.
 *
 * @example
 * stdout.write(renderDoctorText(report, { width: 100, style: createStyle({ color: false }) }));
 */
export function renderDoctorText(report: DiagnosisReport, options: { width: number; style: Style }): string {
  const { width, style } = options;
  const out: string[] = [style.bold(heading(report)), ""];
  out.push(...verdict(report, width, style), "");

  out.push(style.bold("Credentials") + style.dim("  (DefaultAzureCredential order; * = the one it uses)"));
  out.push(
    indentBlock(
      renderTable(
        ["credential", "result", "identity / reason", "data plane"],
        credentialRows(report.credentials),
        width - 2,
        { keep: [0, 1] },
      ),
      "  ",
    ),
  );
  if (report.apiKey !== undefined) {
    out.push(
      `  API key (${report.apiKey.source}): ${report.apiKey.status ?? "no answer"}${report.apiKey.code ? ` ${report.apiKey.code}` : ""}`,
    );
  }
  out.push("", ...endpointLines(report, style));

  const others = report.findings.filter((f) => f !== report.primary);
  if (others.length > 0) {
    out.push("", style.bold(`Other findings (${others.length})`));
    for (const finding of others) {
      const color =
        finding.severity === "error" ? style.red : finding.severity === "warning" ? style.yellow : style.dim;
      out.push(
        "",
        `${color(`${MARK[finding.severity]} ${finding.title}`)}`,
        `  ${style.cyan(finding.code)}${finding.credential === undefined ? "" : style.dim(`  (${finding.credential})`)}`,
      );
      out.push(...findingBody(finding, width, style, "  "));
    }
  }
  out.push(
    "",
    style.dim(
      `Done in ${(report.durationMs / 1000).toFixed(1)} s (deadline ${report.deadlineMs / 1000} s). More: docs/causes/<code>.md`,
    ),
  );
  return `${out.join("\n").trimEnd()}\n`;
}
