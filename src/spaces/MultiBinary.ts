import { InvalidSpace } from '../core/errors.js';
import type { Rng } from '../rng/Rng.js';
import { Space, type SpaceJSON } from './Space.js';
import { integerArrayLike, shapeSize } from './dtypes.js';

/**
 * Binary vectors of a fixed shape: `n` entries, or a shape such as `[2, 3]` (row-major). Elements are
 * `Int8Array`s of 0/1 of length `prod(shape)`.
 *
 * @example
 * ```ts
 * const s = new MultiBinary(4);
 * s.contains(Int8Array.of(1, 0, 0, 1));           // true
 * s.sample(rng, Int8Array.of(2, 2, 0, 1));         // last two forced to 0 and 1
 * ```
 */
export class MultiBinary extends Space<Int8Array> {
  readonly n: number | readonly number[];
  readonly shape: readonly number[];
  readonly dtype = 'int8' as const;
  /** Number of entries (`prod(shape)`). */
  readonly size: number;

  constructor(n: number | readonly number[]) {
    super();
    const shape = typeof n === 'number' ? [n] : [...n];
    if (shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d <= 0)) {
      throw new InvalidSpace(`MultiBinary n must be a positive integer or a shape of positive integers, got n=${JSON.stringify(n)}`);
    }
    this.n = typeof n === 'number' ? n : Object.freeze([...n]);
    this.shape = Object.freeze(shape);
    this.size = shapeSize(shape);
  }

  /**
   * Independent fair bits. With `mask` (length `size`), entry 0 forces 0, 1 forces 1 and 2 leaves the
   * bit random, as Gymnasium's MultiBinary mask.
   */
  sample(rng: Rng, mask?: ArrayLike<number>): Int8Array {
    if (mask !== undefined && mask.length !== this.size) {
      throw new InvalidSpace(`MultiBinary mask must have ${this.size} entries, got ${mask.length}`);
    }
    const out = new Int8Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const m = mask?.[i] ?? 2;
      if (m !== 0 && m !== 1 && m !== 2) throw new InvalidSpace(`MultiBinary mask entries must be 0, 1 or 2, got mask[${i}]=${String(m)}`);
      out[i] = m === 2 ? rng.integers(0, 2) : m;
    }
    return out;
  }

  /** `size` entries each 0 or 1; typed arrays must be of an integer dtype, plain number arrays pass. */
  contains(x: unknown): x is Int8Array {
    const a = integerArrayLike(x);
    if (a === null) return false;
    if (a.length !== this.size) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== 0 && a[i] !== 1) return false;
    return true;
  }

  toJSON(): SpaceJSON {
    return { type: 'MultiBinary', n: typeof this.n === 'number' ? this.n : [...this.n] };
  }

  override toString(): string {
    return `MultiBinary(${typeof this.n === 'number' ? this.n : `[${this.n.join(', ')}]`})`;
  }
}
