/**
 * Plain-text layout helpers for terminal and CI-log output: wrapping to a width, indentation and
 * optional colour (only on a TTY, never with NO_COLOR).
 *
 * @example
 * const style = createStyle({ color: true });
 * style.bold("verdict");
 */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

/** Build a {@link Style}; with `color: false` every function returns its input unchanged. */
export function createStyle({ color }: { color: boolean }): Style {
  const wrap = (open: number, close: number) => (text: string) =>
    color ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  };
}

/** Whether to colour output written to `stream`, honouring NO_COLOR and FORCE_COLOR. */
export function shouldColor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true;
}

/** The width of pipes and CI logs, and of every help text. */
export const DEFAULT_WIDTH = 80;

/** Narrower than this, no layout is readable; a smaller width is raised to it. */
export const MIN_WIDTH = 20;

/**
 * The width to lay output out for: `COLUMNS` when it is a positive integer (the user's explicit
 * choice, as git and Python read it), else the terminal's columns when `stream` is a TTY, else 80
 * (pipes and CI logs). Never below {@link MIN_WIDTH}. `env` is the CLI's `io.env`: environment
 * variables are read only at the edge.
 *
 * @example
 * outputWidth({ isTTY: true, columns: 120 }); // 120
 * outputWidth({ isTTY: false }, { COLUMNS: "100" }); // 100
 * outputWidth({ isTTY: false }); // 80
 */
export function outputWidth(
  stream: { isTTY?: boolean; columns?: number },
  env: Record<string, string | undefined> = {},
): number {
  const fromEnv = env.COLUMNS?.trim() ?? "";
  if (/^[1-9]\d*$/.test(fromEnv)) return Math.max(MIN_WIDTH, Number(fromEnv));
  if (stream.isTTY && stream.columns !== undefined && stream.columns > 0) {
    return Math.max(MIN_WIDTH, stream.columns);
  }
  return DEFAULT_WIDTH;
}

// ANSI colour sequences take no columns (built from a string: biome refuses control characters
// in a regular expression literal).
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

/**
 * The columns `text` takes in a terminal: its code points, colour sequences not counted.
 *
 * @example
 * displayWidth("\u001b[1m✗ no token\u001b[22m"); // 10
 */
export function displayWidth(text: string): number {
  return [...text.replace(ANSI, "")].length;
}

