import type { CompareReport } from '../eval/compareReport.js';
import { fmtFixed } from '../eval/metricCatalog.js';
import { levelOfService } from '../../envs/traffic/hcm/los.js';
import { formatTable } from './table.js';

/** Mean of `metric` for `policy` in a report, NaN when absent. */
function meanOf(rep: CompareReport, policy: string, metric: string): number {
  return rep.rows.find((r) => r.policy === policy && r.metric === metric)?.summary.mean ?? Number.NaN;
}

/** The junctions and approaches with HCM measures in a report (`J0`, `J0.NB`, ...), junctions first. */
function hcmUnits(rep: CompareReport): string[] {
  const units = rep.metrics.filter((m) => m.endsWith('.controlDelay')).map((m) => m.slice(0, -'.controlDelay'.length));
  return units.sort((a, b) => a.localeCompare(b));
}

/**
 * HCM level of service per policy for every junction and approach of a report, from the mean control
 * delay and mean v/c over the episodes: `{ policy: { 'J0': { controlDelay, vc, los }, 'J0.NB': ... } }`.
 *
 * @example
 * ```ts
 * hcmLos(report)['fixed-time']['J0'].los; // 'C'
 * ```
 */
export function hcmLos(rep: CompareReport): Record<string, Record<string, { controlDelay: number; vc: number; los: string }>> {
  const out: Record<string, Record<string, { controlDelay: number; vc: number; los: string }>> = {};
  for (const p of rep.policies) {
    const per: Record<string, { controlDelay: number; vc: number; los: string }> = {};
    for (const u of hcmUnits(rep)) {
      const controlDelay = meanOf(rep, p, `${u}.controlDelay`);
      const vc = meanOf(rep, p, `${u}.vc`);
      per[u] = { controlDelay, vc, los: levelOfService(controlDelay, vc) };
    }
    out[p] = per;
  }
  return out;
}

/**
 * The HCM table: one row per junction and approach, one column per policy with mean control delay (s)
 * and level of service; '' when the report has no HCM measures.
 *
 * @example
 * ```ts
 * process.stdout.write(hcmTable(report));
 * ```
 */
export function hcmTable(rep: CompareReport): string {
  const units = hcmUnits(rep);
  if (units.length === 0) return '';
  const los = hcmLos(rep);
  const rows = units.map((u) => [u, ...rep.policies.map((p) => {
    const x = los[p]?.[u];
    return x ? `${fmtFixed(x.controlDelay, 1)} s  ${x.los}  v/c ${fmtFixed(x.vc, 2)}` : '-';
  })]);
  return `\nHCM control delay, level of service (A <= 10 s, B <= 20, C <= 35, D <= 55, E <= 80, F above or v/c > 1) and v/c:\n` +
    `${formatTable(['junction / approach', ...rep.policies], rows)}\n`;
}
