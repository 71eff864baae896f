import { InvalidConfig } from '../../src/core/errors.js';
import { Box } from '../../src/spaces/Box.js';
import type { Space } from '../../src/spaces/Space.js';

/**
 * The affine map between `[-1, 1]` (where a squashed policy acts and its replay buffer stores actions) and
 * the bounds of a Box action space, as SB3's `scale_action` / `unscale_action`:
 * `x = low + (a + 1) (high - low) / 2`. Needs finite bounds.
 *
 * @example
 * ```ts
 * const s = new BoxScaling(new Box(-2, 2, [1]));
 * s.toEnv(Float32Array.of(0.5)); // [1]
 * ```
 */
export class BoxScaling {
  readonly dim: number;
  /** `(high - low) / 2` and `(high + low) / 2` per entry. */
  readonly scale: Float64Array;
  readonly center: Float64Array;

  constructor(space: Space<unknown>) {
    if (!(space instanceof Box)) throw new InvalidConfig(`A squashed policy needs a Box action space, got ${space.toString()}`);
    this.dim = space.size;
    this.scale = new Float64Array(this.dim);
    this.center = new Float64Array(this.dim);
    for (let k = 0; k < this.dim; k++) {
      const lo = space.low[k] ?? Number.NaN;
      const hi = space.high[k] ?? Number.NaN;
      if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
        throw new InvalidConfig(`A squashed policy needs finite action bounds, got [${lo}, ${hi}] at entry ${k} of ${space.toString()}`);
      }
      this.scale[k] = (hi - lo) / 2;
      this.center[k] = (hi + lo) / 2;
    }
  }

  /** Env actions from `[-1, 1]` actions (rows of `dim` entries), into `out`. */
  toEnv(a: ArrayLike<number>, out = new Float32Array(a.length)): Float32Array {
    for (let i = 0; i < a.length; i++) {
      const k = i % this.dim;
      out[i] = (this.center[k] ?? 0) + (this.scale[k] ?? 0) * (a[i] ?? 0);
    }
    return out;
  }

  /** `[-1, 1]` actions from env actions (rows of `dim` entries), into `out`. */
  fromEnv(x: ArrayLike<number>, out = new Float32Array(x.length)): Float32Array {
    for (let i = 0; i < x.length; i++) {
      const k = i % this.dim;
      out[i] = ((x[i] ?? 0) - (this.center[k] ?? 0)) / (this.scale[k] ?? 1);
    }
    return out;
  }
}
