import { brakeGap, maximumSafeStopSpeed, POSITION_EPS, safeFollowSpeed, secureGap } from './carFollowing.js';
import { DS_AVG, DS_DESIRED, DS_LAST, DS_LIMIT, DS_MAX, DS_RANDOM } from './departureCodes.js';
import type { EngineState } from './EngineState.js';
import { insertionFollower } from './insertionFollowers.js';
import { LS_R, LS_Y } from './linkStates.js';
import { laneSpeedOf } from './topSpeed.js';

/*
 * The speed a vehicle can be inserted with at a position (SUMO `MSLane::isInsertionSuccess`): the
 * departure speed its `departSpeed` asks for, patched down to what the vehicle ahead (on the lane, still
 * covering its end, or beyond it), a red or yellow light and the follower behind allow.
 */

/** The vehicle ahead found by {@link leaderOf} (`veh` -1: none): its back (m on the lane), speed and deceleration. */
const ahead = { veh: -1, back: Infinity, speed: 0, decel: 4.5 };

/**
 * The vehicle ahead of `v` on `lane`: `L` (a vehicle of the lane, -1 for none), else one whose back still
 * covers the lane's end, else the first one beyond the end within `range` m of it (SUMO checks the
 * continuation lanes on insertion).
 */
export function leaderOf(e: EngineState, v: number, lane: number, L: number, range: number): typeof ahead {
  const vs = e.veh;
  const d = e.net.demand;
  const laneLen = e.net.segLength[lane] ?? 0;
  ahead.veh = -1;
  ahead.back = Infinity;
  let u = L;
  if (u >= 0) ahead.back = (vs.pos[u] ?? 0) - (d.typeLength[vs.type[u] ?? 0] ?? 5);
  else if ((u = e.partialOccupant(lane)) >= 0) ahead.back = laneLen - e.partialBack;
  else if (range > 0 && (u = leaderBeyond(e, v, lane, range)) >= 0) ahead.back = laneLen - POSITION_EPS + beyondGap + (d.typeMinGap[vs.type[v] ?? 0] ?? 2.5);
  if (u < 0) return ahead;
  ahead.veh = u;
  ahead.speed = vs.speed[u] ?? 0;
  ahead.decel = d.typeDecel[vs.type[u] ?? 0] ?? 4.5;
  return ahead;
}

/** Set by {@link leaderBeyond}: the gap (m, less `v`'s minGap) from the end of the lane to the leader's back. */
let beyondGap = 0;

/**
 * The first vehicle beyond the end of `lane` along `v`'s next connection and its target lane, within `range` m (-1: none);
 * the gap to its back in `beyondGap`.
 */
function leaderBeyond(e: EngineState, v: number, lane: number, range: number): number {
  const n = e.net;
  const vs = e.veh;
  const c = vs.conn[v] ?? -1;
  if (c < 0) return -1;
  let seen = n.segLength[lane] ?? 0;
  const from = seen - POSITION_EPS;
  const count = n.connSegCount[c] ?? 0;
  let s = n.connSegStart[c] ?? -1;
  // the connection's internal lanes (k < count), then the lane it leads to (k = count)
  for (let k = 0; k <= count && s >= 0 && seen - from < range; k++) {
    const t = e.segTail[s] ?? -1;
    if (t >= 0) {
      beyondGap = seen + (vs.pos[t] ?? 0) - (n.demand.typeLength[vs.type[t] ?? 0] ?? 5) - from - (n.demand.typeMinGap[vs.type[v] ?? 0] ?? 2.5);
      return t;
    }
    seen += n.segLength[s] ?? 0;
    s = k < count ? (n.segNext[s] ?? -1) : -1;
  }
  return -1;
}

/**
 * The speed at which `v` could be inserted at `pos` on `lane` with SUMO's checks (leader ahead, the
 * vehicle behind, a red light ahead), or -1 if insertion there is not possible now (SUMO
 * `MSLane::isInsertionSuccess`); a speed to be patched (`max` and the like) is at most `cap`.
 *
 * @example
 * ```ts
 * const speed = insertionSpeed(state, v, lane, 5); // -1: not now
 * ```
 */
