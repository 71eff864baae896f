import type * as tfjs from '@tensorflow/tfjs';
import type { Rng } from '../../src/rng/Rng.js';
import type { Space } from '../../src/spaces/Space.js';
import { flatDim } from '../../src/spaces/flatten.js';
import { InvalidConfig } from '../../src/core/errors.js';
import type { Tf } from '../loadTf.js';
import { Mlp } from './Mlp.js';
import { netInput } from './netInput.js';
import type { SerializedMlp } from '../../src/policy/MlpPolicy.js';
import { actionDim, actionLayout, actionMaskRange, actionOutputs, type ActionLayout, type MaskRange } from './spaceLayout.js';

const LOG_2PI = Math.log(2 * Math.PI);

/** Options of {@link ActorCritic}. */
export interface ActorCriticOptions {
  netArch: number[];
  activation: 'tanh' | 'relu';
  seed: number;
  /** Initial log standard deviation of a Gaussian policy. */
  logStdInit?: number;
  algo: string;
}

/**
 * The policy and value networks shared by REINFORCE, A2C and PPO (CleanRL's `Agent`): separate actor and
 * critic MLPs with orthogonal init (actor output gain 0.01), a categorical head for Discrete and
 * MultiDiscrete actions (with invalid-action masking from the observation's `actionMask`), a diagonal
 * Gaussian head with a state-independent `logStd` for Box actions. Sampling runs in JS from a seeded Rng.
 *
 * @example
 * ```ts
 * const ac = new ActorCritic(tf, obsSpace, actSpace, { netArch: [64, 64], activation: 'tanh', seed: 1, algo: 'ppo' });
 * ac.act(obs, numEnvs, rng, false, actions, logProbs, values);
 * ```
 */
export class ActorCritic {
  readonly obsDim: number;
  readonly action: ActionLayout;
  readonly actDim: number;
  readonly mask: MaskRange | undefined;
  readonly actor: Mlp;
  readonly critic: Mlp;
  readonly logStd: tfjs.Variable | undefined;
  private readonly nOut: number;

  constructor(private readonly tf: Tf, readonly observationSpace: Space<unknown>, readonly actionSpace: Space<unknown>, o: ActorCriticOptions) {
    this.obsDim = flatDim(observationSpace);
    this.action = actionLayout(actionSpace, o.algo);
    this.actDim = actionDim(this.action);
    this.nOut = actionOutputs(this.action);
    this.mask = actionMaskRange(observationSpace);
    if (this.mask !== undefined && (this.action.kind === 'box' || this.mask.size !== this.nOut)) {
      throw new InvalidConfig(`actionMask has ${this.mask.size} entries but ${actionSpace.toString()} needs ${this.nOut} logits`);
    }
    const base = { hiddenActivation: o.activation, init: 'orthogonal' as const };
    const inDim = this.obsDim - (this.mask?.size ?? 0);
    this.actor = Mlp.create(tf, { ...base, sizes: [inDim, ...o.netArch, this.nOut], seed: o.seed * 1000 + 11, outputGain: 0.01 });
    this.critic = Mlp.create(tf, { ...base, sizes: [inDim, ...o.netArch, 1], seed: o.seed * 1000 + 31, outputGain: 1 });
    this.logStd = this.action.kind === 'box' ? tf.variable(tf.fill([this.action.dim], o.logStdInit ?? 0)) : undefined;
  }

  /** Every trainable variable. */
  variables(): tfjs.Variable[] {
    return [...this.actor.params, ...this.critic.params, ...(this.logStd ? [this.logStd] : [])];
  }

  /** Actor output with invalid actions (mask 0) pushed to -1e9 (categorical only). */
  logits(obs: tfjs.Tensor2D): tfjs.Tensor2D {
    const tf = this.tf;
    const out = this.actor.apply(netInput(tf, obs, this.mask, this.obsDim));
    if (this.mask === undefined) return out;
    const m = tf.slice(obs, [0, this.mask.offset], [-1, this.mask.size]);
    return tf.add(out, tf.mul(tf.sub(1, m), -1e9));
  }

