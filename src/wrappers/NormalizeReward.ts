import type { Env } from '../core/Env.js';
import type { StepResult } from '../core/types.js';
import { RunningMeanStd } from './RunningMeanStd.js';
import { Wrapper } from './Wrapper.js';

/**
 * Scales rewards so that their discounted return has roughly unit variance (Gymnasium 1.x
 * `NormalizeReward`): each step `discountedReward = discountedReward * gamma * (1 - terminated) + r`
 * updates `returnRms` (unless `updateRunningMean` is false), and the reward returned is
 * `r / sqrt(returnRms.var + epsilon)` (not centred). As in Gymnasium, the discounted return is carried
 * across truncations and resets and only cut by `terminated`.
 *
 * @example
 * ```ts
 * const env = new NormalizeReward(make('CartPole-v1'), 0.99);
 * ```
 */
export class NormalizeReward<Obs, Act> extends Wrapper<Obs, Act> {
  readonly returnRms = new RunningMeanStd(1);
  /** Running discounted sum of rewards. */
  discountedReward = 0;
  /** Whether steps update the statistics. */
  updateRunningMean = true;
  private readonly buf = new Float64Array(1);

  constructor(env: Env<Obs, Act>, readonly gamma = 0.99, readonly epsilon = 1e-8) {
    super(env);
  }

  protected override snapshotOwn(): unknown {
    return { rms: this.returnRms.getState(), discountedReward: this.discountedReward, updateRunningMean: this.updateRunningMean };
  }

  protected override restoreOwn(own: unknown): void {
    const o = own as { rms: Parameters<RunningMeanStd['setState']>[0]; discountedReward: number; updateRunningMean: boolean };
    this.returnRms.setState(o.rms);
    this.discountedReward = o.discountedReward;
    this.updateRunningMean = o.updateRunningMean;
  }

  override step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    const reward = r[1];
    this.discountedReward = this.discountedReward * this.gamma * (r[2] ? 0 : 1) + reward;
    if (this.updateRunningMean) {
      this.buf[0] = this.discountedReward;
      this.returnRms.update(this.buf);
    }
    r[1] = reward / Math.sqrt(this.returnRms.var[0] + this.epsilon);
    return r;
  }
}
