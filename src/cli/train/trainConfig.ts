import { z } from 'zod';
import { parseConfig } from '../../core/parseConfig.js';

/** Algorithms `tsgym train` runs. */
export const ALGOS = ['dqn', 'ppo', 'a2c', 'reinforce', 'sac', 'td3'] as const;
export type Algo = (typeof ALGOS)[number];

/** The run-level part of a training config; `config` holds the algorithm's own hyperparameters. */
export const TrainConfigSchema = z.object({
  /** Sub-environments stepped together (vector env width). */
  numEnvs: z.number().int().positive(),
  /** Env steps of the whole run. */
  totalTimesteps: z.number().int().positive(),
  /** Algorithm hyperparameters (validated by the algorithm: see `tsgym train --help`). */
  config: z.record(z.string(), z.unknown()),
  /** Keyword arguments of the env (and of the evaluation env). */
  envKwargs: z.record(z.string(), z.unknown()).default({}),
  /** Env steps between checkpoints (also where a resumed run can continue from). */
  checkpointEvery: z.number().int().positive().default(10_000),
  /** Env steps between deterministic evaluations on a separate env, keeping the best model in `best/` (0 = none). */
  evalEvery: z.number().int().nonnegative().default(10_000),
  /** Episodes per evaluation. */
  evalEpisodes: z.number().int().positive().default(10),
  /**
   * What makes an evaluation the best: `return` (the mean episode return, as SB3's EvalCallback) or the
   * name of an `info.metrics` value of the env's last step (e.g. `meanDelay`), averaged over the episodes.
   */
  evalMetric: z.string().min(1).default('return'),
  /** For a metric: whether lower (`min`, e.g. a delay) or higher (`max`, e.g. throughput) is better. */
  evalMetricGoal: z.enum(['min', 'max']).default('min'),
}).strict();

export type TrainConfig = z.output<typeof TrainConfigSchema>;

/** Deep merge of plain objects (arrays and scalars of `b` replace those of `a`). */
export function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = v !== null && typeof v === 'object' && !Array.isArray(v) && prev !== null && typeof prev === 'object' && !Array.isArray(prev)
      ? deepMerge(prev as Record<string, unknown>, v as Record<string, unknown>)
      : v;
  }
  return out;
}

/**
 * Validates a resolved training config; errors name the key path (`config.learningRate: ...`).
 *
 * @example
 * ```ts
 * parseTrainConfig({ numEnvs: 8, totalTimesteps: 1e5, config: { learningRate: 1e-3 } }, 'ppo');
 * ```
 */
export function parseTrainConfig(raw: unknown, algo: Algo, algoSchema: z.ZodType): TrainConfig {
  const cfg = parseConfig(TrainConfigSchema, raw, `${algo} training config`);
  parseConfig(z.object({ config: algoSchema }), { config: cfg.config }, `${algo} training config`);
  return cfg;
}
