import { NUMERICAL_EPS, POSITION_EPS } from './carFollowing.js';
import type { EngineState } from './EngineState.js';
import { HALTING_SPEED } from './EngineCounters.js';
import { lastFreePos, placeBegin, reachedPlace } from './stoppingPlaces.js';

/**
 * Gives a new vehicle its stops `start .. end` of the compiled stop table (none when equal).
 *
 * @example
 * ```ts
 * assignStops(state, v, d.stopStart[i], d.stopStart[i + 1]);
 * ```
 */
export function assignStops(e: EngineState, v: number, start: number, end: number): void {
  const vs = e.veh;
  vs.stopIdx[v] = start < end ? start : -1;
  vs.stopEnd[v] = end;
  vs.stopRi[v] = -1;
  vs.stopped[v] = 0;
  vs.stopUntil[v] = -1;
}

/** Index on the route (from the vehicle's position on it) of the road of its next stop; -1 without one. */
export function locateStop(e: EngineState, v: number): void {
  const vs = e.veh;
  const k = vs.stopIdx[v] ?? -1;
  if (k < 0) {
    vs.stopRi[v] = -1;
    return;
  }
  const road = e.net.demand.stopRoad[k] ?? -1;
  const route = vs.route[v] ?? 0;
  const n = e.routes.length(route);
  for (let i = vs.routeIdx[v] ?? 0; i < n; i++) {
    if (e.routes.road(route, i) === road) {
      vs.stopRi[v] = i;
      return;
    }
  }
  // not ahead on the route any more: skipped
  skipStop(e, v);
}

/** Moves on to the vehicle's next stop (leaving its parking lot, if it had one: SUMO `leaveFrom`). */
export function nextStop(e: EngineState, v: number): void {
  const vs = e.veh;
  if ((vs.lot[v] ?? -1) >= 0) e.lots.leave(e, v, vs.pos[v] ?? 0);
  const k = (vs.stopIdx[v] ?? -1) + 1;
  vs.stopIdx[v] = k < (vs.stopEnd[v] ?? 0) ? k : -1;
  vs.stopped[v] = 0;
  vs.stopUntil[v] = -1;
  vs.stopTarget[v] = Number.NaN;
  locateStop(e, v);
}

function skipStop(e: EngineState, v: number): void {
  e.counters.stopsSkipped++;
  nextStop(e, v);
}

/** Lane index on the stop's road where vehicle `v` stops: the given one, else the rightmost it may use. */
export function stopLaneIndex(e: EngineState, v: number): number {
  const n = e.net;
  const k = e.veh.stopIdx[v] ?? -1;
  const given = n.demand.stopLane[k] ?? -1;
  if (given >= 0) return given;
  const road = n.demand.stopRoad[k] ?? 0;
  const bit = n.typeClassBit[e.veh.type[v] ?? 0] ?? 1;
  const l0 = n.roadLaneStart[road] ?? 0;
  for (let j = 0; j < (n.roadLaneCount[road] ?? 1); j++) if (((n.laneAllow[l0 + j] ?? 0) & bit) !== 0) return j;
  return 0;
}

/** Where the front of vehicle `v` stops on its next stop's road (SUMO keeps it inside the lane). */
export function stopPosition(e: EngineState, v: number): number {
  const n = e.net;
  const k = e.veh.stopIdx[v] ?? -1;
  const len = n.roadLength[n.demand.stopRoad[k] ?? 0] ?? 0;
  const a = n.demand.stopArea[k] ?? -1;
  // a parking area: the driver's target there this step (a free lot's end, or where it waits); SUMO adds NUMERICAL_EPS
  if (a >= 0) return Math.max(POSITION_EPS, Math.min(e.lots.target(e, a, v) + NUMERICAL_EPS, len - 2 * POSITION_EPS));
  const raw = n.demand.stopEndPos[k] ?? Infinity;
  const pos = raw === Infinity ? len : raw < 0 ? len + raw : raw;
  return Math.max(POSITION_EPS, Math.min(pos, len));
}

/**
 * SUMO `processNextStop` for vehicle `v` about to drive `vPos`: a vehicle standing at its stop position
 * on its stop lane starts the stop (for its duration, at least until its `until`); while stopped it
 * drives 0; when the stop is over it moves on to the next. Returns the speed to drive.
 *
 * @example
 * ```ts
 * vSafe = processStop(state, v, vSafe);
 * ```
 */
