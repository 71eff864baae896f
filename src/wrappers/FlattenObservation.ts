import type { Env } from '../core/Env.js';
import type { Space } from '../spaces/Space.js';
import { flatten, flattenSpace } from '../spaces/flatten.js';
import { ObservationWrapper } from './ObservationWrapper.js';

/**
 * Flattens observations into one `Float32Array` with `flatten` (Discrete one-hot, Dict in key order,
 * ...); the observation space becomes `flattenSpace(inner space)`.
 *
 * @example
 * ```ts
 * const env = new FlattenObservation(new MyDictObsEnv());
 * env.observationSpace.shape; // [flatDim(inner observation space)]
 * ```
 */
export class FlattenObservation<Obs, Act> extends ObservationWrapper<Obs, Act, Float32Array> {
  private readonly inner: Space<unknown>;

  constructor(env: Env<Obs, Act>) {
    super(env);
    this.inner = env.observationSpace;
    this.observationSpace = flattenSpace(this.inner) as Space<unknown> as Space<Float32Array>;
  }

  observation(obs: Obs): Float32Array {
    return flatten(this.inner, obs);
  }
}
