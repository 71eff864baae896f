import { InvalidSpace } from '../core/errors.js';
import type { Rng } from '../rng/Rng.js';
import { Space, type SpaceJSON } from './Space.js';
import { integerArrayLike } from './dtypes.js';
import { Discrete } from './Discrete.js';

/**
 * A vector of independent discrete choices: entry `i` is in `{start[i], ..., start[i] + nvec[i] - 1}`
 * (e.g. the keys held on a game controller). Elements are `Int32Array`s of length `nvec.length`.
 *
 * @example
 * ```ts
 * const s = new MultiDiscrete([5, 2, 2]);
 * s.contains(Int32Array.of(4, 1, 0));               // true
 * s.sample(rng, [Int8Array.of(0, 0, 1, 0, 0), null]); // entry 0 forced to 2, entry 1 free
 * ```
 */
export class MultiDiscrete extends Space<Int32Array> {
  readonly nvec: Int32Array;
  readonly start: Int32Array;
  readonly shape: readonly number[];
  readonly dtype = 'int32' as const;

  constructor(nvec: ArrayLike<number>, start?: ArrayLike<number>) {
    super();
    const n = Array.from(nvec);
    if (n.length === 0) throw new InvalidSpace('MultiDiscrete nvec must not be empty, got nvec=[]');
    n.forEach((v, i) => {
      if (!Number.isInteger(v) || v <= 0) throw new InvalidSpace(`MultiDiscrete nvec must be positive integers, got nvec[${i}]=${String(v)}`);
    });
    const s = start === undefined ? n.map(() => 0) : Array.from(start);
    if (s.length !== n.length) {
      throw new InvalidSpace(`MultiDiscrete start and nvec must have the same length, got nvec.length=${n.length}, start.length=${s.length}`);
    }
    s.forEach((v, i) => {
      if (!Number.isInteger(v)) throw new InvalidSpace(`MultiDiscrete start must be integers, got start[${i}]=${String(v)}`);
    });
    this.nvec = Int32Array.from(n);
    this.start = Int32Array.from(s);
    this.shape = Object.freeze([n.length]);
  }

  /**
   * Independent uniform entries. `mask[i]` (or null for none) is a 0/1 array of length `nvec[i]` that
   * restricts entry `i` as `Discrete.sample` does.
   */
  sample(rng: Rng, mask?: readonly (ArrayLike<number> | null | undefined)[]): Int32Array {
    if (mask !== undefined && mask.length !== this.nvec.length) {
      throw new InvalidSpace(`MultiDiscrete mask must have one entry per dimension (${this.nvec.length}), got ${mask.length}`);
    }
    const out = new Int32Array(this.nvec.length);
    for (let i = 0; i < out.length; i++) {
      const n = this.nvec[i] ?? 1;
      const s = this.start[i] ?? 0;
      const m = mask?.[i];
      out[i] = m === undefined || m === null ? s + rng.integers(0, n) : new Discrete(n, s).sample(rng, m);
    }
    return out;
  }

  /** Integer entries within range; typed arrays must be of an integer dtype, plain number arrays pass. */
  contains(x: unknown): x is Int32Array {
    const a = integerArrayLike(x);
    if (a === null) return false;
    if (a.length !== this.nvec.length) return false;
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      const s = this.start[i] ?? 0;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < s || v >= s + (this.nvec[i] ?? 0)) return false;
    }
    return true;
  }

  toJSON(): SpaceJSON {
    return { type: 'MultiDiscrete', nvec: Array.from(this.nvec), start: Array.from(this.start) };
  }

  override toString(): string {
    const nv = `[${this.nvec.join(', ')}]`;
    return this.start.every((v) => v === 0) ? `MultiDiscrete(${nv})` : `MultiDiscrete(${nv}, start=[${this.start.join(', ')}])`;
  }
}
