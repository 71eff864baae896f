import type { MetricCatalog } from '../core/MetricInfo.js';
import type { CompareReport, MetricRow } from '../eval/compareReport.js';
import { fmtFixed, fmtInterval, metricDecimals, metricInfo, metricLabel, reportOrder } from '../eval/metricCatalog.js';
import { formatTable } from './table.js';

/** The rows of `metrics` (default: every non-filler metric) in report order, each with its metric's decimals. */
function orderedRows(rep: CompareReport, cat: MetricCatalog | undefined, metrics?: readonly string[]): { row: MetricRow; d: number }[] {
  const all = metrics ?? rep.metrics.filter((m) => metricInfo(m, cat)?.detail !== true);
  const names = reportOrder(all, cat).filter((m) => rep.metrics.includes(m));
  return names.flatMap((m) => {
    const rows = rep.rows.filter((r) => r.metric === m);
    const d = metricDecimals(rows.map((r) => r.summary.mean));
    return rows.map((row) => ({ row, d }));
  });
}

/** The footnote that explains `(end)` rows, when there are any. */
export function endNote(names: readonly string[], cat?: MetricCatalog): string {
  return names.some((m) => metricInfo(m, cat)?.kind === 'end') ? ' (end) = value at the end of the episode, not an average.' : '';
}

/**
 * The comparison as a text table, domain metrics first (the catalogue's order, `return` last, `time` and
 * `length` left out), with units: per metric and policy the mean with its 95 % interval, and the paired
 * difference to the first policy with its interval (marked * when the interval excludes 0). A value, its
 * interval and its difference share one number of decimals.
 *
 * @example
 * ```ts
 * process.stdout.write(compareTable(report, spec('TrafficSignal-v0').metrics));
 * ```
 */
export function compareTable(rep: CompareReport, cat?: MetricCatalog, metrics?: readonly string[]): string {
  const base = rep.policies[0] ?? '';
  const shown = orderedRows(rep, cat, metrics);
  const rows = shown.map(({ row: r, d: k }) => {
    const d = r.diff;
    const sig = d && Number.isFinite(d.low) && (d.low > 0 || d.high < 0) ? ' *' : '';
    return [
      metricLabel(r.metric, cat), metricInfo(r.metric, cat)?.unit ?? '', r.policy, fmtFixed(r.summary.mean, k), fmtInterval(r.summary.low, r.summary.high, k),
      d ? `${fmtFixed(d.mean, k, true)}${sig}` : '(baseline)', d ? fmtInterval(d.low, d.high, k) : '',
    ];
  });
  const names = [...new Set(shown.map((x) => x.row.metric))];
  return `${formatTable(['metric', 'unit', 'policy', 'mean', '95% CI', `diff vs ${base}`, 'diff 95% CI'], rows)}\n` +
    `${rep.seeds.length} episodes per policy on the same seeds; differences are paired by seed; * = interval excludes 0.${endNote(names, cat)}\n`;
}

/**
 * One policy's evaluation as a text table (domain metrics first, with units): mean, standard deviation
 * and 95 % interval `[low, high]`, all with the metric's decimals.
 *
 * @example
 * ```ts
 * process.stdout.write(evalTable(compareReport({ 'fixed-time': results }), spec('TrafficSignal-v0').metrics));
 * ```
 */
export function evalTable(rep: CompareReport, cat?: MetricCatalog, metrics?: readonly string[]): string {
  const shown = orderedRows(rep, cat, metrics);
  const rows = shown.map(({ row: r, d }) => [
    metricLabel(r.metric, cat), metricInfo(r.metric, cat)?.unit ?? '', fmtFixed(r.summary.mean, d), fmtFixed(r.summary.std, d),
    fmtInterval(r.summary.low, r.summary.high, d),
  ]);
  const note = endNote([...new Set(shown.map((x) => x.row.metric))], cat).trim();
  return `${formatTable(['metric', 'unit', 'mean', 'std', '95% CI'], rows)}\n${note === '' ? '' : `${note}\n`}`;
}

/**
 * The comparison as CSV (one row per metric and policy).
 *
 * @example
 * ```ts
 * writeFileSync('compare.csv', compareCsv(report));
 * ```
 */
export function compareCsv(rep: CompareReport): string {
  const lines = ['metric,policy,n,mean,std,ci95_low,ci95_high,diff_mean,diff_ci95_low,diff_ci95_high'];
  for (const r of rep.rows) {
    const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const d = r.diff;
    lines.push(
      [q(r.metric), q(r.policy), r.summary.n, r.summary.mean, r.summary.std, r.summary.low, r.summary.high, d?.mean ?? '', d?.low ?? '', d?.high ?? ''].join(
        ',',
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}
