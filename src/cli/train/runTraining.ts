import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { writeFileAtomic } from '../../io/writeFileAtomic.js';
import type { ParallelEnv } from '../../core/ParallelEnv.js';
import { makeParallel, spec } from '../../registry/registry.js';
import { makeVec } from '../../vector/makeVec.js';
import {
  activeBackend,
  CheckpointCallback,
  DqnConfigSchema,
  JsonlLogger,
  loadHyperparams,
  restoreEnvState,
  type Agent,
  type Callback,
} from '../../../agents/index.js';
import { ALGORITHMS } from './algorithms.js';
import type { VectorEnv } from '../../vector/VectorEnv.js';
import { BEST_DIR, FINAL_DIR } from '../../eval/runDir.js';
import { lineChartSvg } from '../../plot/lineChartSvg.js';
import { parseTrainConfig, deepMerge, type Algo, type TrainConfig } from './trainConfig.js';
import { TrainProgress } from './TrainProgress.js';
import { EpisodeCsv } from './EpisodeCsv.js';
import { truncateLogs } from './truncateLogs.js';
import { chooseCheckpoint, createRunDir, readSavedRun, resumeTarget } from './runDir.js';
import { lockRunDir, type RunLock } from './runLock.js';
import { warmStart } from './warmStart.js';
import { checkObservationLayout, observationLayoutOf } from './observationLayout.js';
import { readModelInfo, saveModelDir } from './modelDirs.js';
import { EVAL_SEED, runEvaluation } from './runEvaluation.js';
import { InvalidConfig } from '../../core/errors.js';
import { RolloutPool, type RolloutPoolOptions } from '../../rollout/RolloutPool.js';
import { SegmentCollector } from '../../rollout/SegmentCollector.js';

/** What `runTraining` needs (the CLI flags, resolved). */
export interface TrainRequest {
  envId: string;
  algo: Algo;
  /** Overrides `totalTimesteps`. */
  steps?: number;
  seed: number;
  /** Config objects merged over the per-env defaults, in order (a config file, then `--set`s as an object). */
  overrides: readonly Record<string, unknown>[];
  /** Run directory (created; must not hold a run already unless resuming). */
  outDir: string;
  workers?: number;
  /** Continue the run in `outDir` from its last checkpoint. */
  resume?: boolean;
  /** Warm-start the networks from another run (transfer; same spaces and architecture). */
  initFrom?: string;
  /** Stop as Ctrl-C would (checkpoint, exit) once this many env steps are done. */
  stopAt?: number;
  quiet?: boolean;
  /**
   * Collect PPO/A2C experience on a RolloutPool with these options (`{ redis, queue }`: `tsgym worker`
   * processes; `{ workers }`: threads here) instead of stepping the envs in this thread.
   */
  collectOn?: RolloutPoolOptions;
}

/** What a finished (or interrupted) run reports. */
export interface TrainSummary {
  runDir: string;
  envId: string;
  algo: Algo;
  seed: number;
  numTimesteps: number;
  totalTimesteps: number;
  interrupted: boolean;
  episodes: number;
  recentMeanReturn: number | null;
  lastEval: { step: number; meanReturn: number; stdReturn: number } | null;
  /** The best model of the periodic evaluations (`RUN/best`, what eval/compare/serve use for the run); null without evaluations. */
  best: { dir: string; step: number; meanReturn: number } | null;
  /** The model the last update left (`RUN/final`), with its evaluation when one was taken at its step. */
  final: { dir: string; step: number; meanReturn: number | null };
  backend: string;
  wallSeconds: number;
  /** The env kwargs of the run (and of its evaluations). */
  envKwargs: Record<string, unknown>;
}

/** The resolved config of a new run: per-env defaults, then overrides, then flags. */
function resolveConfig(req: TrainRequest, schema: z.ZodType): TrainConfig {
  const hp = loadHyperparams(req.envId, req.algo);
  let raw: Record<string, unknown> = {
    numEnvs: hp?.numEnvs ?? (req.algo === 'dqn' || req.algo === 'sac' || req.algo === 'td3' ? 1 : 8),
    totalTimesteps: hp?.totalTimesteps ?? 100_000,
    config: hp?.config ?? {},
  };
  for (const o of req.overrides) raw = deepMerge(raw, o);
  if (req.steps !== undefined) raw.totalTimesteps = req.steps;
  raw.config = { ...(raw.config as Record<string, unknown>), seed: req.seed };
  return parseTrainConfig(raw, req.algo, schema);
}

