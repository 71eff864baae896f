import type { Env } from '../core/Env.js';
import { InvalidConfig } from '../core/errors.js';
import { Box } from '../spaces/Box.js';
import { allocArray, type TypedArray } from '../spaces/dtypes.js';
import { ActionWrapper } from './ActionWrapper.js';

/**
 * Clips continuous actions to the inner Box action space's bounds before stepping. As Gymnasium 1.x,
 * the wrapper's action space is the unbounded `Box(-inf, inf)` of the same shape and dtype.
 *
 * @example
 * ```ts
 * const env = new ClipAction(make('Pendulum-v1'));
 * env.step(Float32Array.of(5)); // the inner env receives [2]
 * ```
 */
export class ClipAction<Obs> extends ActionWrapper<Obs, TypedArray, ArrayLike<number>> {
  private readonly box: Box;

  constructor(env: Env<Obs, TypedArray>) {
    super(env);
    const s = env.actionSpace;
    if (!(s instanceof Box)) throw new InvalidConfig(`ClipAction needs a Box action space, got ${s.toString()}`);
    this.box = s;
    this.actionSpace = new Box(-Infinity, Infinity, s.shape, s.dtype);
  }

  action(act: ArrayLike<number>): TypedArray {
    const b = this.box;
    const out = allocArray(b.dtype, b.size);
    for (let i = 0; i < b.size; i++) {
      const v = act[i] ?? NaN;
      const lo = b.low[i] ?? 0;
      const hi = b.high[i] ?? 0;
      out[i] = v < lo ? lo : v > hi ? hi : v;
    }
    return out;
  }
}
