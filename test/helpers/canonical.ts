/**
 * A byte-exact canonical text of a value for comparisons: every number as the hex of its float64 bytes
 * (so -0, NaN payloads and the last bit count), typed arrays as the hex of their bytes with their type,
 * object keys sorted.
 *
 * @example
 * ```ts
 * expect(canonical([obs, reward, info])).toBe(canonical([obs2, reward2, info2]));
 * ```
 */
export function canonical(v: unknown): string {
  if (typeof v === 'number') return `n${Buffer.from(new Float64Array([v]).buffer).toString('hex')}`;
  if (v === null || v === undefined || typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v) ?? 'undefined';
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}:${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${k}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  throw new TypeError(`canonical: cannot encode a ${typeof v}`);
}