function buildEnv(envId: string, cfg: TrainConfig, workers: number | undefined): VectorEnv | ParallelEnv<string, unknown, unknown> {
  if (spec(envId).parallel) return makeParallel(envId, cfg.envKwargs);
  const async = workers !== undefined && workers > 1 && cfg.numEnvs > 1;
  return makeVec(envId, cfg.numEnvs, { mode: async ? 'async' : 'sync', ...(async ? { workers } : {}), kwargs: cfg.envKwargs });
}

/** Experience collection on a RolloutPool is for PPO, A2C (segments) and DQN (Ape-X-style actors). */
function checkCollectOn(req: TrainRequest): void {
  if (req.algo !== 'ppo' && req.algo !== 'a2c' && req.algo !== 'dqn') {
    throw new InvalidConfig(`Collecting experience on rollout workers (--redis) is for ppo, a2c and dqn, not ${req.algo}: train ${req.algo} without --redis`);
  }
}

/**
 * The pool and segment collector of a run collecting on rollout workers: one job per env instance and
 * update (a ParallelEnv is one instance; its agents are the columns), seeded from the run seed. DQN's
 * updates are its rounds of `trainFreq` steps, played by `actorLag + 1` groups of actors in turn (the
 * rounds ahead of the learner are played while it learns).
 */
function remoteRollouts(opts: RolloutPoolOptions, req: TrainRequest, cfg: TrainConfig): { pool: RolloutPool; source: SegmentCollector } {
  const pool = new RolloutPool(opts);
  const instances = spec(req.envId).parallel ? 1 : cfg.numEnvs;
  const groups = req.algo === 'dqn' ? DqnConfigSchema.parse(cfg.config).actorLag + 1 : 1;
  return { pool, source: new SegmentCollector(pool, { envId: req.envId, kwargs: cfg.envKwargs, seed: req.seed, instances, groups }) };
}

/** Recent mean return and eval history from the run's metrics.jsonl (for the plot and the summary). */
function readCurve(file: string): { steps: number[]; returns: number[]; evalSteps: number[]; evalReturns: number[]; evalStds: number[] } {
  const out = { steps: [] as number[], returns: [] as number[], evalSteps: [] as number[], evalReturns: [] as number[], evalStds: [] as number[] };
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line) as { type: string; step: number; return?: number; meanReturn?: number; stdReturn?: number };
    if (r.type === 'episode' && r.return !== undefined) { out.steps.push(r.step); out.returns.push(r.return); }
    if (r.type !== 'eval' || r.meanReturn === undefined) continue;
    out.evalSteps.push(r.step);
    out.evalReturns.push(r.meanReturn);
    out.evalStds.push(r.stdReturn ?? Number.NaN);
  }
  return out;
}

/** Moving average over a window of the last `w` values. */
function movingAverage(xs: readonly number[], w: number): number[] {
  const out: number[] = [];
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    s += xs[i] ?? 0;
    if (i >= w) s -= xs[i - w] ?? 0;
    out.push(s / Math.min(i + 1, w));
  }
  return out;
}

type RunFacts = Pick<TrainSummary, 'totalTimesteps' | 'interrupted' | 'backend' | 'wallSeconds' | 'envKwargs'>;

/**
 * Writes what a finished run leaves: the final model (`final/`), the learning curve; returns the summary,
 * read back from the run's metrics and `best/model-info.json`.
 */
