import type { SerializedMlp } from '../policy/MlpPolicy.js';
import { Box } from '../spaces/Box.js';
import { Dict } from '../spaces/Dict.js';
import { Discrete } from '../spaces/Discrete.js';
import { MultiBinary } from '../spaces/MultiBinary.js';
import { MultiDiscrete } from '../spaces/MultiDiscrete.js';
import type { Space } from '../spaces/Space.js';
import { Tuple } from '../spaces/Tuple.js';
import { flatDim, flatten } from '../spaces/flatten.js';

/** The Dict key holding an action mask (not a network input). */
export const MASK_KEY = 'actionMask';

function namesOf(space: Space, prefix: string, out: string[]): void {
  if (space instanceof Box || space instanceof MultiBinary) {
    const shape = space.shape;
    const size = space instanceof Box ? space.size : space.size;
    for (let i = 0; i < size; i++) {
      if (shape.length <= 1) out.push(`${prefix}[${i}]`);
      else {
        const idx: number[] = [];
        let r = i;
        for (let d = shape.length - 1; d >= 0; d--) {
          const n = shape[d];
          idx.unshift(r % n);
          r = Math.floor(r / n);
        }
        out.push(`${prefix}[${idx.join(',')}]`);
      }
    }
  } else if (space instanceof Discrete) {
    for (let k = 0; k < space.n; k++) out.push(`${prefix}=${space.start + k}`);
  } else if (space instanceof MultiDiscrete) {
    space.nvec.forEach((n, s) => {
      for (let k = 0; k < n; k++) out.push(`${prefix}[${s}]=${(space.start[s]) + k}`);
    });
  } else if (space instanceof Dict) {
    for (const k of space.keys) namesOf(space.get(k), prefix === '' ? k : `${prefix}.${k}`, out);
  } else if (space instanceof Tuple) {
    space.spaces.forEach((s, i) => namesOf(s, `${prefix}[${i}]`, out));
  } else {
    for (let i = 0; i < flatDim(space); i++) out.push(`${prefix}[${i}]`);
  }
}

/**
 * How an observation becomes the input vector of a `SerializedMlp` (the rule `MlpPolicy` follows): a Box
 * as it is, any other space flattened (Discrete one-hot ...), a Dict key by key without `actionMask`;
 * then, when the network has `obsNormalization`, `clip((x - mean) / sqrt(var + epsilon), -clip, clip)`.
 * Also names the input features (`x[3]`, `queue[2]`, `phase=1`) unless names are given.
 *
 * @example
 * ```ts
 * const ni = new NetworkInput(net, observationSpace);
 * const x = new Float64Array(ni.size);
 * ni.write(obs, x, 0, true); // normalised network input
 * ni.featureNames;          // ['x[0]', 'x[1]', ...]
 * ```
 */
export class NetworkInput {
  readonly size: number;
  readonly featureNames: readonly string[];
  readonly hasMask: boolean;
  private readonly keys: readonly string[] | null;

  constructor(
    readonly network: SerializedMlp,
    readonly space: Space,
    featureNames?: readonly string[],
  ) {
    this.hasMask = space instanceof Dict && space.keys.includes(MASK_KEY);
    this.keys = space instanceof Dict ? space.keys.filter((k) => k !== MASK_KEY) : null;
    const names: string[] = [];
    if (space instanceof Dict) for (const k of this.keys ?? []) namesOf(space.get(k), k, names);
    else namesOf(space, 'x', names);
    this.size = names.length;
    this.featureNames = featureNames !== undefined && featureNames.length === this.size ? [...featureNames] : names;
  }

  /** The action mask of `obs`, if the space has one. */
  mask(obs: unknown): ArrayLike<number> | undefined {
    return this.hasMask ? ((obs as Record<string, unknown>)[MASK_KEY] as ArrayLike<number>) : undefined;
  }

  /** Writes the input of `obs` into `out[off .. off + size)`, normalised when `normalize` and the network has statistics. */
  write(obs: unknown, out: Float64Array, off: number, normalize: boolean): void {
    const space = this.space;
    if (this.keys === null) {
      if (space instanceof Box) {
        const a = obs as ArrayLike<number>;
        for (let i = 0; i < this.size; i++) out[off + i] = a[i];
      } else out.set(flatten(space, obs), off);
    } else {
      const o = obs as Record<string, unknown>;
      let k0 = off;
      for (const k of this.keys) {
        const f = flatten((space as Dict).get(k), o[k]);
        out.set(f, k0);
        k0 += f.length;
      }
    }
    const norm = this.network.obsNormalization;
    if (!normalize || norm === undefined) return;
    for (let i = 0; i < this.size; i++) {
      const v = ((out[off + i]) - (norm.mean[i])) / Math.sqrt((norm.var[i]) + norm.epsilon);
      out[off + i] = v < -norm.clip ? -norm.clip : v > norm.clip ? norm.clip : v;
    }
  }
}
