/**
 * Lays out rows as aligned columns that fit `width`: columns keep their natural width when they
 * can; otherwise the widest are narrowed and their cells cut with "…". Cells never wrap, so one row
 * stays one line in a terminal or a log. Columns listed in `keep` are narrowed last.
 *
 * @example
 * renderTable(["credential", "result"], [["AzureCliCredential", "token"]], 80);
 * // "credential          result\nAzureCliCredential  token"
 */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  width: number,
  options: { keep?: readonly number[] } = {},
): string {
  const gap = 2;
  const columns = headers.length;
  const cell = (row: readonly string[], i: number) => (row[i] ?? "").replace(/[\r\n\t]+/g, " ");
  const natural = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => cell(r, i).length)));
  const budget = Math.max(columns * 4, width - gap * (columns - 1));
  const widths = [...natural];
  const keep = new Set(options.keep ?? []);
  // Narrow the widest column one step at a time until the table fits; no column below its header or 8,
  // and the `keep` columns only once nothing else can give.
  const narrowOne = (allowKept: boolean): boolean => {
    let widest = -1;
    for (let i = 0; i < columns; i++) {
      if (keep.has(i) && !allowKept) continue;
      const floor = Math.min(natural[i] ?? 0, Math.max(8, headers[i]?.length ?? 0));
      if ((widths[i] ?? 0) > floor && (widest === -1 || (widths[i] ?? 0) > (widths[widest] ?? 0))) widest = i;
    }
    if (widest === -1) return false;
    widths[widest] = (widths[widest] ?? 0) - 1;
    return true;
  };
  while (widths.reduce((a, b) => a + b, 0) > budget) {
    if (!narrowOne(false) && !narrowOne(true)) break;
  }
  const clip = (text: string, w: number) =>
    text.length > w ? `${text.slice(0, Math.max(0, w - 1))}…` : text.padEnd(w);
  const line = (row: readonly string[]) =>
    widths
      .map((w, i) => clip(cell(row, i), w))
      .join(" ".repeat(gap))
      .trimEnd();
  return [line(headers), ...rows.map(line)].join("\n");
}
