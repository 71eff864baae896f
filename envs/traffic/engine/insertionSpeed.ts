import { brakeGap, freeSpeed, maximumSafeStopSpeed, NUMERICAL_EPS, POSITION_EPS } from './carFollowing.js';
import { insertionFollowSpeedOf, secureGapOf } from './cfModel.js';
import { DS_AVG, DS_DESIRED, DS_LAST, DS_LIMIT, DS_MAX, DS_RANDOM } from './departureCodes.js';
import type { EngineState } from './EngineState.js';
import { insertionFollower } from './insertionFollowers.js';
import { hasApproachingFoe, leaveTimeOf, linkOpened, type Request } from './linkOpened.js';
import { havePriority, LS_R, LS_Z } from './linkStates.js';
import { connAhead } from './routing.js';
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
 * covers the lane's end, else the first one beyond the end within `range` m of it (SUMO `lastInsertion`
 * looks along the continuation lanes).
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

/** The insertion speed being patched ({@link lookAhead}): speed, braking distance, and whether it may be lowered. */
const P = { speed: 0, dist: 0, patch: true, failed: false, minGap: 2.5, decel: 4.5, tau: 1 };

/** SUMO `checkFailure`: a lower safe speed patches the insertion speed (and its braking distance), or fails it. */
function lower(e: EngineState, nspeed: number): void {
  if (!(nspeed < P.speed)) return;
  if (!P.patch) {
    if (P.speed > 0 && nspeed < P.speed - 1e-9) P.failed = true;
    return;
  }
  P.speed = nspeed;
  P.dist = brakeGap(nspeed, P.decel, e.dt, P.tau) + P.minGap;
}

/** The ego's request at a link it would pass after insertion (arrival and leave times at the insertion speed). */
const req: Request = { veh: -1, item: -1, arrT: 0, leaveT: 0, arrV: 0, leaveV: 0, impatience: 0 };

/**
 * SUMO `MSLane::isInsertionSuccess`'s look along the best lanes beyond `lane`, as far as the vehicle's
 * braking distance at the insertion speed reaches: at a red, yielding or closed link it must be able to
 * stop before the junction; a vehicle on the next lane (or covering its end) must be followed safely (-1
 * when it is closer than the minimum gap); the next lane's speed limit must be reachable; a driver
 * approaching a foe link in its time window, or a vehicle on a foe internal lane, makes it stop before the
 * junction. Patches `P.speed`; returns false when the insertion must fail.
 */
