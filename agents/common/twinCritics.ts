import type * as tfjs from '@tensorflow/tfjs';
import type { Tf } from '../loadTf.js';
import { FlatAdam } from './FlatAdam.js';
import { Mlp } from './Mlp.js';
import type { ReplayBatch } from './ReplayBuffer.js';

/**
 * The twin critics `Q_1, Q_2 (obs, a)` of SAC and TD3 (Fujimoto et al. 2018's clipped double Q), with
 * their Polyak-averaged targets and one Adam over both critics: MLPs `obs ++ a -> 1` with ReLU hidden
 * layers and PyTorch's default initialisation, as SB3's `ContinuousCritic`; targets start as copies.
 *
 * @example
 * ```ts
 * const critics = new TwinCritics(tf, { obsDim: 3, actDim: 1, netArch: [64, 64], seed: 1000, learningRate: 1e-3, adamEpsilon: 1e-8 });
 * const loss = critics.fit(obs, act, y, 1); // one Adam step on sum_i mean((Q_i - y)^2)
 * ```
 */
export class TwinCritics {
  readonly q1: Mlp;
  readonly q2: Mlp;
  readonly q1Target: Mlp;
  readonly q2Target: Mlp;
  readonly optimizer: FlatAdam;

  constructor(private readonly tf: Tf, o: { obsDim: number; actDim: number; netArch: number[]; seed: number; learningRate: number; adamEpsilon: number }) {
    const sizes = [o.obsDim + o.actDim, ...o.netArch, 1];
    const mlp = (seed: number): Mlp => Mlp.create(tf, { sizes, hiddenActivation: 'relu', seed, init: 'torch' });
    this.q1 = mlp(o.seed + 101);
    this.q2 = mlp(o.seed + 201);
    this.q1Target = mlp(o.seed + 101);
    this.q2Target = mlp(o.seed + 201);
    this.q1Target.copyFrom(this.q1);
    this.q2Target.copyFrom(this.q2);
    this.optimizer = new FlatAdam(tf, [...this.q1.params, ...this.q2.params], { learningRate: o.learningRate, epsilon: o.adamEpsilon });
  }

  /** `min(Q_1, Q_2)(obs, a)` of the critics or of their targets: `[batch, 1]`. Call inside `tf.tidy`. */
  minQ(obs: tfjs.Tensor2D, act: tfjs.Tensor2D, target: boolean): tfjs.Tensor2D {
    const x = this.tf.concat([obs, act], 1);
    return target ? this.tf.minimum(this.q1Target.apply(x), this.q2Target.apply(x)) : this.tf.minimum(this.q1.apply(x), this.q2.apply(x));
  }

  /** One Adam step of both critics toward `y` on `weight (mean((Q_1 - y)^2) + mean((Q_2 - y)^2))`; returns the loss. */
  fit(obs: tfjs.Tensor2D, act: tfjs.Tensor2D, y: tfjs.Tensor, weight: number): number {
    const tf = this.tf;
    const params = [...this.q1.params, ...this.q2.params];
    const r = tf.variableGrads(() => {
      const x = tf.concat([obs, act], 1);
      const l1 = tf.mean(tf.square(tf.sub(this.q1.apply(x), y)));
      const l2 = tf.mean(tf.square(tf.sub(this.q2.apply(x), y)));
      return tf.mul<tfjs.Scalar>(tf.add(l1, l2), weight);
    }, params);
    this.optimizer.applyGradients(params.map((p) => r.grads[p.name]));
    const loss = r.value.dataSync()[0] ?? Number.NaN;
    tf.dispose([r.value, ...Object.values(r.grads)]);
    return loss;
  }

  /** `target <- tau Q + (1 - tau) target` for both critics. */
  updateTargets(tau: number): void {
    this.q1Target.copyFrom(this.q1, tau);
    this.q2Target.copyFrom(this.q2, tau);
  }

  /** The critics' variables as `q1/..`, `q2/..` (and `q1Target/..`, `q2Target/..` when `withTargets`). */
  named(withTargets: boolean): Record<string, tfjs.Tensor> {
    const out = { ...this.q1.named('q1'), ...this.q2.named('q2') };
    return withTargets ? { ...out, ...this.q1Target.named('q1Target'), ...this.q2Target.named('q2Target') } : out;
  }

  /** Assigns the critics from tensors named as by `named`; without `withTargets` the targets become copies of the critics. */
  assignNamed(map: Record<string, tfjs.Tensor>, withTargets: boolean): void {
    this.q1.assignNamed(map, 'q1');
    this.q2.assignNamed(map, 'q2');
    if (withTargets) {
      this.q1Target.assignNamed(map, 'q1Target');
      this.q2Target.assignNamed(map, 'q2Target');
    } else {
      this.q1Target.copyFrom(this.q1);
      this.q2Target.copyFrom(this.q2);
    }
  }

  dispose(): void {
    for (const m of [this.q1, this.q2, this.q1Target, this.q2Target]) m.dispose();
    this.optimizer.dispose();
  }
}

/** A replay batch as tensors: `obs`, `nextObs` (`[B, obsDim]`), `act` (`[B, actDim]`). */
export interface BatchTensors {
  obs: tfjs.Tensor2D;
  nextObs: tfjs.Tensor2D;
  act: tfjs.Tensor2D;
}

/**
 * The observation and action tensors of a replay batch, and its Bellman target
 * `y = r + discount (1 - done) nextValue(nextObs)` (the batch's discount is `gamma^n`), kept outside any tidy.
 *
 * @example
 * ```ts
 * const { obs, act, y } = bellmanBatch(tf, batch, 3, 1, (next) => critics.minQ(next, nets.mode(next, true), true));
 * ```
 */
export function bellmanBatch(tf: Tf, batch: ReplayBatch, obsDim: number, actDim: number,
  nextValue: (nextObs: tfjs.Tensor2D) => tfjs.Tensor): BatchTensors & { y: tfjs.Tensor } {
  const B = batch.rewards.length;
  const bootstrap = new Float32Array(B);
  for (let i = 0; i < B; i++) bootstrap[i] = (batch.discounts[i] ?? 0) * (1 - (batch.dones[i] ?? 0));
  const obs = tf.tensor2d(batch.obs, [B, obsDim]);
  const nextObs = tf.tensor2d(batch.nextObs, [B, obsDim]);
  const act = tf.tensor2d(batch.actions, [B, actDim]);
  const y = tf.tidy(() => tf.add(tf.tensor2d(batch.rewards, [B, 1]), tf.mul(tf.tensor2d(bootstrap, [B, 1]), nextValue(nextObs))));
  return { obs, nextObs, act, y };
}
