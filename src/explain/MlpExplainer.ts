import { Box } from '../spaces/Box.js';
import { Discrete } from '../spaces/Discrete.js';
import { MultiDiscrete } from '../spaces/MultiDiscrete.js';
import type { Space } from '../spaces/Space.js';
import { MlpPolicy, type SerializedMlp } from '../policy/MlpPolicy.js';
import { compileLayer, denseForward, maskedArgmax, softmaxInto, type DenseLayer } from '../policy/mlpMath.js';
import { NetworkInput } from './NetworkInput.js';

/** The attribution of one network output (a chosen action's q-value or logit, or an action mean). */
export interface OutputAttribution {
  /** Index of the output in the last layer. */
  readonly output: number;
  /** The output's value for this observation. */
  readonly value: number;
  /** The output at the zero network input (the training-mean observation when the network normalises). */
  readonly baseline: number;
  /** Gradient x input per feature: `d output / d z_i * z_i` over the network input `z`. */
  readonly attribution: Float64Array;
  /** `sum(attribution)`; equals `value - baseline` exactly for a linear network (first order otherwise). */
  readonly sum: number;
}

/** One decision, explained. */
export interface Explanation {
  /** The deterministic action (as `MlpPolicy`): argmax of q-values/logits respecting `actionMask`, or the clipped mean. */
  readonly action: number | number[];
  /** `q`: action values; `probs`: softmax probabilities per sub-action; `mean`: Box action means. */
  readonly kind: 'q' | 'probs' | 'mean';
  readonly values: number[];
  /** Names of the network input features, in attribution order. */
  readonly features: readonly string[];
  /** One per sub-action (its chosen output), or one per Box action dimension. */
  readonly outputs: OutputAttribution[];
}

/** Options of `MlpExplainer`. */
export interface MlpExplainerOptions {
  /** Names of the flat network inputs (default from the observation space: `x[3]`, `queue[2]`, `phase=1`). */
  readonly featureNames?: readonly string[];
}

interface Layer extends DenseLayer {
  /** Post-activation outputs of the last forward pass. */
  readonly out: Float64Array;
}

/**
 * Explains decisions of a `SerializedMlp` policy: per observation the action values or probabilities
 * and, for the chosen output, a gradient x input attribution over the named input features. The
 * gradient is computed analytically by backpropagation through the linear/relu/tanh layers on plain
 * typed arrays (no TensorFlow.js); the input is the network input `z` (after obsNormalization, so
 * "zero" is the training-mean observation). Completeness: `sum(attribution) = value - baseline`
 * exactly for a linear network (and for bias-free relu networks, which are positively homogeneous);
 * for other networks the sum is a first-order approximation of that difference.
 *
 * @example
 * ```ts
 * const ex = new MlpExplainer(network, { featureNames: ['queueN', 'queueS', 'queueE', 'queueW'] });
 * const e = ex.explain(obs);
 * e.action;                  // 2
 * e.outputs[0].attribution;  // per-feature contributions to the chosen action's q-value
 * ```
 */
export class MlpExplainer {
  readonly network: SerializedMlp;
  readonly observationSpace: Space;
  readonly actionSpace: Space;
  readonly inputs: NetworkInput;
  private readonly layers: Layer[];
  private readonly z: Float64Array;
  private readonly zeros: Float64Array;
  private readonly baselineOut: Float64Array;
  private readonly segments: readonly number[];
  private readonly gradA: Float64Array;
  private readonly gradB: Float64Array;

