import type * as tfjs from '@tensorflow/tfjs';
import type { z } from 'zod';
import type { Tf } from './loadTf.js';
import type { SacConfigSchema } from './sacConfig.js';
import { EntropyTemperature } from './common/EntropyTemperature.js';
import { FlatAdam } from './common/FlatAdam.js';
import { Mlp } from './common/Mlp.js';
import { OptimizerGroup } from './common/OptimizerGroup.js';
import type { ReplayBatch } from './common/ReplayBuffer.js';
import { squashedGaussian, type SquashedSample } from './common/squashedGaussian.js';
import { TwinCritics, bellmanBatch } from './common/twinCritics.js';

type Cfg = z.output<typeof SacConfigSchema>;

/** Losses and temperature of the last gradient step (for logs). */
export interface SacStepStats {
  criticLoss: number;
  actorLoss: number;
  alpha: number;
}

/**
 * The networks of SAC (Haarnoja et al. 2018) and one gradient step, as SB3's `SAC.train`: an actor
 * `obs -> [mean, logStd]` of a tanh-squashed Gaussian over `[-1, 1]^A`, twin critics `Q_i(obs, a)` with
 * Polyak-averaged targets ({@link TwinCritics}), an Adam per part (actor, both critics together, log alpha). Networks use
 * PyTorch's default initialisation, as SB3's. One step on a batch, with alpha the temperature before it:
 * 1. critics: `y = r + gamma (1 - done) (min_i Qtarget_i(s', a') - alpha log pi(a'|s'))`, `a' ~ pi(s')`;
 *    loss `0.5 sum_i mean((Q_i(s, a) - y)^2)`;
 * 2. actor (through the updated critics): `mean(alpha log pi(a~|s) - min_i Q_i(s, a~))`, `a~ ~ pi(s)`;
 * 3. temperature from the same `log pi(a~|s)` ({@link EntropyTemperature}) unless alpha is fixed;
 * 4. every `targetUpdateInterval` steps `target <- tau Q + (1 - tau) target`.
 *
 * @example
 * ```ts
 * const nets = new SacNetworks(tf, cfg, 3, 1);
 * nets.trainStep(batch, noiseNext, noisePi);
 * ```
 */
export class SacNetworks {
  readonly actor: Mlp;
  readonly critics: TwinCritics;
  readonly actorOptimizer: FlatAdam;
  /** Undefined when alpha is fixed (`entCoef` a number). */
  readonly temperature: EntropyTemperature | undefined;
  /** All optimizers, saved together in a checkpoint. */
  readonly optimizers: OptimizerGroup;
  numGradientSteps = 0;

  constructor(private readonly tf: Tf, private readonly cfg: Cfg, readonly obsDim: number, readonly actDim: number) {
    const base = cfg.seed * 1000;
    this.actor = Mlp.create(tf, { sizes: [obsDim, ...cfg.netArch, 2 * actDim], hiddenActivation: 'relu', seed: base + 1, init: 'torch' });
    this.critics = new TwinCritics(tf, { obsDim, actDim, netArch: cfg.netArch, seed: base, learningRate: cfg.learningRate, adamEpsilon: cfg.adamEpsilon });
    this.actorOptimizer = new FlatAdam(tf, this.actor.params, { learningRate: cfg.learningRate, epsilon: cfg.adamEpsilon });
    if (cfg.entCoef === 'auto') {
      const targetEntropy = cfg.targetEntropy ?? -actDim;
      this.temperature = new EntropyTemperature(tf, { initial: cfg.entCoefInit, targetEntropy, learningRate: cfg.learningRate, adamEpsilon: cfg.adamEpsilon });
    }
    this.optimizers = new OptimizerGroup([this.actorOptimizer, this.critics.optimizer, ...(this.temperature ? [this.temperature.optimizer] : [])]);
  }

  /** The entropy temperature alpha now. */
  alpha(): number {
    return this.temperature?.alpha() ?? (this.cfg.entCoef === 'auto' ? 1 : this.cfg.entCoef);
  }

  /** A reparameterised policy draw for `[batch, obsDim]` observations and `[batch, actDim]` standard normal noise. Call inside `tf.tidy`. */
  policy(obs: tfjs.Tensor2D, noise: tfjs.Tensor2D): SquashedSample {
    const out = this.actor.apply(obs);
    const tf = this.tf;
    const mean = tf.slice(out, [0, 0], [-1, this.actDim]);
    const logStd = tf.slice(out, [0, this.actDim], [-1, this.actDim]);
    return squashedGaussian(tf, mean, logStd, noise);
  }

  /** The deterministic action `tanh(mean)` in `[-1, 1]` for `[batch, obsDim]` observations. Call inside `tf.tidy`. */
  mode(obs: tfjs.Tensor2D): tfjs.Tensor2D {
    return this.tf.tanh(this.tf.slice(this.actor.apply(obs), [0, 0], [-1, this.actDim]));
  }

  /**
   * One gradient step on `batch` (actions in `[-1, 1]`); `noiseNext` and `noisePi` are `batchSize x actDim`
   * standard normal draws for `a' ~ pi(s')` and `a~ ~ pi(s)`.
   */
  trainStep(batch: ReplayBatch, noiseNext: Float32Array, noisePi: Float32Array): SacStepStats {
    const tf = this.tf;
    const B = batch.rewards.length;
    const alpha = this.alpha();
    const { obs, nextObs, act, y } = bellmanBatch(tf, batch, this.obsDim, this.actDim, (next) => {
      const pi = this.policy(next, tf.tensor2d(noiseNext, [B, this.actDim]));
      return tf.sub(this.critics.minQ(next, pi.action, true), tf.mul(pi.logProb, alpha));
    });
    const criticLoss = this.critics.fit(obs, act, y, 0.5);
    const kept: { logProb?: tfjs.Tensor } = {};
    const actor = tf.variableGrads(() => {
      const pi = this.policy(obs, tf.tensor2d(noisePi, [B, this.actDim]));
      kept.logProb = tf.keep(pi.logProb);
      return tf.mean<tfjs.Scalar>(tf.sub(tf.mul(pi.logProb, alpha), this.critics.minQ(obs, pi.action, false)));
    }, this.actor.params);
    this.actorOptimizer.applyGradients(this.actor.params.map((p) => actor.grads[p.name]));
    if (this.temperature !== undefined && kept.logProb !== undefined) this.temperature.update(kept.logProb.dataSync());
    this.numGradientSteps++;
    if (this.numGradientSteps % this.cfg.targetUpdateInterval === 0) this.critics.updateTargets(this.cfg.tau);
    const stats = { criticLoss, actorLoss: actor.value.dataSync()[0] ?? Number.NaN, alpha };
    tf.dispose([obs, nextObs, act, y, actor.value, ...Object.values(actor.grads)]);
    kept.logProb?.dispose();
    return stats;
  }

  dispose(): void {
    this.actor.dispose();
    this.critics.dispose();
    this.actorOptimizer.dispose();
    this.temperature?.dispose();
  }
}