  /** `V(obs)` as `[batch]`. */
  value(obs: tfjs.Tensor2D): tfjs.Tensor1D {
    return this.tf.reshape(this.critic.apply(netInput(this.tf, obs, this.mask, this.obsDim)), [-1]);
  }

  /** Log-probability and entropy of `actions` (`[batch, actDim]`, float) under the current policy. */
  logProbEntropy(obs: tfjs.Tensor2D, actions: tfjs.Tensor2D): { logProb: tfjs.Tensor1D; entropy: tfjs.Tensor1D } {
    const tf = this.tf;
    const a = this.action;
    if (a.kind === 'box') {
      const mean = this.actor.apply(obs);
      const logStd = this.logStd as tfjs.Variable;
      const z = tf.div(tf.sub(actions, mean), tf.exp(logStd));
      const logProb = tf.sum(tf.sub(tf.mul(tf.square(z), -0.5), tf.add(logStd, 0.5 * LOG_2PI)), 1);
      const ent = tf.sum(tf.add(logStd, 0.5 + 0.5 * LOG_2PI));
      return { logProb: logProb as tfjs.Tensor1D, entropy: tf.mul<tfjs.Tensor1D>(tf.onesLike(logProb), ent) };
    }
    const logits = this.logits(obs);
    const nvec = a.kind === 'discrete' ? [a.n] : a.nvec;
    let logProb: tfjs.Tensor = tf.zeros([obs.shape[0]]);
    let entropy: tfjs.Tensor = tf.zeros([obs.shape[0]]);
    let off = 0;
    nvec.forEach((n, k) => {
      const lg = nvec.length === 1 ? logits : tf.slice(logits, [0, off], [-1, n]);
      const logp = tf.logSoftmax(lg);
      const idx = tf.cast(tf.reshape(tf.slice(actions, [0, k], [-1, 1]), [-1]), 'int32');
      logProb = tf.add(logProb, tf.sum(tf.mul(logp, tf.oneHot(idx as tfjs.Tensor1D, n)), 1));
      entropy = tf.sub(entropy, tf.sum(tf.mul(tf.exp(logp), logp), 1));
      off += n;
    });
    return { logProb: logProb as tfjs.Tensor1D, entropy: entropy as tfjs.Tensor1D };
  }

  /**
   * Actions for `n` flat observations (`[n, obsDim]`), sampled from the seeded `rng` or, when
   * `deterministic`, the mode; fills `actions` (`[n, actDim]`), and `logProbs`/`values` when given.
   */
  act(obs: Float32Array, n: number, rng: Rng, deterministic: boolean, actions: Float32Array, logProbs?: Float32Array, values?: Float32Array): void {
    const tf = this.tf;
    const [out, v] = tf.tidy(() => {
      const x = tf.tensor2d(obs.subarray(0, n * this.obsDim), [n, this.obsDim]);
      const o = this.action.kind === 'box' ? this.actor.apply(x) : this.logits(x);
      return [o, values !== undefined ? this.value(x) : undefined];
    });
    const od = out.dataSync();
    out.dispose();
    if (v !== undefined && values !== undefined) {
      values.set(v.dataSync());
      v.dispose();
    }
    const a = this.action;
    if (a.kind === 'box') {
      const std = (this.logStd as tfjs.Variable).dataSync();
      for (let i = 0; i < n; i++) {
        let lp = 0;
        for (let j = 0; j < a.dim; j++) {
          const mean = od[i * a.dim + j] ?? 0;
          const ls = std[j] ?? 0;
          const z = deterministic ? 0 : rng.normal();
          actions[i * a.dim + j] = mean + Math.exp(ls) * z;
          lp += -0.5 * z * z - ls - 0.5 * LOG_2PI;
        }
        if (logProbs) logProbs[i] = lp;
      }
      return;
    }
    const nvec = a.kind === 'discrete' ? [a.n] : a.nvec;
    for (let i = 0; i < n; i++) {
      let lp = 0;
      let off = 0;
      for (let k = 0; k < nvec.length; k++) {
        const m = nvec[k] ?? 0;
        const base = i * this.nOut + off;
        let max = Number.NEGATIVE_INFINITY;
        let best = 0;
        for (let j = 0; j < m; j++) {
          const l = od[base + j] ?? 0;
          if (l > max) { max = l; best = j; }
        }
        let sum = 0;
        for (let j = 0; j < m; j++) sum += Math.exp((od[base + j] ?? 0) - max);
        let choice = best;
        if (!deterministic) {
          // inverse CDF on the seeded rng
          let u = rng.random() * sum;
          for (let j = 0; j < m; j++) {
            u -= Math.exp((od[base + j] ?? 0) - max);
            if (u < 0) { choice = j; break; }
          }
        }
        actions[i * nvec.length + k] = choice;
        lp += (od[base + choice] ?? 0) - max - Math.log(sum);
        off += m;
      }
      if (logProbs) logProbs[i] = lp;
    }
  }

