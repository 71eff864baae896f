import type * as tfjs from '@tensorflow/tfjs';
import type { Tf } from '../loadTf.js';
import { FlatAdam } from './FlatAdam.js';

/**
 * SAC's entropy temperature alpha, tuned automatically (Haarnoja et al. 2018b, "Soft Actor-Critic
 * Algorithms and Applications", eq. 18) as SB3's `ent_coef='auto'`: the variable is `log alpha`, the loss
 * `J(log alpha) = -mean(log alpha * (log pi(a|s) + targetEntropy))` with the log-probabilities held fixed,
 * so its gradient is `-mean(log pi + targetEntropy)`: alpha grows while the policy's entropy
 * `-log pi` is below the target and shrinks above it. Adam steps on `log alpha`.
 *
 * @example
 * ```ts
 * const temp = new EntropyTemperature(tf, { initial: 1, targetEntropy: -1, learningRate: 1e-3 });
 * temp.update(logProbs); // one Adam step; temp.alpha() is the new value
 * ```
 */
export class EntropyTemperature {
  readonly logAlpha: tfjs.Variable;
  readonly optimizer: FlatAdam;
  readonly targetEntropy: number;

  constructor(private readonly tf: Tf, o: { initial: number; targetEntropy: number; learningRate: number; adamEpsilon?: number }) {
    this.targetEntropy = o.targetEntropy;
    this.logAlpha = tf.variable(tf.tensor1d([Math.log(o.initial)]), true, undefined, 'float32');
    this.optimizer = new FlatAdam(tf, [this.logAlpha], { learningRate: o.learningRate, ...(o.adamEpsilon !== undefined ? { epsilon: o.adamEpsilon } : {}) });
  }

  /** The current alpha = exp(log alpha). */
  alpha(): number {
    return Math.exp(this.logAlpha.dataSync()[0] ?? 0);
  }

  /** d J / d log alpha for a batch of log-probabilities: `-mean(logProb + targetEntropy)`. */
  gradient(logProb: ArrayLike<number>): number {
    let s = 0;
    for (let i = 0; i < logProb.length; i++) s += (logProb[i] ?? 0) + this.targetEntropy;
    return -s / Math.max(1, logProb.length);
  }

  /** One Adam step on log alpha from a batch of log-probabilities of the current policy's actions. */
  update(logProb: ArrayLike<number>): void {
    const g = this.tf.tensor1d([this.gradient(logProb)]);
    this.optimizer.applyFlatGradient(g);
    g.dispose();
  }

  dispose(): void {
    this.logAlpha.dispose();
    this.optimizer.dispose();
  }
}
