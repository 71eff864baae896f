import { InvalidFile } from '../core/errors.js';
import type { Info } from '../core/types.js';
import { Rng } from '../rng/Rng.js';
import { Box } from '../spaces/Box.js';
import { Dict } from '../spaces/Dict.js';
import { Discrete } from '../spaces/Discrete.js';
import { MultiDiscrete } from '../spaces/MultiDiscrete.js';
import type { Space } from '../spaces/Space.js';
import { allocArray, type TypedArray } from '../spaces/dtypes.js';
import { MlpPolicy, type MlpPolicyOptions } from './MlpPolicy.js';
import { maskedArgmax, softmaxInto } from './mlpMath.js';
import type { Policy } from './Policy.js';

const MASK_KEY = 'actionMask';

/**
 * Several networks of the same spaces and output kind acting as one: per decision it averages the
 * members' action values (`q`), their probabilities (`logits`: softmax per sub-action, then the mean)
 * or their action means (`gaussian`), then acts on the average as `MlpPolicy` does (argmax respecting a
 * Dict `actionMask`; with `deterministic: false`, a sample from the averaged probabilities). An
 * ensemble of identical networks acts exactly as one of them.
 *
 * @example
 * ```ts
 * const p = new EnsemblePolicy([netA, netB, netC]);
 * p.values(obs); // the averaged q-values / probabilities
 * p.act(obs, {}); // argmax of the average
 * ```
 */
export class EnsemblePolicy implements Policy<unknown, number | TypedArray> {
  readonly name: string;
  readonly members: readonly MlpPolicy[];
  readonly output: 'q' | 'logits' | 'gaussian';
  readonly observationSpace: Space;
  readonly actionSpace: Space;
  readonly deterministic: boolean;
  private rng: Rng;
  private readonly avg: Float64Array;
  private readonly probs: Float64Array;
  private readonly segments: readonly number[];
  private readonly hasMask: boolean;

  constructor(networks: readonly unknown[], opts: MlpPolicyOptions = {}) {
    if (networks.length === 0) throw new InvalidFile('An ensemble needs at least one network');
    this.members = networks.map((n, i) => {
      try {
        return new MlpPolicy(n, { deterministic: true });
      } catch (e) {
        throw new InvalidFile(`Ensemble member ${i + 1}: ${(e as Error).message}`);
      }
    });
    const first = this.members[0];
    this.output = first.network.output;
    this.observationSpace = first.observationSpace;
    this.actionSpace = first.actionSpace;
    this.members.forEach((m, i) => {
      const what = `Ensemble member ${i + 1} does not fit member 1`;
      if (m.network.output !== this.output) throw new InvalidFile(`${what}: output '${m.network.output}', expected '${this.output}'`);
      if (!m.observationSpace.equals(this.observationSpace))
        throw new InvalidFile(`${what}: observation space ${m.observationSpace.toString()}, expected ${this.observationSpace.toString()}`);
      if (!m.actionSpace.equals(this.actionSpace))
        throw new InvalidFile(`${what}: action space ${m.actionSpace.toString()}, expected ${this.actionSpace.toString()}`);
    });
    this.deterministic = opts.deterministic ?? true;
    this.rng = opts.rng ?? new Rng(0);
    this.name = `ensemble-${this.members.length}-${this.output}`;
    const act = this.actionSpace;
    this.segments = act instanceof Discrete ? [act.n] : act instanceof MultiDiscrete ? Array.from(act.nvec) : [];
    this.hasMask = this.observationSpace instanceof Dict && this.observationSpace.keys.includes(MASK_KEY);
    this.avg = new Float64Array(act instanceof Box ? act.size : this.segments.reduce((a, b) => a + b, 0));
    this.probs = new Float64Array(this.avg.length);
  }

  /** Starts an episode: a stochastic ensemble draws from a stream derived from `seed`. */
  reset(seed: number | undefined): void {
    if (seed !== undefined) this.rng = new Rng(seed).spawn(1)[0] ?? new Rng(seed);
  }

  /** The averaged q-values, probabilities or action means for `obs` (reused between calls). */
  values(obs: unknown): Float64Array {
    const avg = this.avg;
    avg.fill(0);
    const probs = this.output === 'logits';
    for (const m of this.members) {
      const y = m.forward(obs);
      if (!probs) {
        for (let k = 0; k < avg.length; k++) avg[k] = (avg[k]) + (y[k]);
        continue;
      }
      const p = this.probs;
      let off = 0;
      for (const n of this.segments) {
        softmaxInto(y, off, n, p);
        off += n;
      }
      for (let k = 0; k < avg.length; k++) avg[k] = (avg[k]) + (p[k]);
    }
    const count = this.members.length;
    for (let k = 0; k < avg.length; k++) avg[k] = (avg[k]) / count;
    return avg;
  }

  act(obs: unknown, _info: Info): number | TypedArray {
    const v = this.values(obs);
    const act = this.actionSpace;
    if (act instanceof Box) {
      const a = allocArray(act.dtype, act.size);
      for (let k = 0; k < act.size; k++) a[k] = Math.min(Math.max(v[k], act.low[k]), act.high[k]);
      return a;
    }
    const mask = this.hasMask ? ((obs as Record<string, unknown>)[MASK_KEY] as ArrayLike<number>) : undefined;
    const sample = this.output === 'logits' && !this.deterministic;
    if (act instanceof Discrete) return act.start + this.pick(v, 0, act.n, mask, sample);
    const md = act as MultiDiscrete;
    const out = new Int32Array(this.segments.length);
    let off = 0;
    for (let s = 0; s < this.segments.length; s++) {
      const n = this.segments[s];
      out[s] = (md.start[s]) + this.pick(v, off, n, mask, sample);
      off += n;
    }
    return out;
  }

  /** Argmax of `v[off .. off + n)` among allowed entries, or a sample proportional to it (probabilities). */
  private pick(v: Float64Array, off: number, n: number, mask: ArrayLike<number> | undefined, sample: boolean): number {
    const best = maskedArgmax(v, off, n, mask);
    if (best < 0) return 0;
    if (!sample) return best;
    let total = 0;
    for (let k = 0; k < n; k++) if (mask === undefined || mask[off + k]) total += v[off + k];
    let u = this.rng.random() * total;
    let last = best;
    for (let k = 0; k < n; k++) {
      if (mask !== undefined && !mask[off + k]) continue;
      u -= v[off + k];
      last = k;
      if (u < 0) return k;
    }
    return last;
  }
}
