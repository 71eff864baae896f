import type { Rng } from '../../src/rng/Rng.js';
import { Discrete } from '../../src/spaces/Discrete.js';

/**
 * A `Discrete(n)` whose `sample()` draws only among the actions the env currently allows: the env keeps
 * `mask` (1 = allowed) up to date, so a random policy or `checkEnv` never picks a refused action.
 * `contains` is the plain Discrete test; the env itself refuses masked actions with `InvalidAction`.
 *
 * @example
 * ```ts
 * const a = new MaskedDiscrete(3);
 * a.mask.set([0, 1, 1]);
 * a.sample(rng); // 1 or 2
 * ```
 */
export class MaskedDiscrete extends Discrete {
  /** The live mask of allowed actions. */
  readonly mask: Int8Array;

  constructor(n: number) {
    super(n);
    this.mask = new Int8Array(n).fill(1);
  }

  /** Uniform over allowed actions (the given `mask`, else the live one). */
  override sample(rng: Rng, mask?: ArrayLike<number>): number {
    return super.sample(rng, mask ?? this.mask);
  }
}
