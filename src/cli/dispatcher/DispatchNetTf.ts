import type * as tfjs from '@tensorflow/tfjs';
import { N_OP_FEATURES, OP_FEATURES } from '../../../envs/factory/jobshop/opFeatures.js';
import type { DispatchNetLayer, SerializedDispatchNet } from '../../../envs/factory/jobshop/gnn/SerializedDispatchNet.js';
import type { DispatchScheme } from '../../../envs/factory/jobshop/JobShopSim.js';
import type { Rng } from '../../rng/Rng.js';
import type { Tf } from '../../../agents/loadTf.js';
import type { DecisionBatch } from './DecisionBatch.js';

/** Sizes of a new dispatcher network. */
export interface DispatchNetShape {
  hidden: number;
  rounds: number;
  headHidden: number;
  scheme: DispatchScheme;
}

interface LayerVars {
  w: tfjs.Variable;
  b: tfjs.Variable;
}

/** The tensors of one forward pass over a batch. */
export interface DispatchForward {
  /** log pi(action) per decision `[S]`. */
  logp: tfjs.Tensor1D;
  /** Entropy of the masked distribution per decision `[S]`. */
  entropy: tfjs.Tensor1D;
}

/**
 * The dispatcher network (see `SerializedDispatchNet`) as TensorFlow.js variables, for training. The
 * forward pass runs on a dense `[S, J, M]` layout of decisions on same-sized instances and uses only
 * kernels the wasm and cpu backends have with gradients (matMul, batched matMul, sums, slices, concat):
 * machine means are a batched product with each operation's machine one-hot, not a segment sum.
 * `toJSON()` gives the plain network the TypeScript forward pass (`DispatchNet`) runs; both compute the
 * same scores (float32 vs float64 rounding).
 *
 * @example
 * ```ts
 * const net = DispatchNetTf.create(tf, { hidden: 32, rounds: 1, headHidden: 64, scheme: 'non-delay' }, rng);
 * const { logp } = net.forward(batch);
 * ```
 */
export class DispatchNetTf {
  readonly encoder: LayerVars;
  readonly rounds: LayerVars[];
  readonly head: LayerVars[];

  private constructor(
    private readonly tf: Tf,
    readonly shape: DispatchNetShape,
    layers: DispatchNetLayer[],
  ) {
    const v = (l: DispatchNetLayer): LayerVars => ({
      w: tf.variable(tf.tensor2d(l.weights, [l.inputSize, l.outputSize])),
      b: tf.variable(tf.tensor1d(l.bias)),
    });
    const [enc, ...rest] = layers.map(v);
    this.encoder = enc;
    this.rounds = rest.slice(0, shape.rounds);
    this.head = rest.slice(shape.rounds);
  }

  /** A new network with He-uniform weights and zero biases from `rng`. */
  static create(tf: Tf, shape: DispatchNetShape, rng: Rng): DispatchNetTf {
    const H = shape.hidden;
    const init = (n: number, m: number): DispatchNetLayer => {
      const lim = Math.sqrt(6 / n);
      return {
        inputSize: n,
        outputSize: m,
        weights: Array.from({ length: n * m }, () => rng.uniform(-lim, lim)),
        bias: new Array<number>(m).fill(0),
      };
    };
    const layers = [
      init(N_OP_FEATURES, H),
      ...Array.from({ length: shape.rounds }, () => init(5 * H, H)),
      init(6 * H, shape.headHidden),
      init(shape.headHidden, shape.headHidden),
      init(shape.headHidden, 1),
    ];
    return new DispatchNetTf(tf, shape, layers);
  }

  /** The network of a serialized dispatcher (to continue training it). */
  static fromJSON(tf: Tf, net: SerializedDispatchNet): DispatchNetTf {
    const shape = { hidden: net.hidden, rounds: net.rounds.length, headHidden: net.head1.outputSize, scheme: net.scheme };
    return new DispatchNetTf(tf, shape, [net.encoder, ...net.rounds, net.head1, net.head2, net.out]);
  }

  /** All trainable variables, in serialization order. */
  get params(): tfjs.Variable[] {
    return [this.encoder, ...this.rounds, ...this.head].flatMap((l) => [l.w, l.b]);
  }

