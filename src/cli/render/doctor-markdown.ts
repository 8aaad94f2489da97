import type { DiagnosisReport, Finding } from "../../diagnose/diagnosis-report.js";
import { CREDENTIAL_HEADERS, credentialLegend, credentialRows, statusWithCode } from "./credential-rows.js";
import { causePageUrl } from "./project-links.js";

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s+/g, " ").trim() || " ";
}

function finding(f: Finding, level: string): string[] {
  const out = [
    `${level} ${f.severity === "error" ? "❌" : f.severity === "warning" ? "⚠️" : "ℹ️"} ${f.title}`,
    "",
    `\`${f.code}\`${f.credential === undefined ? "" : ` (${f.credential})`}`,
    "",
  ];
  if (f.detail !== "") out.push(f.detail, "");
  if (f.fixes !== undefined && f.fixes.length > 1) {
    out.push("**Fix** (in your app's language)", "");
    for (const fix of f.fixes) out.push(`*${fix.label}*`, "", "```", fix.fix, "```", "");
  } else if (f.fix !== "") out.push("**Fix**", "", "```sh", f.fix, "```", "");
  if (f.evidence.length > 0)
    out.push("**Evidence**", "", ...f.evidence.map((e) => `- ${e.replace(/\n/g, " ")}`), "");
  out.push(`More: [${f.code}](${causePageUrl(f.code)}), or offline \`keyless explain --code ${f.code}\``, "");
  return out;
}

/**
 * A diagnosis as Markdown to paste into an issue or a chat: verdict, fix, evidence, the credentials
 * table, endpoint and ARM summary, the other findings. Holds no token, key or secret (the report
 * never does).
 *
 * @example
 * writeFileSync("diagnosis.md", renderDoctorMarkdown(report));
 */
export function renderDoctorMarkdown(report: DiagnosisReport): string {
  const out: string[] = [];
  const status = report.ok
    ? "✅ the keyless call works"
    : `❌ ${report.primary?.code ?? "the keyless call fails"}`;
  out.push(`## keyless doctor: ${status}`, "");
  out.push(
    `Endpoint \`${report.endpoint.input}\` (${report.endpoint.cloud}, ${report.endpoint.kind}), scope \`${report.endpoint.scope}\`${report.deployment === undefined ? "" : `, deployment \`${report.deployment}\``}, api-version \`${report.apiVersion}\`.`,
    "",
  );
  if (report.primary !== null) out.push(...finding(report.primary, "###"));
  out.push(
    "### Credentials",
    "",
    `| ${CREDENTIAL_HEADERS.join(" | ")} |`,
    `| ${CREDENTIAL_HEADERS.map(() => "---").join(" | ")} |`,
  );
  for (const row of credentialRows(report.credentials)) out.push(`| ${row.map(cell).join(" | ")} |`);
  const legend = credentialLegend(4).map((line) =>
    line.replace(/^\* /, "`*` ").replace("keyless explain --code <code>", "`keyless explain --code <code>`"),
  );
  out.push("", ...legend.map((line) => `- ${line}`), "");
  if (report.apiKey !== undefined) {
    const answer =
      report.apiKey.status === undefined
        ? "no answer"
        : statusWithCode(report.apiKey.status, report.apiKey.code);
    out.push(`API key (${report.apiKey.source}): ${answer}`, "");
  }
  const arm = report.arm;
  if (arm?.account !== undefined) {
    out.push(`ARM: account \`${arm.account.id}\`, read as ${arm.credential}.`, "");
  } else if (arm !== undefined) {
    out.push(`ARM: ${arm.status}${arm.reason === undefined ? "" : ` (${arm.reason})`}.`, "");
  }
  const others = report.findings.filter((f) => f !== report.primary);
  if (others.length > 0) {
    out.push("### Other findings", "");
    for (const f of others) out.push(...finding(f, "####"));
  }
  out.push(`<sub>keyless doctor, ${(report.durationMs / 1000).toFixed(1)} s</sub>`);
  return `${out.join("\n").trimEnd()}\n`;
}
