import type { EngineState } from './EngineState.js';

/**
 * Vehicle `v`'s top speed (SUMO 1.15 `MSBaseVehicle::getMaxSpeed`): its type's maxSpeed, at most its
 * type's desiredMaxSpeed times its own speed factor (bicycles: 20 km/h times the factor).
 *
 * @example
 * ```ts
 * topSpeed(state, v); // m/s
 * ```
 */
export function topSpeed(e: EngineState, v: number): number {
  const d = e.net.demand;
  const ty = e.veh.type[v] ?? 0;
  const desired = (d.typeDesiredMaxSpeed[ty] ?? 2778) * (e.veh.speedFactor[v] ?? 1);
  const top = d.typeMaxSpeed[ty] ?? 55;
  return desired < top ? desired : top;
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
