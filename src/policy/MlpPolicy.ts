import { z } from 'zod';
import { InvalidConfig, InvalidFile, InvalidObservation } from '../core/errors.js';
import type { Info } from '../core/types.js';
import { Rng } from '../rng/Rng.js';
import { Box } from '../spaces/Box.js';
import { Dict } from '../spaces/Dict.js';
import { Discrete } from '../spaces/Discrete.js';
import { MultiDiscrete } from '../spaces/MultiDiscrete.js';
import type { Space, SpaceJSON } from '../spaces/Space.js';
import { allocArray, type TypedArray } from '../spaces/dtypes.js';
import { flatDim, flatten } from '../spaces/flatten.js';
import { spaceFromJSON } from '../spaces/spaceFromJSON.js';
import { compileLayer, denseForward, maskedArgmax, type DenseLayer } from './mlpMath.js';
import type { Policy } from './Policy.js';

/** One dense layer: `y = activation(x W + b)`, `W` row-major `[inputSize][outputSize]` (tfjs Dense kernel layout). */
export interface SerializedMlpLayer {
  inputSize: number;
  outputSize: number;
  activation: 'relu' | 'tanh' | 'linear';
  weights: number[];
  bias: number[];
}

/**
 * A multilayer perceptron as plain JSON, the form agents export and RolloutPool workers rebuild.
 * `output` says how the last layer's outputs become an action: `q` argmax; `logits` argmax when
 * deterministic, else a softmax sample (MultiDiscrete: logits concatenated per sub-action);
 * `gaussian` the mean (plus `exp(logStd) * N(0, 1)` when stochastic), clipped to the Box.
 * The input is `flatten(observationSpace, obs)` without a Dict key `actionMask`, normalised with
 * `obsNormalization` when given: `clip((x - mean) / sqrt(var + epsilon), -clip, clip)`.
 */
export interface SerializedMlp {
  format: 'tsgym-mlp';
  version: 1;
  layers: SerializedMlpLayer[];
  output: 'q' | 'logits' | 'gaussian';
  logStd?: number[];
  obsNormalization?: { mean: number[]; var: number[]; clip: number; epsilon: number };
  observationSpace: SpaceJSON;
  actionSpace: SpaceJSON;
}

/** The largest float32 (weights run in float32: a larger JSON number, e.g. 1e39, would become Infinity). */
export const FLOAT32_MAX = 3.4028234663852886e38;
const finite = z.number().refine((v) => Math.abs(v) <= FLOAT32_MAX, 'expected a number finite in float32 (|x| <= 3.4e38)');
const SCHEMA = z
  .object({
    format: z.literal('tsgym-mlp'),
    version: z.literal(1),
    layers: z
      .array(
        z
          .object({
            inputSize: z.number().int().positive(),
            outputSize: z.number().int().positive(),
            activation: z.enum(['relu', 'tanh', 'linear']),
            weights: z.array(finite),
            bias: z.array(finite),
          })
          .strict(),
      )
      .min(1),
    output: z.enum(['q', 'logits', 'gaussian']),
    logStd: z.array(finite).optional(),
    obsNormalization: z
      .object({
        mean: z.array(finite),
        var: z.array(finite.refine((v) => v >= 0, 'expected a variance >= 0')),
        clip: finite.refine((v) => v > 0, 'expected a clip > 0'),
        epsilon: finite.refine((v) => v >= 0, 'expected epsilon >= 0'),
      })
      .strict()
      .optional(),
    observationSpace: z.unknown(),
    actionSpace: z.unknown(),
  })
  .strict();

const MASK_KEY = 'actionMask';

/** Options of `MlpPolicy`. */
export interface MlpPolicyOptions {
  /** Argmax / mean actions (default true); false samples, from `rng`. */
  deterministic?: boolean;
  /** The stream for stochastic actions; `reset(seed)` replaces it with one derived from the episode seed. */
  rng?: Rng;
}

interface Layer extends DenseLayer {
  readonly out: Float64Array;
}

function bad(msg: string): InvalidFile {
  return new InvalidFile(`Invalid tsgym-mlp network: ${msg}`);
}