async function writeResults(req: TrainRequest, agent: Agent, run: RunFacts, episodes: number): Promise<TrainSummary> {
  const curve = readCurve(join(req.outDir, 'metrics.jsonl'));
  const lastEvalIdx = curve.evalSteps.length - 1;
  const finalEval = curve.evalSteps[lastEvalIdx] === agent.numTimesteps ? lastEvalIdx : -1;
  await saveModelDir(agent, join(req.outDir, FINAL_DIR), {
    which: 'final', step: agent.numTimesteps,
    eval: finalEval < 0 ? null : {
      meanReturn: curve.evalReturns[finalEval] ?? 0, stdReturn: curve.evalStds[finalEval] ?? 0, episodes, seeds: [EVAL_SEED, EVAL_SEED + episodes - 1],
    },
  });
  const bestInfo = readModelInfo(join(req.outDir, BEST_DIR));
  const series = [{ name: 'episode return (avg of 20)', x: curve.steps, y: movingAverage(curve.returns, 20) }];
  if (curve.evalSteps.length > 0) series.push({ name: 'eval mean return', x: curve.evalSteps, y: curve.evalReturns });
  const title = `${req.envId} ${req.algo.toUpperCase()} (seed ${req.seed})`;
  writeFileAtomic(join(req.outDir, 'learning-curve.svg'), lineChartSvg(title, series, { xLabel: 'env steps', yLabel: 'return' }));
  return {
    runDir: req.outDir, envId: req.envId, algo: req.algo, seed: req.seed, numTimesteps: agent.numTimesteps, ...run,
    episodes: curve.returns.length,
    recentMeanReturn: curve.returns.length ? movingAverage(curve.returns, 20)[curve.returns.length - 1] ?? null : null,
    lastEval: lastEvalIdx >= 0
      ? { step: curve.evalSteps[lastEvalIdx] ?? 0, meanReturn: curve.evalReturns[lastEvalIdx] ?? 0, stdReturn: curve.evalStds[lastEvalIdx] ?? Number.NaN }
      : null,
    best: bestInfo?.eval ? { dir: join(req.outDir, BEST_DIR), step: bestInfo.step, meanReturn: bestInfo.eval.meanReturn } : null,
    final: { dir: join(req.outDir, FINAL_DIR), step: agent.numTimesteps, meanReturn: finalEval >= 0 ? curve.evalReturns[finalEval] ?? null : null },
  };
}

/**
 * Trains an agent into a run directory: `config.json` (resolved), `metrics.jsonl` and `episodes.csv`,
 * `checkpoints/step-N` and `checkpoints/last`, `best/` (the model of the best periodic evaluation, rl-zoo's
 * `best_model`) and `final/` (the model the last update left), each with the agent's files, `policy.json`
 * (the network `tsgym eval`/`serve` run) and `model-info.json`, and `learning-curve.svg`. Evaluations
 * (every `evalEvery` steps, and once more at the end) run `evalEpisodes` deterministic episodes on a
 * separate env seeded from EVAL_SEED. SIGINT (Ctrl-C) stops at the next step, saves a
 * checkpoint and returns with `interrupted: true`.
 *
 * @example
 * ```ts
 * const s = await runTraining({ envId: 'CartPole-v1', algo: 'ppo', seed: 1, overrides: [], outDir: 'runs/ppo' });
 * ```
 */
export async function runTraining(request: TrainRequest): Promise<TrainSummary> {
  const t0 = performance.now();
  const algorithm = ALGORITHMS[request.algo];
  let req = request;
  let cfg: TrainConfig;
  let lock: RunLock;
  let named: string | null = null;
  if (request.resume && request.collectOn !== undefined)
    throw new InvalidConfig('--resume continues a run in this process: drop --redis (the run goes on with local collection from its checkpoint)');
  if (request.resume) {
    const target = resumeTarget(request.outDir);
    named = target.checkpoint;
    lock = lockRunDir(target.runDir, 'tsgym train --resume');
    try {
      const saved = readSavedRun(target.runDir, request.envId, request.algo);
      // the run's own seed and warm start: a run resumed before its first checkpoint starts again exactly
      req = { ...request, outDir: target.runDir, seed: saved.seed, ...(saved.initFrom ? { initFrom: saved.initFrom } : {}) };
      cfg = parseTrainConfig(saved.train, req.algo, algorithm.schema);
    } catch (e) {
      lock.release();
      throw e;
    }
    if (req.steps !== undefined) cfg = { ...cfg, totalTimesteps: req.steps };
  } else {
    cfg = resolveConfig(req, algorithm.schema);
    if (req.collectOn !== undefined) checkCollectOn(req);
    else if (req.algo === 'dqn' && DqnConfigSchema.parse(cfg.config).actorEpsilons === 'apex')
      throw new InvalidConfig("config.actorEpsilons 'apex' is for actors on rollout workers: add --redis URL, or use 'schedule'");
    lock = createRunDir(req.outDir);
  }
  try {
    return await trainLocked(req, cfg, named, t0);
  } finally {
    lock.release();
  }
}

