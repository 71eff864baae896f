import type * as tfjs from '@tensorflow/tfjs';
import type { z } from 'zod';
import type { Tf } from './loadTf.js';
import type { Td3ConfigSchema } from './td3Config.js';
import { FlatAdam } from './common/FlatAdam.js';
import { Mlp } from './common/Mlp.js';
import { OptimizerGroup } from './common/OptimizerGroup.js';
import type { ReplayBatch } from './common/ReplayBuffer.js';
import { TwinCritics, bellmanBatch } from './common/twinCritics.js';

type Cfg = z.output<typeof Td3ConfigSchema>;

/** Losses of the last gradient step (for logs); `actorLoss` is that of the last actor update. */
export interface Td3StepStats {
  criticLoss: number;
  actorLoss: number;
}

/**
 * The networks of TD3 (Fujimoto et al. 2018) and one gradient step, as SB3's `TD3.train`: a deterministic
 * actor `pi(s) = tanh(mu(s))` in `[-1, 1]^A` with a target copy, twin critics with targets
 * ({@link TwinCritics}), one Adam for the actor and one for both critics. One step on a batch:
 * 1. critics: `y = r + gamma (1 - done) min_i Qtarget_i(s', a')` with the smoothed target action
 *    `a' = clip(pi'(s') + clip(sigma eps, -c, c), -1, 1)`, `eps ~ N(0, 1)`; loss `sum_i mean((Q_i(s, a) - y)^2)`;
 * 2. every `policyDelay`-th step only: the actor on `-mean(Q_1(s, pi(s)))`, then
 *    `target <- tau net + (1 - tau) target` for both critics and the actor.
 *
 * @example
 * ```ts
 * const nets = new Td3Networks(tf, cfg, 3, 1);
 * nets.trainStep(batch, noise); // noise: batchSize x actDim standard normal draws
 * ```
 */
export class Td3Networks {
  readonly actor: Mlp;
  readonly actorTarget: Mlp;
  readonly critics: TwinCritics;
  readonly actorOptimizer: FlatAdam;
  /** Both optimizers, saved together in a checkpoint. */
  readonly optimizers: OptimizerGroup;
  numGradientSteps = 0;
  private lastActorLoss = Number.NaN;

  constructor(private readonly tf: Tf, private readonly cfg: Cfg, readonly obsDim: number, readonly actDim: number) {
    const base = cfg.seed * 1000;
    const actor = (): Mlp => Mlp.create(tf, { sizes: [obsDim, ...cfg.netArch, actDim], hiddenActivation: 'relu', seed: base + 1, init: 'torch' });
    this.actor = actor();
    this.actorTarget = actor();
    this.critics = new TwinCritics(tf, { obsDim, actDim, netArch: cfg.netArch, seed: base, learningRate: cfg.learningRate, adamEpsilon: cfg.adamEpsilon });
    this.actorOptimizer = new FlatAdam(tf, this.actor.params, { learningRate: cfg.learningRate, epsilon: cfg.adamEpsilon });
    this.optimizers = new OptimizerGroup([this.actorOptimizer, this.critics.optimizer]);
  }

  /** The deterministic action `tanh(mu(obs))` in `[-1, 1]` for `[batch, obsDim]` observations (of the target actor when `target`). Call inside `tf.tidy`. */
  mode(obs: tfjs.Tensor2D, target = false): tfjs.Tensor2D {
    return this.tf.tanh((target ? this.actorTarget : this.actor).apply(obs));
  }

  /** The smoothed target action `clip(pi'(s') + clip(sigma noise, -c, c), -1, 1)`. Call inside `tf.tidy`. */
  targetAction(nextObs: tfjs.Tensor2D, noise: tfjs.Tensor2D): tfjs.Tensor2D {
    const tf = this.tf;
    const c = this.cfg.targetNoiseClip;
    return tf.clipByValue(tf.add(this.mode(nextObs, true), tf.clipByValue(tf.mul(noise, this.cfg.targetPolicyNoise), -c, c)), -1, 1);
  }

  /** One gradient step on `batch` (actions in `[-1, 1]`); `noise` holds `batchSize x actDim` standard normal draws for the smoothing. */
  trainStep(batch: ReplayBatch, noise: Float32Array): Td3StepStats {
    const tf = this.tf;
    const B = batch.rewards.length;
    const { obs, nextObs, act, y } = bellmanBatch(tf, batch, this.obsDim, this.actDim,
      (next) => this.critics.minQ(next, this.targetAction(next, tf.tensor2d(noise, [B, this.actDim])), true));
    const criticLoss = this.critics.fit(obs, act, y, 1);
    this.numGradientSteps++;
    if (this.numGradientSteps % this.cfg.policyDelay === 0) {
      const actor = tf.variableGrads(() => {
        const q1 = this.critics.q1.apply(tf.concat([obs, this.mode(obs)], 1));
        return tf.neg<tfjs.Scalar>(tf.mean(q1));
      }, this.actor.params);
      this.actorOptimizer.applyGradients(this.actor.params.map((p) => actor.grads[p.name]));
      this.lastActorLoss = actor.value.dataSync()[0] ?? Number.NaN;
      tf.dispose([actor.value, ...Object.values(actor.grads)]);
      this.critics.updateTargets(this.cfg.tau);
      this.actorTarget.copyFrom(this.actor, this.cfg.tau);
    }
    tf.dispose([obs, nextObs, act, y]);
    return { criticLoss, actorLoss: this.lastActorLoss };
  }

  dispose(): void {
    this.actor.dispose();
    this.actorTarget.dispose();
    this.critics.dispose();
    this.actorOptimizer.dispose();
  }
}
