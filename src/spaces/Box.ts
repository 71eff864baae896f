import { InvalidSpace } from '../core/errors.js';
import type { Rng } from '../rng/Rng.js';
import { Space, type BoundJSON, type DType, type SpaceJSON } from './Space.js';
import { allocArray, canCast, dtypeOf, dtypeRange, isIntegerDType, type TypedArray } from './dtypes.js';

function product(shape: readonly number[]): number {
  let p = 1;
  for (const d of shape) p *= d;
  return p;
}

function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Shortest decimal that reads back to `v` in `dtype` (float32 values print as `4.8`, not `4.800000190734863`). */
function fmtNum(v: number, dtype: DType): string {
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (isIntegerDType(dtype)) return String(v);
  let s = String(v);
  if (dtype === 'float32') {
    for (let p = 1; p <= 9; p++) {
      const t = String(Number(v.toPrecision(p)));
      if (Math.fround(Number(t)) === v) {
        s = t;
        break;
      }
    }
  }
  return /^-?\d+$/.test(s) ? `${s}.0` : s;
}

/** Formats a bound as Gymnasium does: a scalar when all entries are equal, else the list. */
function fmtBound(a: TypedArray, dtype: DType): string {
  if (a.length > 0 && a.every((v) => v === a[0])) return fmtNum(a[0], dtype);
  return `[${Array.from(a, (v) => fmtNum(v, dtype)).join(', ')}]`;
}

/** Encodes a bound for JSON (which has no Infinity). */
export function boundToJSON(v: number): BoundJSON {
  return v === Infinity ? 'inf' : v === -Infinity ? '-inf' : v;
}

function toBound(name: string, v: number | ArrayLike<number>, shape: readonly number[] | undefined): { data: number[]; shape: number[] } {
  if (typeof v === 'number') {
    if (Number.isNaN(v)) throw new InvalidSpace(`Box ${name} must not be NaN`);
    const s = shape ?? [];
    return { data: new Array<number>(product(s)).fill(v), shape: [...s] };
  }
  const data = Array.from(v);
  if (data.some((x) => Number.isNaN(x))) throw new InvalidSpace(`Box ${name} must not contain NaN, got ${name}=[${data.join(', ')}]`);
  return { data, shape: shape ? [...shape] : [data.length] };
}

/**
 * A (possibly unbounded) box in R^n, `low <= x <= high` element-wise. Elements are typed arrays of `dtype`
 * (`Float32Array` by default) in row-major order; `contains` also accepts a plain number array.
 *
 * @example
 * ```ts
 * const obs = new Box([-4.8, -Infinity], [4.8, Infinity]);   // shape [2], float32
 * const act = new Box(-2, 2, [1]);                            // Pendulum's torque
 * act.contains(Float32Array.of(1.5));                         // true
 * ```
 */
export class Box extends Space<TypedArray> {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Lower bounds, cast to `dtype` (length = product of shape). */
  readonly low: TypedArray;
  /** Upper bounds, cast to `dtype`. */
  readonly high: TypedArray;
  /** Number of scalar entries. */
  readonly size: number;

