import type { Info } from '../core/types.js';

/**
 * Anything that picks actions: a baseline controller or a trained agent. `tsgym eval --policy NAME|DIR`
 * treats both alike. For a ParallelEnv, `Obs` and `Act` are records by agent.
 *
 * @example
 * ```ts
 * const p: Policy<Float32Array, number> = { name: 'always-left', act: () => 0 };
 * ```
 */
export interface Policy<Obs = unknown, Act = unknown> {
  readonly name: string;
  /** The action for this observation; `info` is the info of the last reset/step. */
  act(obs: Obs, info: Info): Act;
  /** Called at the start of every episode with that episode's seed (seed stochastic policies here). */
  reset?(seed: number | undefined): void;
}
