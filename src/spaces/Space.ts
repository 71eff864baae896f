import type { Rng } from '../rng/Rng.js';

/** Element types a space can hold. Box values are typed arrays of this dtype. */
export type DType = 'float32' | 'float64' | 'int8' | 'int16' | 'int32' | 'uint8' | 'uint16' | 'uint32';

/** A Box bound in JSON: a finite number, or `"inf"` / `"-inf"` (JSON has no Infinity). */
export type BoundJSON = number | 'inf' | '-inf';

/**
 * The JSON form of a space, as written by `toJSON()` and read by `spaceFromJSON()`. Box bounds encode
 * infinities as the strings `"inf"`/`"-inf"`; Dict lists its key order in `keys`.
 */
export type SpaceJSON =
  | { type: 'Discrete'; n: number; start: number }
  | { type: 'Box'; low: BoundJSON[]; high: BoundJSON[]; shape: number[]; dtype: DType }
  | { type: 'MultiDiscrete'; nvec: number[]; start: number[] }
  | { type: 'MultiBinary'; n: number | number[] }
  | { type: 'Dict'; keys: string[]; spaces: Record<string, SpaceJSON> }
  | { type: 'Tuple'; spaces: SpaceJSON[] };

/**
 * A set of valid observations or actions, after Gymnasium's `Space`.
 *
 * @example
 * ```ts
 * const s: Space<number> = new Discrete(3);
 * s.contains(s.sample(new Rng(0))); // true
 * ```
 */
export abstract class Space<T = unknown> {
  /** Shape of one element (`[]` for scalars; Dict/Tuple have no fixed shape: `[]`). */
  abstract readonly shape: readonly number[];
  /** Element dtype (`null` for composite spaces). */
  abstract readonly dtype: DType | null;
  /** A random element, drawn from `rng`. */
  abstract sample(rng: Rng): T;
  /** Whether `x` is an element of this space (type, shape, dtype and bounds). */
  abstract contains(x: unknown): x is T;
  /** JSON description, inverse of `spaceFromJSON`. */
  abstract toJSON(): SpaceJSON;
  /** Short human description used in error messages, e.g. `Discrete(2)` or `Box(-1.0, 1.0, [3], float32)`. */
  abstract toString(): string;
  /** Structural equality of two spaces. */
  equals(other: Space<unknown>): boolean {
    return JSON.stringify(this.toJSON()) === JSON.stringify(other.toJSON());
  }
}
