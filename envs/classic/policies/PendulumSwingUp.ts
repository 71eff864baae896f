import type { Info } from '../../../src/core/types.js';
import type { Policy } from '../../../src/policy/Policy.js';

/** Parameters of {@link PendulumSwingUp}. */
export interface PendulumSwingUpGains {
  /** Proportional gain on the angle near the top. */
  readonly kp: number;
  /** Derivative gain on the angular velocity near the top. */
  readonly kd: number;
  /** Energy-pumping gain away from the top. */
  readonly ke: number;
  /** PD takes over when cos θ exceeds this. */
  readonly catchCos: number;
  /** Gravity and torque limit the policy plans with (Pendulum-v1 defaults 10 and 2). */
  readonly g: number;
  readonly maxTorque: number;
}

/**
 * A hand-written Pendulum controller: energy pumping (torque along θdot while the energy is below that of
 * the upright rest state) to swing up, then a PD rule on the normalised angle and angular velocity to
 * catch and hold the pendulum upright. Works from any start of Pendulum-v1.
 *
 * @example
 * ```ts
 * const policy = new PendulumSwingUp();
 * const torque = policy.act(Float32Array.of(1, 0.05, 0.2), {}); // near the top: PD, a Float32Array of 1
 * ```
 */
export class PendulumSwingUp implements Policy<ArrayLike<number>, Float32Array> {
  readonly name = 'pd';

  constructor(readonly gains: PendulumSwingUpGains = { kp: 10, kd: 2, ke: 2, catchCos: 0.85, g: 10, maxTorque: 2 }) {}

  act(obs: ArrayLike<number>, _info: Info): Float32Array {
    const c = obs[0];
    const s = obs[1];
    const thdot = obs[2];
    const k = this.gains;
    const theta = Math.atan2(s, c);
    let u: number;
    if (c > k.catchCos) {
      u = -(k.kp * theta + k.kd * thdot);
    } else {
      // energy per unit of m·l²/3: E = θdot²/2 + (3g/2l)·(cos θ - 1) with l = 1; E = 0 upright at rest
      const e = 0.5 * thdot * thdot + 1.5 * k.g * (c - 1);
      u = -k.ke * e * thdot;
      if (Math.abs(thdot) < 1e-3 && e < 0) u = k.maxTorque; // at rest at the bottom: start a swing
    }
    return Float32Array.of(Math.min(Math.max(u, -k.maxTorque), k.maxTorque));
  }
}
