import { pairedDifference, summarize, type Summary } from '../stats/summarize.js';
import type { EpisodeResult } from '../policy/EpisodeResult.js';

/** One metric of one policy: its mean with a 95 % interval, and the paired difference to the first policy. */
export interface MetricRow {
  readonly metric: string;
  readonly policy: string;
  readonly summary: Summary;
  /** `policy - baseline` over the same seeds (undefined for the baseline itself). */
  readonly diff?: Summary;
}

/** A whole comparison: every policy ran on the same seeds. */
export interface CompareReport {
  readonly policies: readonly string[];
  readonly seeds: readonly number[];
  readonly metrics: readonly string[];
  readonly rows: readonly MetricRow[];
}

/** The value of `metric` in an episode: `return`, `length`, or a key of `metrics`. */
function valueOf(r: EpisodeResult, metric: string): number {
  if (metric === 'return') return r.return;
  if (metric === 'length') return r.length;
  return r.metrics[metric] ?? Number.NaN;
}

/**
 * Builds the comparison table: for each metric (return, length, then every metric the episodes report)
 * each policy's mean and 95 % t-interval, and its paired difference to the first policy.
 *
 * @example
 * ```ts
 * const rep = compareReport({ 'fixed-time': ft, 'max-pressure': mp }); // ft, mp: EpisodeResult[] on the same seeds
 * ```
 */
export function compareReport(results: Readonly<Record<string, readonly EpisodeResult[]>>, level = 0.95): CompareReport {
  const policies = Object.keys(results);
  const base = results[policies[0] ?? ''] ?? [];
  const seeds = base.map((r) => r.seed);
  for (const p of policies) {
    const s = (results[p] ?? []).map((r) => r.seed);
    if (s.length !== seeds.length || s.some((x, i) => x !== seeds[i])) {
      throw new RangeError(`compareReport: policy '${p}' ran on seeds [${s.join(', ')}], expected the same seeds as '${policies[0]}' [${seeds.join(', ')}]`);
    }
  }
  const metricNames = new Set<string>(['return', 'length']);
  for (const p of policies) for (const r of results[p] ?? []) for (const k of Object.keys(r.metrics)) metricNames.add(k);
  const metrics = [...metricNames];
  const rows: MetricRow[] = [];
  for (const metric of metrics) {
    const baseVals = base.map((r) => valueOf(r, metric));
    for (const [i, p] of policies.entries()) {
      const vals = (results[p] ?? []).map((r) => valueOf(r, metric));
      if (vals.some((v) => !Number.isFinite(v))) continue;
      const summary = summarize(vals, level);
      const diff = i === 0 || baseVals.some((v) => !Number.isFinite(v)) ? undefined : pairedDifference(baseVals, vals, level);
      rows.push(diff ? { metric, policy: p, summary, diff } : { metric, policy: p, summary });
    }
  }
  return { policies, seeds, metrics, rows };
}
