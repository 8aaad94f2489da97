import type { DiagnosisReport, Finding } from "../../diagnose/diagnosis-report.js";
import { CREDENTIAL_HEADERS, credentialLegend, credentialRows, statusWithCode } from "./credential-rows.js";
import { causePageUrl } from "./project-links.js";
import { codeBlock, hangingText, type Style, wrapText } from "./text-layout.js";
import { renderTable } from "./text-table.js";

const MARK: Record<Finding["severity"], string> = { error: "✗", warning: "!", info: "i" };

/**
 * Options of {@link renderDoctorText}.
 *
 * @example
 * const options: DoctorTextOptions = { width: 80, style: createStyle({ color: false }), wide: true };
 */
export interface DoctorTextOptions {
  /** The columns to lay out for (see `outputWidth`). */
  width: number;
  style: Style;
  /** Show every column of the credentials table in full, one line per credential (`--wide`). */
  wide?: boolean;
}

/**
 * What the probe call was, for the summary: the request, and `(max_tokens 1)` only for the chat
 * call that sends it (a models listing sends no body).
 *
 * @example
 * describeProbeCall("POST /openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21");
 * // "POST /openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21 (max_tokens 1)"
 * describeProbeCall("GET /openai/models?api-version=2024-10-21"); // "GET /openai/models?api-version=2024-10-21"
 */
export function describeProbeCall(request: string): string {
  return /^POST \S*\/chat\/completions/.test(request) ? `${request} (max_tokens 1)` : request;
}

