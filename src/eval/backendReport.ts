import { pairedDifference, summarize, type Summary } from '../stats/summarize.js';
import type { EpisodeResult } from '../policy/EpisodeResult.js';

/** One metric of one policy in two simulators: both means with 95 % intervals and their paired difference. */
export interface BackendRow {
  readonly metric: string;
  readonly policy: string;
  readonly a: Summary;
  readonly b: Summary;
  /** `b - a` paired by seed. */
  readonly diff: Summary;
  /** `diff.mean / a.mean` (NaN when a's mean is 0). */
  readonly relative: number;
}

/** A sim-to-sim comparison: every policy ran on the same seeds in both backends. */
export interface BackendReport {
  readonly policies: readonly string[];
  readonly backends: readonly [string, string];
  readonly seeds: readonly number[];
  readonly metrics: readonly string[];
  readonly rows: readonly BackendRow[];
}

function valueOf(r: EpisodeResult, metric: string): number {
  if (metric === 'return') return r.return;
  if (metric === 'length') return r.length;
  return r.metrics[metric] ?? Number.NaN;
}

/**
 * Builds the sim-to-sim table: for each policy and each metric both backends report (return, length,
 * then the env's metrics), the mean and 95 % t-interval in each backend and the difference second -
 * first, paired by seed, with its interval.
 *
 * @example
 * ```ts
 * const rep = backendReport({ 'fixed-time': { tsgym: a, sumo: b } }, ['tsgym', 'sumo']);
 * ```
 */
export function backendReport(
  results: Readonly<Record<string, Readonly<Record<string, readonly EpisodeResult[]>>>>,
  backends: readonly [string, string],
  level = 0.95,
): BackendReport {
  const policies = Object.keys(results);
  const [ka, kb] = backends;
  const first = results[policies[0] ?? '']?.[ka] ?? [];
  const seeds = first.map((r) => r.seed);
  const metrics: string[] = [];
  const rows: BackendRow[] = [];
  for (const policy of policies) {
    const ra = results[policy]?.[ka] ?? [];
    const rb = results[policy]?.[kb] ?? [];
    const sa = ra.map((r) => r.seed);
    if (rb.length !== ra.length || rb.some((r, i) => r.seed !== sa[i]) || sa.some((s, i) => s !== seeds[i])) {
      throw new RangeError(
        `backendReport: policy '${policy}' ran on seeds [${sa.join(', ')}] in ${ka} and [${rb.map((r) => r.seed).join(', ')}] in ${kb}, ` +
          `expected [${seeds.join(', ')}] in both`,
      );
    }
    const names = ['return', 'length', ...new Set([...ra, ...rb].flatMap((r) => Object.keys(r.metrics)))];
    for (const metric of names) {
      const va = ra.map((r) => valueOf(r, metric));
      const vb = rb.map((r) => valueOf(r, metric));
      if (va.length === 0 || va.some((v) => !Number.isFinite(v)) || vb.some((v) => !Number.isFinite(v))) continue;
      if (!metrics.includes(metric)) metrics.push(metric);
      const a = summarize(va, level);
      const b = summarize(vb, level);
      const diff = pairedDifference(va, vb, level);
      rows.push({ metric, policy, a, b, diff, relative: a.mean !== 0 ? diff.mean / a.mean : Number.NaN });
    }
  }
  return { policies, backends: [ka, kb], seeds, metrics, rows };
}
