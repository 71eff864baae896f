import type * as tfjs from '@tensorflow/tfjs';
import { Rng } from '../../src/rng/Rng.js';
import type { Tf } from '../loadTf.js';
import type { SerializedMlpLayer as SerializedLayer } from '../../src/policy/MlpPolicy.js';

/** Activation of one dense layer. */
export type MlpActivation = 'relu' | 'tanh' | 'linear';

/**
 * A `rows x cols` matrix with orthonormal rows or columns times `gain` (Saxe et al. 2014; PyTorch's
 * `orthogonal_`), by Gram-Schmidt on a seeded normal matrix, computed in JS so it is identical on every backend.
 *
 * @example
 * ```ts
 * const w = orthogonal(4, 64, Math.SQRT2, 1); // Float32Array of 256, row-major [4][64]
 * ```
 */
export function orthogonal(rows: number, cols: number, gain: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const tall = rows >= cols;
  const n = tall ? rows : cols; // vector length
  const k = tall ? cols : rows; // number of orthonormal vectors
  const q = new Float64Array(k * n);
  for (let v = 0; v < k; v++) {
    for (let attempt = 0; ; attempt++) {
      for (let i = 0; i < n; i++) q[v * n + i] = rng.normal();
      for (let u = 0; u < v; u++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += (q[v * n + i] ?? 0) * (q[u * n + i] ?? 0);
        for (let i = 0; i < n; i++) q[v * n + i] = (q[v * n + i] ?? 0) - dot * (q[u * n + i] ?? 0);
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += (q[v * n + i] ?? 0) ** 2;
      norm = Math.sqrt(norm);
      if (norm > 1e-8 || attempt > 10) {
        for (let i = 0; i < n; i++) q[v * n + i] = (q[v * n + i] ?? 0) / norm;
        break;
      }
    }
  }
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[r * cols + c] = gain * (tall ? (q[c * n + r] ?? 0) : (q[r * n + c] ?? 0));
  }
  return out;
}

/**
 * PyTorch's default `nn.Linear` initialisation (kaiming-uniform with a = sqrt 5 for the weights, and the
 * bias rule): every weight and bias uniform in `[-1/sqrt(fanIn), 1/sqrt(fanIn))`, drawn in JS from a
 * seeded Rng so it is identical on every backend. Weights row-major `[fanIn][fanOut]`.
 *
 * @example
 * ```ts
 * const { w, b } = torchLinearInit(4, 256, 1); // |w|, |b| < 0.5
 * ```
 */
export function torchLinearInit(fanIn: number, fanOut: number, seed: number): { w: Float32Array; b: Float32Array } {
  const rng = new Rng(seed);
  const bound = 1 / Math.sqrt(fanIn);
  const w = new Float32Array(fanIn * fanOut);
  for (let k = 0; k < w.length; k++) w[k] = rng.uniform(-bound, bound);
  const b = new Float32Array(fanOut);
  for (let k = 0; k < fanOut; k++) b[k] = rng.uniform(-bound, bound);
  return { w, b };
}

/** Shape of one dense layer of an {@link Mlp}. */
export interface LayerSpec {
  inputSize: number;
  outputSize: number;
  activation: MlpActivation;
}

/** A forward pass of an {@link Mlp} kept for {@link Mlp.backward}: each layer's input and the output. */
export interface MlpTrace {
  inputs: tfjs.Tensor2D[];
  out: tfjs.Tensor2D;
}

/** Options of {@link Mlp.create}. */
export interface MlpOptions {
  /** Sizes `[input, hidden..., output]`. */
  sizes: number[];
  hiddenActivation: 'relu' | 'tanh';
  /** Seed of the weight initializers (layer i uses `seed + i`). */
  seed: number;
  /**
   * `glorot` (Glorot-uniform, tfjs Dense default, zero biases), `orthogonal` (CleanRL's PPO `layer_init`) or
   * `torch` (PyTorch's `nn.Linear` default, as SB3's and CleanRL's DQN networks: weights and biases uniform
   * in +-1/sqrt(fan_in)).
   */
  init?: 'glorot' | 'orthogonal' | 'torch';
  /** Orthogonal gain of the hidden layers (default sqrt 2) and of the output layer (default 1). */
  hiddenGain?: number;
  outputGain?: number;
}

/**
 * A multilayer perceptron on plain tfjs variables (`[W0, b0, W1, b1, ...]`, kernels `[in, out]` as tfjs
 * Dense). Its forward pass is one fused matMul + bias (+ relu) kernel per layer: no layers API bookkeeping.
 * `trace` + `backward` give the parameter gradients by hand-written backpropagation (no gradient tape),
 * with explicit transposes: on the wasm backend a transposed `matMul` takes a slow path (~200 us for
 * 64x64x64 against ~25 us for transpose + matMul), and tfjs' own matMul gradient uses transposed matMuls.
 *
 * @example
 * ```ts
 * const q = Mlp.create(tf, { sizes: [4, 64, 64, 2], hiddenActivation: 'relu', seed: 1 });
 * const qValues = tf.tidy(() => q.apply(tf.tensor2d(obs, [1, 4])));
 * ```
 */
