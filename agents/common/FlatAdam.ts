import type * as tfjs from '@tensorflow/tfjs';
import { InvalidFile } from '../../src/core/errors.js';
import type { Tf } from '../loadTf.js';
import { namedToWeights, weightsToNamed, type NamedTensor, type OptimizerSnapshotting } from './optimizerState.js';

export type { NamedTensor } from './optimizerState.js';

/** Options of {@link FlatAdam}. */
export interface FlatAdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  /** Default: the backend's epsilon (1e-7 for float32), as `tf.train.adam`. */
  epsilon?: number;
  /** Clip the gradients to this global norm before the update (PyTorch's `clip_grad_norm_`); none if undefined. */
  maxGradNorm?: number;
}

/**
 * Adam (Kingma & Ba 2015) over a list of variables, computed on their concatenation: the moments live in
 * two flat variables, so one update is about 30 kernels however many tensors the network has (tfjs'
 * AdamOptimizer runs ~15 per variable), and optional global-norm clipping costs five more. The
 * parameters are also kept as one vector between updates (rebuilt when a variable was assigned from
 * outside, e.g. by a load), so the update is one subtraction and one split. Same maths as
 * `tf.train.adam` (bias correction folded into the step size: `p -= lr_t m / (sqrt(v) + eps_t)` with
 * `lr_t = lr sqrt(1 - b2^t) / (1 - b1^t)`, `eps_t = eps sqrt(1 - b2^t)`), so results differ only by float
 * rounding. `getWeights`/`setWeights` use tfjs Adam's layout (`[iterations, m per variable, v per
 * variable]`), so checkpoints keep their format.
 *
 * @example
 * ```ts
 * const opt = new FlatAdam(tf, net.params, { learningRate: 1e-3, maxGradNorm: 10 });
 * tf.tidy(() => opt.applyGradients(net.backward(net.trace(x), dOut)));
 * ```
 */
export class FlatAdam implements OptimizerSnapshotting {
  /** Updates applied so far (t of the bias correction is `iterations + 1` for the next one). */
  iterations = 0;
  /** The step size of the next update (a schedule may change it between updates). */
  learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly maxGradNorm: number | undefined;
  private readonly m: tfjs.Variable;
  private readonly v: tfjs.Variable;
  private readonly sizes: number[];
  private readonly cB1: tfjs.Scalar;
  private readonly c1mB1: tfjs.Scalar;
  private readonly cB2: tfjs.Scalar;
  private readonly c1mB2: tfjs.Scalar;
  private readonly cMaxNorm: tfjs.Scalar;
  private readonly cTiny: tfjs.Scalar;
  private readonly cOne: tfjs.Scalar;
  /** All parameters concatenated, valid while each variable still holds the data id in `flatIds`. */
  private readonly flat: tfjs.Variable;
  private flatIds: unknown[] = [];
  readonly numParams: number;
  /** The tensors of the last `getWeights` (copies; disposed by the next call or `dispose`). */
  private saved: tfjs.Tensor[] = [];

  constructor(private readonly tf: Tf, readonly params: tfjs.Variable[], o: FlatAdamOptions) {
    this.learningRate = o.learningRate;
    this.beta1 = o.beta1 ?? 0.9;
    this.beta2 = o.beta2 ?? 0.999;
    this.epsilon = o.epsilon ?? tf.backend().epsilon();
    this.maxGradNorm = o.maxGradNorm;
    this.sizes = params.map((p) => p.size);
    const n = this.sizes.reduce((a, b) => a + b, 0);
    this.numParams = n;
    this.flat = tf.variable(tf.zeros([n]), false);
    this.m = tf.variable(tf.zeros([n]), false);
    this.v = tf.variable(tf.zeros([n]), false);
    this.cB1 = tf.keep(tf.scalar(this.beta1));
    this.c1mB1 = tf.keep(tf.scalar(1 - this.beta1));
    this.cB2 = tf.keep(tf.scalar(this.beta2));
    this.c1mB2 = tf.keep(tf.scalar(1 - this.beta2));
    this.cMaxNorm = tf.keep(tf.scalar(o.maxGradNorm ?? 0));
    this.cTiny = tf.keep(tf.scalar(1e-6));
    this.cOne = tf.keep(tf.scalar(1));
  }

  /** One Adam update from `grads` (aligned with `params`), clipped to `maxGradNorm` first if set. */
  applyGradients(grads: tfjs.Tensor[]): void {
    const tf = this.tf;
    if (grads.length !== this.params.length) throw new RangeError(`FlatAdam needs ${this.params.length} gradients, got ${grads.length}`);
    tf.tidy(() => this.applyFlatGradient(tf.concat(grads.map((x) => tf.reshape(x, [-1])))));
  }

