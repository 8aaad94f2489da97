import { displayWidth, splitLongWord } from "./text-layout.js";

/**
 * Options of {@link renderTable}.
 *
 * @example
 * const options: TableOptions = { breakable: [2] };
 */
export interface TableOptions {
  /** Every column at its natural width, one line per row, whatever `width` (`keyless doctor --wide`). */
  wide?: boolean;
  /**
   * Columns of free text (reasons, identities) whose words longer than the column may be broken
   * after a `/`, `.` or `-`. Words in other columns, and cause codes and ids in any column, stay
   * whole.
   */
  breakable?: readonly number[];
}

const GAP = 2;
/** The narrowest a breakable column gets for its long words. */
const BREAKABLE_FLOOR = 16;
/** A cause code (`credential.cli-not-logged-in`, `aadsts.700016`): never broken. */
const CAUSE_CODE = /^[a-z]+(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+$/;
/** An object or tenant id: never broken either, a reader compares or copies it. */
const GUID = /^\(?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\)?$/i;
/** A cell's leading marker or indentation (`* `, `  `), kept before its first word. */
const LEAD = /^(?:[*+•-] |\s+)/;

function normalize(text: string | undefined): string {
  return (text ?? "").replace(/[\r\n\t]+/g, " ").trimEnd();
}

function words(cell: string): { lead: string; words: string[] } {
  const lead = LEAD.exec(cell)?.[0] ?? "";
  return {
    lead,
    words: cell
      .slice(lead.length)
      .split(/ +/)
      .filter((w) => w !== ""),
  };
}

function canBreak(word: string, breakable: boolean): boolean {
  const bare = word.replace(/[,.;:)]+$/, "");
  return breakable && !CAUSE_CODE.test(bare) && !GUID.test(bare);
}

/** The narrowest a column can be without breaking a word that must stay whole. */
function minimumWidth(header: string, cells: readonly string[], breakable: boolean): number {
  let min = displayWidth(header);
  for (const cell of cells) {
    const { lead, words: list } = words(cell);
    for (const word of list) {
      const need = canBreak(word, breakable)
        ? Math.min(displayWidth(word), BREAKABLE_FLOOR)
        : displayWidth(word);
      min = Math.max(min, displayWidth(lead) + need);
    }
  }
  return min;
}

/** A cell in lines of at most `width` columns, wrapped at spaces; its lead stays on the first line. */
function wrapCell(cell: string, width: number, breakable: boolean): string[] {
  if (displayWidth(cell) <= width) return [cell];
  const { lead, words: list } = words(cell);
  const hang = " ".repeat(displayWidth(lead));
  const available = width - hang.length;
  const pieces = list.flatMap((w) =>
    canBreak(w, breakable) ? splitLongWord(w, available, { urls: "split" }) : [w],
  );
  const lines: string[] = [];
  let line = "";
  for (const piece of pieces) {
    if (line === "") line = piece;
    else if (displayWidth(line) + 1 + displayWidth(piece) <= available) line += ` ${piece}`;
    else {
      lines.push(line);
      line = piece;
    }
  }
  lines.push(line);
  return lines.map((text, i) => (i === 0 ? lead : hang) + text);
}

function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

/** Column widths that fit `budget`: natural where possible, the widest narrowed first, none below its minimum. */
function fitWidths(natural: readonly number[], minimum: readonly number[], budget: number): number[] {
  const widths = [...natural];
  let total = widths.reduce((a, b) => a + b, 0);
  while (total > budget) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      const room = (widths[i] ?? 0) - (minimum[i] ?? 0);
      if (room > 0 && (widest === -1 || (widths[i] ?? 0) > (widths[widest] ?? 0))) widest = i;
    }
    if (widest === -1) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    total--;
  }
  return widths;
}

function renderRows(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  widths: readonly number[],
  breakable: ReadonlySet<number>,
): string {
  const lines: string[] = [];
  for (const row of [headers, ...rows]) {
    const cells = widths.map((w, i) => wrapCell(normalize(row[i]), w, breakable.has(i)));
    const height = Math.max(...cells.map((c) => c.length));
    for (let n = 0; n < height; n++) {
      lines.push(
        widths
          .map((w, i) => pad(cells[i]?.[n] ?? "", w))
          .join(" ".repeat(GAP))
          .trimEnd(),
      );
    }
  }
  return lines.join("\n");
}

/** One block per row: the first cell as its title, then `header  value` lines, values wrapped. */
function renderBlocks(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  width: number,
  breakable: ReadonlySet<number>,
): string {
  const labelWidth = Math.max(...headers.slice(1).map((h) => displayWidth(h)));
  const indent = "    ";
  const valueWidth = Math.max(BREAKABLE_FLOOR, width - indent.length - labelWidth - GAP);
  const lines: string[] = [];
  for (const row of rows) {
    lines.push(...wrapCell(normalize(row[0]), width, breakable.has(0)));
    for (let i = 1; i < headers.length; i++) {
      const value = normalize(row[i]).trim();
      if (value === "" || value === "-") continue;
      const [first = "", ...rest] = wrapCell(value, valueWidth, breakable.has(i));
      lines.push(`${indent}${pad(headers[i] ?? "", labelWidth)}${" ".repeat(GAP)}${first}`);
      for (const line of rest) lines.push(`${indent}${" ".repeat(labelWidth + GAP)}${line}`);
    }
  }
  return lines.join("\n");
}

/**
 * Lays out rows as aligned columns that fit `width`, never cutting a cell: columns keep their
 * natural width when they can; otherwise the widest are narrowed and their cells wrap within the
 * column at word boundaries (a cause code, a name or a status is never broken). When even that
 * does not fit, the table becomes one block per row: the first cell, then one `header  value` line
 * per other column (cells with nothing to say, "" or "-", left out). With `wide`, every column is
 * shown in full on one line per row.
 *
 * @example
 * renderTable(["credential", "result"], [["AzureCliCredential", "token"]], 80);
 * // "credential          result\nAzureCliCredential  token"
 */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  width: number,
  options: TableOptions = {},
): string {
  const breakable = new Set(options.breakable ?? []);
  const columns = headers.map((header, i) => ({
    header,
    cells: rows.map((row) => normalize(row[i])),
  }));
  const natural = columns.map(({ header, cells }) =>
    Math.max(displayWidth(header), ...cells.map((c) => displayWidth(c))),
  );
  if (options.wide) return renderRows(headers, rows, natural, new Set());
  const budget = width - GAP * (headers.length - 1);
  const minimum = columns.map(({ header, cells }, i) => minimumWidth(header, cells, breakable.has(i)));
  if (minimum.reduce((a, b) => a + b, 0) > budget) return renderBlocks(headers, rows, width, breakable);
  return renderRows(headers, rows, fitWidths(natural, minimum, budget), breakable);
}