  constructor(network: unknown, opts: MlpExplainerOptions = {}) {
    const p = new MlpPolicy(network); // validates the network
    this.network = p.network;
    this.observationSpace = p.observationSpace;
    this.actionSpace = p.actionSpace;
    this.inputs = new NetworkInput(this.network, this.observationSpace, opts.featureNames);
    this.layers = this.network.layers.map((l) => ({ ...compileLayer(l), out: new Float64Array(l.outputSize) }));
    const act = this.actionSpace;
    this.segments = act instanceof Discrete ? [act.n] : act instanceof MultiDiscrete ? Array.from(act.nvec) : [];
    this.z = new Float64Array(this.inputs.size);
    this.zeros = new Float64Array(this.inputs.size);
    this.baselineOut = Float64Array.from(this.forward(this.zeros));
    const widest = Math.max(this.inputs.size, ...this.layers.map((l) => l.outSize));
    this.gradA = new Float64Array(widest);
    this.gradB = new Float64Array(widest);
  }

  /** The feature names in attribution order. */
  get featureNames(): readonly string[] {
    return this.inputs.featureNames;
  }

  /** Runs the layers on network input `x`, keeping every layer's outputs; returns the last (reused). */
  private forward(x: Float64Array): Float64Array {
    let cur = x;
    for (const l of this.layers) {
      denseForward(l, cur, 0, l.out, 0);
      cur = l.out;
    }
    return cur;
  }

  /** d output[k] / d z, by backpropagation through the layers of the last forward pass. */
  private gradient(k: number): Float64Array {
    let g = this.gradA;
    let next = this.gradB;
    const last = this.layers.length - 1;
    g.fill(0, 0, this.layers[last]?.outSize ?? 0);
    g[k] = 1;
    for (let li = last; li >= 0; li--) {
      const l = this.layers[li];
      // through the activation: relu' = [out > 0], tanh' = 1 - out^2
      if (l.act === 1) for (let j = 0; j < l.outSize; j++) g[j] = (l.out[j]) > 0 ? (g[j]) : 0;
      else if (l.act === 2) for (let j = 0; j < l.outSize; j++) g[j] = (g[j]) * (1 - (l.out[j]) ** 2);
      // through the weights: dL/dx_i = sum_j W[i][j] dL/dy_j
      for (let i = 0; i < l.inSize; i++) {
        let s = 0;
        const row = i * l.outSize;
        for (let j = 0; j < l.outSize; j++) s += (l.w[row + j]) * (g[j]);
        next[i] = s;
      }
      const t = g;
      g = next;
      next = t;
    }
    return g;
  }

  /** Explains the decision for `obs` (an element of the observation space). */
  explain(obs: unknown): Explanation {
    const z = this.z;
    this.inputs.write(obs, z, 0, true);
    const y = Float64Array.from(this.forward(z));
    const act = this.actionSpace;
    const targets: number[] = [];
    let action: number | number[];
    let kind: Explanation['kind'];
    let values: number[];
    if (act instanceof Box) {
      kind = 'mean';
      values = Array.from(y);
      action = values.map((v, k) => Math.min(Math.max(v, act.low[k]), act.high[k]));
      for (let k = 0; k < y.length; k++) targets.push(k);
    } else {
      const mask = this.inputs.mask(obs);
      kind = this.network.output === 'logits' ? 'probs' : 'q';
      values = new Array<number>(y.length);
      const picks: number[] = [];
      let off = 0;
      for (const n of this.segments) {
        const b = Math.max(0, maskedArgmax(y, off, n, mask));
        picks.push(b);
        targets.push(off + b);
        if (kind === 'probs') softmaxInto(y, off, n, values);
        else for (let k = 0; k < n; k++) values[off + k] = y[off + k];
        off += n;
      }
      action = act instanceof Discrete ? act.start + (picks[0] ?? 0) : picks.map((p, s) => ((act as MultiDiscrete).start[s]) + p);
    }
    const outputs = targets.map((k) => {
      const g = this.gradient(k);
      const attribution = new Float64Array(z.length);
      let sum = 0;
      for (let i = 0; i < z.length; i++) {
        attribution[i] = (g[i]) * (z[i]);
        sum += attribution[i];
      }
      return { output: k, value: y[k], baseline: this.baselineOut[k], attribution, sum };
    });
    return { action, kind, values, features: this.inputs.featureNames, outputs };
  }
}