  /** The action for one flat observation: a number (Discrete), Int32Array (MultiDiscrete) or clipped Float32Array (Box). */
  predictOne(x: Float32Array, rng: Rng, deterministic: boolean): number | Int32Array | Float32Array {
    const a = new Float32Array(this.actDim);
    this.act(x, 1, rng, deterministic, a);
    if (this.action.kind === 'discrete') return a[0] ?? 0;
    if (this.action.kind === 'multiDiscrete') return Int32Array.from(a);
    this.envAction(a, a);
    return a;
  }

  /** Log-probabilities of `n` given flat actions (`[n, actDim]`) and values of their observations, into `logProbs` and `values`. */
  logProbsValues(obs: Float32Array, actions: Float32Array, n: number, logProbs: Float32Array, values: Float32Array): void {
    const tf = this.tf;
    const [lp, v] = tf.tidy(() => {
      const x = tf.tensor2d(obs.subarray(0, n * this.obsDim), [n, this.obsDim]);
      const a = tf.tensor2d(actions.subarray(0, n * this.actDim), [n, this.actDim]);
      return [this.logProbEntropy(x, a).logProb, this.value(x)];
    });
    logProbs.set(lp.dataSync());
    values.set(v.dataSync());
    lp.dispose();
    v.dispose();
  }

  /** `V` of `n` flat observations into `out`. */
  values(obs: Float32Array, n: number, out: Float32Array): void {
    const tf = this.tf;
    const v = tf.tidy(() => this.value(tf.tensor2d(obs.subarray(0, n * this.obsDim), [n, this.obsDim])));
    out.set(v.dataSync());
    v.dispose();
  }

  /** Copies a row of actions into what the env takes: Box actions clipped to the bounds. */
  envAction(actions: Float32Array, out: Float32Array): void {
    const a = this.action;
    if (a.kind !== 'box') {
      out.set(actions);
      return;
    }
    for (let i = 0; i < actions.length; i++) {
      const j = i % a.dim;
      out[i] = Math.min(Math.max(actions[i] ?? 0, a.low[j] ?? 0), a.high[j] ?? 0);
    }
  }

  /** Variables by name for saving. */
  named(): Record<string, tfjs.Tensor> {
    return { ...this.actor.named('actor'), ...this.critic.named('critic'), ...(this.logStd ? { logStd: this.logStd } : {}) };
  }

  /** Assigns variables saved by `named()`. */
  assignNamed(map: Record<string, tfjs.Tensor>): void {
    this.actor.assignNamed(map, 'actor');
    this.critic.assignNamed(map, 'critic');
    const ls = map.logStd;
    if (this.logStd !== undefined) {
      if (ls === undefined) throw new RangeError("Saved network lacks tensor 'logStd'");
      this.logStd.assign(ls);
    }
  }

  /** The policy network as plain numbers for rollout workers. */
  export(): SerializedMlp {
    const base = {
      format: 'tsgym-mlp' as const,
      version: 1 as const,
      layers: this.actor.serializeLayers(),
      observationSpace: this.observationSpace.toJSON(),
      actionSpace: this.actionSpace.toJSON(),
    };
    if (this.logStd !== undefined) return { ...base, output: 'gaussian', logStd: Array.from(this.logStd.dataSync()) };
    return { ...base, output: 'logits' };
  }

  dispose(): void {
    this.actor.dispose();
    this.critic.dispose();
    this.logStd?.dispose();
  }
}
