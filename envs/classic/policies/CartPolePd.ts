import type { Info } from '../../../src/core/types.js';
import type { Policy } from '../../../src/policy/Policy.js';

/** Gains of {@link CartPolePd}: the push is to the right when `kx·x + kv·v + kTheta·θ + kOmega·ω > 0`. */
export interface CartPolePdGains {
  readonly kx: number;
  readonly kv: number;
  readonly kTheta: number;
  readonly kOmega: number;
}

/**
 * A hand-written CartPole controller: bang-bang on a linear (PD/LQR-style) combination of the pole angle
 * and angular velocity (which keep the pole up) plus cart position and velocity (which keep the cart near
 * the centre: to move left, first push right so the pole leans left). Balances CartPole-v1 to 500 steps.
 *
 * @example
 * ```ts
 * const pd = new CartPolePd();
 * const action = pd.act(Float32Array.of(0, 0, 0.02, 0), {}); // 1: the pole leans right, push right
 * ```
 */
export class CartPolePd implements Policy<ArrayLike<number>, number> {
  readonly name = 'pd';

  constructor(readonly gains: CartPolePdGains = { kx: 1, kv: 1.5, kTheta: 20, kOmega: 3 }) {}

  act(obs: ArrayLike<number>, _info: Info): number {
    const g = this.gains;
    const u = g.kx * (obs[0]) + g.kv * (obs[1]) + g.kTheta * (obs[2]) + g.kOmega * (obs[3]);
    return u > 0 ? 1 : 0;
  }
}
