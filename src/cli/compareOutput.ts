import type { CompareReport } from '../eval/compareReport.js';
import { fmtNum, formatTable } from './table.js';

function ci(low: number, high: number): string {
  return Number.isFinite(low) && Number.isFinite(high) ? `[${fmtNum(low)}, ${fmtNum(high)}]` : '-';
}

/**
 * The comparison as a text table: per metric and policy the mean with its 95 % interval, and the paired
 * difference to the first policy with its interval (a difference whose interval excludes 0 is marked *).
 *
 * @example
 * ```ts
 * process.stdout.write(compareTable(report));
 * ```
 */
export function compareTable(rep: CompareReport, metrics?: readonly string[]): string {
  const base = rep.policies[0] ?? '';
  const rows = rep.rows.filter((r) => metrics === undefined || metrics.includes(r.metric)).map((r) => {
    const d = r.diff;
    const sig = d && Number.isFinite(d.low) && (d.low > 0 || d.high < 0) ? ' *' : '';
    return [
      r.metric, r.policy, fmtNum(r.summary.mean), ci(r.summary.low, r.summary.high),
      d ? `${d.mean >= 0 ? '+' : ''}${fmtNum(d.mean)}${sig}` : '(baseline)', d ? ci(d.low, d.high) : '',
    ];
  });
  return `${formatTable(['metric', 'policy', 'mean', '95% CI', `diff vs ${base}`, 'diff 95% CI'], rows)}\n` +
    `${rep.seeds.length} episodes per policy on the same seeds; differences are paired by seed; * = interval excludes 0.\n`;
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
