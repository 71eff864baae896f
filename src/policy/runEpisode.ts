import type { Env } from '../core/Env.js';
import { isParallelEnv, type ParallelEnv } from '../core/ParallelEnv.js';
import type { Info } from '../core/types.js';
import type { EpisodeResult } from './EpisodeResult.js';
import type { Policy } from './Policy.js';

/** Options of `runEpisode`. */
export interface RunEpisodeOptions {
  /** The `episode` number written into the result (default 0). */
  episode?: number;
  /** Stop after this many steps even if the episode has not ended (default: no limit). */
  maxSteps?: number;
}

/** The numeric entries of `info.metrics`, copied (an empty object when there are none). */
function metricsOf(info: Info | undefined): Record<string, number> {
  const m = info?.metrics;
  const out: Record<string, number> = {};
  if (m === null || typeof m !== 'object') return out;
  for (const [k, v] of Object.entries(m as Record<string, unknown>)) if (typeof v === 'number') out[k] = v;
  return out;
}

/**
 * Plays one episode of `policy` on `env` with `seed`: `policy.reset(seed)`, `env.reset({ seed })`, then
 * act/step until terminated or truncated. Returns the undiscounted return, the number of steps and the
 * final step's `info.metrics`. RolloutPool runs exactly this in its workers, so a serial loop over
 * `runEpisode` gives the pool's results.
 *
 * For a ParallelEnv the policy acts on the records of observations and infos by agent and returns a
 * record of actions; the episode ends when no agent is left (or all are terminated/truncated); the
 * return is the sum of every agent's rewards; the metrics are the first agent's (in `possibleAgents`
 * order) final `info.metrics`, overridden by the env's own top-level `metrics` record when it has one.
 *
 * @example
 * ```ts
 * const env = make('CartPole-v1');
 * const r = runEpisode(env, makePolicy('pd', 'CartPole-v1', env), 7);
 * r.return; r.length; r.metrics;
 * ```
 */
export function runEpisode(
  env: Env<any, any> | ParallelEnv<string, any, any>,
  policy: Policy<any, any>,
  seed: number,
  opts: RunEpisodeOptions = {},
): EpisodeResult {
  const maxSteps = opts.maxSteps ?? Infinity;
  policy.reset?.(seed);
  let ret = 0;
  let length = 0;
  if (isParallelEnv(env)) {
    let [obs, infos] = env.reset({ seed });
    while (env.agents.length > 0 && length < maxSteps) {
      const r = env.step(policy.act(obs, infos));
      obs = r[0];
      infos = r[4];
      for (const a in r[1]) ret += r[1][a];
      length++;
      let allDone = true;
      for (const a in r[2]) if (!(r[2][a] || r[3][a])) allDone = false;
      if (allDone) break;
    }
    let metrics: Record<string, number> = {};
    for (const a of env.possibleAgents) {
      if (infos[a]?.metrics !== undefined) {
        metrics = metricsOf(infos[a]);
        break;
      }
    }
    const own = (env.unwrapped as unknown as { metrics?: unknown }).metrics;
    if (own !== null && typeof own === 'object') Object.assign(metrics, metricsOf({ metrics: own }));
    return { episode: opts.episode ?? 0, seed, return: ret, length, metrics };
  }
  const single = env as Env<unknown, unknown>;
  let [obs, info] = single.reset({ seed });
  for (;;) {
    if (length >= maxSteps) break;
    const r = single.step(policy.act(obs, info));
    obs = r[0];
    info = r[4];
    ret += r[1];
    length++;
    if (r[2] || r[3]) break;
  }
  return { episode: opts.episode ?? 0, seed, return: ret, length, metrics: metricsOf(info) };
}