  /** log pi(action) and entropy for every decision of `batch`. */
  forward(batch: DecisionBatch): DispatchForward {
    const tf = this.tf;
    const { S, J, M } = batch;
    const H = this.shape.hidden;
    const N = J * M;
    const u = tf.tensor4d(batch.u.subarray(0, S * N), [S, J, M, 1]);
    const opMach = tf.tensor3d(batch.opMach.subarray(0, S * N * M), [S, N, M]);
    const dense = (x: tfjs.Tensor2D, l: LayerVars): tfjs.Tensor2D => tf.add(tf.matMul(x, l.w), l.b);
    let h = tf.mul<tfjs.Tensor4D>(
      tf.relu(dense(tf.tensor2d(batch.x.subarray(0, S * N * N_OP_FEATURES), [S * N, N_OP_FEATURES]), this.encoder)).reshape([S, J, M, H]),
      u,
    );
    const jobCnt = tf.maximum(tf.sum(u, 2), 1); // [S, J, 1]
    const machCnt = tf.maximum(tf.sum(opMach, 1), 1).reshape([S, M, 1]);
    const allCnt = tf.maximum(tf.sum(u, [1, 2, 3]), 1).reshape([S, 1]);
    const aggregate = (x: tfjs.Tensor4D): { job: tfjs.Tensor3D; mach: tfjs.Tensor3D; glob: tfjs.Tensor2D } => ({
      job: tf.div<tfjs.Tensor3D>(tf.sum(x, 2), jobCnt),
      mach: tf.div<tfjs.Tensor3D>(tf.matMul(opMach, x.reshape([S, N, H]), true, false), machCnt),
      glob: tf.div<tfjs.Tensor2D>(tf.sum(x, [1, 2]), allCnt),
    });
    for (const r of this.rounds) {
      // [h, succ, job mean, machine mean, graph mean] W as a sum of five products, each taken where it is
      // smallest (per node, per job, per machine, per graph), then broadcast: no [S, J, M, 5H] tensor.
      const a = aggregate(h);
      const w = (k: number): tfjs.Tensor2D => tf.slice(r.w as tfjs.Tensor2D, [k * H, 0], [H, H]);
      const hw = tf.matMul(h.reshape([S * N, H]), w(0)).reshape([S, J, M, H]);
      const sw = tf.concat(
        [
          tf.matMul(tf.slice(h, [0, 0, 1, 0], [S, J, M - 1, H]).reshape([S * J * (M - 1), H]), w(1)).reshape([S, J, M - 1, H]),
          tf.zeros([S, J, 1, H]),
        ],
        2,
      );
      const jw = tf.matMul(a.job.reshape([S * J, H]), w(2)).reshape([S, J, 1, H]);
      const mw = tf.matMul(opMach, tf.matMul(a.mach.reshape([S * M, H]), w(3)).reshape([S, M, H])).reshape([S, J, M, H]);
      const gw = tf.add(tf.matMul(a.glob, w(4)), r.b).reshape([S, 1, 1, H]);
      h = tf.mul<tfjs.Tensor4D>(tf.relu(tf.add(tf.add(tf.add(hw, sw), tf.add(jw, mw)), gw)), u);
    }
    const a = aggregate(h);
    const pick = (oneHot: Float32Array): tfjs.Tensor3D =>
      tf.sum<tfjs.Tensor3D>(tf.mul(h, tf.tensor4d(oneHot.subarray(0, S * N), [S, J, M, 1])), 2);
    const z = tf
      .concat(
        [
          pick(batch.pc),
          pick(batch.ps),
          a.job,
          tf.matMul(tf.tensor3d(batch.oc.subarray(0, S * N), [S, J, M]), a.mach),
          tf.matMul(tf.tensor3d(batch.os.subarray(0, S * N), [S, J, M]), a.mach),
          tf.broadcastTo(a.glob.reshape([S, 1, H]), [S, J, H]),
        ],
        2,
      )
      .reshape<tfjs.Tensor2D>([S * J, 6 * H]);
    const [h1, h2, out] = this.head as [LayerVars, LayerVars, LayerVars];
    const scores = dense(tf.relu(dense(tf.relu(dense(z, h1)), h2)), out).reshape([S, J]);
    const mask = tf.tensor2d(batch.mask.subarray(0, S * J), [S, J]);
    const logpAll = tf.logSoftmax(tf.add(scores, tf.mul(tf.sub(mask, 1), 1e9)));
    const logp = tf.sum<tfjs.Tensor1D>(tf.mul(logpAll, tf.tensor2d(batch.action.subarray(0, S * J), [S, J])), 1);
    const entropy = tf.neg<tfjs.Tensor1D>(tf.sum(tf.mul(tf.mul(tf.exp(logpAll), logpAll), mask), 1));
    return { logp, entropy };
  }

  /** The plain network (weights as number arrays) for `DispatchNet`, `GnnPolicy` and policy.json. */
  async toJSON(training?: Record<string, unknown>): Promise<SerializedDispatchNet> {
    const layer = async (l: LayerVars): Promise<DispatchNetLayer> => {
      const [n, m] = l.w.shape as [number, number];
      return { inputSize: n, outputSize: m, weights: Array.from(await l.w.data()), bias: Array.from(await l.b.data()) };
    };
    const [h1, h2, out] = this.head as [LayerVars, LayerVars, LayerVars];
    return {
      format: 'tsgym-gnn',
      version: 1,
      scheme: this.shape.scheme,
      features: [...OP_FEATURES],
      hidden: this.shape.hidden,
      encoder: await layer(this.encoder),
      rounds: await Promise.all(this.rounds.map(layer)),
      head1: await layer(h1),
      head2: await layer(h2),
      out: await layer(out),
      ...(training ? { training } : {}),
    };
  }

  dispose(): void {
    for (const p of this.params) p.dispose();
  }
}
