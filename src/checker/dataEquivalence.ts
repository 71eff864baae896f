/**
 * Deep equality of observations, actions and infos (Gymnasium's `data_equivalence`): typed arrays must
 * have the same type, length and entries, arrays and plain objects the same keys and equal values;
 * `NaN` equals `NaN`.
 *
 * @example
 * ```ts
 * dataEquivalence({ a: Float32Array.of(1, NaN) }, { a: Float32Array.of(1, NaN) }); // true
 * dataEquivalence(Float32Array.of(1), Float64Array.of(1));                         // false
 * ```
 */
export function dataEquivalence(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor !== b.constructor) return false;
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) {
      const u = x[i];
      const v = y[i];
      if (u !== v && !(Number.isNaN(u) && Number.isNaN(v))) return false;
    }
    return true;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!dataEquivalence(a[i], b[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!dataEquivalence((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}
