/*
 * Car following as SUMO computes it with its default (semi-implicit Euler) update: the Krauss model's
 * safe speeds, brake gaps and arrival estimates (SUMO's MSCFModel and MSCFModel_Krauss, documented at
 * sumo.dlr.de/docs/Car-Following-Models.html), and the Intelligent Driver Model for tsgym's own scenarios.
 * Plain numeric functions (no objects), so the engine's inner loop allocates nothing.
 */

/** SUMO's NUMERICAL_EPS (m): safety margin of exact stops. */
export const NUMERICAL_EPS = 0.001;
/** SUMO's POSITION_EPS (m). */
export const POSITION_EPS = 0.1;
/** SUMO's emergency deceleration amplifier (MSCFModel). */
const EMERGENCY_DECEL_AMPLIFIER = 1.2;

/**
 * Distance needed to stop from `speed` braking with `decel` in steps of `dt` (the speed is held for the
 * first step), plus the reaction distance `speed * headway` (SUMO `brakeGap`, Euler update).
 *
 * @example
 * ```ts
 * brakeGap(10, 4.5, 1, 0); // 10 + 5.5 - ... = 11 m: steps 2, 10*2 - 4.5*3 = 6.5 m
 * ```
 */
export function brakeGap(speed: number, decel: number, dt: number, headway: number): number {
  const red = decel * dt;
  const steps = Math.floor(speed / red);
  return dt * (steps * speed - (red * steps * (steps + 1)) / 2) + speed * headway;
}

/**
 * The highest speed from which the vehicle can still stop within `gap` metres, decelerating by `decel`
 * every step after a reaction time `headway` (SUMO `maximumSafeStopSpeedEuler`).
 *
 * @example
 * ```ts
 * maximumSafeStopSpeed(20, 4.5, 1, 1); // ~7.2 m/s
 * ```
 */
export function maximumSafeStopSpeed(gap: number, decel: number, dt: number, headway: number): number {
  const g = gap - NUMERICAL_EPS;
  if (g < 0) return 0;
  const b = decel * dt;
  const t = headway;
  const s = dt;
  const n = Math.floor(0.5 - (t - Math.sqrt(s * s + 4 * (s * ((2 * g) / b - t) + t * t)) * 0.5) / s);
  const h = 0.5 * n * (n - 1) * b * s + n * b * t;
  const r = (g - h) / (n * s + t);
  const x = n * b + r;
  return x > 0 ? x : 0;
}

/**
 * Deceleration (m/s^2) that stops the follower behind a leader braking with at most `predMaxDecel`
 * (SUMO `calculateEmergencyDeceleration`).
 *
 * @example
 * ```ts
 * emergencyDeceleration(5, 10, 0, 4.5, 9); // 10 m/s^2 would be needed: 9 (the emergency limit) when gap <= 0
 * ```
 */
export function emergencyDeceleration(gap: number, egoSpeed: number, predSpeed: number, predMaxDecel: number, emergencyDecel: number): number {
  if (gap <= 0) return emergencyDecel;
  const b1 = (0.5 * egoSpeed * egoSpeed) / gap;
  if (b1 <= predMaxDecel) return b1;
  return (0.5 * (egoSpeed * egoSpeed - predSpeed * predSpeed)) / gap;
}

/** Inputs of {@link safeFollowSpeedOf}: the follower's speed and parameters, the gap and the leader's speed and deceleration. */
export interface FollowInput {
  gap: number;
  egoSpeed: number;
  predSpeed: number;
  predMaxDecel: number;
  decel: number;
  emergencyDecel: number;
  tau: number;
  dt: number;
}

/**
 * Krauss safe following speed (SUMO `maximumSafeFollowSpeed`, Euler): the speed from which the follower
 * stops behind a leader that brakes at once with max(decel, predMaxDecel); `gap` is net of the minimum
 * gap. When that needs more than `decel`, the emergency rule of SUMO limits the braking it plans.
 *
 * @example
 * ```ts
 * safeFollowSpeed(20, 10, 10, 4.5, 4.5, 9, 1, 1); // ~15 m/s
 * ```
 */