export function insertionSpeed(e: EngineState, v: number, lane: number, pos: number, cap = Infinity): number {
  const n = e.net;
  const vs = e.veh;
  const d = n.demand;
  const ty = vs.type[v] ?? 0;
  const len = d.typeLength[ty] ?? 5;
  const minGap = d.typeMinGap[ty] ?? 2.5;
  const decel = d.typeDecel[ty] ?? 4.5;
  const tau = d.typeTau[ty] ?? 1;
  const dt = e.dt;
  const laneMax = laneSpeedOf(e, v, lane);
  let L = e.segTail[lane] ?? -1;
  let F = -1;
  while (L >= 0 && (vs.pos[L] ?? 0) < pos) {
    F = L;
    L = vs.ahead[L] ?? -1;
  }
  const code = vs.departSpeed[v] ?? DS_MAX;
  let speed = code >= 0 ? code
    : code === DS_RANDOM ? e.rng.uniform(0, laneMax)
    : code === DS_LIMIT ? (n.segSpeed[lane] ?? 13.89)
    : code === DS_DESIRED || code === DS_MAX ? laneMax
    : code === DS_AVG ? avgSpeed(e, lane, laneMax)
    : code === DS_LAST ? (L >= 0 ? (vs.speed[e.segTail[lane] ?? 0] ?? 0) : laneMax)
    : laneMax;
  const patch = code === DS_MAX || code === DS_RANDOM || code === DS_AVG || code === DS_LAST;
  if (patch && speed > laneMax) speed = laneMax;
  if (patch && speed > cap) speed = cap;
  // SUMO does not hold a given (or desired, or limit) speed against the driver's own top speed on the lane: a
  // driver whose speed factor is a little below 1 still enters at a given speed equal to the limit
  let vSafe = Infinity;
  // the vehicle ahead of the position, within the braking distance at the departure speed beyond the lane's end
  const A = leaderOf(e, v, lane, L, brakeGap(speed, decel, dt, tau) + minGap - ((n.segLength[lane] ?? 0) - pos));
  const back = A.back;
  const lSpeed = A.speed;
  const lDecel = A.decel;
  if (back !== Infinity) {
    const gap = back - pos - minGap;
    if (gap < 0) return -1;
    vSafe = Math.min(vSafe, safeFollowSpeed(gap, 0, lSpeed, lDecel, decel, decel, tau, dt));
  }
  if (speed > 0) {
    const c = vs.conn[v] ?? -1;
    const st = c >= 0 ? (e.linkState[c] ?? 0) : LS_R;
    // SUMO (MSCFModel_Krauss::stopSpeed via insertionStopSpeed): the reaction time is one step, as when driving
    if (st === LS_R || st === LS_Y) vSafe = Math.min(vSafe, maximumSafeStopSpeed((n.segLength[lane] ?? 0) - pos, decel, dt, dt));
  }
  if (speed > vSafe + 1e-9) {
    if (!patch) return -1;
    speed = vSafe;
  }
  // the follower (on the lane, else approaching from upstream) must keep its secure gap to the new vehicle
  const B = insertionFollower(e, lane, pos - len, F, decel, ty);
  const fty = vs.type[B.veh] ?? 0;
  if (B.veh >= 0 && B.gap < secureGap(vs.speed[B.veh] ?? 0, speed, d.typeDecel[fty] ?? 4.5, decel, d.typeTau[fty] ?? 1, dt)) return -1;
  return Math.max(0, speed);
}

function avgSpeed(e: EngineState, lane: number, fallback: number): number {
  let s = 0;
  let k = 0;
  for (let u = e.segHead[lane] ?? -1; u >= 0; u = e.veh.behind[u] ?? -1) {
    s += e.veh.speed[u] ?? 0;
    k++;
  }
  return k > 0 ? s / k : fallback;
}
