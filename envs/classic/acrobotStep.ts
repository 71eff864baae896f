/**
 * Constants of the Acrobot, as Gymnasium's `AcrobotEnv` class attributes.
 *
 * @example
 * ```ts
 * const p = acrobotParams({ bookOrNips: 'nips' });
 * ```
 */
export interface AcrobotParams {
  /** Integration interval of one step (s). */
  readonly dt: number;
  readonly linkLength1: number;
  readonly linkLength2: number;
  readonly linkMass1: number;
  readonly linkMass2: number;
  /** Position of the centre of mass of each link. */
  readonly linkComPos1: number;
  readonly linkComPos2: number;
  /** Moment of inertia of both links. */
  readonly linkMoi: number;
  readonly maxVel1: number;
  readonly maxVel2: number;
  readonly gravity: number;
  /** `'book'` (Sutton & Barto, Gymnasium's default) or `'nips'` (Sutton 1996, missing a term). */
  readonly bookOrNips: 'book' | 'nips';
}

/**
 * Gymnasium's Acrobot constants: dt 0.2, unit links, masses and inertia, velocity bounds 4π and 9π, g 9.8,
 * book dynamics.
 *
 * @example
 * ```ts
 * acrobotParams().maxVel2; // 9 * Math.PI
 * ```
 */
export function acrobotParams(overrides: Partial<Pick<AcrobotParams, 'bookOrNips'>> = {}): AcrobotParams {
  return {
    dt: 0.2,
    linkLength1: 1.0,
    linkLength2: 1.0,
    linkMass1: 1.0,
    linkMass2: 1.0,
    linkComPos1: 0.5,
    linkComPos2: 0.5,
    linkMoi: 1.0,
    maxVel1: 4 * Math.PI,
    maxVel2: 9 * Math.PI,
    gravity: 9.8,
    bookOrNips: overrides.bookOrNips ?? 'book',
  };
}

// Scratch for the derivative (single-threaded: each JS isolate has its own module instance).
const D = new Float64Array(4);

/** Writes d/dt of [theta1, theta2, dtheta1, dtheta2] under torque `a` into `D` (Gymnasium's `_dsdt`). */
function dsdt(p: AcrobotParams, theta1: number, theta2: number, dtheta1: number, dtheta2: number, a: number): void {
  const m1 = p.linkMass1;
  const m2 = p.linkMass2;
  const l1 = p.linkLength1;
  const lc1 = p.linkComPos1;
  const lc2 = p.linkComPos2;
  const I1 = p.linkMoi;
  const I2 = p.linkMoi;
  const g = p.gravity;
  const cos2 = Math.cos(theta2);
  const sin2 = Math.sin(theta2);
  const d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * cos2) + I1 + I2;
  const d2 = m2 * (lc2 * lc2 + l1 * lc2 * cos2) + I2;
  const phi2 = m2 * lc2 * g * Math.cos(theta1 + theta2 - Math.PI / 2.0);
  const phi1 =
    -m2 * l1 * lc2 * (dtheta2 * dtheta2) * sin2 -
    2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin2 +
    (m1 * lc1 + m2 * l1) * g * Math.cos(theta1 - Math.PI / 2) +
    phi2;
  let ddtheta2: number;
  if (p.bookOrNips === 'nips') {
    // as printed in the NIPS paper
    ddtheta2 = (a + (d2 / d1) * phi1 - phi2) / (m2 * (lc2 * lc2) + I2 - (d2 * d2) / d1);
  } else {
    // as in the book and the original Java implementation
    ddtheta2 = (a + (d2 / d1) * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * sin2 - phi2) / (m2 * (lc2 * lc2) + I2 - (d2 * d2) / d1);
  }
  const ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
  D[0] = dtheta1;
  D[1] = dtheta2;
  D[2] = ddtheta1;
  D[3] = ddtheta2;
}

