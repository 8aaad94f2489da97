import type { CauseEntry } from "../../knowledge/cause.js";
import { getCause, listCauseCodes } from "../../knowledge/causes.js";
import type { Facts } from "../../knowledge/facts.js";
import {
  FIX_LANGUAGE_LABELS,
  FIX_LANGUAGE_NAMES,
  FIX_LANGUAGES,
  type FixLanguage,
} from "../../knowledge/fix-language.js";
import type { Match } from "../../knowledge/match.js";
import { fixTemplateFor, hasLanguageFixes, renderFix } from "../../knowledge/render-fix.js";
import { isCodeLine, oneLineFix, splitTextBlocks } from "../../knowledge/text-blocks.js";
import { bugsUrl, causePageUrl } from "./project-links.js";
import { codeBlock, displayWidth, hangingText, type Style, wrapText } from "./text-layout.js";

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
 * Options of {@link renderExplainText} and {@link renderCausePageText}: the width to lay out for
 * (`outputWidth()`), colours, and for explain whether to print the one-line-per-cause summary.
 *
 * @example
 * const options: ExplainTextOptions = { width: 80, style: createStyle({ color: false }), brief: true };
 */
export interface ExplainTextOptions {
  width: number;
  style: Style;
  /** One entry per cause (code, title, one-line fix) instead of the full report. */
  brief?: boolean;
  /** For a cause page: show the fix in this language only (default: every language). */
  language?: FixLanguage;
}

/**
 * Human rendering of `keyless explain`, answer first: the most likely cause (code and title) and
 * its one-line fix open the report; then the ranking of all causes, the facts read from the text
 * and, per cause, why, how to confirm, the whole fix (in the language of the error) and where its
 * page is. With `brief`, only the first part, for every cause. Prose wraps at `width`; commands and
 * code never wrap (a reader copies them) and stand on their own lines.
 *
 * @example
 * stdout.write(renderExplainText(explain(text), { width: outputWidth(stdout, env), style: createStyle({ color: false }) }));
 */
export function renderExplainText(matches: readonly Match[], options: ExplainTextOptions): string {
  const { width, style } = options;
  if (matches.length === 0) {
    return `${[
      style.yellow("No known cause in this text."),
      wrapText(
        "It recognises Azure OpenAI data-plane errors, Microsoft Entra ID (AADSTS) errors, credential-chain errors from @azure/identity, azure-identity (Python), azidentity (Go) and Azure.Identity (.NET), and openai client errors. Paste the whole error including the response body. If it is an Azure auth error we do not know, please report it at:",
        width,
      ),
      `  ${bugsUrl()}`,
    ].join("\n")}\n`;
  }
  if (options.brief) {
    return `${matches.map((match) => renderHeadline(match, width, style, "  ").join("\n")).join("\n")}\n`;
  }
  const [top] = matches;
  const out: string[] = top === undefined ? [] : renderHeadline(top, width, style, "");
  if (matches.length > 1) {
    out.push("", style.bold(`${matches.length} possible causes, most likely first`));
    const codeWidth = Math.max(...matches.map((match) => match.code.length));
    matches.forEach((match, index) => {
      const rank = `${index + 1}.`.padStart(`${matches.length}.`.length);
      out.push(`  ${rank} ${style.cyan(match.code.padEnd(codeWidth))}  ${percent(match.confidence)}`);
    });
  }
  // Facts are printed once; a later match shows only the facts that differ (e.g. its credential).
  const shared = top?.facts ?? {};
  const sharedLines = renderFacts(shared, width, "  ");
  if (sharedLines.length > 0) out.push("", style.bold("Read from the text"), ...sharedLines);
  matches.forEach((match, index) => {
    out.push("", ...renderDetails(match, index, shared, width, style));
  });
  return `${out.join("\n")}\n`;
}

