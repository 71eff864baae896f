import { InvalidSpace } from '../core/errors.js';
import type { Rng } from '../rng/Rng.js';
import { Space, type SpaceJSON } from './Space.js';

/**
 * The integers `{start, ..., start + n - 1}`.
 *
 * @example
 * ```ts
 * const a = new Discrete(2);          // CartPole's actions {0, 1}
 * a.contains(1); a.contains(2);       // true, false
 * a.sample(rng, Int8Array.of(0, 1));  // masked sample: always 1
 * ```
 */
export class Discrete extends Space<number> {
  readonly shape: readonly number[] = [];
  readonly dtype = 'int32' as const;

  constructor(readonly n: number, readonly start = 0) {
    super();
    if (!Number.isInteger(n) || n <= 0) throw new InvalidSpace(`Discrete n must be a positive integer, got n=${String(n)}`);
    if (!Number.isInteger(start)) throw new InvalidSpace(`Discrete start must be an integer, got start=${String(start)}`);
  }

  /**
   * A uniform element; with `mask` (1 = allowed, 0 = not, length n), uniform over the allowed ones, and
   * `start` when none is allowed (as Gymnasium).
   */
  sample(rng: Rng, mask?: ArrayLike<number>): number {
    if (mask === undefined) return this.start + rng.integers(0, this.n);
    if (mask.length !== this.n) throw new InvalidSpace(`Discrete mask length must be n=${this.n}, got ${mask.length}`);
    let count = 0;
    for (let i = 0; i < this.n; i++) {
      const m = mask[i];
      if (m !== 0 && m !== 1) throw new InvalidSpace(`Discrete mask entries must be 0 or 1, got mask[${i}]=${String(m)}`);
      if (m === 1) count++;
    }
    if (count === 0) return this.start;
    let k = rng.integers(0, count);
    for (let i = 0; i < this.n; i++) if (mask[i] === 1 && k-- === 0) return this.start + i;
    return this.start;
  }

  contains(x: unknown): x is number {
    return typeof x === 'number' && Number.isInteger(x) && x >= this.start && x < this.start + this.n;
  }

  toJSON(): SpaceJSON {
    return { type: 'Discrete', n: this.n, start: this.start };
  }

  override toString(): string {
    return this.start === 0 ? `Discrete(${this.n})` : `Discrete(${this.n}, start=${this.start})`;
  }
}
