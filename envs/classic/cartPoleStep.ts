/**
 * Physical constants and thresholds of CartPole, as Gymnasium's `CartPoleEnv` attributes.
 * `totalMass` and `polemassLength` are derived: build with {@link cartPoleParams} so they stay consistent.
 *
 * @example
 * ```ts
 * const p = cartPoleParams({ kinematicsIntegrator: 'semi-implicit-euler' });
 * p.tau; // 0.02
 * ```
 */
export interface CartPoleParams {
  readonly gravity: number;
  readonly masscart: number;
  readonly masspole: number;
  /** `masspole + masscart`. */
  readonly totalMass: number;
  /** Half the pole's length (Gymnasium's `length`). */
  readonly length: number;
  /** `masspole * length`. */
  readonly polemassLength: number;
  readonly forceMag: number;
  /** Seconds between state updates. */
  readonly tau: number;
  /** `'euler'` (Gymnasium's default) or `'semi-implicit-euler'` (Gymnasium's `else` branch). */
  readonly kinematicsIntegrator: 'euler' | 'semi-implicit-euler';
  /** The episode terminates when |theta| exceeds this (12 degrees). */
  readonly thetaThresholdRadians: number;
  /** The episode terminates when |x| exceeds this. */
  readonly xThreshold: number;
}

/**
 * Gymnasium's CartPole constants (gravity 9.8, cart 1.0 kg, pole 0.1 kg, half-length 0.5, force 10, tau 0.02,
 * euler, 12 degrees, 2.4), with optional overrides of the independent ones.
 *
 * @example
 * ```ts
 * const p = cartPoleParams();
 * p.thetaThresholdRadians; // 12 * 2 * Math.PI / 360
 * ```
 */
export function cartPoleParams(overrides: Partial<Pick<CartPoleParams, 'kinematicsIntegrator'>> = {}): CartPoleParams {
  const gravity = 9.8;
  const masscart = 1.0;
  const masspole = 0.1;
  const length = 0.5;
  return {
    gravity,
    masscart,
    masspole,
    totalMass: masspole + masscart,
    length,
    polemassLength: masspole * length,
    forceMag: 10.0,
    tau: 0.02,
    kinematicsIntegrator: overrides.kinematicsIntegrator ?? 'euler',
    thetaThresholdRadians: (12 * 2 * Math.PI) / 360,
    xThreshold: 2.4,
  };
}

/**
 * One CartPole step over a flat state array: advances the 4 float64 entries `state[offset .. offset+3]`
 * (x, xDot, theta, thetaDot) in place with action 0 (push left) or 1 (push right), writes them cast to
 * float32 into `out[outOffset .. outOffset+3]`, and returns whether the new state is terminal.
 * The equations and their evaluation order are Gymnasium's (Florian 2005, corrected Barto-Sutton-Anderson),
 * so results agree bit for bit up to the platform's `sin`/`cos`. Allocation-free: the single env and the
 * batched vector env both step through this function.
 *
 * @example
 * ```ts
 * const states = new Float64Array(4 * n), obs = new Float32Array(4 * n);
 * for (let i = 0; i < n; i++) done[i] = cartPoleStep(states, 4 * i, actions[i], params, obs, 4 * i) ? 1 : 0;
 * ```
 */
export function cartPoleStep(state: Float64Array, offset: number, action: number, p: CartPoleParams, out: Float32Array, outOffset: number): boolean {
  let x = state[offset];
  let xDot = state[offset + 1];
  let theta = state[offset + 2];
  let thetaDot = state[offset + 3];
  const force = action === 1 ? p.forceMag : -p.forceMag;
  const costheta = Math.cos(theta);
  const sintheta = Math.sin(theta);
  const temp = (force + p.polemassLength * (thetaDot * thetaDot) * sintheta) / p.totalMass;
  const thetaacc = (p.gravity * sintheta - costheta * temp) / (p.length * (4.0 / 3.0 - (p.masspole * (costheta * costheta)) / p.totalMass));
  const xacc = temp - (p.polemassLength * thetaacc * costheta) / p.totalMass;
  if (p.kinematicsIntegrator === 'euler') {
    x = x + p.tau * xDot;
    xDot = xDot + p.tau * xacc;
    theta = theta + p.tau * thetaDot;
    thetaDot = thetaDot + p.tau * thetaacc;
  } else {
    xDot = xDot + p.tau * xacc;
    x = x + p.tau * xDot;
    thetaDot = thetaDot + p.tau * thetaacc;
    theta = theta + p.tau * thetaDot;
  }
  state[offset] = x;
  state[offset + 1] = xDot;
  state[offset + 2] = theta;
  state[offset + 3] = thetaDot;
  out[outOffset] = x;
  out[outOffset + 1] = xDot;
  out[outOffset + 2] = theta;
  out[outOffset + 3] = thetaDot;
  return x < -p.xThreshold || x > p.xThreshold || theta < -p.thetaThresholdRadians || theta > p.thetaThresholdRadians;
}
