import type { Env } from '../../src/core/Env.js';
import type { Info } from '../../src/core/types.js';
import type { Action, PredictOptions } from './Agent.js';

/** Anything that acts: an agent (`predict`). */
export interface Predictor {
  predict(obs: unknown, opts?: PredictOptions): Action;
}

/** Result of {@link evaluatePolicy}. */
export interface EvalResult {
  returns: number[];
  lengths: number[];
  meanReturn: number;
  stdReturn: number;
  meanLength: number;
  /** `info.metrics` of the final step of each episode, when the env reports them. */
  metrics: Record<string, number>[];
}

/**
 * Runs `episodes` full episodes of `agent` on `env` (episode i seeded `seed + i`) and reports returns,
 * lengths and the final step's `info.metrics`.
 *
 * @example
 * ```ts
 * const r = evaluatePolicy(agent, make('CartPole-v1'), { episodes: 20, seed: 1000 });
 * r.meanReturn; // 500 for a solved CartPole
 * ```
 */
export function evaluatePolicy(agent: Predictor, env: Env<unknown, unknown>, o: { episodes: number; seed: number; deterministic?: boolean }): EvalResult {
  const returns: number[] = [];
  const lengths: number[] = [];
  const metrics: Record<string, number>[] = [];
  for (let ep = 0; ep < o.episodes; ep++) {
    let [obs] = env.reset({ seed: o.seed + ep });
    let ret = 0;
    let len = 0;
    let info: Info = {};
    for (;;) {
      const a = agent.predict(obs, { deterministic: o.deterministic ?? true });
      const [next, r, term, trunc, inf] = env.step(a);
      ret += r;
      len++;
      obs = next;
      info = inf;
      if (term || trunc) break;
    }
    returns.push(ret);
    lengths.push(len);
    if (info.metrics !== undefined && typeof info.metrics === 'object') metrics.push(info.metrics as Record<string, number>);
  }
  const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
  const std = Math.sqrt(returns.reduce((a, b) => a + (b - mean) ** 2, 0) / returns.length);
  return { returns, lengths, meanReturn: mean, stdReturn: std, meanLength: lengths.reduce((a, b) => a + b, 0) / lengths.length, metrics };
}
