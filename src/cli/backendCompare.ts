import { availableParallelism } from 'node:os';
import { evaluate } from '../eval/evaluate.js';
import { backendReport, type BackendReport } from '../eval/backendReport.js';
import type { EpisodeResult } from '../policy/EpisodeResult.js';
import type { PolicySpec } from '../rollout/PolicySpec.js';
import { CliError } from './CliError.js';
import { startProgress } from './progress.js';
import { fmtNum, formatTable } from './table.js';

/** What `tsgym compare --backends A,B` needs. */
export interface BackendCompareArgs {
  readonly env: string;
  readonly kwargs: Record<string, unknown>;
  readonly names: readonly string[];
  readonly specs: readonly PolicySpec[];
  readonly backends: string;
  readonly episodes: number;
  readonly seed: number;
  readonly workers?: number;
  readonly quiet: boolean;
}

/**
 * The two backends of `--backends A,B` (e.g. `tsgym,sumo`), checked.
 *
 * @example
 * ```ts
 * parseBackends('tsgym,sumo'); // ['tsgym', 'sumo']
 * ```
 */
export function parseBackends(list: string): [string, string] {
  const b = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const known = ['tsgym', 'sumo'];
  if (b.length !== 2 || b[0] === b[1] || b.some((x) => !known.includes(x)))
    throw new CliError(`Invalid --backends '${list}': expected two different backends of ${known.join(', ')}, e.g. tsgym,sumo`);
  return [b[0], b[1]];
}

/**
 * Runs every policy in both backends on the same seeds (the env kwarg `backend` set to each) and
 * returns the sim-to-sim report.
 *
 * @example
 * ```ts
 * const rep = await runBackendCompare({ env: 'TrafficNetwork-v0', kwargs, names, specs, backends: 'tsgym,sumo', episodes: 5, seed: 0, quiet: true });
 * ```
 */
export async function runBackendCompare(a: BackendCompareArgs): Promise<{ report: BackendReport; results: Record<string, Record<string, EpisodeResult[]>> }> {
  const backends = parseBackends(a.backends);
  const total = a.names.length * 2 * a.episodes;
  const bar = startProgress(total, `compare {bar} {value}/{total} episodes | {policy} | ETA {eta_formatted}`, a.quiet, { policy: a.names[0] ?? '' });
  const results: Record<string, Record<string, EpisodeResult[]>> = {};
  let done = 0;
  for (const [i, name] of a.names.entries()) {
    results[name] = {};
    for (const backend of backends) {
      const label = `${name} on ${backend}`;
      results[name][backend] = await evaluate({
        envId: a.env,
        kwargs: { ...a.kwargs, backend },
        policy: a.specs[i] ?? name,
        episodes: a.episodes,
        seed: a.seed,
        workers: a.workers ?? Math.min(availableParallelism(), a.episodes),
        onProgress: (d) => bar.update(done + d, { policy: label }),
      });
      done += a.episodes;
    }
  }
  bar.stop();
  return { report: backendReport(results, backends), results };
}

function ci(low: number, high: number): string {
  return Number.isFinite(low) && Number.isFinite(high) ? `[${fmtNum(low)}, ${fmtNum(high)}]` : '-';
}

/**
 * The sim-to-sim report as a text table: per policy and metric, the mean and 95 % interval in each
 * backend, and the paired difference (second - first) with its interval and relative size.
 *
 * @example
 * ```ts
 * process.stdout.write(backendTable(report));
 * ```
 */
export function backendTable(rep: BackendReport): string {
  const [a, b] = rep.backends;
  const rows = rep.rows.map((r) => {
    const d = r.diff;
    const sig = Number.isFinite(d.low) && (d.low > 0 || d.high < 0) ? ' *' : '';
    return [
      r.policy,
      r.metric,
      fmtNum(r.a.mean),
      ci(r.a.low, r.a.high),
      fmtNum(r.b.mean),
      ci(r.b.low, r.b.high),
      `${d.mean >= 0 ? '+' : ''}${fmtNum(d.mean)}${sig}`,
      ci(d.low, d.high),
      Number.isFinite(r.relative) ? `${r.relative >= 0 ? '+' : ''}${(100 * r.relative).toFixed(1)}%` : '-',
    ];
  });
  return (
    `${formatTable(['policy', 'metric', a, '95% CI', b, '95% CI', `${b} - ${a}`, 'diff 95% CI', 'rel.'], rows)}\n` +
    `${rep.seeds.length} episodes per policy and backend on the same seeds; differences are paired by seed; * = interval excludes 0.\n`
  );
}
