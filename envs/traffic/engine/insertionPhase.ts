import { brakeGap, maximumSafeStopSpeed, POSITION_EPS, safeFollowSpeed, secureGap } from './carFollowing.js';
import {
  DL_BEST, DL_FIRST, DL_RANDOM, DP_BASE, DP_FREE, DP_GIVEN, DP_LAST, DP_RANDOM, DP_RANDOM_FREE, DS_AVG, DS_DESIRED, DS_LAST, DS_LIMIT, DS_MAX, DS_RANDOM,
} from './departureCodes.js';
import type { EngineState } from './EngineState.js';
import { LS_R, LS_Y } from './linkStates.js';
import { coverBehind } from './coverBehind.js';
import { computeBestLanes } from './bestLanes.js';
import { drawSpeedFactor, reroutePending, setTopSpeed } from './demandPhase.js';
import { laneConn, onRoad, updateStop } from './routing.js';
import { VEH_FREE } from './VehicleStore.js';
import { insertionFollower } from './insertionFollowers.js';
import { allowed, hasRoom, noteRoadOccupation, occupation } from './insertionRoom.js';

/** Lanes of the road being filled where an insertion failed this step; `remember` is set during the insertion phase. */
const failedLanes: number[] = [];
let remember = false;

/** SUMO's tolerance on speeds (m/s). */
const SPEED_EPS = 0.01;

/** Attempts of `random_free` at random positions before trying the free one. */
const RANDOM_TRIES = 10;

/** The lane SUMO's `departLane` picks on `road` (-1 if none allows the vehicle). */
function departLane(e: EngineState, v: number, road: number): number {
  const n = e.net;
  const vs = e.veh;
  const l0 = n.roadLaneStart[road] ?? 0;
  const nl = n.roadLaneCount[road] ?? 0;
  const code = vs.departLane[v] ?? DL_BEST;
  if (code >= 0) return code < nl ? l0 + code : -1;
  if (code === DL_FIRST) {
    for (let k = 0; k < nl; k++) if (allowed(e, l0 + k, v)) return l0 + k;
    return -1;
  }
  if (code === DL_RANDOM) {
    let cnt = 0;
    for (let k = 0; k < nl; k++) if (allowed(e, l0 + k, v)) cnt++;
    if (cnt === 0) return -1;
    let pick = e.rng.integers(0, cnt);
    for (let k = 0; k < nl; k++) if (allowed(e, l0 + k, v) && pick-- === 0) return l0 + k;
    return -1;
  }
  // SUMO's getFreeLane: the lane with the most room between the departure position and its last
  // vehicle; the least occupied one when no lane has room there
  const from = departPosBound(e, v, l0);
  let best = -1;
  let bestOcc = Infinity;
  let byGap = -1;
  let largestGap = 0;
  for (let k = 0; k < nl; k++) {
    const lane = l0 + k;
    if (!allowed(e, lane, v)) continue;
    if (code === DL_BEST && vs.bestOff[v * vs.laneStride + k] !== 0) continue;
    const occ = occupation(e, lane);
    if (occ < bestOcc) {
      best = lane;
      bestOcc = occ;
    }
    const tail = e.segTail[lane] ?? -1;
    const gap = (tail >= 0 ? (vs.pos[tail] ?? 0) : (e.net.segLength[lane] ?? 0)) - from;
    if (gap > largestGap) {
      largestGap = gap;
      byGap = lane;
    }
  }
  return byGap >= 0 ? byGap : best;
}

/** The lowest departure position (m) on a lane of the road starting at `l0` (SUMO `getDepartPosBound`, lower). */
function departPosBound(e: EngineState, v: number, l0: number): number {
  const len = e.net.segLength[l0] ?? 0;
  const code = e.veh.departPos[v] ?? DP_BASE;
  if (code === DP_BASE || code === DP_LAST) return 0;
  if (code === DP_GIVEN) {
    const x = e.veh.departPosValue[v] ?? 0;
    return x < 0 ? x + len : x;
  }
  // random and free positions may lie anywhere: no lane is preferred for room at a position
  return len;
}

/** Front position (m) of the departure, before the free-space search. */
function departPosition(e: EngineState, v: number, lane: number, code: number): number {
  const len = e.net.demand.typeLength[e.veh.type[v] ?? 0] ?? 5;
  const laneLen = e.net.segLength[lane] ?? 0;
  if (code === DP_GIVEN) {
    const x = e.veh.departPosValue[v] ?? 0;
    return Math.min(laneLen, Math.max(0, x < 0 ? laneLen + x : x));
  }
  if (code === DP_RANDOM || code === DP_RANDOM_FREE) return e.rng.uniform(Math.min(len, laneLen), laneLen);
  if (code === DP_LAST) return lastPosition(e, v, lane);
  return Math.min(len + POSITION_EPS, laneLen);
}

/**
 * SUMO's `departPos="last"` (`MSLane::lastInsertion`): at the lane's end when nothing is ahead within the
 * braking distance at the departure speed, otherwise as far forward as possible behind the last vehicle
 * (on this lane, or the first one beyond its end) with the secure gap for that speed; -1 if there is no
 * room behind it.
 */
