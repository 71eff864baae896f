import type { Env } from '../core/Env.js';
import { InvalidConfig } from '../core/errors.js';
import { Box } from '../spaces/Box.js';
import type { Space } from '../spaces/Space.js';
import { MultiBinary } from '../spaces/MultiBinary.js';
import { MultiDiscrete } from '../spaces/MultiDiscrete.js';
import { ObservationWrapper } from './ObservationWrapper.js';
import { RunningMeanStd } from './RunningMeanStd.js';

/**
 * Normalizes observations to zero mean and unit variance with running statistics (Gymnasium 1.x):
 * each observation first updates `obsRms` (unless `updateRunningMean` is false, e.g. at evaluation),
 * then `(obs - mean) / sqrt(var + epsilon)` is returned as a `Float32Array`. The observation space
 * becomes `Box(-inf, inf, shape, float32)`. Statistics are kept in float64; save and restore them with
 * `obsRms.getState()` / `obsRms.setState()`.
 *
 * @example
 * ```ts
 * const env = new NormalizeObservation(make('CartPole-v1'));
 * // evaluation with frozen statistics:
 * env.updateRunningMean = false; env.obsRms.setState(saved);
 * ```
 */
export class NormalizeObservation<Act> extends ObservationWrapper<ArrayLike<number>, Act, Float32Array> {
  readonly obsRms: RunningMeanStd;
  /** Whether observations update the statistics. */
  updateRunningMean = true;

  constructor(env: Env<ArrayLike<number>, Act>, readonly epsilon = 1e-8) {
    super(env);
    const s = env.observationSpace;
    if (!(s instanceof Box || s instanceof MultiBinary || s instanceof MultiDiscrete)) {
      throw new InvalidConfig(`NormalizeObservation needs a Box, MultiBinary or MultiDiscrete observation space, got ${s.toString()}`);
    }
    this.observationSpace = new Box(-Infinity, Infinity, s.shape, 'float32') as Space<unknown> as Space<Float32Array>;
    this.obsRms = new RunningMeanStd(s instanceof MultiDiscrete ? s.nvec.length : s.size);
  }

  protected override snapshotOwn(): unknown {
    return { rms: this.obsRms.getState(), updateRunningMean: this.updateRunningMean };
  }

  protected override restoreOwn(own: unknown): void {
    const o = own as { rms: Parameters<RunningMeanStd['setState']>[0]; updateRunningMean: boolean };
    this.obsRms.setState(o.rms);
    this.updateRunningMean = o.updateRunningMean;
  }

  observation(obs: ArrayLike<number>): Float32Array {
    const rms = this.obsRms;
    if (this.updateRunningMean) rms.update(obs);
    const out = new Float32Array(rms.size);
    for (let i = 0; i < rms.size; i++) out[i] = ((obs[i] ?? 0) - (rms.mean[i] ?? 0)) / Math.sqrt((rms.var[i] ?? 0) + this.epsilon);
    return out;
  }
}
