import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate } from '../../eval/evaluate.js';
import { resolvePolicy } from '../../eval/resolvePolicy.js';
import { BEST_DIR, FINAL_DIR } from '../../eval/runDir.js';
import { writeFileAtomic } from '../../io/writeFileAtomic.js';
import { lineChartSvg } from '../../plot/lineChartSvg.js';
import { Rng } from '../../rng/Rng.js';
import { aggregateRuns, bootstrapInterval, iqm, mean, type RunAggregate } from '../../stats/bootstrap.js';
import { runTraining, type TrainRequest, type TrainSummary } from './runTraining.js';
import { evalRecords } from './runEvaluation.js';

/** What `trainSeeds` needs: a training request without its seed, and the seeds. */
export interface SeedsRequest extends Omit<TrainRequest, 'seed' | 'resume' | 'stopAt'> {
  /** One run per seed, in `outDir/seed-S`. */
  seeds: readonly number[];
  /** Test episodes per model after training (seeded 0, 1, ...: what `tsgym eval` runs by default). */
  testEpisodes: number;
}

/** One run of the experiment: where it is, and the test mean returns of its final and best models. */
export interface SeedRun {
  seed: number;
  runDir: string;
  final: number;
  /** Null when the run made no evaluation (no best model). */
  best: number | null;
  bestStep: number | null;
}

/** What `tsgym train --seeds N` reports. */
export interface SeedsSummary {
  envId: string;
  algo: string;
  outDir: string;
  testEpisodes: number;
  runs: SeedRun[];
  /** Mean and IQM over the runs of the final models' test returns, with 95 % bootstrap intervals. */
  final: RunAggregate;
  best: RunAggregate | null;
  /** The periodic evaluations across runs: IQM and its 95 % bootstrap interval at each step all runs share. */
  curve: { steps: number[]; iqm: number[]; low: number[]; high: number[] };
  wallSeconds: number;
}

/** Mean test return of a run's model directory over `episodes` episodes seeded 0, 1, ... */
async function testReturn(dir: string, envId: string, kwargs: Record<string, unknown>, episodes: number): Promise<number> {
  const results = await evaluate({ envId, kwargs, policy: resolvePolicy(dir, envId), episodes, seed: 0, workers: 1 });
  return mean(results.map((r) => r.return));
}

/** IQM of the runs' evaluations at every step they all evaluated at, with a bootstrap band. */
function curveOf(runDirs: readonly string[], rng: Rng): SeedsSummary['curve'] {
  const perRun = runDirs.map((d) => new Map(evalRecords(d).map((r) => [r.step, r.meanReturn])));
  const steps = [...(perRun[0]?.keys() ?? [])].filter((s) => perRun.every((m) => m.has(s))).sort((a, b) => a - b);
  const out: SeedsSummary['curve'] = { steps, iqm: [], low: [], high: [] };
  for (const s of steps) {
    const b = bootstrapInterval(perRun.map((m) => m.get(s) ?? Number.NaN), iqm, () => rng.random(), { resamples: 1000 });
    out.iqm.push(b.point);
    out.low.push(b.low);
    out.high.push(b.high);
  }
  return out;
}

/**
 * Trains one run per seed (one after the other, each a full `tsgym train` run in `outDir/seed-S`), tests
 * each run's final and best models on `testEpisodes` episodes seeded from 0, and aggregates over the runs
 * as Agarwal et al. (2021) recommend: mean and interquartile mean with 95 % percentile-bootstrap
 * intervals (`aggregate.json`), and the learning curve of the periodic evaluations as the IQM across runs
 * with its bootstrap band (`learning-curve.svg`).
 *
 * @example
 * ```ts
 * const s = await trainSeeds({ envId: 'CartPole-v1', algo: 'ppo', seeds: [0, 1, 2, 3, 4], overrides: [], outDir: 'runs/ppo-x5', testEpisodes: 20 });
 * s.best?.iqm; // { point, low, high }
 * ```
 */
export async function trainSeeds(req: SeedsRequest): Promise<SeedsSummary> {
  const t0 = performance.now();
  mkdirSync(req.outDir, { recursive: true });
  const runs: SeedRun[] = [];
  for (const seed of req.seeds) {
    const s: TrainSummary = await runTraining({ ...req, seed, outDir: join(req.outDir, `seed-${seed}`) });
    if (s.interrupted) throw new Error(`Run of seed ${seed} was interrupted: the aggregate is not written`);
    const kwargs = s.envKwargs;
    const final = await testReturn(join(s.runDir, FINAL_DIR), req.envId, kwargs, req.testEpisodes);
    const best = s.best ? await testReturn(join(s.runDir, BEST_DIR), req.envId, kwargs, req.testEpisodes) : null;
    runs.push({ seed, runDir: s.runDir, final, best, bestStep: s.best?.step ?? null });
    if (!req.quiet) process.stderr.write(`tsgym: seed ${seed}: final model ${final.toFixed(1)}, best model ${best?.toFixed(1) ?? '-'} (test mean return)\n`);
  }
  const rng = new Rng(0);
  const random = (): number => rng.random();
  const bests = runs.map((r) => r.best);
  const summary: SeedsSummary = {
    envId: req.envId, algo: req.algo, outDir: req.outDir, testEpisodes: req.testEpisodes, runs,
    final: aggregateRuns(runs.map((r) => r.final), random),
    best: bests.every((b) => b !== null) ? aggregateRuns(bests, random) : null,
    curve: curveOf(runs.map((r) => r.runDir), rng),
    wallSeconds: (performance.now() - t0) / 1000,
  };
  writeFileAtomic(join(req.outDir, 'aggregate.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const c = summary.curve;
  const title = `${req.envId} ${req.algo.toUpperCase()}: IQM of ${runs.length} seeds (95% bootstrap CI)`;
  writeFileAtomic(join(req.outDir, 'learning-curve.svg'), lineChartSvg(title, [{ name: 'evaluation IQM', x: c.steps, y: c.iqm, low: c.low, high: c.high }], {
    xLabel: 'env steps', yLabel: 'evaluation mean return',
  }));
  return summary;
}
