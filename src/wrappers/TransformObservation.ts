import type { Env } from '../core/Env.js';
import type { Space } from '../spaces/Space.js';
import { ObservationWrapper } from './ObservationWrapper.js';

/**
 * Applies `fn` to every observation. Pass `observationSpace` when `fn` changes the space (otherwise
 * the inner env's space is kept).
 *
 * @example
 * ```ts
 * const env = new TransformObservation(make('CartPole-v1'), (o: Float32Array) => o.map((v) => v * 2),
 *   new Box(-Infinity, Infinity, [4]));
 * ```
 */
export class TransformObservation<Obs, Act, WObs = Obs> extends ObservationWrapper<Obs, Act, WObs> {
  constructor(env: Env<Obs, Act>, readonly fn: (obs: Obs) => WObs, observationSpace?: Space<WObs>) {
    super(env);
    if (observationSpace !== undefined) this.observationSpace = observationSpace;
  }

  observation(obs: Obs): WObs {
    return this.fn(obs);
  }
}
