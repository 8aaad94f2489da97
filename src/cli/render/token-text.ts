import type { TokenIdentity } from "../../diagnose/diagnosis-report.js";
import type { TokenReport } from "../../diagnose/inspect-token.js";
import { describeIdentity } from "../../diagnose/token-identity.js";
import { credentialRows } from "./credential-rows.js";
import { indentBlock, type Style } from "./text-layout.js";
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
 * Human rendering of `keyless token`: which credential produced the token and for what scope, its
 * decoded claims and lifetime, and the table of credentials tried. Never the token.
 *
 * @example
 * stdout.write(renderTokenText(report, { width: 100, style }));
 */
export function renderTokenText(report: TokenReport, options: { width: number; style: Style }): string {
  const { style, width } = options;
  const out: string[] = [];
  if (report.credential !== undefined && report.identity !== undefined) {
    out.push(style.bold(`keyless token: a token for ${report.scope} from ${report.credential}`), "");
    for (const [label, value] of claimLines(report.identity, report))
      out.push(`  ${label.padEnd(18)}${value}`);
  } else {
    const why =
      report.stoppedBy === undefined
        ? "no credential could get one"
        : `${report.stoppedBy} failed and stops the chain`;
    out.push(style.red(style.bold(`keyless token: no token for ${report.scope}: ${why}`)));
  }
  out.push("", style.bold("Credentials") + style.dim("  (* = the one that produced the token)"));
  const rows = credentialRows(report.credentials).map((row) => row.slice(0, 3));
  out.push(
    indentBlock(
      renderTable(["credential", "result", "identity / reason"], rows, width - 2, { keep: [0, 1] }),
      "  ",
    ),
  );
  const failures = report.credentials.filter(
    (c) => !c.available && c.reason !== undefined && (c.stopsChain || report.credential === undefined),
  );
  if (failures.length > 0) {
    out.push("");
    for (const c of failures) out.push(`  ${c.name}: ${c.reason}`);
  }
  return `${out.join("\n").trimEnd()}\n`;
}
