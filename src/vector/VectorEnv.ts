import { SnapshotUnsupported } from '../core/errors.js';
import type { Info } from '../core/types.js';
import type { Space } from '../spaces/Space.js';
import type { TypedArray } from '../spaces/dtypes.js';

/**
 * When a sub-env whose episode ended is reset, as Gymnasium 1.x's `AutoresetMode`:
 * - `next-step`: the step after a done returns that env's reset observation with reward 0 and
 *   terminated/truncated false; the action given for it on that step is ignored.
 * - `same-step`: the env is reset inside the step that ended it; the returned observation is the reset
 *   observation and `infos[i]` holds `finalObs` (the raw last observation) and `finalInfo`.
 */
export type AutoresetMode = 'next-step' | 'same-step';

/** Options of `VectorEnv.reset`: env i is reset with `seed + i` when a seed is given. */
export interface VectorResetOptions {
  seed?: number;
  options?: Record<string, unknown>;
}

/** `[observations, infos]`; observations are `[numEnvs, ...obsShape]` flattened, float32. */
export type VectorResetResult = [obs: TypedArray, infos: Info[]];

/** `[observations, rewards, terminations, truncations, infos]`, one entry per sub-env. */
export type VectorStepResult = [obs: TypedArray, rewards: Float64Array, terminations: Uint8Array, truncations: Uint8Array, infos: Info[]];

/**
 * Many copies of one environment stepped as a batch, after Gymnasium's `VectorEnv`.
 *
 * Observations are one flat `Float32Array` of `numEnvs` rows, each row `flatten(singleObservationSpace, obs)`
 * (for a Box that is the observation itself). Actions are one flat array of `numEnvs` rows of the single
 * action's entries (a Discrete action is one number per env). The arrays returned by `reset` and `step`
 * are reused by the next call: copy them if you keep them.
 *
 * @example
 * ```ts
 * const envs = makeVec('CartPole-v1', 8, { mode: 'sync' });
 * let [obs] = envs.reset({ seed: 42 });            // env i seeded with 42 + i
 * const actions = new Int32Array(envs.numEnvs);    // one Discrete action per env
 * const [next, rewards, terms, truncs, infos] = envs.step(actions);
 * await envs.close();
 * ```
 */
export abstract class VectorEnv {
  /** Number of sub-environments. */
  abstract readonly numEnvs: number;
  /** Observation space of one sub-env. */
  abstract readonly singleObservationSpace: Space;
  /** Action space of one sub-env. */
  abstract readonly singleActionSpace: Space;
  /** Batched observation space: a float32 Box of shape `[numEnvs, flatDim]` (`[numEnvs, ...shape]` for a Box). */
  abstract readonly observationSpace: Space;
  /** Batched action space: a Box with a leading `numEnvs`, or a MultiDiscrete of `numEnvs` Discretes. */
  abstract readonly actionSpace: Space;
  /** How sub-envs whose episode ended are reset. */
  abstract readonly autoresetMode: AutoresetMode;

  /** Resets every sub-env (env i with `seed + i` when `seed` is given) and returns the first observations. */
  abstract reset(opts?: VectorResetOptions): VectorResetResult;
  /** Steps every sub-env with its row of `actions` (flat, `[numEnvs, ...actionShape]`). */
  abstract step(actions: ArrayLike<number>): VectorStepResult;
  /** Closes every sub-env (and, for AsyncVectorEnv, terminates every worker). Idempotent. */
  abstract close(): void | Promise<void>;

  /** The whole dynamic state of the sub-envs (see `Env.snapshot`); SyncVectorEnv supports it. */
  snapshot(): unknown {
    throw new SnapshotUnsupported(`${this.constructor.name} cannot snapshot its sub-envs (use a SyncVectorEnv, e.g. makeVec(id, n, { mode: 'sync' }))`);
  }

  /** Puts back a state taken by `snapshot`. */
  restore(_snapshot: unknown): void {
    throw new SnapshotUnsupported(`${this.constructor.name} cannot restore sub-env snapshots (use a SyncVectorEnv)`);
  }
}
