import { POSITION_EPS } from './carFollowing.js';
import { insertionFollowSpeedOf, secureGapOf } from './cfModel.js';
import { DS_LIMIT, DS_MAX } from './departureCodes.js';
import type { EngineState } from './EngineState.js';
import { insertionFollower } from './insertionFollowers.js';
import { insertionSpeed } from './insertionSpeed.js';
import { laneSpeedOf } from './topSpeed.js';

/** Set by {@link freeInsertion} on success: the speed the vehicle enters with. */
export const freeResult = { speed: 0 };

/**
 * SUMO's `MSLane::freeInsertion` (`departPos="free"`, the free part of `random_free`, and where a
 * teleported vehicle comes back): the first place from the lane's start where the vehicle fits. On an
 * empty lane at `minPos` (the front position; 0 for a departure, the vehicle's length for a teleport),
 * moved forward by what the follower upstream misses of its secure gap; on a lane with vehicles at
 * `minPos` when the front-most one leaves room for it there, else in the first gap, from the rear, between
 * two of them or ahead of the front-most one (behind a driver whose back still covers the lane's end).
 * The gaps are sized for the departure speed (SUMO's, 0 unless `departSpeed` asks for one; for a teleport,
 * `cap`). Returns the front position, -1 when it fits nowhere; the speed is in {@link freeResult} (at most
 * `cap`, and at most its leader's speed in a gap).
 *
 * @example
 * ```ts
 * const pos = freeInsertion(state, v, lane, 0, Infinity);
 * if (pos >= 0) place(v, lane, pos, freeResult.speed);
 * ```
 */
export function freeInsertion(e: EngineState, v: number, lane: number, minPos: number, cap: number): number {
  const vs = e.veh;
  const d = e.net.demand;
  const ty = vs.type[v] ?? 0;
  const len = d.typeLength[ty] ?? 5;
  const minGap = d.typeMinGap[ty] ?? 2.5;
  const decel = d.typeDecel[ty] ?? 4.5;
  const laneLen = e.net.segLength[lane] ?? 0;
  // SUMO's departure speed (`getDepartSpeed`: 0 unless departSpeed asks for one; a random one at its
  // bound), or where a teleported vehicle comes back (cap) the lane's limit or its own top speed
  const code = vs.departSpeed[v] ?? DS_MAX;
  const mspeed = cap < Infinity ? cap : code >= 0 ? code : code === DS_LIMIT ? (e.net.segSpeed[lane] ?? 13.89) : laneSpeedOf(e, v, lane);
  const head = e.segHead[lane] ?? -1;
  if (head < 0) {
    // ensure the gap the followers on the lanes before need
    const B = insertionFollower(e, lane, minPos - len, -1, decel, ty);
    let missing = 0;
    if (B.veh >= 0) {
      const fty = vs.type[B.veh] ?? 0;
      missing = secureGapOf(e, fty, vs.speed[B.veh] ?? 0, mspeed, decel) - B.gap;
    }
    if (missing > 0 && minPos + missing > laneLen) return -1;
    return attempt(e, v, lane, minPos + Math.max(0, missing), cap);
  }
  // behind every vehicle of the lane, when the front-most one leaves room (SUMO's old check against it, at
  // its speed, the entering speed no more than what a gap that size allows)
  const hty = vs.type[head] ?? 0;
  const headBack = (vs.pos[head] ?? 0) - (d.typeLength[hty] ?? 5);
  const hSpeed = vs.speed[head] ?? 0;
  const hDecel = d.typeDecel[hty] ?? 4.5;
  const frontGapNeeded = secureGapOf(e, ty, hSpeed, hSpeed, hDecel) + minGap;
  if (headBack >= frontGapNeeded) {
    const tspeed = Math.min(insertionFollowSpeedOf(e, v, lane, mspeed, frontGapNeeded, hSpeed, hDecel), mspeed);
    if (attempt(e, v, lane, minPos, Math.min(cap, tspeed)) >= 0) return minPos;
  }
  // the gaps from the rear: behind each vehicle's leader, or ahead of the front-most one
  for (let f = e.segTail[lane] ?? -1; f >= 0; f = vs.ahead[f] ?? -1) {
    const l = vs.ahead[f] ?? -1;
    let speed = mspeed;
    let frontMax = laneLen;
    if (l >= 0) {
      const lty = vs.type[l] ?? 0;
      speed = Math.min(vs.speed[l] ?? 0, mspeed);
      frontMax = (vs.pos[l] ?? 0) - (d.typeLength[lty] ?? 5) - (secureGapOf(e, ty, speed, vs.speed[l] ?? 0, d.typeDecel[lty] ?? 4.5) + minGap);
    } else {
      // ahead of the front-most one: a driver whose back still covers the lane's end leads (SUMO's partial occupant)
      const u = e.partialOccupant(lane);
      if (u >= 0) {
        const uty = vs.type[u] ?? 0;
        speed = Math.min(vs.speed[u] ?? 0, mspeed);
        frontMax = laneLen - e.partialBack - (secureGapOf(e, ty, speed, vs.speed[u] ?? 0, d.typeDecel[uty] ?? 4.5) + minGap);
      }
    }
    const fty = vs.type[f] ?? 0;
    const followPos = (vs.pos[f] ?? 0) + (d.typeMinGap[fty] ?? 2.5);
    // the inserted vehicle's speed is 0 before it enters (SUMO's getSpeed of a vehicle not yet on the net)
    const backMin = followPos + secureGapOf(e, fty, vs.speed[f] ?? 0, 0, decel) + len;
    if (frontMax > minPos && backMin + POSITION_EPS < frontMax && attempt(e, v, lane, backMin + POSITION_EPS, Math.min(cap, speed)) >= 0) {
      return backMin + POSITION_EPS;
    }
  }
  return -1;
}

/** SUMO's `isInsertionSuccess` with the speed patched (whatever `departSpeed` says): the position when `v` fits there, else -1. */
function attempt(e: EngineState, v: number, lane: number, pos: number, cap: number): number {
  const speed = insertionSpeed(e, v, lane, pos, cap, true);
  if (speed < 0) return -1;
  freeResult.speed = speed;
  return pos;
}
