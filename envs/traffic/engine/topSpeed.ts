import type { EngineState } from './EngineState.js';

/**
 * Sets vehicle `v`'s speed factor to `f` (its type already set) and with it its top speed (SUMO 1.15
 * `MSBaseVehicle::getMaxSpeed`): its type's maxSpeed, at most its type's desiredMaxSpeed times the
 * factor (bicycles: 20 km/h times the factor). Kept per vehicle: the hot path reads it, never recomputes it.
 *
 * @example
 * ```ts
 * setSpeedFactor(state, v, drawSpeedFactor(state, type));
 * ```
 */
export function setSpeedFactor(e: EngineState, v: number, f: number): void {
  const d = e.net.demand;
  const ty = e.veh.type[v] ?? 0;
  const desired = (d.typeDesiredMaxSpeed[ty] ?? 2778) * f;
  const top = d.typeMaxSpeed[ty] ?? 55;
  e.veh.speedFactor[v] = f;
  e.veh.vTop[v] = desired < top ? desired : top;
}

/**
 * Vehicle `v`'s top speed (see `setSpeedFactor`).
 *
 * @example
 * ```ts
 * topSpeed(state, v); // m/s
 * ```
 */
export function topSpeed(e: EngineState, v: number): number {
  return e.veh.vTop[v] ?? 55;
}

/**
 * The speed vehicle `v` drives at most on segment `lane` (SUMO `MSLane::getVehicleMaxSpeed`): the lane's
 * limit times its speed factor, at most its top speed.
 *
 * @example
 * ```ts
 * laneSpeedOf(state, v, lane); // m/s
 * ```
 */
export function laneSpeedOf(e: EngineState, v: number, lane: number): number {
  const lim = (e.net.segSpeed[lane] ?? 13.89) * (e.veh.speedFactor[v] ?? 1);
  const top = topSpeed(e, v);
  return lim < top ? lim : top;
}