export class Mlp {
  readonly layers: LayerSpec[];
  /** `[W0, b0, W1, b1, ...]`. */
  readonly params: tfjs.Variable[];
  readonly numParams: number;

  constructor(private readonly tf: Tf, layers: LayerSpec[], params: tfjs.Variable[]) {
    this.layers = layers;
    this.params = params;
    let n = 0;
    layers.forEach((l, i) => {
      const w = params[2 * i];
      const b = params[2 * i + 1];
      if (w === undefined || b === undefined || w.shape[0] !== l.inputSize || w.shape[1] !== l.outputSize || b.shape[0] !== l.outputSize) {
        throw new RangeError(`Mlp layer ${i} needs a [${l.inputSize}, ${l.outputSize}] kernel and a [${l.outputSize}] bias`);
      }
      n += l.inputSize * l.outputSize + l.outputSize;
    });
    this.numParams = n;
  }

  /** A freshly initialised network (seeded: the same seed gives the same weights on one backend). */
  static create(tf: Tf, o: MlpOptions): Mlp {
    const layers: LayerSpec[] = [];
    for (let i = 0; i + 1 < o.sizes.length; i++) {
      layers.push({ inputSize: o.sizes[i] ?? 0, outputSize: o.sizes[i + 1] ?? 0, activation: i + 2 < o.sizes.length ? o.hiddenActivation : 'linear' });
    }
    const params: tfjs.Variable[] = [];
    layers.forEach((l, i) => {
      const last = i === layers.length - 1;
      if (o.init === 'torch') {
        const { w, b } = torchLinearInit(l.inputSize, l.outputSize, o.seed + i);
        params.push(tf.variable(tf.tensor2d(w, [l.inputSize, l.outputSize])), tf.variable(tf.tensor1d(b)));
        return;
      }
      const w = o.init === 'orthogonal'
        ? tf.tensor2d(orthogonal(l.inputSize, l.outputSize, last ? (o.outputGain ?? 1) : (o.hiddenGain ?? Math.SQRT2), o.seed + i), [l.inputSize, l.outputSize])
        : tf.initializers.glorotUniform({ seed: o.seed + i }).apply([l.inputSize, l.outputSize]);
      params.push(tf.variable(w), tf.variable(tf.zeros([l.outputSize])));
      w.dispose();
    });
    return new Mlp(tf, layers, params);
  }

  /**
   * The forward pass on a `[batch, inputSize]` tensor, differentiable by tfjs (call inside `tf.tidy` or
   * `minimize`). matMul, add, activation: under autodiff this measured faster than `tf.fused.matMul`
   * (whose gradient adds reshapes); without autodiff use {@link Mlp.trace}.
   */
  apply(x: tfjs.Tensor2D): tfjs.Tensor2D {
    const tf = this.tf;
    let h = x;
    for (let i = 0; i < this.layers.length; i++) {
      const l = this.layers[i];
      h = tf.add(tf.matMul(h, this.params[2 * i] as tfjs.Tensor2D), this.params[2 * i + 1]);
      if (l.activation === 'relu') h = tf.relu(h);
      else if (l.activation === 'tanh') h = tf.tanh(h);
    }
    return h;
  }

  /**
   * The forward pass keeping every layer's input (`inputs[0]` is `x`, `inputs[i]` the activation of layer
   * `i - 1`), for {@link Mlp.backward}; `out` is the same as `apply(x)`. Not differentiable by tfjs: it
   * runs the fused matMul + bias + relu kernel directly (the op adds three reshapes and a custom-gradient
   * scope per layer, ~5 us each on wasm). Call inside `tf.tidy`.
   */
  trace(x: tfjs.Tensor2D): MlpTrace {
    const tf = this.tf;
    const engine = tf.engine();
    const inputs: tfjs.Tensor2D[] = [];
    const batch = x.shape[0];
    let h = x;
    let h3 = tf.reshape(x, [1, batch, x.shape[1]]);
    for (let i = 0; i < this.layers.length; i++) {
      const l = this.layers[i];
      inputs.push(h);
      const w = tf.reshape(this.params[2 * i], [1, l.inputSize, l.outputSize]);
      const attrs = { transposeA: false, transposeB: false, activation: l.activation === 'relu' ? 'relu' : 'linear' };
      h3 = engine.runKernel<tfjs.Tensor3D>('_FusedMatMul', { a: h3, b: w, bias: this.params[2 * i + 1] }, attrs);
      if (l.activation === 'tanh') h3 = tf.tanh(h3);
      h = tf.reshape(h3, [batch, l.outputSize]);
    }
    return { inputs, out: h };
  }

