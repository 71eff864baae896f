import type { ComparedRow } from './compareRuns.js';
import type { ValidationReport } from './validateConfig.js';

/** The unit of the speed row, shown in thousands and compared as a ratio. */
const SPEED = 'vehicle-updates/CPU s';

function grouped(x: number, digits: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'n/a' : x > 0 ? 'inf' : '-inf';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A value in the table: speeds in thousands, the rest with one decimal. */
function value(x: number, unit: string): string {
  return unit === SPEED ? `${grouped(x / 1e3, 0)} k` : grouped(x, 1);
}

/** Mean with its 95 % half-width ("1,992.3 ± 4.1"; no interval with one seed). */
function cell(s: ComparedRow['sumo'], unit: string): string {
  const hw = Number.isFinite(s.halfWidth) ? ` ± ${unit === SPEED ? `${grouped(s.halfWidth / 1e3, 0)} k` : grouped(s.halfWidth, 1)}` : '';
  return `${value(s.mean, unit)}${hw}`;
}

/** The difference column: tsgym / SUMO as a ratio for speeds, else the relative difference (and the absolute one for judged counts). */
function difference(r: ComparedRow): string {
  if (r.unit === SPEED) return r.sumo.mean > 0 ? `${grouped(r.tsgym.mean / r.sumo.mean, 2)}x` : 'n/a';
  const rel = Number.isFinite(r.relativeDiff)
    ? `${r.relativeDiff >= 0 ? '+' : ''}${grouped(100 * r.relativeDiff, 1)} %`
    : r.relativeDiff > 0
      ? '+inf %'
      : '-inf %';
  if (r.tolerance?.absolute === undefined) return rel;
  const d = r.tsgym.mean - r.sumo.mean;
  return `${d >= 0 ? '+' : ''}${grouped(d, 1)} (${rel})`;
}

/**
 * Lays out rows of cells as an aligned plain-text table (first column left-aligned, the others right).
 *
 * @example
 * ```ts
 * alignTable([['figure', 'SUMO'], ['arrived', '1,992.0']]);
 * ```
 */
export function alignTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  const line = (r: readonly string[]): string =>
    r
      .map((c, i) => (i === 0 || i >= r.length - 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const [head, ...body] = rows;
  return [line(head ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/**
 * The side-by-side table `tsgym validate` prints: a header naming the scenario, the simulators, the
 * seeds and the time window; one line per figure with SUMO's and tsgym's mean ± 95 % half-width over
 * the seeds, the difference, and the tolerance with its verdict for judged figures; then the overall
 * verdict.
 *
 * @example
 * ```ts
 * console.log(formatValidation(validateConfig('cross.sumocfg', { seeds: 2 })));
 * ```
 */
export function formatValidation(rep: ValidationReport): string {
  const seeds = rep.seeds.length === 1 ? `seed ${rep.seeds[0]}` : `seeds ${rep.seeds[0]}-${rep.seeds[rep.seeds.length - 1]}`;
  const mean = (xs: readonly number[]): string => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)).toLocaleString('en-US');
  const window = rep.end !== undefined
    ? `${rep.begin}-${rep.end} s`
    : `from ${rep.begin} s until all vehicles left (SUMO at ${mean(rep.ends?.sumo ?? [])} s, tsgym at ${mean(rep.ends?.tsgym ?? [])} s on average)`;
  const head = [
    `${rep.config}`,
    `SUMO ${rep.sumo.version ?? '(version unknown)'} (${rep.sumo.binary}) and tsgym, ${seeds}, ${window}, step ${rep.stepLength} s; ` +
      'mean ± 95 % interval (Student t) over seeds',
    '',
  ];
  const rows = [['figure', 'SUMO', 'tsgym', 'tsgym vs SUMO', 'tolerance', 'verdict']];
  for (const r of rep.rows) {
    rows.push([
      `${r.label} (${r.unit})`,
      cell(r.sumo, r.unit),
      cell(r.tsgym, r.unit),
      difference(r),
      r.tolerance?.text ?? '',
      r.pass === undefined ? '' : r.pass ? 'ok' : 'FAIL',
    ]);
  }
  const failed = rep.rows.filter((r) => r.pass === false).map((r) => r.label);
  const verdict = rep.pass ? 'verdict: PASS (every judged figure within its tolerance)' : `verdict: FAIL (${failed.join(', ')} beyond tolerance)`;
  const notes = [`tsgym import: ${grouped(rep.importSeconds, 2)} s (not counted in its speed)`];
  if (rep.warnings.length) notes.push(`tsgym import warnings: ${rep.warnings.length} (listed on stderr)`);
  return [...head, alignTable(rows), '', verdict, ...notes].join('\n');
}
