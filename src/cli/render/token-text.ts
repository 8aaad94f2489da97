import type { TokenIdentity } from "../../diagnose/diagnosis-report.js";
import type { TokenReport } from "../../diagnose/inspect-token.js";
import { describeIdentity } from "../../diagnose/token-identity.js";
import { CREDENTIAL_HEADERS, credentialLegend, credentialRows } from "./credential-rows.js";
import { displayWidth, hangingText, indentBlock, type Style, wrapText } from "./text-layout.js";
import { renderTable } from "./text-table.js";

function time(epochSeconds: number | undefined): string | undefined {
  return epochSeconds === undefined ? undefined : new Date(epochSeconds * 1000).toISOString();
}

function minutes(seconds: number): string {
  const m = Math.round(seconds / 60);
  return Math.abs(seconds) < 120 ? `${seconds} s` : `${m} min`;
}

function claimLines(identity: TokenIdentity, report: TokenReport): [string, string][] {
  const rows: [string, string | undefined][] = [
    ["who", describeIdentity(identity)],
    ["audience (aud)", identity.aud],
    ["tenant (tid)", identity.tid],
    ["object id (oid)", identity.oid],
    ["app id", identity.appid],
    ["upn", identity.upn ?? identity.username],
    ["name", identity.name],
    ["issuer (iss)", identity.iss],
    ["token type", identity.idtyp],
    ["scopes (scp)", identity.scp],
    ["roles", identity.roles?.join(" ")],
    ["version (ver)", identity.ver],
    ["issued (iat)", time(identity.iat)],
    ["not before (nbf)", time(identity.nbf)],
    ["expires (exp)", time(identity.exp)],
    ["lifetime", report.lifetimeSeconds === undefined ? undefined : minutes(report.lifetimeSeconds)],
    [
      "remaining",
      report.remainingSeconds === undefined
        ? undefined
        : report.remainingSeconds < 0
          ? `expired ${minutes(-report.remainingSeconds)} ago`
          : minutes(report.remainingSeconds),
    ],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== undefined && r[1] !== "");
}

/**
 * `  label             value`, the value wrapped under itself; a one-word value too long for that
 * column (a v2 issuer URL) goes whole on the next line instead, where it fits.
 */
function claimLine(label: string, value: string, width: number): string {
  const line = `  ${label.padEnd(18)}${value}`;
  if (displayWidth(line) > width && !/\s/.test(value)) return `  ${label}\n      ${value}`;
  return hangingText(label.padEnd(18), value, width, "  ");
}

/**
 * Human rendering of `keyless token`, laid out for `width` columns: which credential produced the
 * token and for what scope, its decoded claims and lifetime (values wrapped under themselves), the
 * table of credentials tried with a legend, and why the failed ones failed. Never the token.
 *
 * @example
 * stdout.write(renderTokenText(report, { width: 80, style }));
 */
export function renderTokenText(report: TokenReport, options: { width: number; style: Style }): string {
  const { style, width } = options;
  const out: string[] = [];
  if (report.credential !== undefined && report.identity !== undefined) {
    out.push(
      style.bold(wrapText(`keyless token: a token for ${report.scope} from ${report.credential}`, width)),
      "",
    );
    for (const [label, value] of claimLines(report.identity, report))
      out.push(claimLine(label, value, width));
  } else {
    const why =
      report.stoppedBy === undefined
        ? "no credential could get one"
        : `${report.stoppedBy} failed and stops the chain`;
    out.push(style.red(style.bold(wrapText(`keyless token: no token for ${report.scope}: ${why}`, width))));
  }
  out.push("", style.bold("Credentials") + style.dim("  (in DefaultAzureCredential's order)"));
  const rows = credentialRows(report.credentials).map((row) => row.slice(0, 3));
  out.push(
    indentBlock(renderTable(CREDENTIAL_HEADERS.slice(0, 3), rows, width - 2, { breakable: [2] }), "  "),
  );
  out.push("", ...credentialLegend(3).map((line) => style.dim(wrapText(line, width, "  "))));
  const failures = report.credentials.filter(
    (c) => !c.available && c.reason !== undefined && (c.stopsChain || report.credential === undefined),
  );
  if (failures.length > 0) {
    out.push("");
    for (const c of failures) out.push(`  ${c.name}:`, wrapText(c.reason ?? "", width, "    "));
  }
  return `${out.join("\n").trimEnd()}\n`;
}