function lastPosition(e: EngineState, v: number, lane: number): number {
  const n = e.net;
  const vs = e.veh;
  const d = n.demand;
  const ty = vs.type[v] ?? 0;
  const laneLen = n.segLength[lane] ?? 0;
  const decel = d.typeDecel[ty] ?? 4.5;
  const tau = d.typeTau[ty] ?? 1;
  const minGap = d.typeMinGap[ty] ?? 2.5;
  const code = vs.departSpeed[v] ?? DS_MAX;
  const mspeed = code >= 0 ? code : code === DS_LIMIT ? (n.segSpeed[lane] ?? 13.89) : desiredSpeed(e, v, lane);
  const pos = laneLen - POSITION_EPS;
  const L = leaderOf(e, v, lane, e.segTail[lane] ?? -1, brakeGap(mspeed, decel, e.dt, tau));
  if (L.veh < 0) return pos;
  const need = secureGap(mspeed, L.speed, decel, L.decel, tau, e.dt) + minGap + POSITION_EPS;
  return L.back >= need ? Math.min(pos, L.back - need) : -1;
}

/** The speed `v` wants on `lane`: the lane's limit times its speed factor, at most its own top speed. */
function desiredSpeed(e: EngineState, v: number, lane: number): number {
  return Math.min((e.net.segSpeed[lane] ?? 13.89) * (e.veh.speedFactor[v] ?? 1), e.veh.maxSpeed[v] ?? 55);
}

/** The vehicle ahead found by {@link leaderOf} (`veh` -1: none): its back (m on the lane), speed and deceleration. */
const ahead = { veh: -1, back: Infinity, speed: 0, decel: 4.5 };

/**
 * The vehicle ahead of `v` on `lane`: `L` (a vehicle of the lane, -1 for none), else one whose back still
 * covers the lane's end, else the first one beyond the end within `range` m of it (SUMO checks the
 * continuation lanes on insertion).
 */
function leaderOf(e: EngineState, v: number, lane: number, L: number, range: number): typeof ahead {
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
 * vehicle behind, a red light ahead), or -1 if insertion there is not possible now.
 */