  /**
   * Gradients of `sum(out * dOut)` with respect to `[W0, b0, W1, b1, ...]` (the layout of `params`), by
   * backpropagation through `t` (the trace of the current parameters): for a loss L, pass `dOut = dL/dout`.
   * Call inside `tf.tidy`.
   *
   * @example
   * ```ts
   * const t = net.trace(x);
   * const grads = net.backward(t, tf.div(tf.onesLike(t.out), t.out.shape[0])); // of mean(out)
   * ```
   */
  backward(t: MlpTrace, dOut: tfjs.Tensor2D): tfjs.Tensor[] {
    const tf = this.tf;
    const grads: tfjs.Tensor[] = new Array<tfjs.Tensor>(this.params.length);
    let dy = dOut;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const dz = this.activationGrad(i, t, dy);
      const input = t.inputs[i];
      grads[2 * i] = tf.matMul(tf.transpose(input), dz);
      grads[2 * i + 1] = tf.sum(dz, 0);
      if (i > 0) dy = tf.matMul(dz, tf.transpose(this.params[2 * i] as tfjs.Tensor2D));
    }
    return grads;
  }

  /**
   * The same gradients as {@link Mlp.backward} as one flat vector in the layout of `getFlat`
   * (`[W0, b0, W1, b1, ...]`), for an optimizer over the concatenated parameters. Each layer's `[W; b]`
   * gradient comes from one matMul of the input with a ones column appended (`[x 1]^T dz`), whose
   * row-major layout is already `W` then `b`. Call inside `tf.tidy`.
   */
  backwardFlat(t: MlpTrace, dOut: tfjs.Tensor2D): tfjs.Tensor1D {
    const tf = this.tf;
    const parts: tfjs.Tensor[] = new Array<tfjs.Tensor>(this.layers.length);
    const ones = tf.ones([dOut.shape[0], 1]);
    let dy = dOut;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const dz = this.activationGrad(i, t, dy);
      parts[i] = tf.reshape(tf.matMul(tf.transpose(tf.concat([t.inputs[i], ones], 1)), dz), [-1]);
      if (i > 0) dy = tf.matMul(dz, tf.transpose(this.params[2 * i] as tfjs.Tensor2D));
    }
    return tf.concat(parts) as tfjs.Tensor1D;
  }

  /** dL/dz of layer `i` from dL/dy (y = act(z) its output): relu' = step(y) (as tfjs' relu gradient), tanh' = 1 - y^2. */
  private activationGrad(i: number, t: MlpTrace, dy: tfjs.Tensor2D): tfjs.Tensor2D {
    const tf = this.tf;
    const l = this.layers[i];
    const y = i === this.layers.length - 1 ? t.out : (t.inputs[i + 1]);
    if (l.activation === 'relu') return tf.mul(dy, tf.step(y));
    if (l.activation === 'tanh') return tf.mul(dy, tf.sub(1, tf.square(y)));
    return dy;
  }

  /** Copies `other`'s parameters (hard target update) or moves toward them: `p <- tau o + (1 - tau) p`. */
  copyFrom(other: Mlp, tau = 1): void {
    const tf = this.tf;
    this.params.forEach((p, i) => {
      const o = other.params[i];
      if (tau >= 1) p.assign(o);
      else tf.tidy(() => p.assign(tf.add(tf.mul(o, tau), tf.mul(p, 1 - tau))));
    });
  }

  /** All parameters concatenated `[W0, b0, W1, b1, ...]` (a copy). */
  getFlat(): Float32Array {
    const out = new Float32Array(this.numParams);
    let off = 0;
    for (const p of this.params) {
      const d = p.dataSync() as Float32Array;
      out.set(d, off);
      off += d.length;
    }
    return out;
  }

  /** Sets the parameters from a flat array of `numParams` values (layout of `getFlat`). */
  setFlat(values: ArrayLike<number>): void {
    if (values.length !== this.numParams) throw new RangeError(`Mlp.setFlat needs ${this.numParams} values, got ${values.length}`);
    const all = Float32Array.from(values);
    let off = 0;
    for (const p of this.params) {
      const t = this.tf.tensor(all.subarray(off, off + p.size), p.shape);
      p.assign(t);
      t.dispose();
      off += p.size;
    }
  }

  /** The variables by name `prefix/0`, `prefix/1`, ... (for saving). */
  named(prefix: string): Record<string, tfjs.Tensor> {
    const out: Record<string, tfjs.Tensor> = {};
    this.params.forEach((p, i) => {
      out[`${prefix}/${i}`] = p;
    });
    return out;
  }

  /** Assigns the variables from tensors named as by `named(prefix)`; throws naming a missing or misshapen one. */
  assignNamed(map: Record<string, tfjs.Tensor>, prefix: string): void {
    this.params.forEach((p, i) => {
      const t = map[`${prefix}/${i}`];
      if (t === undefined) throw new RangeError(`Saved network lacks tensor '${prefix}/${i}'`);
      if (t.size !== p.size) throw new RangeError(`Saved tensor '${prefix}/${i}' has shape [${t.shape.join(', ')}], the network needs [${p.shape.join(', ')}]`);
      p.assign(t.reshape(p.shape));
    });
  }

  /** The layers as plain numbers (SerializedMlp layout). */
  serializeLayers(): SerializedLayer[] {
    return this.layers.map((l, i) => ({
      inputSize: l.inputSize, outputSize: l.outputSize, activation: l.activation,
      weights: Array.from((this.params[2 * i]).dataSync()), bias: Array.from((this.params[2 * i + 1]).dataSync()),
    }));
  }

  dispose(): void {
    for (const p of this.params) p.dispose();
  }
}