  constructor(low: number | ArrayLike<number>, high: number | ArrayLike<number>, shape?: readonly number[], dtype: DType = 'float32') {
    super();
    if (shape !== undefined && shape.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new InvalidSpace(`Box shape must be non-negative integers, got shape=${fmtShape(shape)}`);
    }
    const lo = toBound('low', low, typeof low === 'number' && typeof high !== 'number' && shape === undefined ? [(high).length] : shape);
    const hi = toBound('high', high, typeof high === 'number' && typeof low !== 'number' && shape === undefined ? [(low).length] : shape);
    if (lo.data.length !== hi.data.length) {
      // with an explicit shape, lo.shape/hi.shape are that shape: report the entry counts instead
      if (shape !== undefined)
        throw new InvalidSpace(
          `Box low.shape and high.shape don't match: low has ${lo.data.length} entries and high has ${hi.data.length} but shape ` +
            `${fmtShape(shape)} needs ${product(shape)}`,
        );
      throw new InvalidSpace(`Box low.shape and high.shape don't match, low.shape=${fmtShape(lo.shape)}, high.shape=${fmtShape(hi.shape)}`);
    }
    this.shape = Object.freeze(shape ? [...shape] : lo.shape);
    this.size = product(this.shape);
    if (lo.data.length !== this.size) {
      throw new InvalidSpace(`Box low has ${lo.data.length} entries but shape ${fmtShape(this.shape)} needs ${this.size}`);
    }
    this.dtype = dtype;
    const [dmin, dmax] = dtypeRange(dtype);
    this.low = allocArray(dtype, this.size);
    this.high = allocArray(dtype, this.size);
    const int = isIntegerDType(dtype);
    for (let i = 0; i < this.size; i++) {
      const l = lo.data[i] ?? 0;
      const h = hi.data[i] ?? 0;
      if (l > h) throw new InvalidSpace(`Box low must be <= high, got low[${i}]=${l} > high[${i}]=${h}`);
      if (l === h && !Number.isFinite(l)) throw new InvalidSpace(`Box bounds must not both be ${l}: got low[${i}]=high[${i}]=${l}, an empty set`);
      this.low[i] = int ? Math.max(l, dmin) : l;
      this.high[i] = int ? Math.min(h, dmax) : h;
      // -0 (also from float32 underflow) becomes 0 so bounds survive JSON unchanged.
      if (this.low[i] === 0) this.low[i] = 0;
      if (this.high[i] === 0) this.high[i] = 0;
    }
  }

  /** Whether every dimension is bounded below and above. */
  isBounded(manner: 'both' | 'below' | 'above' = 'both'): boolean {
    const below = this.low.every((v) => Number.isFinite(v));
    const above = this.high.every((v) => Number.isFinite(v));
    return manner === 'both' ? below && above : manner === 'below' ? below : above;
  }

  /**
   * Gymnasium's sampling: uniform on bounded dims, normal on unbounded ones, shifted exponential on
   * half-bounded ones; integer dtypes sample uniformly from `[low, high]` inclusive.
   */
  sample(rng: Rng): TypedArray {
    const out = allocArray(this.dtype, this.size);
    const int = isIntegerDType(this.dtype);
    for (let i = 0; i < this.size; i++) {
      const l = this.low[i] ?? 0;
      const h = this.high[i] ?? 0;
      const fl = Number.isFinite(l);
      const fh = Number.isFinite(h);
      let v: number;
      if (fl && fh) v = int ? Math.floor(rng.uniform(l, h + 1)) : rng.uniform(l, h);
      else if (!fl && !fh) v = rng.normal();
      else if (fl) v = l + rng.exponential();
      else v = h - rng.exponential();
      out[i] = int ? Math.min(Math.max(Math.floor(v), l), h) : v;
    }
    return out;
  }

  /**
   * Whether `x` has `size` entries within the bounds. A typed array must be safely castable to `dtype`
   * (numpy's `can_cast`: a Float64Array is not in a float32 Box); a plain number array is accepted as
   * Gymnasium converts lists. NaN is never contained.
   */
  contains(x: unknown): x is TypedArray {
    if (x === null || typeof x !== 'object') return false;
    if (ArrayBuffer.isView(x)) {
      const dt = dtypeOf(x);
      if (dt === null || !canCast(dt, this.dtype)) return false;
    } else if (!Array.isArray(x)) return false;
    const a = x as ArrayLike<unknown>;
    if (a.length !== this.size) return false;
    const int = isIntegerDType(this.dtype);
    // Plain numbers are compared after the cast to float32, as Gymnasium casts a list to the dtype.
    const f32 = this.dtype === 'float32' && !ArrayBuffer.isView(x);
    for (let i = 0; i < this.size; i++) {
      const raw = a[i];
      if (typeof raw !== 'number' || Number.isNaN(raw)) return false;
      const v = f32 ? Math.fround(raw) : raw;
      if (int && !Number.isInteger(v)) return false;
      if (!(v >= (this.low[i] ?? 0) && v <= (this.high[i] ?? 0))) return false;
    }
    return true;
  }

  toJSON(): SpaceJSON {
    return { type: 'Box', low: Array.from(this.low, boundToJSON), high: Array.from(this.high, boundToJSON), shape: [...this.shape], dtype: this.dtype };
  }

  override toString(): string {
    return `Box(${fmtBound(this.low, this.dtype)}, ${fmtBound(this.high, this.dtype)}, ${fmtShape(this.shape)}, ${this.dtype})`;
  }
}