/** The run itself, its directory locked: builds env and agent (from a checkpoint when resuming), trains, writes the results. */
async function trainLocked(req: TrainRequest, cfg: TrainConfig, named: string | null, t0: number): Promise<TrainSummary> {
  const algorithm = ALGORITHMS[req.algo];
  const cfgFile = join(req.outDir, 'config.json');
  const obsLayout = req.resume ? null : observationLayoutOf(req.envId, cfg.envKwargs);
  if (req.initFrom && obsLayout) checkObservationLayout(req.initFrom, obsLayout);
  const env = buildEnv(req.envId, cfg, req.workers);
  const ckptDir = join(req.outDir, 'checkpoints');
  const from = req.resume ? chooseCheckpoint(req.outDir, named, req, (w) => process.stderr.write(`${w}\n`)) : null;
  let agent: Agent;
  if (from !== null) {
    agent = await algorithm.loadCheckpoint(from, env);
    truncateLogs(req.outDir, restoreEnvState(from, env));
  } else {
    // a new run, or one killed before its first checkpoint: (again) from step 0
    if (req.resume) truncateLogs(req.outDir, 0);
    agent = await algorithm.create(env, cfg.config);
    if (req.initFrom) await warmStart(req.algo, agent, req.initFrom);
  }
  const backend = activeBackend() ?? 'unknown';
  if (!req.resume) {
    writeFileAtomic(
      cfgFile,
      `${JSON.stringify({
        format: 'tsgym-run', version: 1, envId: req.envId, algo: req.algo, seed: req.seed, backend,
        initFrom: req.initFrom ?? null, observationNames: obsLayout?.names ?? null, train: cfg,
      }, null, 2)}\n`,
    );
  }
  let stop = false;
  const onSigint = (): void => {
    if (stop) process.exit(130);
    stop = true;
    process.stderr.write('\ntsgym: interrupted: saving a checkpoint (Ctrl-C again to quit at once)\n');
  };
  process.on('SIGINT', onSigint);
  let lastYield = performance.now();
  const progress = new TrainProgress(cfg.totalTimesteps, agent.numTimesteps, req.quiet ?? false);
  const csv = new EpisodeCsv(join(req.outDir, 'episodes.csv'));
  const callbacks: Callback[] = [
    new JsonlLogger(join(req.outDir, 'metrics.jsonl')),
    csv,
    progress,
    new CheckpointCallback(ckptDir, cfg.checkpointEvery, env, { envId: req.envId, algo: req.algo, seed: req.seed }),
    {
      onStep: (ctx) => {
        if (req.stopAt !== undefined && ctx.numTimesteps >= req.stopAt) stop = true;
        // signal handlers run only between event-loop turns, and learn() can run for minutes on resolved
        // promises alone: yield a turn every 100 ms, or Ctrl-C is never seen
        if (performance.now() - lastYield < 100) return !stop;
        return new Promise<boolean>((resolve) => setImmediate(() => {
          lastYield = performance.now();
          resolve(!stop);
        }));
      },
    },
  ];
  const evaluation = runEvaluation(req.outDir, req.envId, cfg);
  if (evaluation) callbacks.push(evaluation.callback);
  const remote = req.collectOn === undefined ? undefined : remoteRollouts(req.collectOn, req, cfg);
  try {
    const remaining = Math.max(0, cfg.totalTimesteps - agent.numTimesteps);
    const rollouts = remote === undefined ? {} : { rollouts: remote.source };
    if (remaining > 0) await agent.learn({ totalTimesteps: remaining, horizon: cfg.totalTimesteps, callbacks, ...rollouts });
    if (!stop) await evaluation?.finish(agent, callbacks);
  } finally {
    process.off('SIGINT', onSigint);
    progress.stop();
    await remote?.pool.close();
  }
  const wallSeconds = (performance.now() - t0) / 1000;
  const facts = { totalTimesteps: cfg.totalTimesteps, interrupted: stop, backend, wallSeconds, envKwargs: cfg.envKwargs };
  const summary = await writeResults(req, agent, facts, cfg.evalEpisodes);
  agent.dispose();
  evaluation?.close();
  await (env as { close(): void | Promise<void> }).close();
  return summary;
}
