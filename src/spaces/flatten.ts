import { InvalidSpace } from '../core/errors.js';
import { Box } from './Box.js';
import { Dict } from './Dict.js';
import { Discrete } from './Discrete.js';
import { MultiBinary } from './MultiBinary.js';
import { MultiDiscrete } from './MultiDiscrete.js';
import type { Space } from './Space.js';
import { Tuple } from './Tuple.js';
import { allocArray } from './dtypes.js';

function unknownSpace(space: Space<unknown>): InvalidSpace {
  return new InvalidSpace(`Cannot flatten unknown space ${space.toString()}: expected Discrete, Box, MultiDiscrete, MultiBinary, Dict or Tuple`);
}

/**
 * Length of `flatten(space, x)` (Gymnasium's `flatdim`): Box/MultiBinary their size, Discrete `n`,
 * MultiDiscrete `sum(nvec)`, Dict/Tuple the sum over sub-spaces.
 *
 * @example
 * ```ts
 * flatDim(new Dict({ position: new Discrete(2), velocity: new Discrete(3) })); // 5
 * ```
 */
export function flatDim(space: Space<unknown>): number {
  if (space instanceof Box || space instanceof MultiBinary) return space.size;
  if (space instanceof Discrete) return space.n;
  if (space instanceof MultiDiscrete) return space.nvec.reduce((a, b) => a + b, 0);
  if (space instanceof Dict) return space.keys.reduce((a, k) => a + flatDim(space.get(k)), 0);
  if (space instanceof Tuple) return space.spaces.reduce((a, s) => a + flatDim(s), 0);
  throw unknownSpace(space);
}

/** Writes the flat form of `x` into `out` from `offset`; returns the next offset. */
function writeFlat(space: Space<unknown>, x: unknown, out: Float32Array, offset: number): number {
  if (space instanceof Box || space instanceof MultiBinary) {
    const a = x as ArrayLike<number>;
    if (a === null || typeof a !== 'object' || a.length !== space.size) {
      throw new InvalidSpace(`Cannot flatten ${String(x)}: expected ${space.size} entries for ${space.toString()}`);
    }
    for (let i = 0; i < space.size; i++) out[offset + i] = a[i] ?? 0;
    return offset + space.size;
  }
  if (space instanceof Discrete) {
    if (!space.contains(x)) throw new InvalidSpace(`Cannot flatten ${String(x)}: expected an element of ${space.toString()}`);
    out[offset + x - space.start] = 1;
    return offset + space.n;
  }
  if (space instanceof MultiDiscrete) {
    if (!space.contains(x)) throw new InvalidSpace(`Cannot flatten ${String(x)}: expected an element of ${space.toString()}`);
    let o = offset;
    for (let i = 0; i < space.nvec.length; i++) {
      out[o + (x[i] ?? 0) - (space.start[i] ?? 0)] = 1;
      o += space.nvec[i] ?? 0;
    }
    return o;
  }
  if (space instanceof Dict) {
    if (x === null || typeof x !== 'object') throw new InvalidSpace(`Cannot flatten ${String(x)}: expected an object for ${space.toString()}`);
    let o = offset;
    for (const k of space.keys) o = writeFlat(space.get(k), (x as Record<string, unknown>)[k], out, o);
    return o;
  }
  if (space instanceof Tuple) {
    if (!Array.isArray(x) || x.length !== space.length)
      throw new InvalidSpace(`Cannot flatten ${String(x)}: expected an array of ${space.length} for ${space.toString()}`);
    let o = offset;
    space.spaces.forEach((s, i) => {
      o = writeFlat(s, x[i], out, o);
    });
    return o;
  }
  throw unknownSpace(space);
}

/**
 * Flattens an element into one `Float32Array` (Gymnasium's `flatten`): Box/MultiBinary as they are,
 * Discrete one-hot, MultiDiscrete concatenated one-hots, Dict in key order, Tuple in order.
 *
 * @example
 * ```ts
 * flatten(new Discrete(4), 2);                                         // [0, 0, 1, 0]
 * flatten(new Tuple([new Box(0, 1, [2]), new Discrete(3)]), [[0.5, 0.25], 1]); // [0.5, 0.25, 0, 1, 0]
 * ```
 */
export function flatten(space: Space<unknown>, x: unknown): Float32Array {
  const out = new Float32Array(flatDim(space));
  writeFlat(space, x, out, 0);
  return out;
}

