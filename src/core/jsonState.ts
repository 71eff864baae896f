import { SnapshotUnsupported } from './errors.js';

/** A JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const TYPED = {
  Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, Uint8ClampedArray,
} as const;
type TypedName = keyof typeof TYPED;
type Typed = InstanceType<(typeof TYPED)[TypedName]>;

/** Numbers JSON cannot hold exactly (NaN, infinities, negative zero) as strings; others as they are. */
function encNum(x: number): number | string {
  if (Number.isFinite(x)) return Object.is(x, -0) ? '-0' : x;
  return String(x); // 'NaN', 'Infinity', '-Infinity'
}

function decNum(x: unknown, where: string): number {
  if (typeof x === 'number') return x;
  if (x === '-0') return -0;
  if (x === 'NaN') return Number.NaN;
  if (x === 'Infinity') return Infinity;
  if (x === '-Infinity') return -Infinity;
  throw new SnapshotUnsupported(`Invalid snapshot at ${where}: expected a number, got ${JSON.stringify(x)}`);
}

function typedName(v: object): TypedName | undefined {
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return undefined;
  const n = v.constructor.name;
  return n in TYPED ? (n as TypedName) : undefined;
}

/**
 * Turns a snapshot made of plain data and typed arrays into JSON that {@link fromJsonState} turns back
 * bit-exactly: typed arrays become `{ $typed: 'Float64Array', data: [...] }`, and numbers JSON would
 * change (NaN, +-Infinity, -0) become strings (inside `data`) or `{ $num: '...' }`. Keys starting with
 * `$` and values other than plain data (functions, class instances, Maps) are refused.
 *
 * @example
 * ```ts
 * const text = JSON.stringify(toJsonState({ t: 1.5, x: new Float64Array([Infinity, -0]) }));
 * const back = fromJsonState(JSON.parse(text)) as { t: number; x: Float64Array };
 * ```
 */
export function toJsonState(v: unknown, where = 'snapshot'): JsonValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') {
    const e = encNum(v);
    return typeof e === 'number' ? e : { $num: e };
  }
  if (typeof v !== 'object') throw new SnapshotUnsupported(`Cannot encode ${where}: expected plain data, got a ${typeof v}`);
  const tn = typedName(v);
  if (tn !== undefined) return { $typed: tn, data: Array.from(v as Typed, encNum) };
  if (Array.isArray(v)) return v.map((x, i) => toJsonState(x, `${where}[${i}]`));
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) throw new SnapshotUnsupported(`Cannot encode ${where}: expected plain data, got a ${(v).constructor.name}`);
  const out: { [key: string]: JsonValue } = {};
  for (const [k, x] of Object.entries(v)) {
    if (k.startsWith('$')) throw new SnapshotUnsupported(`Cannot encode ${where}.${k}: keys starting with '$' are reserved`);
    if (x !== undefined) out[k] = toJsonState(x, `${where}.${k}`);
  }
  return out;
}

/**
 * The inverse of {@link toJsonState}: typed arrays and special numbers come back as they were.
 *
 * @example
 * ```ts
 * const snap = fromJsonState(JSON.parse(readFileSync('env-state.json', 'utf8')));
 * ```
 */
export function fromJsonState(v: unknown, where = 'snapshot'): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x, i) => fromJsonState(x, `${where}[${i}]`));
  const o = v as Record<string, unknown>;
  if ('$num' in o) return decNum(o.$num, where);
  if ('$typed' in o) {
    const name = o.$typed;
    if (typeof name !== 'string' || !(name in TYPED) || !Array.isArray(o.data)) {
      throw new SnapshotUnsupported(
        `Invalid snapshot at ${where}: expected { $typed: one of ${Object.keys(TYPED).join(', ')}, data: [...] }, got ${JSON.stringify(v).slice(0, 80)}`,
      );
    }
    const data = o.data.map((x, i) => decNum(x, `${where}.data[${i}]`));
    return new TYPED[name as TypedName](data);
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = fromJsonState(x, `${where}.${k}`);
  return out;
}
