/**
 * Delta-codes ascending integer ids in place order: first absolute, then differences.
 *
 * @example
 * ```ts
 * encodeIds([3, 4, 9]); // [3, 1, 5]
 * ```
 */
export function encodeIds(ids: ArrayLike<number>): number[] {
  const out = new Array<number>(ids.length);
  let prev = 0;
  for (let i = 0; i < ids.length; i++) {
    const v = ids[i] ?? 0;
    out[i] = i === 0 ? v : v - prev;
    prev = v;
  }
  return out;
}

/**
 * Undoes `encodeIds` into `out` (grown if too short) and returns the count.
 *
 * @example
 * ```ts
 * const out = new Int32Array(3); decodeIds([3, 1, 5], out); // out = [3, 4, 9]
 * ```
 */
export function decodeIds(deltas: readonly number[], out: Int32Array): number {
  let acc = 0;
  for (let i = 0; i < deltas.length; i++) {
    acc = i === 0 ? (deltas[i] ?? 0) : acc + (deltas[i] ?? 0);
    out[i] = acc;
  }
  return deltas.length;
}
