import type { Info } from '../../src/core/types.js';
import type { Space } from '../../src/spaces/Space.js';

/**
 * What agents need of a vector env: the shape of `src/vector`'s `VectorEnv` (`makeVec`) with `next-step`
 * autoreset. Observations are flat `[numEnvs, flatDim]`; returned arrays may be reused: agents copy them.
 *
 * @example
 * ```ts
 * const envs: VecEnvLike = makeVec('CartPole-v1', 4, { mode: 'sync' });
 * ```
 */
export interface VecEnvLike {
  readonly numEnvs: number;
  readonly singleObservationSpace: Space<unknown>;
  readonly singleActionSpace: Space<unknown>;
  readonly autoresetMode?: string;
  reset(opts?: { seed?: number }): [ArrayLike<number>, Info[]];
  step(actions: ArrayLike<number>): [ArrayLike<number>, ArrayLike<number>, ArrayLike<number>, ArrayLike<number>, Info[]];
  close(): void | Promise<void>;
}
