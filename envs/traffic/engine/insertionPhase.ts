import { brakeGap, POSITION_EPS } from './carFollowing.js';
import { secureGapOf } from './cfModel.js';
import {
  DL_BEST, DL_FIRST, DL_NEXT, DL_RANDOM, DP_BASE, DP_FREE, DP_GIVEN, DP_LAST, DP_RANDOM, DP_RANDOM_FREE, DP_TELEPORT, DS_LIMIT, DS_MAX,
} from './departureCodes.js';
import type { EngineState } from './EngineState.js';
import { coverBehind } from './coverBehind.js';
import { computeBestLanes } from './bestLanes.js';
import { drawSpeedFactor, reroutePending } from './demandPhase.js';
import { laneConn, onRoad, updateStop } from './routing.js';
import { VEH_FREE } from './VehicleStore.js';
import { freeInsertion, freeResult } from './freeInsertion.js';
import { insertionSpeed, leaderOf } from './insertionSpeed.js';
import { allowed, hasRoom, noteRoadOccupation, occupation } from './insertionRoom.js';
import { RoadHeap } from './insertionOrder.js';
import { laneSpeedOf, setSpeedFactor, topSpeed } from './topSpeed.js';

/**
 * SUMO's failed-insertion memory (`MSEdge::insertVehicle`): the step stamp of each lane where an insertion
 * failed this step, and per road how many of its lanes have failed; `remember` is set during the insertion phase.
 */
