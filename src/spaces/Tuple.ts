import { InvalidSpace } from '../core/errors.js';
import type { Rng } from '../rng/Rng.js';
import { Space, type SpaceJSON } from './Space.js';

/**
 * A fixed-length sequence of sub-spaces; elements are arrays with one entry per sub-space.
 *
 * @example
 * ```ts
 * const s = new Tuple([new Discrete(2), new Box(0, 1, [3])]);
 * s.contains([1, Float32Array.of(0.1, 0.2, 0.3)]); // true
 * ```
 */
export class Tuple extends Space<unknown[]> {
  readonly shape: readonly number[] = [];
  readonly dtype = null;
  readonly spaces: readonly Space<unknown>[];

  constructor(spaces: readonly Space<unknown>[]) {
    super();
    spaces.forEach((s, i) => {
      if (!(s instanceof Space)) throw new InvalidSpace(`Tuple element ${i} must be a Space, got ${String(s)}`);
    });
    this.spaces = Object.freeze([...spaces]);
  }

  /** Number of sub-spaces. */
  get length(): number {
    return this.spaces.length;
  }

  /** A sample of every sub-space; `mask[i]` is passed to sub-space `i`'s `sample`. */
  sample(rng: Rng, mask?: readonly unknown[]): unknown[] {
    if (mask !== undefined && mask.length !== this.spaces.length) {
      throw new InvalidSpace(`Tuple mask must have one entry per sub-space (${this.spaces.length}), got ${mask.length}`);
    }
    return this.spaces.map((s, i) => {
      const m = mask?.[i];
      const sp = s as Space<unknown> & { sample(rng: Rng, mask?: unknown): unknown };
      return m === undefined || m === null ? sp.sample(rng) : sp.sample(rng, m);
    });
  }

  /** An array of the same length whose entries are in their sub-spaces. */
  contains(x: unknown): x is unknown[] {
    if (!Array.isArray(x) || x.length !== this.spaces.length) return false;
    for (let i = 0; i < x.length; i++) if (!this.spaces[i]?.contains(x[i])) return false;
    return true;
  }

  toJSON(): SpaceJSON {
    return { type: 'Tuple', spaces: this.spaces.map((s) => s.toJSON()) };
  }

  override toString(): string {
    return `Tuple(${this.spaces.map((s) => s.toString()).join(', ')})`;
  }
}