/**
 * The page of one cause as text, offline (`keyless explain --code <code>`): title, what it means,
 * how to confirm it, the fix in every language it is written for (or in `options.language` only),
 * an example error and the page's address. Placeholders read as `<principal-id>` markers.
 *
 * @example
 * stdout.write(renderCausePageText(getCause("token.expired")!, { width: 80, style: createStyle({ color: false }) }));
 */
export function renderCausePageText(entry: CauseEntry, options: ExplainTextOptions): string {
  const { width, style } = options;
  const text = (template: string): string => renderFix(template, {});
  const out: string[] = [
    ...codeAndTitle(entry.code, text(entry.title), width, "  ", style),
    "",
    style.bold("What it means"),
    renderBlocks(text(entry.why), width, "  "),
    "",
    style.bold("How to confirm"),
    renderBlocks(text(entry.confirm), width, "  "),
    "",
    style.bold("How to fix"),
  ];
  if (hasLanguageFixes(entry)) {
    const languages = options.language === undefined ? FIX_LANGUAGES : [options.language];
    languages.forEach((language, index) => {
      if (index > 0) out.push("");
      out.push(`  ${style.bold(FIX_LANGUAGE_LABELS[language])}`);
      out.push(renderBlocks(text(fixTemplateFor(entry, language)), width, "    "));
    });
  } else {
    out.push(renderBlocks(text(entry.fix), width, "  "));
  }
  if (entry.example !== undefined && entry.example.trim() !== "") {
    out.push("", style.bold("Example error"), wrapText(entry.example, width, "  "));
  }
  if (hasPage(entry.code)) out.push("", style.bold("Page"), `  ${causePageUrl(entry.code)}`);
  return `${out.join("\n")}\n`;
}

/**
 * The answer in a few lines: `<code>: <title>` (wrapped, the code always on the first line), then
 * the fix's first command or sentence. `indent` is how far the lines after the first hang.
 */
function renderHeadline(match: Match, width: number, style: Style, indent: string): string[] {
  const lines = codeAndTitle(match.code, match.title, width, indent === "" ? "  " : indent, style);
  const fix = oneLineFix(match.fix);
  const label = `${headlineFixLabel(match)}:`;
  if (fix.kind === "prose") {
    lines.push(renderProse(fix.text, width, indent, `${label} `));
  } else if (displayWidth(`${indent}${label} ${fix.text}`) <= width) {
    lines.push(`${indent}${label} ${fix.text}`);
  } else {
    // A command too long for the line stands alone, whole, under its label.
    lines.push(`${indent}${label}`, `${indent}  ${fix.text}`);
  }
  return lines;
}

/** `<code>: <title>` wrapped at `width`, the code always on the first line, the rest hanging by `hang`. */
function codeAndTitle(code: string, title: string, width: number, hang: string, style: Style): string[] {
  const [first = "", ...rest] = wrapText(`${code}: ${title}`, width, hang).split("\n");
  const head = first.slice(hang.length);
  return [`${style.cyan(code)}${style.bold(head.slice(code.length))}`, ...rest];
}

function renderDetails(match: Match, index: number, shared: Facts, width: number, style: Style): string[] {
  const title = hangingText(`${index + 1}. `, `${match.code}: ${match.title}`, width);
  const [first = "", ...rest] = title.split("\n");
  const out = [style.bold(first), ...rest.map((line) => style.bold(line))];
  out.push(`   ${style.dim(`confidence ${percent(match.confidence)}`)}`);
  out.push(`   ${style.bold("Why")}`, renderBlocks(match.why, width, "     "));
  if (match.distinguish) {
    out.push(`   ${style.bold("Tell apart")}`, renderBlocks(match.distinguish, width, "     "));
  }
  out.push(`   ${style.bold("Confirm")}`, renderBlocks(match.confirm, width, "     "));
  out.push(`   ${style.bold(fixLabel(match))}`, renderBlocks(match.fix, width, "     "));
  const facts = index === 0 ? [] : renderFacts(differingFacts(match.facts, shared), width, "     ");
  if (facts.length > 0) out.push(`   ${style.bold("Facts")}`, ...facts);
  out.push(`   ${style.dim(`More: keyless explain --code ${match.code}`)}`);
  if (hasPage(match.code)) out.push(`     ${style.dim(causePageUrl(match.code))}`);
  return out;
}

