import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EvalCallback, type Agent, type Callback, type CallbackContext, type EvalPoint, type EvalResult } from '../../../agents/index.js';
import { InvalidConfig } from '../../core/errors.js';
import type { Env } from '../../core/Env.js';
import { make, spec } from '../../registry/registry.js';
import { BEST_DIR } from '../../eval/runDir.js';
import { saveModelDir } from './modelDirs.js';
import type { TrainConfig } from './trainConfig.js';

/**
 * Seed of the first evaluation episode of `tsgym train` (episode i is seeded `EVAL_SEED + i`): fixed, so
 * every run and every seed of an experiment is evaluated on the same episodes, and far above the training
 * seeds (`--seed` S seeds the training sub-envs S, S+1, ...; the `tsgym eval` default starts at 0).
 */
export const EVAL_SEED = 2_000_000_000;

/** The periodic evaluation of a run: the callback, its env, and the end-of-run evaluation. */
export interface RunEvaluation {
  readonly callback: EvalCallback;
  /** Evaluates the final model unless the last periodic evaluation was at its step (best/ is updated if it wins). */
  finish(agent: Agent, callbacks: readonly Callback[]): Promise<EvalPoint | null>;
  close(): void;
}

/** The eval records of a run's metrics.jsonl (a resumed run continues from the best of them). */
export function evalRecords(runDir: string): { step: number; meanReturn: number; score?: number }[] {
  const file = join(runDir, 'metrics.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('"type":"eval"'))
    .map((l) => JSON.parse(l) as { step: number; meanReturn: number; score?: number });
}

/**
 * How `cfg` ranks evaluations, higher is better: the mean return, or the mean over the episodes of an
 * `info.metrics` value of their last step (negated when lower is better). A metric the env does not
 * report is a clear error naming the metrics it does report.
 *
 * @example
 * ```ts
 * const score = evalScore({ ...cfg, evalMetric: 'meanDelay', evalMetricGoal: 'min' }, 'TrafficSignal-v0');
 * ```
 */
export function evalScore(cfg: Pick<TrainConfig, 'evalMetric' | 'evalMetricGoal'>, envId: string): ((r: EvalResult) => number) | undefined {
  const name = cfg.evalMetric;
  if (name === 'return') return undefined;
  const sign = cfg.evalMetricGoal === 'max' ? 1 : -1;
  return (r) => {
    const xs = r.metrics.map((m) => m[name]);
    if (xs.length === 0 || xs.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
      const known = Object.keys(r.metrics[0] ?? {}).join(', ') || 'none';
      throw new InvalidConfig(
        `evalMetric '${name}': ${envId} reports no finite info.metrics.${name} at the end of an episode (it reports: ${known}); ` +
          "expected 'return' or one of those",
      );
    }
    return (sign * xs.reduce((a, b) => a + b, 0)) / xs.length;
  };
}

/**
 * Sets up the periodic evaluation of `tsgym train`: every `evalEvery` env steps, `evalEpisodes` deterministic
 * episodes on a separate env (seeds from {@link EVAL_SEED}); each new best model (by `evalMetric`, see
 * {@link evalScore}) is written to `RUN/best`.
 * Undefined when evaluations are off (`evalEvery` 0) or the env is multi-agent (no single-env evaluation).
 *
 * @example
 * ```ts
 * const ev = runEvaluation('runs/x', 'CartPole-v1', cfg);
 * await agent.learn({ totalTimesteps, callbacks: [...callbacks, ev.callback] });
 * await ev.finish(agent, callbacks);
 * ```
 */
export function runEvaluation(runDir: string, envId: string, cfg: TrainConfig): RunEvaluation | undefined {
  if (cfg.evalEvery <= 0 || spec(envId).parallel) return undefined;
  const env: Env<unknown, unknown> = make(envId, cfg.envKwargs);
  const episodes = cfg.evalEpisodes;
  const score = evalScore(cfg, envId);
  const best = evalRecords(runDir).reduce((m, r) => Math.max(m, r.score ?? r.meanReturn), Number.NEGATIVE_INFINITY);
  const callback = new EvalCallback({
    env, everySteps: cfg.evalEvery, episodes, seed: EVAL_SEED, best, ...(score ? { score } : {}),
    onBest: (ctx, p) => saveModelDir(ctx.agent, join(runDir, BEST_DIR), {
      which: 'best', step: p.step, eval: { meanReturn: p.meanReturn, stdReturn: p.stdReturn, episodes, seeds: [EVAL_SEED, EVAL_SEED + episodes - 1] },
    }),
  });
  return {
    callback,
    async finish(agent, callbacks) {
      const last = callback.history.at(-1)?.step ?? evalRecords(runDir).at(-1)?.step;
      if (last === agent.numTimesteps) return null;
      const ctx: CallbackContext = { agent, numTimesteps: agent.numTimesteps, log: (r) => { for (const c of callbacks) c.onLog?.(r, ctx); } };
      return callback.evaluate(ctx);
    },
    close: () => env.close(),
  };
}