export function safeFollowSpeed(
  gap: number, egoSpeed: number, predSpeed: number, predMaxDecel: number, decel: number, emergencyDecel: number, tau: number, dt: number,
): number {
  const f = FOLLOW;
  f.gap = gap;
  f.egoSpeed = egoSpeed;
  f.predSpeed = predSpeed;
  f.predMaxDecel = predMaxDecel;
  f.decel = decel;
  f.emergencyDecel = emergencyDecel;
  f.tau = tau;
  f.dt = dt;
  return safeFollowSpeedOf(f);
}

const FOLLOW: FollowInput = { gap: 0.5, egoSpeed: 0.5, predSpeed: 0.5, predMaxDecel: 0.5, decel: 0.5, emergencyDecel: 0.5, tau: 0.5, dt: 0.5 };

/**
 * {@link safeFollowSpeed} with its inputs as fields of `f` (the engine's inner loops keep them in
 * reused objects, so no number is boxed on the call).
 *
 * @example
 * ```ts
 * safeFollowSpeedOf({ gap: 20, egoSpeed: 10, predSpeed: 10, predMaxDecel: 4.5, decel: 4.5, emergencyDecel: 9, tau: 1, dt: 1 }); // ~15 m/s
 * ```
 */
export function safeFollowSpeedOf(f: FollowInput): number {
  const gap = f.gap;
  const egoSpeed = f.egoSpeed;
  const decel = f.decel;
  const emergencyDecel = f.emergencyDecel;
  const dt = f.dt;
  let x: number;
  if (gap >= 0) {
    const d = decel > f.predMaxDecel ? decel : f.predMaxDecel;
    x = maximumSafeStopSpeed(gap + brakeGap(f.predSpeed, d, dt, 0), decel, dt, f.tau);
  } else {
    x = egoSpeed - emergencyDecel * dt;
    if (x < 0) x = 0;
  }
  if (decel !== emergencyDecel) {
    const orig = (egoSpeed - x) / dt;
    if (orig > decel + NUMERICAL_EPS) {
      let safe = EMERGENCY_DECEL_AMPLIFIER * emergencyDeceleration(gap, egoSpeed, f.predSpeed, f.predMaxDecel, emergencyDecel);
      if (safe < decel) safe = decel;
      if (safe > orig) safe = orig;
      x = egoSpeed - safe * dt;
      if (x < 0) x = 0;
    }
  }
  return x;
}

/**
 * {@link safeFollowSpeedOf} as SUMO computes it while the lane changes are decided
 * (`MSCFModel::maximumSafeFollowSpeed` with `MSGlobals::gComputeLC`): the stop speed within the gap plus
 * the leader's brake gap for any gap, a negative one too (a driver beside the changer), and no
 * emergency-deceleration correction.
 *
 * @example
 * ```ts
 * safeFollowSpeedLcOf({ gap: -3.08, egoSpeed: 14.07, predSpeed: 16.31, predMaxDecel: 4.5, decel: 4.5, emergencyDecel: 9, tau: 1, dt: 1 }); // ~10.82 m/s
 * ```
 */
export function safeFollowSpeedLcOf(f: FollowInput): number {
  const d = f.decel > f.predMaxDecel ? f.decel : f.predMaxDecel;
  return maximumSafeStopSpeed(f.gap + brakeGap(f.predSpeed, d, f.dt, 0), f.decel, f.dt, f.tau);
}

/**
 * Speed that lets a vehicle arrive at `dist` with `targetSpeed` braking at most `decel` per step
 * (SUMO `freeSpeed`, Euler): used for slower lanes ahead.
 *
 * @example
 * ```ts
 * freeSpeed(13.9, 4.5, 30, 5, 1); // ~ 15.2: no need to slow down yet
 * ```
 */