/**
 * A policy that runs a `SerializedMlp` forward in plain typed arrays (no TensorFlow.js), so any worker
 * thread can rebuild a trained network. Weights are float32 as in tfjs; sums are accumulated in float64,
 * so outputs agree with tfjs to float32 rounding. With an observation key `actionMask` (1 = allowed),
 * masked actions are never chosen (when every action of a sub-action is masked, its first is returned).
 *
 * @example
 * ```ts
 * const net: SerializedMlp = JSON.parse(readFileSync('policy.json', 'utf8'));
 * const policy = new MlpPolicy(net, { deterministic: true });
 * const action = policy.act(obs, info);
 * ```
 */
export class MlpPolicy implements Policy<unknown, number | TypedArray> {
  readonly name: string;
  readonly network: SerializedMlp;
  readonly observationSpace: Space;
  readonly actionSpace: Space;
  readonly deterministic: boolean;
  /** Entries of the network input. */
  readonly inputSize: number;
  private rng: Rng;
  private readonly layers: Layer[];
  private readonly input: Float64Array;
  private readonly inputKeys: readonly string[] | null;
  private readonly hasMask: boolean;
  /** Sizes of the sub-actions (one entry for Discrete, nvec for MultiDiscrete, [] for Box). */
  private readonly segments: readonly number[];

  constructor(network: unknown, opts: MlpPolicyOptions = {}) {
    const r = SCHEMA.safeParse(network);
    if (!r.success) {
      const iss = r.error.issues[0];
      throw bad(`${iss ? `${iss.path.join('.') || '(root)'}: ${iss.message}` : 'malformed'}`);
    }
    const net = r.data as SerializedMlp;
    this.network = net;
    this.deterministic = opts.deterministic ?? true;
    this.rng = opts.rng ?? new Rng(0);
    this.name = `mlp-${net.output}`;
    try {
      this.observationSpace = spaceFromJSON(net.observationSpace);
      this.actionSpace = spaceFromJSON(net.actionSpace);
    } catch (e) {
      throw bad(`observationSpace/actionSpace: ${(e as Error).message}`);
    }
    const obs = this.observationSpace;
    this.hasMask = obs instanceof Dict && obs.keys.includes(MASK_KEY);
    this.inputKeys = obs instanceof Dict ? obs.keys.filter((k) => k !== MASK_KEY) : null;
    this.inputSize = obs instanceof Dict ? (this.inputKeys ?? []).reduce((a, k) => a + flatDim(obs.get(k)), 0) : flatDim(obs);
    this.input = new Float64Array(this.inputSize);
    const act = this.actionSpace;
    let outSize: number;
    if (act instanceof Discrete) {
      this.segments = [act.n];
      outSize = act.n;
    } else if (act instanceof MultiDiscrete) {
      this.segments = Array.from(act.nvec);
      outSize = this.segments.reduce((a, b) => a + b, 0);
    } else if (act instanceof Box) {
      this.segments = [];
      outSize = act.size;
    } else throw bad(`actionSpace must be Discrete, MultiDiscrete or Box, got ${act.toString()}`);
    if ((net.output === 'gaussian') !== act instanceof Box)
      throw bad(`output '${net.output}' does not fit action space ${act.toString()} ('gaussian' is for Box, 'q'/'logits' for Discrete/MultiDiscrete)`);
    let prev = this.inputSize;
    this.layers = net.layers.map((l, i) => {
      if (l.inputSize !== prev)
        throw bad(`layers[${i}].inputSize is ${l.inputSize}, expected ${prev} (${i === 0 ? 'the flat observation size' : `layers[${i - 1}].outputSize`})`);
      if (l.weights.length !== l.inputSize * l.outputSize)
        throw bad(`layers[${i}].weights has ${l.weights.length} entries, expected inputSize x outputSize = ${l.inputSize * l.outputSize}`);
      if (l.bias.length !== l.outputSize) throw bad(`layers[${i}].bias has ${l.bias.length} entries, expected outputSize = ${l.outputSize}`);
      prev = l.outputSize;
      return { ...compileLayer(l), out: new Float64Array(l.outputSize) };
    });
    if (prev !== outSize) throw bad(`the last layer has ${prev} outputs, expected ${outSize} for action space ${act.toString()}`);
    if (net.logStd !== undefined && net.logStd.length !== outSize) throw bad(`logStd has ${net.logStd.length} entries, expected ${outSize}`);
    if (net.output === 'gaussian' && !this.deterministic && net.logStd === undefined)
      throw new InvalidConfig('A stochastic gaussian MlpPolicy needs logStd in the network');
    const norm = net.obsNormalization;
    if (norm !== undefined && (norm.mean.length !== this.inputSize || norm.var.length !== this.inputSize)) {
      throw bad(`obsNormalization mean/var have ${norm.mean.length}/${norm.var.length} entries, expected the input size ${this.inputSize}`);
    }
  }

