import type { Facts } from "../../knowledge/facts.js";
import type { Match } from "../../knowledge/match.js";
import { indentBlock, type Style, wrapText } from "./text-layout.js";

const FACT_LABELS: Record<keyof Facts, string> = {
  status: "HTTP status",
  serviceCode: "service code",
  serviceMessage: "service message",
  aadsts: "AADSTS",
  aadstsMessage: "STS message",
  oauthError: "OAuth error",
  credential: "credential",
  principalId: "principal",
  clientId: "client id",
  dataAction: "data action",
  operation: "operation",
  audience: "audience",
  tokenTenant: "token tenant",
  resourceTenant: "resource tenant",
  tenantId: "tenant",
  endpoint: "endpoint",
  deployment: "deployment",
  resource: "resource",
  correlationId: "correlation id",
  traceId: "trace id",
  timestamp: "timestamp",
  requestId: "request id",
  envVar: "variable",
  retryAfterSeconds: "retry after (s)",
  apiVersion: "api-version",
};

/** The facts worth a line each, in reading order; long service messages are left to the body. */
const FACT_ORDER: (keyof Facts)[] = [
  "status",
  "serviceCode",
  "credential",
  "aadsts",
  "aadstsMessage",
  "oauthError",
  "principalId",
  "clientId",
  "dataAction",
  "operation",
  "audience",
  "tokenTenant",
  "resourceTenant",
  "tenantId",
  "endpoint",
  "deployment",
  "resource",
  "envVar",
  "apiVersion",
  "retryAfterSeconds",
  "correlationId",
  "traceId",
  "timestamp",
  "requestId",
];

/**
 * Human rendering of `keyless explain`: for each match, the cause in one line, why, how to confirm,
 * the fix as a copyable block and the extracted facts.
 *
 * @example
 * stdout.write(renderExplainText(explain(text), { width: 100, style: createStyle({ color: false }) }));
 */
export function renderExplainText(
  matches: readonly Match[],
  options: { width: number; style: Style },
): string {
  const { width, style } = options;
  if (matches.length === 0) {
    return `${[
      style.yellow("No known cause in this text."),
      wrapText(
        "keyless explain recognises Azure OpenAI data-plane errors, Microsoft Entra ID (AADSTS) errors, credential-chain errors from @azure/identity, azure-identity (Python), azidentity (Go) and Azure.Identity (.NET), and openai client errors. Paste the whole error including the response body; if it is an Azure auth error we do not know, please report it.",
        width,
      ),
    ].join("\n")}\n`;
  }
  const out: string[] = [];
  const heading = matches.length === 1 ? "1 cause" : `${matches.length} possible causes, most likely first`;
  out.push(style.bold(`keyless explain: ${heading}`), "");
  // Facts are printed once; a later match shows only the facts that differ (e.g. its credential).
  const shared = matches[0]?.facts ?? {};
  const sharedLines = renderFacts(shared);
  if (sharedLines.length > 0) {
    out.push(style.bold("Read from the text"), ...sharedLines.map((line) => `   ${line}`), "");
  }
  matches.forEach((match, index) => {
    const confidence = `${Math.round(match.confidence * 100)}%`;
    out.push(`${style.bold(`${index + 1}. ${match.title}`)}`);
    out.push(`   ${style.cyan(match.code)}  ${style.dim(`confidence ${confidence}`)}`);
    out.push(section("Why", match.why, width, style));
    if (match.distinguish) out.push(section("Tell apart", match.distinguish, width, style));
    out.push(section("Confirm", match.confirm, width, style));
    out.push(`   ${style.bold("Fix")}`);
    out.push(indentBlock(match.fix, "     "));
    const facts = index === 0 ? [] : renderFacts(differingFacts(match.facts, shared));
    if (facts.length > 0) {
      out.push(`   ${style.bold("Facts")}`);
      out.push(...facts.map((line) => `     ${line}`));
    }
    out.push(`   ${style.dim(`More: docs/causes/${match.code}.md`)}`, "");
  });
  return `${out.join("\n").trimEnd()}\n`;
}

function section(label: string, text: string, width: number, style: Style): string {
  return `   ${style.bold(label)}\n${wrapText(text, width, "     ")}`;
}

function differingFacts(facts: Facts, shared: Facts): Facts {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(facts)) {
    if (shared[key as keyof Facts] !== value) result[key] = value;
  }
  return result as Facts;
}

function renderFacts(facts: Facts): string[] {
  const lines: string[] = [];
  for (const key of FACT_ORDER) {
    const value = facts[key];
    if (value === undefined || value === "") continue;
    lines.push(`${FACT_LABELS[key].padEnd(16)}${String(value)}`);
  }
  return lines;
}
