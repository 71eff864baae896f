import type { DType } from './Space.js';

/** A typed array of one of the supported dtypes. */
export type TypedArray = Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array;

/** Typed-array constructors by dtype. */
export const ARRAY_OF = {
  float32: Float32Array,
  float64: Float64Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
} as const;

/** Allocates a zeroed typed array of `dtype` and `length`. */
export function allocArray(dtype: DType, length: number): TypedArray {
  return new ARRAY_OF[dtype](length);
}

/** Whether `x` is a typed array of exactly `dtype`. */
export function isArrayOf(x: unknown, dtype: DType): x is TypedArray {
  return x instanceof ARRAY_OF[dtype];
}

/** The dtype of a typed array, or null if `x` is not one of the supported typed arrays. */
export function dtypeOf(x: unknown): DType | null {
  for (const [k, C] of Object.entries(ARRAY_OF)) if (x instanceof C) return k as DType;
  return null;
}

/** Whether `dtype` holds integers. */
export function isIntegerDType(dtype: DType): boolean {
  return dtype !== 'float32' && dtype !== 'float64';
}

/** Representable range of an integer dtype. */
export function dtypeRange(dtype: DType): [number, number] {
  switch (dtype) {
    case 'int8': return [-128, 127];
    case 'int16': return [-32768, 32767];
    case 'int32': return [-2147483648, 2147483647];
    case 'uint8': return [0, 255];
    case 'uint16': return [0, 65535];
    case 'uint32': return [0, 4294967295];
    case 'float32': return [-3.4028234663852886e38, 3.4028234663852886e38];
    case 'float64': return [-Number.MAX_VALUE, Number.MAX_VALUE];
  }
}

const SAFE_CASTS: Record<DType, readonly DType[]> = {
  float64: ['float64'],
  float32: ['float32', 'float64'],
  int8: ['int8', 'int16', 'int32', 'float32', 'float64'],
  int16: ['int16', 'int32', 'float32', 'float64'],
  int32: ['int32', 'float64'],
  uint8: ['uint8', 'uint16', 'uint32', 'int16', 'int32', 'float32', 'float64'],
  uint16: ['uint16', 'uint32', 'int32', 'float32', 'float64'],
  uint32: ['uint32', 'float64'],
};

/**
 * Whether values of `from` always fit `to` exactly (numpy's `can_cast(from, to)`, safe casting).
 *
 * @example
 * ```ts
 * canCast('int16', 'float32'); canCast('float64', 'float32'); // true, false
 * ```
 */
export function canCast(from: DType, to: DType): boolean {
  return SAFE_CASTS[from].includes(to);
}

/**
 * Product of a shape's dimensions (1 for `[]`).
 *
 * @example
 * ```ts
 * shapeSize([2, 3]); // 6
 * ```
 */
export function shapeSize(shape: readonly number[]): number {
  let p = 1;
  for (const d of shape) p *= d;
  return p;
}

/**
 * `x` as an array-like when it is a plain array or a typed array of an integer dtype (the values
 * integer spaces accept), else null.
 *
 * @example
 * ```ts
 * integerArrayLike(Int8Array.of(1)); integerArrayLike(Float32Array.of(1)); // the array, null
 * ```
 */
export function integerArrayLike(x: unknown): ArrayLike<unknown> | null {
  if (Array.isArray(x)) return x;
  if (!ArrayBuffer.isView(x)) return null;
  const dt = dtypeOf(x);
  return dt !== null && isIntegerDType(dt) ? (x as unknown as ArrayLike<unknown>) : null;
}