  /** Starts an episode: a stochastic policy draws from a stream derived from `seed` (not equal to the env's). */
  reset(seed: number | undefined): void {
    if (seed !== undefined) this.rng = new Rng(seed).spawn(1)[0] ?? new Rng(seed);
  }

  /** The raw outputs of the last layer for `obs` (reused between calls). */
  forward(obs: unknown): Float64Array {
    const x = this.input;
    const space = this.observationSpace;
    if (this.inputKeys === null) {
      if (space instanceof Box) {
        const a = obs as ArrayLike<number> | undefined;
        // an observation of another size (e.g. an env built with other kwargs than the training env) must not be read silently
        if (a?.length !== x.length)
          throw new InvalidObservation(
            `MlpPolicy: observation has ${a?.length ?? 'no'} entries, expected ${x.length} for ${space.toString()} (is the env built with the kwargs the ` +
              `network was trained with?)`,
          );
        for (let i = 0; i < x.length; i++) x[i] = a[i];
      } else x.set(flatten(space, obs));
    } else {
      const o = obs as Record<string, unknown>;
      const dict = space as Dict;
      let off = 0;
      for (const k of this.inputKeys) {
        const f = flatten(dict.get(k), o[k]);
        x.set(f, off);
        off += f.length;
      }
    }
    const norm = this.network.obsNormalization;
    if (norm !== undefined) {
      for (let i = 0; i < x.length; i++) {
        const v = ((x[i]) - (norm.mean[i])) / Math.sqrt((norm.var[i]) + norm.epsilon);
        x[i] = v < -norm.clip ? -norm.clip : v > norm.clip ? norm.clip : v;
      }
    }
    let cur: Float64Array = x;
    for (const l of this.layers) {
      denseForward(l, cur, 0, l.out, 0);
      cur = l.out;
    }
    return cur;
  }

  act(obs: unknown, _info: Info): number | TypedArray {
    const y = this.forward(obs);
    for (let k = 0; k < y.length; k++)
      if (!Number.isFinite(y[k]))
        throw new InvalidObservation(`MlpPolicy: network output ${k} is ${y[k]} for this observation (an entry too large, or overflowing weights)`);
    const act = this.actionSpace;
    if (act instanceof Box) {
      const a = allocArray(act.dtype, act.size);
      const logStd = this.network.logStd;
      for (let k = 0; k < act.size; k++) {
        let v = y[k];
        if (!this.deterministic && logStd !== undefined) v += Math.exp(logStd[k]) * this.rng.normal();
        a[k] = Math.min(Math.max(v, act.low[k]), act.high[k]);
      }
      return a;
    }
    const mask = this.hasMask ? ((obs as Record<string, unknown>)[MASK_KEY] as ArrayLike<number>) : undefined;
    const sample = this.network.output === 'logits' && !this.deterministic;
    if (act instanceof Discrete) return act.start + this.pick(y, 0, act.n, mask, sample);
    const md = act as MultiDiscrete;
    const out = new Int32Array(this.segments.length);
    let off = 0;
    for (let s = 0; s < this.segments.length; s++) {
      const n = this.segments[s];
      out[s] = (md.start[s]) + this.pick(y, off, n, mask, sample);
      off += n;
    }
    return out;
  }

  /** Index in `[0, n)` of the chosen entry of `y[off .. off + n)`: argmax, or a softmax sample. */
  private pick(y: Float64Array, off: number, n: number, mask: ArrayLike<number> | undefined, sample: boolean): number {
    const best = maskedArgmax(y, off, n, mask);
    if (best < 0) return 0;
    if (!sample) return best;
    const max = y[off + best];
    let total = 0;
    for (let k = 0; k < n; k++) if (mask === undefined || mask[off + k]) total += Math.exp((y[off + k]) - max);
    let u = this.rng.random() * total;
    let last = best;
    for (let k = 0; k < n; k++) {
      if (mask !== undefined && !mask[off + k]) continue;
      u -= Math.exp((y[off + k]) - max);
      last = k;
      if (u < 0) return k;
    }
    return last;
  }
}
