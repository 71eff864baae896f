/**
 * Constants of the Pendulum, as Gymnasium's `PendulumEnv` attributes.
 *
 * @example
 * ```ts
 * const p = pendulumParams({ g: 9.81 });
 * ```
 */
export interface PendulumParams {
  readonly maxSpeed: number;
  readonly maxTorque: number;
  readonly dt: number;
  /** Gravity (Gymnasium's `g`, default 10.0). */
  readonly g: number;
  readonly m: number;
  readonly l: number;
}

/**
 * Gymnasium's Pendulum constants: max speed 8, max torque 2, dt 0.05, g 10, m 1, l 1.
 *
 * @example
 * ```ts
 * pendulumParams().maxTorque; // 2
 * ```
 */
export function pendulumParams(overrides: Partial<Pick<PendulumParams, 'g'>> = {}): PendulumParams {
  return { maxSpeed: 8, maxTorque: 2.0, dt: 0.05, g: overrides.g ?? 10.0, m: 1.0, l: 1.0 };
}

const TWO_PI = 2 * Math.PI;
/** 0.001 rounded to float32, as numpy 2 converts the Python scalar in `0.001 * float32`. */
const F32_MILLI = Math.fround(0.001);

/**
 * Gymnasium's `angle_normalize`: `((x + π) mod 2π) - π` with Python's floored modulo, into [-π, π).
 *
 * @example
 * ```ts
 * angleNormalize(3 * Math.PI / 2); // -π/2
 * ```
 */
export function angleNormalize(x: number): number {
  let r = (x + Math.PI) % TWO_PI;
  if (r < 0) r += TWO_PI;
  return r - Math.PI;
}

/**
 * One Pendulum step over a flat state array: `state[offset]` is theta (0 = upright, not wrapped),
 * `state[offset+1]` the angular velocity (float64, updated in place); `torque` is clipped to ±maxTorque.
 * Semi-implicit euler as Gymnasium: the new velocity (clipped to ±maxSpeed) moves the angle.
 * Writes the float32 observation [cos θ, sin θ, θdot] to `out[outOffset..+2]` and returns the reward
 * `-(angleNormalize(θ)² + 0.1 θdot² + 0.001 u²)` of the state before the step.
 * With `float32Torque` (the action came as float32, Gymnasium's action dtype) the torque terms `3u` and
 * `0.001u²` are rounded to float32 as numpy 2 computes them (NEP 50 promotion); otherwise all is float64.
 * Trajectories are sensitive enough that this rounding matters after a few dozen steps.
 *
 * @example
 * ```ts
 * const s = Float64Array.of(Math.PI, 0), obs = new Float32Array(3);
 * const reward = pendulumStep(s, 0, 2, pendulumParams(), obs, 0); // -(π² + 0 + 0.004)
 * ```
 */
export function pendulumStep(
  state: Float64Array,
  offset: number,
  torque: number,
  p: PendulumParams,
  out: Float32Array,
  outOffset: number,
  float32Torque = false,
): number {
  const th = state[offset];
  const thdot = state[offset + 1];
  const u = Math.min(Math.max(torque, -p.maxTorque), p.maxTorque);
  const an = angleNormalize(th);
  const gain = 3.0 / (p.m * (p.l * p.l));
  let effort: number;
  let push: number;
  if (float32Torque) {
    effort = Math.fround(F32_MILLI * Math.fround(u * u));
    push = Math.fround(Math.fround(gain) * u);
  } else {
    effort = 0.001 * (u * u);
    push = gain * u;
  }
  const costs = an * an + 0.1 * (thdot * thdot) + effort;
  let newthdot = thdot + (((3 * p.g) / (2 * p.l)) * Math.sin(th) + push) * p.dt;
  newthdot = Math.min(Math.max(newthdot, -p.maxSpeed), p.maxSpeed);
  const newth = th + newthdot * p.dt;
  state[offset] = newth;
  state[offset + 1] = newthdot;
  out[outOffset] = Math.cos(newth);
  out[outOffset + 1] = Math.sin(newth);
  out[outOffset + 2] = newthdot;
  return -costs;
}