export function freeSpeed(decel: number, dist: number, targetSpeed: number, dt: number, onInsertion = false): number {
  const v = targetSpeed * dt;
  if (dist < v) return targetSpeed;
  const b = decel * dt * dt;
  const y = Math.max(0, ((Math.sqrt((b + 2 * v) * (b + 2 * v) + 8 * b * dist) - b) * 0.5 - v) / b);
  const yFull = Math.floor(y);
  const exactGap = (yFull * yFull + yFull) * 0.5 * b + yFull * v + (y > yFull ? v : 0);
  const fullSpeedGain = (yFull + (onInsertion ? 1 : 0)) * decel * dt;
  return Math.max(0, dist - exactGap) / dt / (yFull + 1) + fullSpeedGain + targetSpeed;
}

/**
 * Speed after accelerating with `accel` over `dist` from `v` (SUMO `estimateSpeedAfterDistance`), capped
 * by `maxSpeed`.
 *
 * @example
 * ```ts
 * estimateSpeedAfterDistance(10, 0, 2.6, 50); // ~7.2
 * ```
 */
export function estimateSpeedAfterDistance(dist: number, v: number, accel: number, maxSpeed: number): number {
  const q = 2 * dist * accel + v * v;
  const r = q > 0 ? Math.sqrt(q) : 0;
  return r < maxSpeed ? r : maxSpeed;
}

/**
 * Earliest time (s) to cover `dist` starting at `speed` and arriving with `arrivalSpeed` (SUMO
 * `getMinimalArrivalTime`).
 *
 * @example
 * ```ts
 * minimalArrivalTime(20, 10, 10, 2.6, 4.5); // 2 s
 * ```
 */
export function minimalArrivalTime(dist: number, speed: number, arrivalSpeed: number, accel: number, decel: number): number {
  if (dist <= 0) return 0;
  const a = arrivalSpeed >= speed ? accel : -decel;
  const accelTime = a === 0 ? 0 : (arrivalSpeed - speed) / a;
  const accelWay = (accelTime * (arrivalSpeed + speed)) * 0.5;
  if (dist >= accelWay) {
    const rest = dist - accelWay;
    const cruise = Math.max(speed, arrivalSpeed, 0.1);
    return accelTime + rest / cruise;
  }
  return -(speed - Math.sqrt(speed * speed + 2 * a * dist)) / a;
}

/**
 * Krauss dawdling (SUMO `dawdle2`, Euler): a random reduction of `speed` by up to sigma x accel x dt
 * (sigma x speed x dt while slower than `accel`, so starting vehicles always start). `r` in [0, 1).
 *
 * @example
 * ```ts
 * dawdle(10, 0.5, 2.6, 1, 0.5); // 10 - 0.65
 * ```
 */
export function dawdle(speed: number, sigma: number, accel: number, dt: number, r: number): number {
  const v = speed < accel ? speed - dt * sigma * speed * r : speed - dt * sigma * accel * r;
  return v > 0 ? v : 0;
}

/**
 * Whether a follower arriving at `followerSpeed` behind a leader at `leaderSpeed` could not stop in the
 * leader's stopping distance (SUMO `unsafeMergeSpeeds`).
 *
 * @example
 * ```ts
 * unsafeMergeSpeeds(5, 10, 4.5, 4.5); // true
 * ```
 */
export function unsafeMergeSpeeds(leaderSpeed: number, followerSpeed: number, leaderDecel: number, followerDecel: number): boolean {
  return (leaderSpeed * leaderSpeed) / leaderDecel <= (followerSpeed * followerSpeed) / followerDecel;
}

/**
 * The gap (net of the minimum gap) a follower at `speed` needs behind a leader at `leaderSpeed` (SUMO
 * `getSecureGap` of the Krauss model).
 *
 * @example
 * ```ts
 * secureGap(10, 10, 4.5, 4.5, 1, 1); // 10 m (the reaction distance)
 * ```
 */
export function secureGap(speed: number, leaderSpeed: number, decel: number, leaderDecel: number, tau: number, dt: number): number {
  const d = decel > leaderDecel ? decel : leaderDecel;
  const g = brakeGap(speed, decel, dt, tau) - brakeGap(leaderSpeed, d, dt, 0);
  return g > 0 ? g : 0;
}