function lookAhead(e: EngineState, v: number, lane: number, pos: number): boolean {
  const n = e.net;
  const vs = e.veh;
  const k0 = n.laneIndex[lane] ?? 0;
  const lastIdx = e.routes.length(vs.route[v] ?? 0) - 1;
  let routeIdx = vs.routeIdx[v] ?? 0;
  let seen = (n.segLength[lane] ?? 0) - pos;
  // SUMO counts the arrival in whole milliseconds, at no less than the halting speed
  let arrT = e.time + Math.round((seen / Math.max(P.speed, 0.1)) * 1000) / 1000;
  let cur = lane;
  let hops = 0;
  while (seen < P.dist) {
    // the link out of the current lane: a connection from a lane, an internal junction, or an internal lane's exit
    let link = -1;
    let next = -1;
    let exitOf = -1;
    if (cur < n.nLanes) {
      link = cur === lane ? (vs.conn[v] ?? -1) : connAhead(e, v, k0, cur, hops);
      if (link < 0) {
        // the lane does not continue along the route: stop before its end, unless the route ends here
        if (routeIdx < lastIdx || (n.laneRoad[cur] ?? 0) !== e.routes.road(vs.route[v] ?? 0, lastIdx)) {
          lower(e, maximumSafeStopSpeed(seen, P.decel, e.dt, e.dt));
        }
        break;
      }
      next = n.connSegStart[link] ?? -1;
    } else {
      const c = n.segConn[cur] ?? 0;
      const ij = n.segExitLink[cur] ?? -1;
      if (ij >= 0) {
        link = ij;
        next = n.segNext[cur] ?? -1;
      } else {
        link = c;
        exitOf = (n.connSegCount[c] ?? 1) >= 2 ? -2 : c;
        next = n.connToLane[c] ?? -1;
      }
    }
    if (next < 0) break;
    if (exitOf === -1) {
      const st = e.linkState[link] ?? LS_R;
      req.veh = v;
      req.arrT = arrT;
      req.arrV = P.speed;
      req.leaveV = P.speed;
      req.leaveT = leaveTimeOf(e, link, v, arrT, P.speed, P.speed);
      req.impatience = 0;
      if (st === LS_R || !havePriority(st) || (st === LS_Z && !linkOpened(e, link, req))) {
        // have to stop at the junction (MSCFModel_Krauss::stopSpeed via insertionStopSpeed: a one-step reaction)
        lower(e, maximumSafeStopSpeed(seen, P.decel, e.dt, e.dt));
        break;
      }
    }
    // the vehicle ahead on the next lane (its last one, else one still covering its end)
    const A = leaderOf(e, v, next, e.segTail[next] ?? -1, 0);
    if (A.veh >= 0) {
      const gap = A.back + seen - P.minGap;
      if (gap < 0) return false;
      lower(e, insertionFollowSpeedOf(e, v, next, P.speed, gap, A.speed, A.decel));
    }
    // the next lane's speed limit, reached by braking from here
    lower(e, freeSpeed(P.decel, seen, laneSpeedOf(e, v, next), e.dt, true));
    if (exitOf !== -2) {
      req.leaveT = leaveTimeOf(e, link, v, arrT, P.speed, P.speed);
      req.arrV = P.speed;
      req.leaveV = P.speed;
      if (hasApproachingFoe(e, exitOf >= 0 ? exitOf : link, req, exitOf)) lower(e, maximumSafeStopSpeed(seen, P.decel, e.dt, e.dt));
    }
    if (P.failed) return false;
    arrT += Math.round(((n.segLength[next] ?? 0) / Math.max(P.speed, NUMERICAL_EPS)) * 1000) / 1000;
    seen += n.segLength[next] ?? 0;
    if (next < n.nLanes) {
      hops++;
      routeIdx++;
    }
    cur = next;
  }
  return !P.failed;
}

/**
 * The speed at which `v` could be inserted at `pos` on `lane` with SUMO's checks (what lies ahead within
 * its braking distance, see {@link lookAhead}; the leader on the lane; the vehicle behind), or -1 if insertion there is not possible now (SUMO
 * `MSLane::isInsertionSuccess`); a speed to be patched (`max` and the like) is at most `cap`. `patchAll`:
 * every departure speed is patched (SUMO's `freeInsertion`, `departPos="free"`, patches whatever `departSpeed` says).
 *
 * @example
 * ```ts
 * const speed = insertionSpeed(state, v, lane, 5); // -1: not now
 * ```
 */
export function insertionSpeed(e: EngineState, v: number, lane: number, pos: number, cap = Infinity, patchAll = false): number {
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
  const patch = patchAll || code === DS_MAX || code === DS_RANDOM || code === DS_AVG || code === DS_LAST;
  if (patch && speed > laneMax) speed = laneMax;
  if (patch && speed > cap) speed = cap;
  // SUMO does not hold a given (or desired, or limit) speed against the driver's own top speed on the lane: a
  // driver whose speed factor is a little below 1 still enters at a given speed equal to the limit
  P.speed = speed;
  P.patch = patch;
  P.failed = false;
  P.minGap = minGap;
  P.decel = decel;
  P.tau = tau;
  P.dist = brakeGap(speed, decel, dt, tau) + minGap;
  if (!lookAhead(e, v, lane, pos)) return -1;
  // the vehicle ahead of the position on the lane (or still covering its end)
  const A = leaderOf(e, v, lane, L, 0);
  if (A.back !== Infinity) {
    const gap = A.back - pos - minGap;
    if (gap < 0) return -1;
    lower(e, insertionFollowSpeedOf(e, v, lane, P.speed, gap, A.speed, A.decel));
    if (P.failed) return -1;
  }
  speed = P.speed;
  // the follower (on the lane, else approaching from upstream) must keep its secure gap to the new vehicle
  const B = insertionFollower(e, lane, pos - len, F, decel, ty);
  const fty = vs.type[B.veh] ?? 0;
  if (B.veh >= 0 && B.gap < secureGapOf(e, fty, vs.speed[B.veh] ?? 0, speed, decel)) return -1;
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