  /** One Adam update from the gradient of all parameters concatenated (the layout of `Mlp.getFlat`). */
  applyFlatGradient(grad: tfjs.Tensor): void {
    const tf = this.tf;
    if (grad.size !== this.numParams) throw new RangeError(`FlatAdam needs a flat gradient of ${this.numParams} values, got ${grad.size}`);
    const t = this.iterations + 1;
    const c2 = Math.sqrt(1 - Math.pow(this.beta2, t));
    const lrT = (this.learningRate * c2) / (1 - Math.pow(this.beta1, t));
    // float32 element-wise kernels run through the engine directly: the ops' argument checks and dtype
    // handling cost ~1 us each on wasm, a few percent of the step over ~20 ops
    const engine = tf.engine();
    const k = (name: string, a: tfjs.Tensor, b?: tfjs.Tensor): tfjs.Tensor => engine.runKernel<tfjs.Tensor>(name, b === undefined ? { x: a } : { a, b });
    tf.tidy(() => {
      let g = grad;
      if (this.maxGradNorm !== undefined) {
        // min(1, maxNorm / (||g|| + 1e-6)), as globalNormScale
        const norm = k('Sqrt', tf.sum(k('Square', g)));
        g = k('Multiply', g, k('Minimum', k('RealDiv', this.cMaxNorm, k('Add', norm, this.cTiny)), this.cOne));
      }
      const m = k('Add', k('Multiply', this.m, this.cB1), k('Multiply', g, this.c1mB1));
      const v = k('Add', k('Multiply', this.v, this.cB2), k('Multiply', k('Square', g), this.c1mB2));
      const step = k('Multiply', k('RealDiv', m, k('Add', k('Sqrt', v), tf.scalar(this.epsilon * c2))), tf.scalar(lrT));
      const p = k('Sub', this.flatParams(), step);
      const parts = tf.split(p, this.sizes);
      this.params.forEach((x, i) => x.assign(tf.reshape(parts[i], x.shape)));
      this.flat.assign(p);
      this.m.assign(m);
      this.v.assign(v);
    });
    this.flatIds = this.params.map((x) => x.dataId);
    this.iterations = t;
  }

  /** The parameters as one vector: kept from the last update unless a variable was assigned since. */
  private flatParams(): tfjs.Tensor {
    const tf = this.tf;
    if (!this.params.every((x, i) => x.dataId === this.flatIds[i])) this.flat.assign(tf.concat(this.params.map((x) => tf.reshape(x, [-1]))));
    return this.flat;
  }

  /** The state in tfjs Adam's `getWeights` layout: `[iterations (int32), m of each variable, v of each variable]`. */
  async getWeights(): Promise<NamedTensor[]> {
    const tf = this.tf;
    const mParts = tf.split(this.m, this.sizes);
    const vParts = tf.split(this.v, this.sizes);
    const out: NamedTensor[] = [{ name: 'iter', tensor: tf.scalar(this.iterations, 'int32') }];
    this.params.forEach((p, i) => out.push({ name: `${p.name}/m`, tensor: tf.reshape(mParts[i], p.shape) }));
    this.params.forEach((p, i) => out.push({ name: `${p.name}/v`, tensor: tf.reshape(vParts[i], p.shape) }));
    tf.dispose([...mParts, ...vParts, ...this.saved]);
    this.saved = out.map((w) => w.tensor);
    return Promise.resolve(out);
  }

  /**
   * Restores `getWeights` output (or a tfjs Adam's: same layout). Only the iteration count when the
   * moments are absent (an optimizer saved before its first update).
   */
  async setWeights(weights: NamedTensor[]): Promise<void> {
    const tf = this.tf;
    const [iter, ...moments] = weights;
    if (iter === undefined) throw new InvalidFile('Adam state is empty: expected the iteration count first');
    const n = this.params.length;
    if (moments.length !== 0 && moments.length !== 2 * n) {
      throw new InvalidFile(`Adam state has ${moments.length} moment tensors, expected ${2 * n} (m and v of ${n} variables)`);
    }
    moments.forEach((w, i) => {
      const size = this.sizes[i % n] ?? 0;
      if (w.tensor.size !== size) throw new InvalidFile(`Adam moment '${w.name}' has ${w.tensor.size} values, expected ${size}`);
    });
    this.iterations = Number((await iter.tensor.data())[0]);
    if (moments.length === 0) {
      tf.tidy(() => {
        this.m.assign(tf.zerosLike(this.m));
        this.v.assign(tf.zerosLike(this.v));
      });
      return;
    }
    tf.tidy(() => {
      this.m.assign(tf.concat(moments.slice(0, n).map((w) => tf.reshape(w.tensor, [-1]))));
      this.v.assign(tf.concat(moments.slice(n).map((w) => tf.reshape(w.tensor, [-1]))));
    });
  }

  /** The state for a checkpoint: `getWeights` under checkpoint names. */
  async snapshot(): Promise<tfjs.NamedTensorMap> {
    return weightsToNamed(await this.getWeights());
  }

  /** Restores what `snapshot` gave (`count` optimizer tensors). */
  async restore(tensors: tfjs.NamedTensorMap, count: number): Promise<void> {
    if (count > 0) await this.setWeights(namedToWeights(tensors, count));
  }

  dispose(): void {
    this.tf.dispose([this.flat, this.m, this.v, this.cB1, this.c1mB1, this.cB2, this.c1mB2, this.cMaxNorm, this.cTiny, this.cOne, ...this.saved]);
    this.saved = [];
  }
}