/**
 * Intelligent Driver Model acceleration (Treiber, Hennecke & Helbing 2000):
 * `a = A [1 - (v/v0)^delta - (s*(v, dv)/s)^2]`, `s* = s0 + max(0, v T + v dv / (2 sqrt(A b)))`.
 *
 * @param v own speed (m/s); @param v0 desired speed; @param gap bumper-to-bumper gap to the leader (m,
 * Infinity for none); @param vl leader speed; @param A max acceleration; @param b comfortable deceleration;
 * @param T time headway (s); @param s0 minimum gap (m); @param delta free-road exponent.
 * @example
 * ```ts
 * idmAccel(10, 13.89, 30, 10, 2.6, 4.5, 1, 2.5, 4); // gentle acceleration toward the leader's speed
 * ```
 */
export function idmAccel(v: number, v0: number, gap: number, vl: number, A: number, b: number, T: number, s0: number, delta: number): number {
  const q = v / v0;
  const free = delta === 4 ? 1 - q * q * q * q : 1 - Math.pow(q, delta);
  if (gap === Infinity) return A * free;
  const sStar = s0 + Math.max(0, v * T + (v * (v - vl)) / (2 * Math.sqrt(A * b)));
  const s = gap > 0.01 ? gap : 0.01;
  const r = sStar / s;
  return A * (free - r * r);
}

/**
 * Krauss safe speed in its textbook form (Krauss 1998): `vsafe = vl + (g - vl tau) / ((v + vl) / (2 b) + tau)`.
 *
 * @param g net gap minus the minimum gap (m).
 * @example
 * ```ts
 * kraussSafeSpeed(10, 8, 20, 4.5, 1); // 12
 * ```
 */
export function kraussSafeSpeed(v: number, vl: number, g: number, b: number, tau: number): number {
  return vl + (g - vl * tau) / ((v + vl) / (2 * b) + tau);
}

/**
 * IDM's secure gap (`MSCFModel_IDM::getSecureGap`): its desired dynamic gap without the minimum gap,
 * `max(0, v T + v (v - vl) / (2 sqrt(A b)))`.
 *
 * @example
 * ```ts
 * idmSecureGap(13.89, 0, 1, 2.6, 4.5); // about 42 m before a standing obstacle
 * ```
 */
export function idmSecureGap(speed: number, leaderSpeed: number, T: number, A: number, b: number): number {
  const g = speed * T + (speed * (speed - leaderSpeed)) / (2 * Math.sqrt(A * b));
  return g > 0 ? g : 0;
}

/** SUMO's default IDM integration step (`stepping`, s). */
export const IDM_STEPPING = 0.25;

/**
 * SUMO's IDM speed for the next step (`MSCFModel_IDM::_v`): the IDM acceleration integrated over the
 * step in `round(dt / 0.25)` sub-steps, the gap shrinking with the speed difference in each. `gap` is
 * to the leader's back net of the minimum gap when `respectMinGap` (car following), or to a standing
 * obstacle when not (stopping).
 *
 * @example
 * ```ts
 * const v = idmSpeed(10, 30, 8, 13.9, true, 2.6, 4.5, 1, 2.5, 4, 1);
 * ```
 */
export function idmSpeed(
  speed: number, gap0: number, predSpeed: number, desSpeed: number, respectMinGap: boolean, A: number, b: number, T: number, s0: number,
  delta: number, dt: number,
): number {
  const iterations = Math.max(1, Math.round(dt / IDM_STEPPING));
  const twoSqrtAB = 2 * Math.sqrt(A * b);
  let v = speed;
  let gap = respectMinGap ? gap0 + s0 : gap0;
  for (let i = 0; i < iterations; i++) {
    const dv = v - predSpeed;
    let sStar = Math.max(0, v * T + (v * dv) / twoSqrtAB);
    if (respectMinGap) sStar += s0;
    if (gap < NUMERICAL_EPS) gap = NUMERICAL_EPS;
    const q = v / Math.max(NUMERICAL_EPS, desSpeed);
    const free = delta === 4 ? q * q * q * q : Math.pow(q, delta);
    const acc = A * (1 - free - (sStar * sStar) / (gap * gap));
    v = Math.max(0, v + (acc * dt) / iterations);
    gap -= Math.max(0, ((v - predSpeed) * dt) / iterations);
  }
  return Math.max(0, v);
}

