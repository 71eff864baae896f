import type { ResetOptions, ResetResult, StepResult } from '../core/types.js';
import { Wrapper } from './Wrapper.js';

/**
 * A wrapper that changes observations only: override `observation(obs)`. It is applied to the
 * observations of both `reset` and `step`. Set `observationSpace` in the constructor when it changes.
 *
 * @example
 * ```ts
 * class Scale extends ObservationWrapper<Float32Array, number, Float32Array> {
 *   observation(o: Float32Array) { return o.map((v) => v / 10); }
 * }
 * ```
 */
export abstract class ObservationWrapper<Obs, Act, WObs = Obs> extends Wrapper<Obs, Act, WObs, Act> {
  /** Maps an observation of the inner env to this wrapper's observation. */
  abstract observation(obs: Obs): WObs;

  override reset(opts?: ResetOptions): ResetResult<WObs> {
    const [obs, info] = this.env.reset(opts);
    return [this.observation(obs), info];
  }

  override step(action: Act): StepResult<WObs> {
    const [obs, reward, terminated, truncated, info] = this.env.step(action);
    return [this.observation(obs), reward, terminated, truncated, info];
  }
}
