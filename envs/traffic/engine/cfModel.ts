import { idmSecureGap, idmSpeed, safeFollowSpeed, secureGap } from './carFollowing.js';
import type { EngineState } from './EngineState.js';
import { laneSpeedOf } from './topSpeed.js';

/**
 * The car-following model's own answers where SUMO asks a vehicle's `MSCFModel` and the IDM answers
 * differently from Krauss: the secure gap behind a leader (insertion, lane changing, zipper merges), the
 * speed behind a leader while inserting and while changing lanes (planning asks `PlanContext`).
 */

/**
 * SUMO `getSecureGap` of vehicle type `ty`'s model: the gap (net of the minimum gap) a follower going
 * `speed` needs behind a leader going `leaderSpeed` that may brake at `leaderDecel`. Krauss: its braking
 * distance with its headway less the leader's; IDM (`MSCFModel_IDM`): its desired dynamic gap.
 *
 * @example
 * ```ts
 * if (gap < secureGapOf(state, state.veh.type[f], vF, vL, decelL)) return false;
 * ```
 */
export function secureGapOf(e: EngineState, ty: number, speed: number, leaderSpeed: number, leaderDecel: number): number {
  const d = e.net.demand;
  const decel = d.typeDecel[ty] ?? 4.5;
  const tau = d.typeTau[ty] ?? 1;
  if (e.typeIdm[ty] === 1) return idmSecureGap(speed, leaderSpeed, tau, d.typeAccel[ty] ?? 2.6, decel);
  return secureGap(speed, leaderSpeed, decel, leaderDecel, tau, e.dt);
}

/**
 * The IDM's `followSpeed` of vehicle `v` going `speed` behind a leader `gap` metres ahead (net of the
 * minimum gap) going `predSpeed`: its next speed with the limit of the lane it is on as its desired speed
 * (`MSCFModel_IDM::followSpeed`).
 *
 * @example
 * ```ts
 * if (state.typeIdm[type] === 1) return idmFollowOf(state, v, speed, gap, leaderSpeed);
 * ```
 */
export function idmFollowOf(e: EngineState, v: number, speed: number, gap: number, predSpeed: number): number {
  const d = e.net.demand;
  const ty = e.veh.type[v] ?? 0;
  const laneMax = laneSpeedOf(e, v, e.veh.seg[v] ?? 0);
  const accel = d.typeAccel[ty] ?? 2.6;
  return idmSpeed(speed, gap, predSpeed, laneMax, true, accel, d.typeDecel[ty] ?? 4.5, d.typeTau[ty] ?? 1, d.typeMinGap[ty] ?? 2.5, d.typeDelta[ty] ?? 4, e.dt);
}

/**
 * SUMO `insertionFollowSpeed` of vehicle `v` entering segment `lane` at `speed` behind a leader `gap`
 * metres ahead (net of the minimum gap) going `predSpeed`. Krauss: the safe speed behind it. IDM: `speed`
 * itself when the gap is at least the dynamic gap at that speed, else its next speed behind the leader,
 * repeated while one more step would still lower it by 1 m/s or more.
 *
 * @example
 * ```ts
 * speed = Math.min(speed, insertionFollowSpeedOf(state, v, lane, speed, gap, leaderSpeed, leaderDecel));
 * ```
 */
export function insertionFollowSpeedOf(e: EngineState, v: number, lane: number, speed: number, gap: number, predSpeed: number, predDecel: number): number {
  const d = e.net.demand;
  const ty = e.veh.type[v] ?? 0;
  const decel = d.typeDecel[ty] ?? 4.5;
  const tau = d.typeTau[ty] ?? 1;
  if (e.typeIdm[ty] !== 1) return safeFollowSpeed(gap, 0, predSpeed, predDecel, decel, decel, tau, e.dt);
  const accel = d.typeAccel[ty] ?? 2.6;
  const minGap = d.typeMinGap[ty] ?? 2.5;
  const delta = d.typeDelta[ty] ?? 4;
  const laneMax = laneSpeedOf(e, v, lane);
  let sp = speed;
  for (let k = 0; k < 64; k++) {
    if (gap >= idmSecureGap(sp, predSpeed, tau, accel, decel)) return sp;
    const s2 = idmSpeed(sp, gap, predSpeed, laneMax, true, accel, decel, tau, minGap, delta, e.dt);
    const s3 = idmSpeed(s2, gap, predSpeed, laneMax, true, accel, decel, tau, minGap, delta, e.dt);
    if (s2 - s3 < 1) return s2;
    sp = s2;
  }
  return sp;
}