/** Gymnasium's `wrap`: shifts `x` by multiples of `M - m` into [m, M]. */
function wrap(x: number, m: number, M: number): number {
  const diff = M - m;
  while (x > M) x = x - diff;
  while (x < m) x = x + diff;
  return x;
}

/**
 * One Acrobot step over a flat state array: integrates `state[offset..offset+3]` = [theta1, theta2, dtheta1,
 * dtheta2] (float64, in place) over `dt` with one classic Runge-Kutta-4 step under `torque`, then wraps the
 * angles to [-π, π] and bounds the velocities (Gymnasium's order of operations). Writes the float32
 * observation [cos θ1, sin θ1, cos θ2, sin θ2, dθ1, dθ2] to `out[outOffset..+5]` and returns whether the free
 * end is above the target height (`-cos θ1 - cos(θ1 + θ2) > 1`).
 *
 * @example
 * ```ts
 * const s = new Float64Array(4), obs = new Float32Array(6);
 * const terminated = acrobotStep(s, 0, +1, acrobotParams(), obs, 0);
 * ```
 */
export function acrobotStep(state: Float64Array, offset: number, torque: number, p: AcrobotParams, out: Float32Array, outOffset: number): boolean {
  const y0 = state[offset];
  const y1 = state[offset + 1];
  const y2 = state[offset + 2];
  const y3 = state[offset + 3];
  const dt = p.dt;
  const dt2 = dt / 2.0;
  dsdt(p, y0, y1, y2, y3, torque);
  const k10 = D[0], k11 = D[1], k12 = D[2], k13 = D[3];
  dsdt(p, y0 + dt2 * k10, y1 + dt2 * k11, y2 + dt2 * k12, y3 + dt2 * k13, torque);
  const k20 = D[0], k21 = D[1], k22 = D[2], k23 = D[3];
  dsdt(p, y0 + dt2 * k20, y1 + dt2 * k21, y2 + dt2 * k22, y3 + dt2 * k23, torque);
  const k30 = D[0], k31 = D[1], k32 = D[2], k33 = D[3];
  dsdt(p, y0 + dt * k30, y1 + dt * k31, y2 + dt * k32, y3 + dt * k33, torque);
  const k40 = D[0], k41 = D[1], k42 = D[2], k43 = D[3];
  const h = dt / 6.0;
  const t1 = wrap(y0 + h * (k10 + 2 * k20 + 2 * k30 + k40), -Math.PI, Math.PI);
  const t2 = wrap(y1 + h * (k11 + 2 * k21 + 2 * k31 + k41), -Math.PI, Math.PI);
  const v1 = Math.min(Math.max(y2 + h * (k12 + 2 * k22 + 2 * k32 + k42), -p.maxVel1), p.maxVel1);
  const v2 = Math.min(Math.max(y3 + h * (k13 + 2 * k23 + 2 * k33 + k43), -p.maxVel2), p.maxVel2);
  state[offset] = t1;
  state[offset + 1] = t2;
  state[offset + 2] = v1;
  state[offset + 3] = v2;
  acrobotObservation(state, offset, out, outOffset);
  return -Math.cos(t1) - Math.cos(t2 + t1) > 1.0;
}

/**
 * Writes the float32 Acrobot observation of `state[offset..+3]` to `out[outOffset..+5]`.
 *
 * @example
 * ```ts
 * acrobotObservation(Float64Array.of(0, 0, 0, 0), 0, obs, 0); // obs = [1, 0, 1, 0, 0, 0]
 * ```
 */
export function acrobotObservation(state: Float64Array, offset: number, out: Float32Array, outOffset: number): void {
  const t1 = state[offset];
  const t2 = state[offset + 1];
  out[outOffset] = Math.cos(t1);
  out[outOffset + 1] = Math.sin(t1);
  out[outOffset + 2] = Math.cos(t2);
  out[outOffset + 3] = Math.sin(t2);
  out[outOffset + 4] = state[offset + 2];
  out[outOffset + 5] = state[offset + 3];
}
