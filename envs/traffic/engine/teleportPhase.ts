import { DL_BEST, DL_NEXT, DP_FREE, DP_TELEPORT, DS_MAX } from './departureCodes.js';
import type { EngineState } from './EngineState.js';
import { placeOnRoad } from './insertionPhase.js';
import { VEH_FREE, VEH_TELEPORTING } from './VehicleStore.js';

/**
 * Time (s) a teleporting vehicle takes to pass road `r` (SUMO `MSEdge::getCurrentTravelTime(1)`): its
 * length over the mean speed of the vehicles on it now (its speed limit when it is empty), at least 1 m/s;
 * in whole milliseconds, as SUMO keeps time.
 */
function passTime(e: EngineState, r: number): number {
  const n = e.net;
  const l0 = n.roadLaneStart[r] ?? 0;
  const nl = n.roadLaneCount[r] ?? 1;
  let sum = 0;
  let count = 0;
  for (let l = l0; l < l0 + nl; l++) {
    for (let u = e.segHead[l] ?? -1; u >= 0; u = e.veh.behind[u] ?? -1) {
      sum += e.veh.speed[u] ?? 0;
      count++;
    }
  }
  const mean = count > 0 ? sum / count : (n.segSpeed[l0] ?? 13.89);
  return Math.round(((n.roadLength[r] ?? 0) / Math.max(1, mean)) * 1000) / 1000;
}

/** The teleport went past the end of the route: SUMO removes the vehicle without an arrival. */
function finish(e: EngineState, v: number): void {
  e.counters.onVaporize(e, v);
  e.veh.state[v] = VEH_FREE;
  e.veh.free[e.veh.freeTop++] = v;
}

/**
 * Takes vehicle `v` off the network to teleport along its route (SUMO `MSVehicleTransfer::add`): out of a
 * jam (`teleports`) or after a collision (`detectCollisions`).
 */
export function takeOff(e: EngineState, v: number): void {
  const vs = e.veh;
  e.unlink(v);
  // SUMO takes the vehicle off every lane it covers, the junction lanes its back still reaches included
  for (let s = 0; s < e.net.nSegs; s++) if (e.segOutVeh[s] === v) e.segOutVeh[s] = -1;
  vs.deactivate(v);
  vs.state[v] = VEH_TELEPORTING;
  vs.speed[v] = 0;
  vs.nItems[v] = 0;
  const next = (vs.routeIdx[v] ?? 0) + 1;
  vs.routeIdx[v] = next;
  if (next >= e.routes.length(vs.route[v] ?? 0)) {
    finish(e, v);
    return;
  }
  // set when it first fails to come back (SUMO sets the proceed time after that step's insertions)
  vs.tpTime[v] = -1;
  if (e.tpCount >= e.tpList.length) {
    const bigger = new Int32Array(e.tpList.length * 2);
    bigger.set(e.tpList);
    e.tpList = bigger;
  }
  e.tpList[e.tpCount++] = v;
}

/**
 * SUMO's teleporting (`--time-to-teleport`): a vehicle that has stood at the front of its lane (or behind
 * vehicles at a stop there, SUMO 1.15's "blocked" teleport) longer than the option is taken off the
 * network and moved along its route at the roads' speed limits; it comes back on the first road where it
 * finds room (SUMO's free insertion from the road's start, best lane), or, past the end of its route, is
 * removed without an arrival (`counters.vaporized`). Teleports are counted in `counters.teleports`.
 *
 * @example
 * ```ts
 * teleports(state); // after executeMovements, when opts.timeToTeleport > 0
 * ```
 */
export function teleports(e: EngineState): void {
  const limit = e.opts.timeToTeleport;
  if (!(limit > 0)) return;
  const vs = e.veh;
  // the vehicles on the segments are the running ones: when none has waited that long, no segment has a candidate
  let longest = 0;
  for (let k = 0; k < vs.runCount; k++) {
    const w = vs.waitCur[vs.run[k] ?? 0] ?? 0;
    if (w > longest) longest = w;
  }
  if (!(longest > limit)) return;
  for (let s = 0; s < e.net.nSegs; s++) {
    // the front-most vehicle that is not at a stop: SUMO 1.15 also teleports one stuck behind a stopped vehicle ("blocked")
    let h = e.segHead[s] ?? -1;
    while (h >= 0 && vs.stopped[h] === 1) h = vs.behind[h] ?? -1;
    if (h >= 0 && (vs.waitCur[h] ?? 0) > limit) {
      e.counters.teleports++;
      takeOff(e, h);
    }
  }
}

/**
 * The teleporting vehicles try to come back (SUMO `MSVehicleTransfer::checkInsertions`, which runs after
 * the step's insertions: a vehicle due to depart takes the room first), in the order the vehicles were
 * built (SUMO's numerical id, tsgym's `extId`), not the order they were taken off.
 *
 * @example
 * ```ts
 * teleportReturns(state); // after insertVehicles
 * ```
 */
export function teleportReturns(e: EngineState): void {
  if (e.tpCount === 0) return;
  // SUMO sorts them by numerical id (the order the vehicles were built): the earlier one takes a free place first
  const list = e.tpList;
  const ext = e.veh.extId;
  for (let i = 1; i < e.tpCount; i++) {
    const v = list[i] ?? 0;
    const id = ext[v] ?? 0;
    let j = i - 1;
    while (j >= 0 && (ext[list[j] ?? 0] ?? 0) > id) {
      list[j + 1] = list[j] ?? 0;
      j--;
    }
    list[j + 1] = v;
  }
  let kept = 0;
  for (let i = 0; i < e.tpCount; i++) {
    const v = e.tpList[i] ?? 0;
    if (!reenter(e, v)) e.tpList[kept++] = v;
  }
  e.tpCount = kept;
}

/** One step of a teleporting vehicle; true when it is back on the network or its trip ended. */
function reenter(e: EngineState, v: number): boolean {
  const vs = e.veh;
  const route = vs.route[v] ?? 0;
  const idx = vs.routeIdx[v] ?? 0;
  const lane = vs.departLane[v] ?? DL_BEST;
  const pos = vs.departPos[v] ?? DP_FREE;
  const speed = vs.departSpeed[v] ?? DS_MAX;
  vs.departLane[v] = DL_NEXT;
  vs.departPos[v] = DP_TELEPORT;
  vs.departSpeed[v] = DS_MAX;
  vs.state[v] = VEH_FREE;
  const ok = placeOnRoad(e, v, e.routes.road(route, idx), idx);
  vs.departLane[v] = lane;
  vs.departPos[v] = pos;
  vs.departSpeed[v] = speed;
  if (ok) {
    vs.waitCur[v] = 0;
    return true;
  }
  vs.state[v] = VEH_TELEPORTING;
  const road = e.routes.road(route, idx);
  if ((vs.tpTime[v] ?? -1) < 0) {
    vs.tpTime[v] = e.time + passTime(e, road);
    return false;
  }
  // SUMO moves on once the proceed time has passed, and times the next road by the one just left
  if (!((vs.tpTime[v] ?? 0) < e.time - 1e-9)) return false;
  if (idx + 1 >= e.routes.length(route)) {
    finish(e, v);
    return true;
  }
  vs.routeIdx[v] = idx + 1;
  vs.tpTime[v] = e.time + passTime(e, road);
  return false;
}