function firstNonzero(flat: ArrayLike<number>, from: number, to: number): number {
  for (let i = from; i < to; i++) if (flat[i] !== 0) return i - from;
  return -1;
}

function readFlat(space: Space<unknown>, flat: ArrayLike<number>, offset: number): [unknown, number] {
  if (space instanceof Box || space instanceof MultiBinary) {
    const out = allocArray(space.dtype, space.size);
    for (let i = 0; i < space.size; i++) out[i] = flat[offset + i] ?? 0;
    return [out, offset + space.size];
  }
  if (space instanceof Discrete) {
    const k = firstNonzero(flat, offset, offset + space.n);
    if (k < 0)
      throw new InvalidSpace(`Cannot unflatten to ${space.toString()}: entries ${offset}..${offset + space.n - 1} are not a one-hot vector (all zero)`);
    return [space.start + k, offset + space.n];
  }
  if (space instanceof MultiDiscrete) {
    const out = new Int32Array(space.nvec.length);
    let o = offset;
    for (let i = 0; i < out.length; i++) {
      const n = space.nvec[i] ?? 0;
      const k = firstNonzero(flat, o, o + n);
      if (k < 0)
        throw new InvalidSpace(`Cannot unflatten to ${space.toString()}: entries ${o}..${o + n - 1} (dimension ${i}) are not a one-hot vector (all zero)`);
      out[i] = (space.start[i] ?? 0) + k;
      o += n;
    }
    return [out, o];
  }
  if (space instanceof Dict) {
    const entries: [string, unknown][] = [];
    let o = offset;
    for (const k of space.keys) {
      const [v, next] = readFlat(space.get(k), flat, o);
      entries.push([k, v]);
      o = next;
    }
    return [Object.fromEntries(entries), o];
  }
  if (space instanceof Tuple) {
    const out: unknown[] = [];
    let o = offset;
    for (const s of space.spaces) {
      const [v, next] = readFlat(s, flat, o);
      out.push(v);
      o = next;
    }
    return [out, o];
  }
  throw unknownSpace(space);
}

/**
 * Inverse of `flatten` (Gymnasium's `unflatten`): Box values come back as typed arrays of the Box dtype,
 * MultiBinary as `Int8Array`, Discrete as the index of the first non-zero entry plus `start`.
 *
 * @example
 * ```ts
 * unflatten(new Discrete(4, 1), Float32Array.of(0, 0, 1, 0)); // 3
 * ```
 */
export function unflatten(space: Space<unknown>, flat: ArrayLike<number>): unknown {
  const n = flatDim(space);
  if (flat.length !== n) throw new InvalidSpace(`Cannot unflatten an array of length ${flat.length} to ${space.toString()}: expected length ${n}`);
  return readFlat(space, flat, 0)[0];
}

function bounds(space: Space<unknown>, low: number[], high: number[]): void {
  if (space instanceof Box) {
    for (let i = 0; i < space.size; i++) {
      low.push(space.low[i] ?? 0);
      high.push(space.high[i] ?? 0);
    }
  } else if (space instanceof MultiBinary || space instanceof Discrete || space instanceof MultiDiscrete) {
    const n = flatDim(space);
    for (let i = 0; i < n; i++) {
      low.push(0);
      high.push(1);
    }
  } else if (space instanceof Dict) {
    for (const k of space.keys) bounds(space.get(k), low, high);
  } else if (space instanceof Tuple) {
    for (const s of space.spaces) bounds(s, low, high);
  } else throw unknownSpace(space);
}

/**
 * The float32 Box that `flatten` maps into (Gymnasium's `flatten_space`): Box bounds flattened, one-hot
 * and binary entries in [0, 1], Dict/Tuple concatenated. `flatten(space, x)` is always contained in it.
 *
 * @example
 * ```ts
 * flattenSpace(new Dict({ a: new Discrete(2), b: new Box(-1, 1, [2]) })).toString();
 * // 'Box([0.0, 0.0, -1.0, -1.0], 1.0, [4], float32)'
 * ```
 */
export function flattenSpace(space: Space<unknown>): Box {
  const low: number[] = [];
  const high: number[] = [];
  bounds(space, low, high);
  return new Box(low, high, [low.length], 'float32');
}
