/**
 * Constants of MountainCar, as Gymnasium's `MountainCarEnv` attributes.
 *
 * @example
 * ```ts
 * const p = mountainCarParams({ goalVelocity: 0.01 });
 * ```
 */
export interface MountainCarParams {
  readonly minPosition: number;
  readonly maxPosition: number;
  readonly maxSpeed: number;
  readonly goalPosition: number;
  /** The car must also have at least this velocity at the goal (Gymnasium's `goal_velocity`, default 0). */
  readonly goalVelocity: number;
  readonly force: number;
  readonly gravity: number;
}

/**
 * Gymnasium's MountainCar constants: positions [-1.2, 0.6], speed limit 0.07, goal 0.5, force 0.001,
 * gravity 0.0025.
 *
 * @example
 * ```ts
 * mountainCarParams().goalPosition; // 0.5
 * ```
 */
export function mountainCarParams(overrides: Partial<Pick<MountainCarParams, 'goalVelocity'>> = {}): MountainCarParams {
  return { minPosition: -1.2, maxPosition: 0.6, maxSpeed: 0.07, goalPosition: 0.5, goalVelocity: overrides.goalVelocity ?? 0, force: 0.001, gravity: 0.0025 };
}

/**
 * One MountainCar step over a flat state array: `state[offset]` is the position, `state[offset+1]` the
 * velocity (float64, updated in place); action 0/1/2 accelerates left/none/right. Velocity is clipped to
 * ±maxSpeed, position to [minPosition, maxPosition], and hitting the left wall stops the car (inelastic).
 * Writes the float32 observation to `out[outOffset..+1]` and returns whether the goal is reached.
 *
 * @example
 * ```ts
 * const s = Float64Array.of(-0.5, 0), obs = new Float32Array(2);
 * const terminated = mountainCarStep(s, 0, 2, mountainCarParams(), obs, 0);
 * ```
 */
export function mountainCarStep(state: Float64Array, offset: number, action: number, p: MountainCarParams, out: Float32Array, outOffset: number): boolean {
  let position = state[offset];
  let velocity = state[offset + 1];
  velocity = velocity + ((action - 1) * p.force + Math.cos(3 * position) * -p.gravity);
  velocity = Math.min(Math.max(velocity, -p.maxSpeed), p.maxSpeed);
  position = position + velocity;
  position = Math.min(Math.max(position, p.minPosition), p.maxPosition);
  if (position === p.minPosition && velocity < 0) velocity = 0;
  state[offset] = position;
  state[offset + 1] = velocity;
  out[outOffset] = position;
  out[outOffset + 1] = velocity;
  return position >= p.goalPosition && velocity >= p.goalVelocity;
}
