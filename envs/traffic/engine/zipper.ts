import { estimateSpeedAfterDistance, NUMERICAL_EPS, safeFollowSpeed } from './carFollowing.js';
import { idmFollowOf, secureGapOf } from './cfModel.js';
import type { EngineState } from './EngineState.js';
import { MAX_ITEMS } from './VehicleStore.js';
import { laneSpeedOf } from './topSpeed.js';

/** Beyond this time (s) and distance (m) to the merge a driver does not adapt to zipper foes yet (SUMO). */
const ZIPPER_ADAPT_TIME = 10;
const ZIPPER_ADAPT_DIST = 100;

/** SUMO `MSLink::couldBrakeForLeader`: the follower is behind and could brake for 1 s to stay behind the leader. */
function couldBrakeForLeader(e: EngineState, followDist: number, leaderDist: number, follow: number, leader: number): boolean {
  const vs = e.veh;
  const dec = e.net.demand.typeDecel[vs.type[follow] ?? 0] ?? 4.5;
  return followDist > leaderDist && followDist - leaderDist > (vs.speed[follow] ?? 0) - dec - (vs.speed[leader] ?? 0);
}

/**
 * SUMO `MSLink::getZipperSpeed`: at a zipper merge a driver does not stop for the drivers on the other
 * lane that block it; it adapts its speed to fall in behind each of them that reaches the merge first
 * (ignoring those that arrive later unless they are ahead and it could easily brake, those behind it that
 * can brake for it, and, on a tie, the one on the higher lane index). The adaptation spreads the needed
 * braking over the time to the merge (up to 10 s ahead), never harder than following the foe.
 *
 * @param item the ego's drive item at the zipper link; @param foes the blocking foe items (`zipperFoes`).
 * @example
 * ```ts
 * vSafeZipper = Math.min(vSafeZipper, zipperSpeed(state, veh, item, foes));
 * ```
 */
export function zipperSpeed(e: EngineState, veh: number, item: number, foes: readonly number[]): number {
  const vs = e.veh;
  const n = e.net;
  const d = n.demand;
  const dt = e.dt;
  const dist = vs.itDist[item] ?? 0;
  const arrT = vs.itArrT[item] ?? 0;
  let vSafe = vs.itVPass[item] ?? 0;
  if (arrT - e.time > ZIPPER_ADAPT_TIME && dist > ZIPPER_ADAPT_DIST) return vSafe;
  const ty = vs.type[veh] ?? 0;
  const speed = vs.speed[veh] ?? 0;
  const decel = d.typeDecel[ty] ?? 4.5;
  const emergency = d.typeEmergencyDecel[ty] ?? 9;
  const tau = d.typeTau[ty] ?? 1;
  const egoLaneIx = n.laneIndex[vs.seg[veh] ?? 0] ?? 0;
  for (const j of foes) {
    const u = (j / MAX_ITEMS) | 0;
    const foeDist = vs.itDist[j] ?? 0;
    const foeArrT = vs.itArrT[j] ?? 0;
    if (
      (foeArrT > arrT && !couldBrakeForLeader(e, dist, foeDist, veh, u)) ||
      couldBrakeForLeader(e, foeDist, dist, u, veh) ||
      (foeArrT === arrT && foeDist === dist && egoLaneIx < (n.laneIndex[vs.seg[u] ?? 0] ?? 0))
    ) {
      continue;
    }
    const fty = vs.type[u] ?? 0;
    const foeSpeed = vs.speed[u] ?? 0;
    const foeDecel = d.typeDecel[fty] ?? 4.5;
    const uEnd = Math.min(laneSpeedOf(e, u, vs.seg[u] ?? 0), estimateSpeedAfterDistance(foeDist, foeSpeed, d.typeAccel[fty] ?? 2.6, d.typeMaxSpeed[fty] ?? 55));
    const uAvg = (foeSpeed + uEnd) / 2;
    const tf = Math.max(1, Math.ceil(foeDist / Math.max(NUMERICAL_EPS, uAvg) / dt) * dt);
    const egoMax = laneSpeedOf(e, veh, vs.seg[veh] ?? 0);
    const vEnd = Math.min(egoMax, estimateSpeedAfterDistance(dist, speed, d.typeAccel[ty] ?? 2.6, d.typeMaxSpeed[ty] ?? 55), uEnd);
    const vAvg = (speed + vEnd) / 2;
    const te = Math.max(1, Math.ceil(dist / Math.max(NUMERICAL_EPS, vAvg) / dt) * dt);
    const gap = dist - (d.typeLength[fty] ?? 5) - (d.typeMinGap[ty] ?? 2.5) - foeDist;
    const safeGap = secureGapOf(e, ty, vEnd, uEnd, foeDecel);
    // close the gap to the safe one by the time the foe reaches the link: gap + u t - (v t + a t^2 / 2) = safeGap
    const deltaGap = gap + tf * uAvg - safeGap - vAvg * tf;
    const vSafeGap = speed + ((2 * deltaGap) / (tf * tf)) * dt;
    const idm = e.typeIdm[ty] === 1;
    const vFollow = idm ? idmFollowOf(e, veh, speed, gap, foeSpeed) : safeFollowSpeed(gap, speed, foeSpeed, foeDecel, decel, emergency, tau, dt);
    const w = Math.min(1, te / 10);
    const maxDecel = w * decel + (1 - w) * emergency;
    const vZipper = Math.max(vFollow, speed - maxDecel * dt, w * vSafeGap + (1 - w) * vFollow);
    if (vZipper < vSafe) vSafe = vZipper;
  }
  return vSafe;
}
