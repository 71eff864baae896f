/**
 * Formats rows as an aligned plain-text table (numbers right-aligned).
 *
 * @example
 * ```ts
 * console.log(formatTable(['policy', 'delay'], [['fixed-time', '31.2'], ['max-pressure', '22.9']]));
 * ```
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const isNum = header.map((_, i) => rows.length > 0 && rows.every((r) => /^[-+]?[\d.,eE+\-x% ±]*$/.test(r[i] ?? '')));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (isNum[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Formats a number with a sensible number of significant digits (1,234,567 / 12.3 / 0.0123). */
export function fmtNum(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const a = Math.abs(x);
  if (a >= 1e5) return Math.round(x).toLocaleString('en-US');
  if (a === 0) return '0';
  return Number(x.toPrecision(digits)).toString();
}