function verdict(report: DiagnosisReport, width: number, style: Style): string[] {
  const out: string[] = [];
  const primary = report.primary;
  if (report.ok && (primary === null || primary.severity !== "error")) {
    const selected = report.credentials.find((c) => c.selectedByChain);
    if (report.request === undefined) {
      out.push(
        style.green(
          style.bold(
            hangingText(
              "✓ ",
              `${selected?.name ?? "The chain"} gets a token for ${report.endpoint.scope}.`,
              width,
            ),
          ),
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
          `${selected.name} got a token and ${report.request} answered ${selected.dataPlane?.status ?? "?"}.`,
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
  out.push(...findingLines(primary, width, style, true));
  return out;
}

/**
 * The fix: one block, or, when it is code that differs by language, the verdict's fix in every
 * language (the doctor sees the setup, not the code) and the others' first language with a pointer.
 */
function fixLines(finding: Finding, width: number, style: Style, indent: string, primary: boolean): string[] {
  const fixes = finding.fixes ?? [];
  if (fixes.length > 1 && primary) {
    const out = ["", `${indent}${style.bold("Fix")}${style.dim(" (in your app's language)")}`];
    for (const fix of fixes) out.push(`${indent}  ${fix.label}`, codeBlock(fix.fix, width, `${indent}    `));
    return out;
  }
  if (finding.fix === "") return [];
  const out = ["", `${indent}${style.bold("Fix")}`, codeBlock(finding.fix, width, `${indent}  `)];
  if (fixes.length > 1) {
    const others = fixes.slice(1).map((f) => f.label.split(" (")[0]);
    out.push(
      wrapText(`The same fix in ${others.join(", ")}:`, width, indent),
      `${indent}  keyless explain --code ${finding.code}`,
    );
  }
  return out;
}

function findingLines(finding: Finding, width: number, style: Style, primary: boolean): string[] {
  const color =
    finding.severity === "error" ? style.red : finding.severity === "warning" ? style.yellow : style.dim;
  const title = hangingText(`${MARK[finding.severity]} `, finding.title, width);
  return [
    primary ? color(style.bold(title)) : color(title),
    `  ${style.cyan(finding.code)}${finding.credential === undefined ? "" : style.dim(`  (${finding.credential})`)}`,
    ...findingBody(finding, width, style, "  ", primary),
  ];
}

function findingBody(
  finding: Finding,
  width: number,
  style: Style,
  indent: string,
  primary = false,
): string[] {
  const out: string[] = [];
  if (finding.detail !== "") out.push(wrapText(finding.detail, width, indent));
  out.push(...fixLines(finding, width, style, indent, primary));
  if (finding.evidence.length > 0) {
    out.push("", `${indent}${style.bold("Evidence")}`);
    for (const line of finding.evidence) out.push(hangingText("- ", line, width, `${indent}  `));
  }
  // A command and a URL, each whole on its own line: the page offline, and on the web for a reader
  // who installed the package and has no docs/ folder.
  out.push(
    "",
    `${indent}${style.bold("More")}`,
    `${indent}  keyless explain --code ${finding.code}`,
    `${indent}  ${causePageUrl(finding.code)}`,
  );
  return out;
}

/** `Label        value` lines whose values wrap under themselves. */
function summaryLine(label: string, value: string, width: number, style: Style): string {
  const marker = label.padEnd(13);
  const line = hangingText(marker, value, width);
  return style.bold(marker.trimEnd()) + line.slice(marker.trimEnd().length);
}

function endpointLines(report: DiagnosisReport, width: number, style: Style): string[] {
  const e = report.endpoint;
  const reach =
    e.reachable === undefined ? "reachability unknown" : e.reachable ? "reachable" : "unreachable";
  const via = e.via === "proxy" ? `via proxy ${e.proxy ?? ""}` : "direct";
  const out = [
    summaryLine(
      "Endpoint",
      `${e.host ?? e.input}: ${e.cloud} cloud, ${e.kind}${e.region ? ` (${e.region})` : ""}; ${via}; ${reach}`,
      width,
      style,
    ),
    summaryLine(
      "Deployment",
      `${report.deployment ?? "none given (the doctor lists models)"}; api-version ${report.apiVersion}`,
      width,
      style,
    ),
    summaryLine("Token scope", e.scope, width, style),
  ];
  if (report.request !== undefined)
    out.push(summaryLine("Probe call", describeProbeCall(report.request), width, style));
  const arm = report.arm;
  if (arm !== undefined) {
    const account = arm.account;
    const what =
      account !== undefined
        ? `account ${account.name} (resource group ${account.resourceGroup}, subscription ${account.subscriptionId}), read as ${arm.credential}`
        : `${arm.status}${arm.reason === undefined ? "" : `: ${arm.reason}`}`;
    out.push(summaryLine("ARM", what, width, style));
  }
  return out;
}

function credentialLines(report: DiagnosisReport, options: DoctorTextOptions): string[] {
  const { width, style } = options;
  const table = renderTable(CREDENTIAL_HEADERS, credentialRows(report.credentials), width - 2, {
    breakable: [2],
    ...(options.wide ? { wide: true } : {}),
  });
  const out = [
    style.bold("Credentials") + style.dim("  (in DefaultAzureCredential's order)"),
    ...table.split("\n").map((line) => (line === "" ? "" : `  ${line}`)),
  ];
  if (report.apiKey !== undefined) {
    const answer =
      report.apiKey.status === undefined
        ? "no answer"
        : statusWithCode(report.apiKey.status, report.apiKey.code);
    out.push(wrapText(`API key (${report.apiKey.source}): ${answer}`, width, "  "));
  }
  out.push("", ...credentialLegend(4).map((line) => style.dim(wrapText(line, width, "  "))));
  return out;
}

/**
 * Human rendering of a diagnosis, laid out for `width` columns: the verdict on the first line (the
 * root cause, its code, the detail, the fix as a copyable block, the evidence, where to read
 * more), then the credentials table with a legend for its columns, the endpoint and ARM summary,
 * and the other findings. Prose wraps at word boundaries; commands and URLs stand whole on their
 * own lines; the table never cuts a name, a cause code or a status.
 *
 * @example
 * stdout.write(renderDoctorText(report, { width: 80, style: createStyle({ color: false }) }));
 */
export function renderDoctorText(report: DiagnosisReport, options: DoctorTextOptions): string {
  const { width, style } = options;
  const out: string[] = [...verdict(report, width, style), ""];
  out.push(...credentialLines(report, options));
  out.push("", ...endpointLines(report, width, style));

  const others = report.findings.filter((f) => f !== report.primary);
  if (others.length > 0) {
    out.push("", style.bold(`Other findings (${others.length})`));
    for (const finding of others) out.push("", ...findingLines(finding, width, style, false));
  }
  const done = `Done in ${(report.durationMs / 1000).toFixed(1)} s (deadline ${report.deadlineMs / 1000} s).`;
  out.push("", style.dim(wrapText(done, width)));
  return `${out.join("\n").trimEnd()}\n`;
}