export function processStop(e: EngineState, v: number, vPos: number): number {
  const vs = e.veh;
  const k = vs.stopIdx[v] ?? -1;
  if (k < 0) return vPos;
  if (vs.stopped[v] === 1) {
    if (e.time < (vs.stopUntil[v] ?? 0)) return 0;
    nextStop(e, v);
    return vPos;
  }
  // a parking stop on this road: parkAndLeave takes the vehicle off the lane once it has stopped
  if (e.net.demand.stopParking[k] === 1 && (vs.routeIdx[v] ?? 0) === vs.stopRi[v]) e.toPark.push(v);
  const a = e.net.demand.stopArea[k] ?? -1;
  if (a >= 0) {
    // a parking area: the vehicle stops when it has reached its target with a lot free (parkAndLeave then takes it off the lane)
    const lot = e.lots.reached(e, a, v, vs.pos[v] ?? 0, vPos);
    if (lot < 0) return vPos;
    e.lots.enter(e, a, v, lot);
    startStop(e, v, e.time);
    return 0;
  }
  // SUMO reaches a stop in the step the vehicle is at its stop position about to drive at a halt (the speed it
  // is about to drive, not the one it has)
  if (e.net.demand.stopParking[k] === 1) {
    if (!atStop(e, v, vPos)) return vPos;
    startStop(e, v, e.time);
    return 0;
  }
  if (!atStop(e, v, vPos)) return vPos;
  startStop(e, v, e.time);
  return e.time < (vs.stopUntil[v] ?? 0) ? 0 : vPos;
}

/**
 * Where the lanes other than the stop lane end for vehicle `v`'s best lanes (SUMO `updateBestLanes`: the
 * stop's start position, which for a stopping place is the place's begin).
 */
export function stopLaneEnd(e: EngineState, v: number): number {
  const k = e.veh.stopIdx[v] ?? -1;
  const p = e.net.demand.stopPlace[k] ?? -1;
  if (p < 0) return stopPosition(e, v);
  const len = e.net.roadLength[e.net.demand.stopRoad[k] ?? 0] ?? 0;
  return Math.max(POSITION_EPS, Math.min(placeBegin(e, p), len - 2 * POSITION_EPS));
}

/**
 * Where vehicle `v` plans to halt for its next stop this step (its front; SUMO `MSStop::getEndPos`): at a
 * stopping place its last free position, else the stop position.
 */
export function stopTarget(e: EngineState, v: number): number {
  const k = e.veh.stopIdx[v] ?? -1;
  const p = e.net.demand.stopPlace[k] ?? -1;
  if (p < 0) return stopPosition(e, v);
  const len = e.net.roadLength[e.net.demand.stopRoad[k] ?? 0] ?? 0;
  const pos = Math.max(POSITION_EPS, Math.min(lastFreePos(e, p, v), len));
  e.veh.stopTarget[v] = pos;
  return pos;
}

/**
 * Whether vehicle `v` stands at its next stop: on the stop's lane, its front at the stop position (at a
 * stopping place: within 0.5 m of where it planned to halt, with half its length inside), halted (driving
 * `speed`, default its speed).
 */
export function atStop(e: EngineState, v: number, speed = e.veh.speed[v] ?? 0): boolean {
  const vs = e.veh;
  const s = vs.seg[v] ?? 0;
  const n = e.net;
  if (s >= n.nLanes || (vs.routeIdx[v] ?? 0) !== vs.stopRi[v]) return false;
  if ((n.laneIndex[s] ?? 0) !== stopLaneIndex(e, v)) return false;
  const p = n.demand.stopPlace[vs.stopIdx[v] ?? -1] ?? -1;
  if (p >= 0) {
    const t = vs.stopTarget[v] ?? Number.NaN;
    return reachedPlace(e, v, p, Number.isNaN(t) ? stopTarget(e, v) : t, speed);
  }
  return (vs.pos[v] ?? 0) >= stopPosition(e, v) - POSITION_EPS && speed <= HALTING_SPEED;
}

/** Vehicle `v` begins its next stop at time `t` (for its duration, at least until its `until`). */
export function startStop(e: EngineState, v: number, t: number): void {
  const vs = e.veh;
  const k = vs.stopIdx[v] ?? 0;
  vs.stopped[v] = 1;
  e.counters.stopsServed++;
  vs.stopUntil[v] = Math.max(t + (e.net.demand.stopDuration[k] ?? 0), e.net.demand.stopUntil[k] ?? -1);
}

/**
 * When vehicle `v` enters a road beyond its next stop's without having stopped there (its lane never led
 * to the stop lane), the stop is skipped, as SUMO does with a warning; counted in `counters.stopsSkipped`.
 */
export function checkStopPassed(e: EngineState, v: number): void {
  const vs = e.veh;
  if ((vs.stopIdx[v] ?? -1) >= 0 && (vs.routeIdx[v] ?? 0) > (vs.stopRi[v] ?? 0)) skipStop(e, v);
}

/**
 * Where vehicle `v`, driving on `lane`, planned to halt this step for its next stop when that stop is on
 * its road: it can always drive up to there (SUMO's `stopPos` and `driveToNextStop` of LC2013's
 * `_wantsChange`; its best lanes do not know where a stopping place has room). -Infinity for none.
 */
export function plannedStopPos(e: EngineState, v: number, lane: number): number {
  const vs = e.veh;
  const dist = vs.stopPlanDist[v] ?? Number.NaN;
  if (Number.isNaN(dist) || lane >= e.net.nLanes || vs.routeIdx[v] !== vs.stopRi[v]) return -Infinity;
  return (vs.pos[v] ?? 0) + dist - (vs.speed[v] ?? 0) * e.dt;
}
