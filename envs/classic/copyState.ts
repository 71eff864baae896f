import { InvalidConfig } from '../../src/core/errors.js';
import { formatValue } from '../../src/core/assertAction.js';

/**
 * Copies a user-given state into an env's float64 state array, or throws `InvalidConfig` naming the env,
 * the expected length and what came (used by the `state` setters of the classic envs).
 *
 * @example
 * ```ts
 * copyState(this.s, [0, 0, 0.1, 0], 'CartPole-v1');
 * ```
 */
export function copyState(dst: Float64Array, src: ArrayLike<number> | undefined, what: string): void {
  let ok = src !== undefined && src !== null && typeof src === 'object' && src.length === dst.length;
  if (ok && src !== undefined) {
    for (let i = 0; i < dst.length; i++) if (typeof src[i] !== 'number') ok = false;
  }
  if (!ok || src === undefined) {
    throw new InvalidConfig(`${what} state must be an array of ${dst.length} numbers, got ${formatValue(src)}`);
  }
  for (let i = 0; i < dst.length; i++) dst[i] = src[i];
}