// Lines that read as commands (or shell comments) stay whole so they can be copied as they are.
const COMMAND_LINE =
  /^\s*(#|\/\/|\$ |az |azd |curl |keyless [a-z-]+(?:\s|$)|export |unset |set |setx |echo |env |printenv |grep |cat |ls |jq |kubectl |pwsh |sleep |Connect-AzAccount|Get-Az|python|node |npm |pip |nslookup |dig |openssl |getBearerTokenProvider|new |const |import |from |[A-Z_]+=|var |using |defer |[A-Za-z_]\w*(?:, ?[A-Za-z_]\w*)? :?= |[A-Z]\w*(?:<[^>]*>)? [a-z]\w* = )/;

/**
 * Whether a line is a command or code a reader copies (a shell or code line, a comment), which
 * layout never wraps.
 *
 * @example
 * isCommandLine("    az login --tenant 72f988bf-86f1-41af-91ab-2d7cd011db47"); // true
 * isCommandLine("Sign in to the tenant that owns the resource."); // false
 */
export function isCommandLine(line: string): boolean {
  return COMMAND_LINE.test(line);
}

const URL_WORD = /^[("'<]?[a-z][a-z0-9+.-]*:\/\/\S+$/i;

// Where a word too long for its line may be broken: after a path, dot, dash or query separator.
const BREAK_AFTER = /[/.\-_?&=,:;]/;

/**
 * A word too long for `width` in pieces of at most `width` characters, each ending after a `/`,
 * `.`, `-` or query separator where there is one (so a data action or a path breaks where a reader
 * expects), cut at `width` otherwise. URLs stay whole (a reader clicks or copies them) unless
 * `options.urls` is `"split"`, as in a table cell, whose width is fixed.
 *
 * @example
 * splitLongWord("Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action", 40);
 * // ["Microsoft.CognitiveServices/accounts/", "OpenAI/deployments/chat/completions/", "action"]
 */
export function splitLongWord(
  word: string,
  width: number,
  options: { urls?: "whole" | "split" } = {},
): string[] {
  if (word.length <= width || (options.urls !== "split" && URL_WORD.test(word))) return [word];
  const pieces: string[] = [];
  let rest = word;
  while (rest.length > width) {
    let cut = -1;
    for (let i = width - 1; i >= Math.floor(width / 3); i--) {
      if (BREAK_AFTER.test(rest.charAt(i))) {
        cut = i + 1;
        break;
      }
    }
    if (cut === -1) cut = width;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest !== "") pieces.push(rest);
  return pieces;
}

/** One paragraph's words in lines of at most `width` columns (a URL longer than that alone on its line). */
function wrapWords(paragraph: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  const words = paragraph
    .split(/ +/)
    .filter((w) => w !== "")
    .flatMap((w) => splitLongWord(w, width));
  for (const word of words) {
    if (line === "") line = word;
    else if (displayWidth(line) + 1 + displayWidth(word) <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines;
}

/**
 * Wrap `text` to `width` columns at word boundaries, prefixing every line with `indent`. Existing
 * line breaks are kept; command lines stay whole (a reader copies them), URLs stay whole on their
 * own line, and any other word longer than the line is broken after a `/`, `.` or `-`.
 *
 * @example
 * wrapText("The principal holds only control-plane roles.", 30, "  ");
 * // "  The principal holds only\n  control-plane roles."
 */
export function wrapText(text: string, width: number, indent = ""): string {
  const available = Math.max(MIN_WIDTH, width - displayWidth(indent));
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    if (isCommandLine(paragraph)) lines.push(paragraph);
    else lines.push(...wrapWords(paragraph, available));
  }
  return lines.map((line) => (line === "" ? "" : indent + line)).join("\n");
}

/**
 * Wrap `text` as a list item: `marker` before the first line, the other lines hanging under the
 * text.
 *
 * @example
 * hangingText("- ", "role assignments of the principal covering account contoso-openai", 40, "    ");
 * // "    - role assignments of the principal\n      covering account contoso-openai"
 */
export function hangingText(marker: string, text: string, width: number, indent = ""): string {
  const hang = `${indent}${" ".repeat(displayWidth(marker))}`;
  const wrapped = wrapText(text, width, hang);
  return `${indent}${marker}${wrapped.slice(hang.length)}`;
}

/** Indent every line of a block (commands are indented, never wrapped, so they stay copyable). */
export function indentBlock(text: string, indent: string): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? "" : indent + line))
    .join("\n");
}

const COMMENT = /^(\s*)(#|\/\/)( ?)(.*)$/;

// A line that starts like an English sentence: a capitalised word, then a lower-case one.
const PROSE_LINE = /^\s*[A-Z][a-z]+,? [a-z]/;

/**
 * A fix or code block, indented: comment lines (`#`, `//`) are prose, wrapped to `width` with the
 * comment marker repeated on every line; commands and code stay whole on their own lines, however
 * long, so a reader copies them as they are.
 *
 * @example
 * codeBlock("# Sign in to the tenant that owns the resource\naz login --tenant 72f9", 30, "    ");
 * // "    # Sign in to the tenant that\n    # owns the resource\n    az login --tenant 72f9"
 */
export function codeBlock(code: string, width: number, indent: string): string {
  const lines: string[] = [];
  for (const line of code.split("\n")) {
    const comment = COMMENT.exec(line);
    // A sentence in a fix ("Create a new client secret and ...") is prose: wrapped like prose.
    if (
      comment === null &&
      displayWidth(indent + line) > width &&
      PROSE_LINE.test(line) &&
      !isCommandLine(line)
    ) {
      lines.push(wrapText(line, width, indent));
      continue;
    }
    if (comment === null || displayWidth(indent + line) <= width) {
      lines.push(line === "" ? "" : indent + line);
      continue;
    }
    const [, lead = "", marker = "#", space = " ", body = ""] = comment;
    const prefix = `${indent}${lead}${marker}${space || " "}`;
    const available = Math.max(MIN_WIDTH, width - displayWidth(prefix));
    lines.push(...wrapWords(body, available).map((text) => prefix + text));
  }
  return lines.join("\n");
}

/**
 * One section of a help text: an optional heading, then any of a synopsis, prose, a two-column
 * list (options, commands, exit codes) and commands to copy, in that order.
 *
 * @example
 * const section: HelpSection = { heading: "Options", definitions: [["--json", "print the report as JSON"]] };
 */
export interface HelpSection {
  heading?: string;
  /** Synopses: wrapped between their argument groups, continuation lines hanging under the first. */
  usage?: readonly string[];
  /** Paragraphs of prose, wrapped at word boundaries, a blank line between them. */
  paragraphs?: readonly string[];
  /** Term and description pairs; descriptions line up and wrap under themselves. */
  definitions?: readonly (readonly [term: string, description: string])[];
  /**
   * Commands, one per line and never wrapped; a `[command, comment]` pair puts `# comment` after
   * the command when the line fits, on its own line above it otherwise.
   */
  commands?: readonly (string | readonly [command: string, comment: string])[];
}

/**
 * A command's help: a one-line title and sections, laid out for a width by {@link renderHelp}.
 *
 * @example
 * const help: HelpText = { title: "keyless token: get a token", sections: [{ heading: "Usage", usage: ["keyless token [--json]"] }] };
 */
export interface HelpText {
  title: string;
  sections: readonly HelpSection[];
}

/** `keyless doctor [--a X] [--b | --c]` as its leading words and its bracketed groups. */
function synopsisGroups(synopsis: string): { lead: string; groups: string[] } {
  const groups: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of synopsis) {
    if (char === "[" || char === "(") depth++;
    if (char === "]" || char === ")") depth--;
    if (char === " " && depth === 0) {
      if (current !== "") groups.push(current);
      current = "";
    } else current += char;
  }
  if (current !== "") groups.push(current);
  const firstOption = groups.findIndex((g) => /^[[(<-]/.test(g));
  const split = firstOption <= 0 ? Math.min(groups.length, 2) : firstOption;
  return { lead: groups.slice(0, split).join(" "), groups: groups.slice(split) };
}

function renderUsage(synopsis: string, width: number, indent: string): string[] {
  const { lead, groups } = synopsisGroups(synopsis);
  const hang = " ".repeat(displayWidth(indent) + displayWidth(lead) + 1);
  const lines: string[] = [];
  let line = `${indent}${lead}`;
  for (const group of groups) {
    const fresh = line.trim() === "";
    if (!fresh && displayWidth(line) + 1 + displayWidth(group) > width && line !== `${indent}${lead}`) {
      lines.push(line);
      line = `${hang}${group}`;
    } else line += fresh ? group : ` ${group}`;
  }
  lines.push(line);
  return lines;
}

function renderDefinitions(
  definitions: readonly (readonly [string, string])[],
  width: number,
  indent: string,
): string[] {
  const termWidth = Math.max(...definitions.map(([term]) => displayWidth(term)));
  const column = displayWidth(indent) + termWidth + 2;
  const stacked = width - column < 28;
  const lines: string[] = [];
  for (const [term, description] of definitions) {
    if (stacked) {
      lines.push(`${indent}${term}`, wrapText(description, width, `${indent}    `));
      continue;
    }
    const wrapped = wrapText(description, width, " ".repeat(column));
    lines.push(`${indent}${term.padEnd(termWidth)}  ${wrapped.slice(column)}`);
  }
  return lines;
}

function renderCommands(
  commands: readonly (string | readonly [string, string])[],
  width: number,
  indent: string,
): string[] {
  const lines: string[] = [];
  for (const entry of commands) {
    const [command, comment] = typeof entry === "string" ? [entry, undefined] : entry;
    const commandLines = command.split("\n").map((line) => `${indent}${line}`);
    if (comment === undefined) {
      lines.push(...commandLines);
      continue;
    }
    const inline = `${commandLines[0] ?? ""}   # ${comment}`;
    if (commandLines.length === 1 && displayWidth(inline) <= width) lines.push(inline);
    else lines.push(wrapText(comment, width, `${indent}# `), ...commandLines);
  }
  return lines;
}

/**
 * A help text laid out for `width` columns: the title and the prose wrapped at word boundaries,
 * synopses wrapped between argument groups, option descriptions wrapped in their column (or under
 * their option when the terminal is too narrow), commands whole on their own lines.
 *
 * @example
 * renderHelp({ title: "keyless token: get a token", sections: [{ heading: "Options", definitions: [["--json", "print JSON"]] }] }, 80);
 * // "keyless token: get a token\n\nOptions\n  --json  print JSON\n"
 */
export function renderHelp(help: HelpText, width: number): string {
  const out: string[] = wrapWords(help.title, Math.max(MIN_WIDTH, width));
  for (const section of help.sections) {
    const indent = section.heading === undefined ? "" : "  ";
    const block: string[] = [];
    if (section.heading !== undefined) block.push(section.heading);
    for (const synopsis of section.usage ?? []) block.push(...renderUsage(synopsis, width, indent));
    (section.paragraphs ?? []).forEach((paragraph, i) => {
      if (i > 0 || (section.usage?.length ?? 0) > 0) block.push("");
      block.push(wrapText(paragraph, width, indent));
    });
    if (section.definitions !== undefined && section.definitions.length > 0) {
      if (block.length > (section.heading === undefined ? 0 : 1)) block.push("");
      block.push(...renderDefinitions(section.definitions, width, indent));
    }
    if (section.commands !== undefined && section.commands.length > 0) {
      if (block.length > (section.heading === undefined ? 0 : 1)) block.push("");
      block.push(...renderCommands(section.commands, width, indent));
    }
    out.push("", ...block);
  }
  return `${out.join("\n")}\n`;
}