function insertionSpeed(e: EngineState, v: number, lane: number, pos: number): number {
  const n = e.net;
  const vs = e.veh;
  const d = n.demand;
  const ty = vs.type[v] ?? 0;
  const len = d.typeLength[ty] ?? 5;
  const minGap = d.typeMinGap[ty] ?? 2.5;
  const decel = d.typeDecel[ty] ?? 4.5;
  const tau = d.typeTau[ty] ?? 1;
  const dt = e.dt;
  const laneMax = desiredSpeed(e, v, lane);
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
  const B = insertionFollower(e, lane, pos - len, F, decel);
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

/**
 * SUMO (`MSEdge::validateDepartSpeed`): a departure speed given as a number above what the vehicle would
 * drive on the lane makes it draw a new speed factor, at least the one that departure speed needs, when
 * its type's speed factor varies (with a fixed factor the vehicle cannot be inserted).
 */
function matchDepartSpeed(e: EngineState, v: number, lane: number): void {
  const vs = e.veh;
  const given = vs.departSpeed[v] ?? DS_MAX;
  const ty = vs.type[v] ?? 0;
  const d = e.net.demand;
  if (given < 0 || (d.typeSpeedDev[ty] ?? 0) <= 0) return;
  const limit = e.net.segSpeed[lane] ?? 13.89;
  if (given <= desiredSpeed(e, v, lane) + SPEED_EPS) return;
  vs.speedFactor[v] = Math.max(given / limit, drawSpeedFactor(e, ty));
  setTopSpeed(e, v);
}

/**
 * Tries to put vehicle `v` on `road` (position `routeIdx` of its route) with its departure attributes;
 * true on success (it is then running). Used for insertions and for the end of a teleport.
 *
 * @example
 * ```ts
 * if (placeOnRoad(state, v, road, 0)) console.log('inserted');
 * ```
 */
export function placeOnRoad(e: EngineState, v: number, road: number, routeIdx: number): boolean {
  const vs = e.veh;
  vs.routeIdx[v] = routeIdx;
  updateStop(e, v);
  computeBestLanes(e, v);
  const lane = departLane(e, v, road);
  if (lane < 0 || failedLanes.includes(lane)) return false;
  vs.conn[v] = laneConn(e, v, lane);
  matchDepartSpeed(e, v, lane);
  const code = vs.departPos[v] ?? DP_BASE;
  let pos = -1;
  let speed = -1;
  const tries = code === DP_RANDOM_FREE ? RANDOM_TRIES : 1;
  for (let k = 0; k < tries && speed < 0; k++) {
    pos = departPosition(e, v, lane, code === DP_FREE ? DP_BASE : code);
    speed = pos < 0 ? -1 : insertionSpeed(e, v, lane, pos);
  }
  if (speed < 0 && (code === DP_FREE || code === DP_RANDOM_FREE)) {
    pos = freePosition(e, v, lane);
    if (pos >= 0) speed = insertionSpeed(e, v, lane, pos);
  }
  if (speed < 0) {
    if (remember) failedLanes.push(lane);
    return false;
  }
  vs.activate(v);
  vs.speed[v] = speed;
  vs.pos[v] = pos;
  vs.lookAheadSpeed[v] = speed;
  e.insertInSeg(lane, v);
  coverBehind(e, v, lane, pos);
  // the best lanes computed above still hold: the stop was located above, and nothing they depend on has changed
  onRoad(e, v, lane, true);
  return true;
}


/**
 * Puts vehicle `v` back on `lane` at `pos`, standing, if the vehicles around leave room for that (the
 * insertion checks with a departure speed of 0): the end of a parking stop. True on success.
 *
 * @example
 * ```ts
 * if (placeAt(state, v, lane, pos)) console.log('back on the road');
 * ```
 */
export function placeAt(e: EngineState, v: number, lane: number, pos: number): boolean {
  const vs = e.veh;
  const code = vs.departSpeed[v] ?? DS_MAX;
  vs.departSpeed[v] = 0;
  const speed = insertionSpeed(e, v, lane, pos);
  vs.departSpeed[v] = code;
  if (speed < 0) return false;
  vs.activate(v);
  vs.speed[v] = 0;
  vs.pos[v] = pos;
  vs.lookAheadSpeed[v] = 0;
  e.insertInSeg(lane, v);
  return true;
}

/** The first position from the lane's end backwards where `v` fits between vehicles (SUMO's `free`), or -1. */
function freePosition(e: EngineState, v: number, lane: number): number {
  const vs = e.veh;
  const d = e.net.demand;
  const ty = vs.type[v] ?? 0;
  const len = d.typeLength[ty] ?? 5;
  const gap = d.typeMinGap[ty] ?? 2.5;
  let front = e.net.segLength[lane] ?? 0;
  for (let u = e.segHead[lane] ?? -1; ; u = vs.behind[u] ?? -1) {
    const end = u >= 0 ? (vs.pos[u] ?? 0) + (d.typeMinGap[vs.type[u] ?? 0] ?? 2.5) : 0;
    if (front - end >= len + gap) return front;
    if (u < 0) return -1;
    front = (vs.pos[u] ?? 0) - (d.typeLength[vs.type[u] ?? 0] ?? 5) - gap;
  }
}

/** Takes vehicle `v` (after `prev`) out of road `r`'s insertion queue. */
function dequeue(e: EngineState, r: number, v: number, prev: number): void {
  const vs = e.veh;
  const next = vs.queueNext[v] ?? -1;
  if (prev < 0) e.qHead[r] = next;
  else vs.queueNext[prev] = next;
  if (e.qTail[r] === v) e.qTail[r] = prev;
  vs.queueNext[v] = -1;
  e.qCount[r]--;
}

/**
 * Insertion phase (SUMO `MSInsertionControl::emitVehicles`): the pending vehicles of each road are
 * tried in order with their departure lane, position and speed; a lane where one does not fit takes no
 * other vehicle this step (SUMO's failed-insertion memory of `MSEdge::insertVehicle`), the other lanes
 * still do. A vehicle's wait is its depart delay.
 *
 * @example
 * ```ts
 * insertVehicles(state);
 * ```
 */
export function insertVehicles(e: EngineState): void {
  const vs = e.veh;
  // with SUMO's routing device (trips routed at departure) only the vehicles that pass hasRoom are tried
  const precheck = e.routing !== undefined;
  remember = true;
  for (let r = 0; r < e.net.nRoads; r++) {
    if ((e.qHead[r] ?? -1) < 0) continue;
    failedLanes.length = 0;
    const nl = e.net.roadLaneCount[r] ?? 1;
    if (precheck) noteRoadOccupation(e, r);
    // SUMO's max-depart-delay: a vehicle that fails to be inserted (or is not tried, its lanes having failed)
    // more than that after its departure time is discarded
    const late = e.opts.maxDepartDelay;
    let prev = -1;
    for (let v = e.qHead[r] ?? -1; v >= 0 && (failedLanes.length < nl || late >= 0 || precheck); ) {
      const next = vs.queueNext[v] ?? -1;
      // not a candidate this step: it waits, neither tried nor discarded, and blocks no lane
      if (precheck && !hasRoom(e, v, r)) {
        prev = v;
        v = next;
        continue;
      }
      // SUMO's routing device routes a pending trip again when due, whether or not it is tried
      if (vs.trip[v] === 1) reroutePending(e, v);
      if (failedLanes.length < nl) {
        if (placeOnRoad(e, v, r, 0)) {
          vs.depart[v] = e.time;
          e.counters.onInsert(e, v);
          dequeue(e, r, v, prev);
          v = next;
          continue;
        }
      }
      // in whole milliseconds, as SUMO keeps time
      if (late >= 0 && Math.round((e.time - (vs.departWanted[v] ?? 0)) * 1000) > Math.round(late * 1000)) {
        dequeue(e, r, v, prev);
        vs.state[v] = VEH_FREE;
        vs.free[vs.freeTop++] = v;
        e.counters.discarded++;
      } else prev = v;
      v = next;
    }
  }
  remember = false;
  failedLanes.length = 0;
}
