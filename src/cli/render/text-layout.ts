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

/** Output width: the terminal's columns (capped at 120), or 100 for logs and pipes. */
export function outputWidth(stream: { isTTY?: boolean; columns?: number }): number {
  if (stream.isTTY && stream.columns && stream.columns > 20) return Math.min(stream.columns, 120);
  return 100;
}

// Lines that read as commands (or shell comments) stay whole so they can be copied as they are.
const COMMAND_LINE =
  /^\s*(#|\$ |az |azd |curl |keyless |export |unset |set |setx |echo |jq |kubectl |pwsh |Connect-AzAccount|Get-Az|python|node |npm |pip |nslookup |dig |openssl |getBearerTokenProvider|new |const |import |from |[A-Z_]+=)/;

/**
 * Wrap `text` to `width` columns, prefixing every line with `indent`. Existing line breaks are kept;
 * command lines and words longer than the width (URLs, ids) are left whole rather than broken.
 */
export function wrapText(text: string, width: number, indent = ""): string {
  const available = Math.max(20, width - indent.length);
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    if (COMMAND_LINE.test(paragraph)) {
      lines.push(paragraph);
      continue;
    }
    let line = "";
    for (const word of paragraph.split(/ +/)) {
      if (line === "") line = word;
      else if (line.length + 1 + word.length <= available) line += ` ${word}`;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines.map((line) => (line === "" ? "" : indent + line)).join("\n");
}

/** Indent every line of a block (commands are indented, never wrapped, so they stay copyable). */
export function indentBlock(text: string, indent: string): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? "" : indent + line))
    .join("\n");
}
