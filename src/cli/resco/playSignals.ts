import type { ParallelEnv } from '../../core/ParallelEnv.js';
import type { NStepTransition, NStepWindow } from './nStepReplay.js';

type Env = ParallelEnv<string, Float32Array, number>;

/** What one episode played by {@link playSignals} gave. */
export interface PlayedEpisode {
  /** RESCO's delay of the episode (NaN when it was cut). */
  readonly rescoDelay: number;
  /** Sum of every signal's rewards. */
  readonly return: number;
  /** Signal decisions taken. */
  readonly decisions: number;
  /** Stopped by `stop` before its end. */
  readonly cut: boolean;
}

/**
 * Plays one episode of `env` from `seed`, every signal taking `act(obs)`'s phase, and hands each signal's
 * decisions, turned into n-step transitions by `window`, to `onTransitions` as they complete (the rest at
 * the episode's end). `expert(obs, actions)`, if given, labels each decision with the demonstrator's phase
 * in that state. `stop` is asked after every step and cuts the episode (its pending decisions are still
 * handed over).
 *
 * @example
 * ```ts
 * const ep = playSignals(env, 1001, (obs) => rule.act(obs, {}), new NStepWindow(10, 0.99), (ts) => demos.push(...ts), { expert: (_, acts) => acts });
 * ```
 */
export function playSignals(
  env: Env,
  seed: number,
  act: (obs: Record<string, Float32Array>) => Record<string, number>,
  window: NStepWindow,
  onTransitions: (ts: NStepTransition[]) => void,
  o: { stop?: () => boolean; expert?: (obs: Record<string, Float32Array>, actions: Record<string, number>) => Record<string, number> } = {},
): PlayedEpisode {
  const sim = (env.unwrapped as unknown as { engine: { metrics(): Record<string, number> } }).engine;
  let [obs] = env.reset({ seed });
  let ret = 0;
  let decisions = 0;
  let cut = false;
  while (env.agents.length > 0) {
    const acts = act(obs);
    const labels = o.expert?.(obs, acts);
    const [next, rewards, terms, truncs] = env.step(acts);
    for (const a of Object.keys(acts)) {
      const r = rewards[a] ?? 0;
      ret += r;
      decisions++;
      const ts = window.push(a, obs[a], acts[a], r, next[a] ?? obs[a], terms[a] === true, labels?.[a]);
      if (ts.length > 0) onTransitions(ts);
    }
    obs = next;
    if (Object.keys(acts).every((a) => terms[a] === true || truncs[a] === true)) break;
    if (o.stop?.() === true) {
      cut = true;
      break;
    }
  }
  const rest = window.flush();
  if (rest.length > 0) onTransitions(rest);
  return { rescoDelay: cut ? NaN : (sim.metrics().rescoDelay ?? NaN), return: ret, decisions, cut };
}