let failStamp = 0;
let laneFailAt = new Int32Array(0);
let roadFails = new Int32Array(0);
let remember = false;
/** Per road: its next pending vehicle to try this step and the one before it in its queue. */
let cursor = new Int32Array(0);
let prevOf = new Int32Array(0);
/** Per vehicle: 1 when it passed the routing device's pre-check this step. */
let cand = new Uint8Array(0);
const heap = new RoadHeap();

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
  const next = code === DL_NEXT ? nextRoad(e, v) : -1;
  for (let k = 0; k < nl; k++) {
    const lane = l0 + k;
    if (!allowed(e, lane, v)) continue;
    if (code === DL_BEST && vs.bestOff[v * vs.laneStride + k] !== 0) continue;
    if (next >= 0 && !leadsTo(e, v, lane, next)) continue;
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

/** The road after the one `v` is placed on (its route position `routeIdx`), -1 at the route's end. */
function nextRoad(e: EngineState, v: number): number {
  const route = e.veh.route[v] ?? 0;
  const idx = (e.veh.routeIdx[v] ?? 0) + 1;
  return idx < e.routes.length(route) ? e.routes.road(route, idx) : -1;
}

/** Whether `lane` has a connection to a lane of `road` that `v` may use (SUMO `MSEdge::allowedLanes(next, vclass)`). */
function leadsTo(e: EngineState, v: number, lane: number, road: number): boolean {
  const n = e.net;
  for (let i = n.laneConnStart[lane] ?? 0; i < (n.laneConnStart[lane + 1] ?? 0); i++) {
    const c = n.laneConns[i] ?? 0;
    if (n.connToRoad[c] === road && allowed(e, n.connToLane[c] ?? 0, v)) return true;
  }
  return false;
}

/** The lowest departure position (m) on a lane of the road starting at `l0` (SUMO `getDepartPosBound`, lower). */
function departPosBound(e: EngineState, v: number, l0: number): number {
  const len = e.net.segLength[l0] ?? 0;
  const code = e.veh.departPos[v] ?? DP_BASE;
  if (code === DP_BASE || code === DP_LAST || code === DP_TELEPORT) return 0;
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
  const mspeed = code >= 0 ? code : code === DS_LIMIT ? (n.segSpeed[lane] ?? 13.89) : laneSpeedOf(e, v, lane);
  const pos = laneLen - POSITION_EPS;
  const L = leaderOf(e, v, lane, e.segTail[lane] ?? -1, brakeGap(mspeed, decel, e.dt, tau));
  if (L.veh < 0) return pos;
  const need = secureGapOf(e, ty, mspeed, L.speed, L.decel) + minGap + POSITION_EPS;
  return L.back >= need ? Math.min(pos, L.back - need) : -1;
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
  if (given <= laneSpeedOf(e, v, lane) + SPEED_EPS) return;
  setSpeedFactor(e, v, Math.max(given / limit, drawSpeedFactor(e, ty)));
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
  // a pending vehicle whose departure lane is found without its best lanes (any rule but `best`) and that
  // has no stop learns first whether that lane takes no vehicle this step (its road's failed-insertion memory):
  // then it is not placed, and the best lanes and stop it would have computed are never read (the next attempt
  // computes them again before use; updateStop does nothing without a stop), so they are not computed
  const laneFirst = remember && vs.departLane[v] !== DL_BEST && (vs.stopIdx[v] ?? -1) < 0;
  let lane = laneFirst ? departLane(e, v, road) : -1;
  if (laneFirst && (lane < 0 || laneFailAt[lane] === failStamp)) return false;
  updateStop(e, v);
  computeBestLanes(e, v);
  if (!laneFirst) lane = departLane(e, v, road);
  if (lane < 0 || (remember && laneFailAt[lane] === failStamp)) return false;
  vs.conn[v] = laneConn(e, v, lane);
  matchDepartSpeed(e, v, lane);
  const code = vs.departPos[v] ?? DP_BASE;
  let pos = -1;
  let speed = -1;
  const tries = code === DP_RANDOM_FREE ? RANDOM_TRIES : code === DP_FREE || code === DP_TELEPORT ? 0 : 1;
  for (let k = 0; k < tries && speed < 0; k++) {
    pos = departPosition(e, v, lane, code);
    speed = pos < 0 ? -1 : insertionSpeed(e, v, lane, pos);
  }
  if (speed < 0 && (code === DP_FREE || code === DP_RANDOM_FREE || code === DP_TELEPORT)) {
    // SUMO's freeInsertion: a departure from the lane's start (front at 0); a teleported vehicle fully on the
    // lane, entering with at most the lane's limit and its own top speed (MSVehicleTransfer::checkInsertions)
    const laneLen = e.net.segLength[lane] ?? 0;
    const teleport = code === DP_TELEPORT;
    const minPos = teleport ? Math.min(laneLen, e.net.demand.typeLength[vs.type[v] ?? 0] ?? 5) : 0;
    const cap = teleport ? Math.min(e.net.segSpeed[lane] ?? 13.89, topSpeed(e, v)) : Infinity;
    pos = freeInsertion(e, v, lane, minPos, cap);
    if (pos >= 0) speed = freeResult.speed;
  }
  if (speed < 0) {
    if (remember) {
      laneFailAt[lane] = failStamp;
      roadFails[road]++;
    }
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

/** Sizes the insertion phase's per-lane, per-road and per-vehicle scratch arrays. */
function ensureScratch(e: EngineState): void {
  const n = e.net;
  if (laneFailAt.length < n.nSegs) laneFailAt = new Int32Array(n.nSegs);
  if (roadFails.length < n.nRoads) {
    roadFails = new Int32Array(n.nRoads);
    cursor = new Int32Array(n.nRoads);
    prevOf = new Int32Array(n.nRoads);
  }
  if (cand.length < e.veh.capacity) cand = new Uint8Array(e.veh.capacity);
}

/**
 * Insertion phase (SUMO `MSInsertionControl::emitVehicles`): the pending vehicles of all roads are tried
 * in the order they were built (departure time, then the order of the files; SUMO's one pending list), each
 * with its departure lane, position and speed; a lane where one does not fit takes no other vehicle of its
 * road this step (SUMO's failed-insertion memory of `MSEdge::insertVehicle`), the other lanes still do. With
 * the routing device on, every pending vehicle is pre-checked before any is inserted. A vehicle's wait is
 * its depart delay.
 *
 * @example
 * ```ts
 * insertVehicles(state);
 * ```
 */
export function insertVehicles(e: EngineState): void {
  const vs = e.veh;
  const n = e.net;
  // with SUMO's routing device (trips routed at departure) only the vehicles that pass hasRoom are tried
  const precheck = e.routing !== undefined;
  // SUMO's max-depart-delay: a vehicle that fails to be inserted (or is not tried, its lanes having failed)
  // more than that after its departure time is discarded
  const late = e.opts.maxDepartDelay;
  ensureScratch(e);
  failStamp++;
  remember = true;
  heap.clear();
  for (let r = 0; r < n.nRoads; r++) {
    const h = e.qHead[r] ?? -1;
    if (h < 0) continue;
    roadFails[r] = 0;
    cursor[r] = h;
    prevOf[r] = -1;
    if (precheck) {
      noteRoadOccupation(e, r);
      for (let v = h; v >= 0; v = vs.queueNext[v] ?? -1) cand[v] = hasRoom(e, v, r) ? 1 : 0;
    }
    heap.push(r, vs.extId[h] ?? 0);
  }
  while (heap.size > 0) {
    const r = heap.pop();
    const v = cursor[r] ?? -1;
    const next = vs.queueNext[v] ?? -1;
    const prev = prevOf[r] ?? -1;
    const nl = n.roadLaneCount[r] ?? 1;
    let gone = false;
    // not a candidate this step: it waits, neither tried nor discarded, and blocks no lane
    if (!precheck || cand[v] === 1) {
      // SUMO's routing device routes a pending trip again when due, whether or not it is tried
      if (vs.trip[v] === 1) reroutePending(e, v);
      if ((roadFails[r] ?? 0) < nl && placeOnRoad(e, v, r, 0)) {
        vs.depart[v] = e.time;
        e.counters.onInsert(e, v);
        dequeue(e, r, v, prev);
        gone = true;
      } else if (late >= 0 && Math.round((e.time - (vs.departWanted[v] ?? 0)) * 1000) > Math.round(late * 1000)) {
        // in whole milliseconds, as SUMO keeps time
        dequeue(e, r, v, prev);
        vs.state[v] = VEH_FREE;
        vs.free[vs.freeTop++] = v;
        e.counters.discarded++;
        gone = true;
      }
    }
    cursor[r] = next;
    prevOf[r] = gone ? prev : v;
    if (next >= 0 && ((roadFails[r] ?? 0) < nl || late >= 0 || precheck)) heap.push(r, vs.extId[next] ?? 0);
  }
  remember = false;
}
