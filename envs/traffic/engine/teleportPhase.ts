import { DL_BEST, DP_FREE, DS_MAX } from './departureCodes.js';
import type { EngineState } from './EngineState.js';
import { placeOnRoad } from './insertionPhase.js';
import { VEH_FREE, VEH_TELEPORTING } from './VehicleStore.js';

/** Time (s) to drive through road `r` while teleporting (at its speed limit). */
function passTime(e: EngineState, r: number): number {
  const lane = e.net.roadLaneStart[r] ?? 0;
  return (e.net.roadLength[r] ?? 0) / Math.max(1, e.net.segSpeed[lane] ?? 13.89);
}

/** The teleport went past the end of the route: SUMO removes the vehicle without an arrival. */
function finish(e: EngineState, v: number): void {
  e.counters.onVaporize(e, v);
  e.veh.state[v] = VEH_FREE;
  e.veh.free[e.veh.freeTop++] = v;
}

function start(e: EngineState, v: number): void {
  const vs = e.veh;
  e.counters.teleports++;
  e.unlink(v);
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
  vs.tpTime[v] = e.time + passTime(e, e.routes.road(vs.route[v] ?? 0, next));
  if (e.tpCount >= e.tpList.length) {
    const bigger = new Int32Array(e.tpList.length * 2);
    bigger.set(e.tpList);
    e.tpList = bigger;
  }
  e.tpList[e.tpCount++] = v;
}

/**
 * SUMO's teleporting (`--time-to-teleport`): a vehicle that has stood at the front of its lane longer
 * than the option is taken off the network and moved along its route at the roads' speed limits; it
 * comes back on the first road where it finds room (free position, best lane), or, past the end of its
 * route, is removed without an arrival (`counters.vaporized`). Teleports are counted in `counters.teleports`.
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
  for (let s = 0; s < e.net.nSegs; s++) {
    const h = e.segHead[s] ?? -1;
    if (h >= 0 && (vs.waitCur[h] ?? 0) > limit) start(e, h);
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
  vs.departLane[v] = DL_BEST;
  vs.departPos[v] = DP_FREE;
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
  if (e.time < (vs.tpTime[v] ?? 0)) return false;
  if (idx + 1 >= e.routes.length(route)) {
    finish(e, v);
    return true;
  }
  vs.routeIdx[v] = idx + 1;
  vs.tpTime[v] = e.time + passTime(e, e.routes.road(route, idx + 1));
  return false;
}
