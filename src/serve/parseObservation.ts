import { InvalidObservation } from '../core/errors.js';
import { Box } from '../spaces/Box.js';
import { Dict } from '../spaces/Dict.js';
import { Discrete } from '../spaces/Discrete.js';
import { MultiBinary } from '../spaces/MultiBinary.js';
import { MultiDiscrete } from '../spaces/MultiDiscrete.js';
import type { Space } from '../spaces/Space.js';
import { Tuple } from '../spaces/Tuple.js';
import { allocArray, isIntegerDType } from '../spaces/dtypes.js';

const FLOAT32_MAX = 3.4028234663852886e38;

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  const s = JSON.stringify(v);
  return typeof v === 'string' ? `the string ${s.length > 40 ? `${s.slice(0, 37)}..."` : s}` : String(s);
}

/** Flattens nested JSON arrays row-major, checking the nesting matches `shape`. */
function flatNumbers(v: unknown, shape: readonly number[], path: string, out: number[], full: readonly number[] = shape): void {
  if (shape.length === 0) {
    if (typeof v !== 'number') throw new InvalidObservation(`${path} must be a number, got ${describe(v)}`);
    out.push(v);
    return;
  }
  if (!Array.isArray(v)) throw new InvalidObservation(`${path} must be an array of ${shape[0]}, got ${describe(v)}`);
  if (v.length !== shape[0]) throw new InvalidObservation(`${path} has ${v.length} entries, expected ${shape[0]} (shape [${full.join(', ')}])`);
  const rest = shape.slice(1);
  for (let i = 0; i < v.length; i++) flatNumbers(v[i], rest, `${path}[${i}]`, out, full);
}

/** Numbers of a Box-like value: a flat array of `size` entries, or arrays nested as `shape`. */
function boxNumbers(v: unknown, shape: readonly number[], size: number, path: string): number[] {
  const out: number[] = [];
  if (Array.isArray(v) && shape.length > 1 && v.length === size && v.every((x) => typeof x === 'number')) {
    for (const x of v) out.push(x);
    return out;
  }
  if (shape.length === 0 && Array.isArray(v) && v.length === 1) {
    flatNumbers(v[0], [], `${path}[0]`, out);
    return out;
  }
  flatNumbers(v, shape.length === 0 ? [] : shape, path, out);
  return out;
}

function intIn(v: unknown, lo: number, hi: number, path: string, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new InvalidObservation(`${path} must be an integer, got ${describe(v)}`);
  if (v < lo || v > hi) throw new InvalidObservation(`${path} = ${v} is outside ${what} [${lo}, ${hi}]`);
  return v;
}

function entryPath(space: Box, path: string, i: number): string {
  return space.shape.length <= 1 ? `${path}[${i}]` : `${path} entry ${i}`;
}

/** The Box value of `size` JSON entries, checked entry by entry (error paths are built only on failure). */
function boxFrom(space: Box, nums: readonly unknown[], path: string): ArrayLike<number> {
  const arr = allocArray(space.dtype, space.size);
  const int = isIntegerDType(space.dtype);
  for (let i = 0; i < nums.length; i++) {
    const raw = nums[i];
    if (typeof raw !== 'number') throw new InvalidObservation(`${entryPath(space, path, i)} must be a number, got ${describe(raw)}`);
    // networks run in float32: a larger number (1e39) would be Infinity there
    if (!(Math.abs(raw) <= FLOAT32_MAX))
      throw new InvalidObservation(`${entryPath(space, path, i)} must be a number finite in float32 (|x| <= 3.4e38), got ${describe(raw)}`);
    if (int && !Number.isInteger(raw)) throw new InvalidObservation(`${entryPath(space, path, i)} must be an integer (Box dtype ${space.dtype}), got ${raw}`);
    arr[i] = raw;
    const v = arr[i];
    const lo = space.low[i];
    const hi = space.high[i];
    if (!(v >= lo && v <= hi)) throw new InvalidObservation(`${entryPath(space, path, i)} = ${raw} is outside the Box bounds [${lo}, ${hi}]`);
  }
  return arr;
}

/**
 * Turns an observation decoded from JSON into a value of `space` (Box -> its typed array, Discrete ->
 * a number, Dict -> an object, ...), or throws `InvalidObservation` naming the first problem: the path of
 * the entry (`obs.queue[3]`), what it should be and what came. Box values may be flat (`size` numbers)
 * or nested as the shape; entries are checked against the bounds after the cast to the Box dtype (as
 * `Box.contains`). The result is in the space (`space.contains(value)` holds).
 *
 * @example
 * ```ts
 * parseObservation(new Box(0, 1, [2]), [0.5, 0.25]); // Float32Array [0.5, 0.25]
 * parseObservation(new Box(0, 1, [2]), [0.5, 7]);    // throws "obs[1] = 7 is outside the Box bounds [0, 1]"
 * ```
 */
export function parseObservation(space: Space, json: unknown, path = 'obs'): unknown {
  if (space instanceof Box) {
    // fast path: a flat array of `size` entries (what clients send), no intermediate array
    if (Array.isArray(json) && json.length === space.size && space.shape.length <= 1) return boxFrom(space, json, path);
    const nums = boxNumbers(json, space.shape, space.size, path);
    if (nums.length !== space.size)
      throw new InvalidObservation(`${path} has ${nums.length} entries, expected ${space.size} (Box shape [${space.shape.join(', ')}])`);
    return boxFrom(space, nums, path);
  }
  if (space instanceof Discrete) return intIn(json, space.start, space.start + space.n - 1, path, 'Discrete');
  if (space instanceof MultiDiscrete) {
    const nums = boxNumbers(json, space.shape, space.nvec.length, path);
    const out = new Int32Array(nums.length);
    nums.forEach((v, i) => {
      const lo = space.start[i];
      out[i] = intIn(v, lo, lo + (space.nvec[i]) - 1, `${path}[${i}]`, 'MultiDiscrete');
    });
    return out;
  }
  if (space instanceof MultiBinary) {
    const nums = boxNumbers(json, space.shape, space.size, path);
    const out = new Int8Array(nums.length);
    nums.forEach((v, i) => (out[i] = intIn(v, 0, 1, `${path}[${i}]`, 'MultiBinary')));
    return out;
  }
  if (space instanceof Dict) {
    if (json === null || typeof json !== 'object' || Array.isArray(json))
      throw new InvalidObservation(`${path} must be an object with keys ${space.keys.join(', ')}, got ${describe(json)}`);
    const o = json as Record<string, unknown>;
    for (const k of Object.keys(o))
      if (!space.keys.includes(k)) throw new InvalidObservation(`${path} has unknown key '${k}': expected ${space.keys.join(', ')}`);
    const out: Record<string, unknown> = {};
    for (const k of space.keys) {
      if (!Object.hasOwn(o, k)) throw new InvalidObservation(`${path} is missing key '${k}'`);
      Object.defineProperty(out, k, { value: parseObservation(space.get(k), o[k], `${path}.${k}`), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (space instanceof Tuple) {
    if (!Array.isArray(json) || json.length !== space.spaces.length)
      throw new InvalidObservation(`${path} must be an array of ${space.spaces.length} (Tuple), got ${describe(json)}`);
    return space.spaces.map((s, i) => parseObservation(s, json[i], `${path}[${i}]`));
  }
  throw new InvalidObservation(`${path}: observations of ${space.toString()} are not supported by the policy server`);
}
