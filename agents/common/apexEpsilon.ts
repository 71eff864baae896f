/** Ape-X's base epsilon (Horgan et al. 2018, section 4.1). */
export const APEX_EPSILON = 0.4;
/** Ape-X's exponent spread (Horgan et al. 2018, section 4.1). */
export const APEX_ALPHA = 7;

/**
 * The fixed exploration rate of actor `i` of `n` in Ape-X (Horgan et al. 2018): `eps^(1 + alpha i / (n - 1))`
 * with eps 0.4 and alpha 7, from 0.4 for actor 0 down to 0.4^8 (about 0.00066) for the last; a single actor
 * explores with 0.4.
 *
 * @example
 * ```ts
 * apexEpsilon(0, 4); // 0.4
 * apexEpsilon(3, 4); // 0.4 ** 8
 * ```
 */
export function apexEpsilon(i: number, n: number, eps = APEX_EPSILON, alpha = APEX_ALPHA): number {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`apexEpsilon: actor ${i} of ${n} is not an actor index`);
  return n === 1 ? eps : Math.pow(eps, 1 + (alpha * i) / (n - 1));
}
