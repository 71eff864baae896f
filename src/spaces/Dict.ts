import { InvalidSpace } from '../core/errors.js';
import type { Rng } from '../rng/Rng.js';
import { Space, type SpaceJSON } from './Space.js';

/** Sub-spaces of a Dict: a plain object (keys get sorted) or `[key, space]` pairs (order kept). */
export type DictSpaces = Readonly<Record<string, Space<unknown>>> | readonly (readonly [string, Space<unknown>])[];

/**
 * A dictionary of named sub-spaces; elements are plain objects with exactly these keys. As Gymnasium,
 * keys of a plain object are sorted; pass `[key, space]` pairs to keep your own order. `keys` is the
 * order used by `sample`, `flatten` and `toJSON`.
 *
 * @example
 * ```ts
 * const s = new Dict({ position: new Box(-1, 1, [2]), gear: new Discrete(3) });
 * s.keys;                                                   // ['gear', 'position']
 * s.contains({ gear: 2, position: Float32Array.of(0, 0.5) }); // true
 * ```
 */
export class Dict extends Space<Record<string, unknown>> {
  readonly shape: readonly number[] = [];
  readonly dtype = null;
  /** Key order. */
  readonly keys: readonly string[];
  /** Sub-spaces by key. */
  readonly spaces: Readonly<Record<string, Space<unknown>>>;

  constructor(spaces: DictSpaces) {
    super();
    const pairs = Array.isArray(spaces)
      ? [...(spaces as readonly (readonly [string, Space<unknown>])[])]
      : Object.entries(spaces as Record<string, Space<unknown>>).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const map: Record<string, Space<unknown>> = Object.create(null) as Record<string, Space<unknown>>;
    for (const [k, s] of pairs) {
      if (!(s instanceof Space)) throw new InvalidSpace(`Dict space for key '${k}' must be a Space, got ${String(s)}`);
      if (k in map) throw new InvalidSpace(`Dict keys must be unique, got key '${k}' twice`);
      map[k] = s;
    }
    this.keys = Object.freeze(pairs.map(([k]) => k));
    this.spaces = Object.freeze(map);
  }

  /** The sub-space of `key`, or InvalidSpace naming the keys. */
  get(key: string): Space<unknown> {
    const s = this.spaces[key];
    if (s === undefined) throw new InvalidSpace(`Dict has no key '${key}', keys are [${this.keys.join(', ')}]`);
    return s;
  }

  /** A sample of every sub-space; `mask[key]` is passed to that sub-space's `sample`. */
  sample(rng: Rng, mask?: Readonly<Record<string, unknown>>): Record<string, unknown> {
    // fromEntries makes own properties even for a key such as '__proto__'
    return Object.fromEntries(
      this.keys.map((k) => {
        const s = this.get(k) as Space<unknown> & { sample(rng: Rng, mask?: unknown): unknown };
        const m = mask?.[k];
        return [k, m === undefined || m === null ? s.sample(rng) : s.sample(rng, m)];
      }),
    );
  }

  /** A plain object with exactly the same keys, each value in its sub-space. */
  contains(x: unknown): x is Record<string, unknown> {
    if (x === null || typeof x !== 'object' || Array.isArray(x) || ArrayBuffer.isView(x)) return false;
    const o = x as Record<string, unknown>;
    const ks = Object.keys(o);
    if (ks.length !== this.keys.length) return false;
    for (const k of this.keys) {
      if (!Object.prototype.hasOwnProperty.call(o, k)) return false;
      if (!this.get(k).contains(o[k])) return false;
    }
    return true;
  }

  toJSON(): SpaceJSON {
    const spaces: Record<string, SpaceJSON> = {};
    for (const k of this.keys) spaces[k] = this.get(k).toJSON();
    return { type: 'Dict', keys: [...this.keys], spaces };
  }

  override toString(): string {
    return `Dict(${this.keys.map((k) => `'${k}': ${this.get(k).toString()}`).join(', ')})`;
  }
}