/** `Fix (Python)` when the one-line fix reads differently in another language, plain `Fix` otherwise. */
function headlineFixLabel(match: Match): string {
  const entry = getCause(match.code);
  if (entry === undefined || !hasLanguageFixes(entry)) return "Fix";
  const own = oneLineFix(fixTemplateFor(entry, match.language)).text;
  const same = FIX_LANGUAGES.every((language) => oneLineFix(fixTemplateFor(entry, language)).text === own);
  return same ? "Fix" : `Fix (${FIX_LANGUAGE_NAMES[match.language]})`;
}

/** `Fix (Python)` when the fix is code written per language, plain `Fix` when it is the same in each. */
function fixLabel(match: Match): string {
  const entry = getCause(match.code);
  if (entry === undefined || !hasLanguageFixes(entry)) return "Fix";
  return `Fix (${FIX_LANGUAGE_NAMES[match.language]})`;
}

/** A catalog text laid out: prose wrapped at `width`, code and commands whole, comments wrapped as comments. */
function renderBlocks(text: string, width: number, indent: string): string {
  return splitTextBlocks(text)
    .map((block) =>
      block.kind === "code"
        ? codeBlock(block.lines.join("\n"), width, indent)
        : block.lines.map((line) => renderProse(line, width, indent)).join("\n"),
    )
    .join("\n");
}

let pageCodes: ReadonlySet<string> | undefined;

/** Whether docs/causes holds a page for `code` (an AADSTS number outside the table has none). */
function hasPage(code: string): boolean {
  pageCodes ??= new Set(listCauseCodes());
  return pageCodes.has(code);
}

/** An inline command this long is lifted out of its sentence onto a line of its own. */
const INLINE_COMMAND_MIN = 30;

/**
 * One paragraph of prose wrapped at `width`, `marker` (if any) before its first line and the rest
 * hanging under it. A long command quoted inline (`az ad app credential reset ...`) is not wrapped
 * with the words around it: it stands whole on its own line, so a reader can copy it.
 */
function renderProse(text: string, width: number, indent: string, marker = ""): string {
  const hang = `${indent}${" ".repeat(displayWidth(marker))}`;
  const out: string[] = [];
  let words = "";
  const flush = (): void => {
    const sentence = words.trim();
    words = "";
    if (sentence === "") return;
    if (out.length === 0 && marker !== "") out.push(hangingText(marker, sentence, width, indent));
    else out.push(wrapText(sentence, width, hang));
  };
  for (const part of text.split(/(`[^`\n]+`)/)) {
    const command = /^`([^`]+)`$/.exec(part)?.[1];
    if (command !== undefined && command.length >= INLINE_COMMAND_MIN && isCodeLine(command, false)) {
      flush();
      if (out.length === 0 && marker !== "") out.push(`${indent}${marker.trimEnd()}`);
      out.push(`${hang}  ${command}`);
    } else words += part;
  }
  flush();
  return out.join("\n");
}

function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

function differingFacts(facts: Facts, shared: Facts): Facts {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(facts)) {
    if (shared[key as keyof Facts] !== value) result[key] = value;
  }
  return result as Facts;
}

function renderFacts(facts: Facts, width: number, indent: string): string[] {
  const lines: string[] = [];
  for (const key of FACT_ORDER) {
    const value = facts[key];
    if (value === undefined || value === "") continue;
    lines.push(hangingText(FACT_LABELS[key].padEnd(16), String(value), width, indent));
  }
  return lines;
}
