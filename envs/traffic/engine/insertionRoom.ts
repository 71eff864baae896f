import { DL_BEST, DL_FIRST } from './departureCodes.js';
import type { EngineState } from './EngineState.js';

/*
 * Room on a departure road as SUMO's insertion reckons it: lane occupations and the pre-check that SUMO
 * makes of every pending vehicle when its routing device is on (MSInsertionControl::checkCandidates).
 */

/**
 * Whether `v`'s vehicle class may use `lane`.
 *
 * @example
 * ```ts
 * if (allowed(state, lane, v)) console.log('may depart there');
 * ```
 */
export function allowed(e: EngineState, lane: number, v: number): boolean {
  return ((e.net.laneAllow[lane] ?? 0) & (e.net.typeClassBit[e.veh.type[v] ?? 0] ?? 1)) !== 0;
}

/**
 * Brutto occupation (m) of a lane: the length plus minGap of every vehicle whose front is on it.
 *
 * @example
 * ```ts
 * occupation(state, lane); // 15 with two cars (5 m, minGap 2.5)
 * ```
 */
export function occupation(e: EngineState, lane: number): number {
  const vs = e.veh;
  const d = e.net.demand;
  let occ = 0;
  for (let u = e.segHead[lane] ?? -1; u >= 0; u = vs.behind[u] ?? -1) occ += (d.typeLength[vs.type[u] ?? 0] ?? 5) + (d.typeMinGap[vs.type[u] ?? 0] ?? 2.5);
  return occ;
}

/**
 * Brutto occupation (m) of a lane as SUMO's `MSLane::getBruttoOccupancy` counts it: {@link occupation},
 * plus the part of a vehicle whose front has left the lane that still covers its end, less the part of
 * the last vehicle that still sticks out behind the lane's start.
 */
function bruttoOccupation(e: EngineState, lane: number): number {
  const vs = e.veh;
  let occ = occupation(e, lane);
  if (e.partialOccupant(lane) >= 0) occ += e.partialBack;
  const t = e.segTail[lane] ?? -1;
  if (t >= 0) {
    const len = e.net.demand.typeLength[vs.type[t] ?? 0] ?? 5;
    const p = vs.pos[t] ?? 0;
    if (p < len) occ -= len - p;
  }
  return occ;
}

/** Brutto occupation of each lane of the road being filled, from before this step's insertions. */
let roadOcc = new Float64Array(8);

/**
 * Notes the occupation of each lane of `road` before this step's insertions on it: SUMO pre-checks every
 * pending vehicle before it inserts any.
 *
 * @example
 * ```ts
 * noteRoadOccupation(state, road);
 * if (hasRoom(state, v, road)) tryToInsert(v);
 * ```
 */
export function noteRoadOccupation(e: EngineState, road: number): void {
  const nl = e.net.roadLaneCount[road] ?? 0;
  if (roadOcc.length < nl) roadOcc = new Float64Array(nl);
  const l0 = e.net.roadLaneStart[road] ?? 0;
  for (let k = 0; k < nl; k++) roadOcc[k] = bruttoOccupation(e, l0 + k);
}

/**
 * SUMO's pre-check of a pending vehicle when the routing device is on (`MSEdge::insertVehicle` with
 * `checkOnly`): with departLane given or first, that lane must leave room for the vehicle's length and
 * minGap beside what occupies it (occupation noted by {@link noteRoadOccupation}); with any other
 * departLane, some lane of the road must. SUMO applies the lane's occupancy, a fraction, to the edge's length.
 *
 * @example
 * ```ts
 * noteRoadOccupation(state, road);
 * hasRoom(state, v, road); // false while the lane is full
 * ```
 */
export function hasRoom(e: EngineState, v: number, road: number): boolean {
  const n = e.net;
  const d = n.demand;
  const ty = e.veh.type[v] ?? 0;
  const need = (d.typeLength[ty] ?? 5) + (d.typeMinGap[ty] ?? 2.5);
  const l0 = n.roadLaneStart[road] ?? 0;
  const nl = n.roadLaneCount[road] ?? 0;
  const edgeLen = n.segLength[l0] ?? 0;
  const code = e.veh.departLane[v] ?? DL_BEST;
  if (code >= 0) return code < nl && laneHasRoom(code, n.segLength[l0 + code] ?? 0, edgeLen, need);
  if (code === DL_FIRST) {
    for (let k = 0; k < nl; k++) if (allowed(e, l0 + k, v)) return laneHasRoom(k, n.segLength[l0 + k] ?? 0, edgeLen, need);
    return false;
  }
  for (let k = 0; k < nl; k++) if (laneHasRoom(k, n.segLength[l0 + k] ?? 0, edgeLen, need)) return true;
  return false;
}

/** Whether lane `k` of the road (length `laneLen`) has room for `need` m: SUMO's `occupancy == 0 || occupancy * edge length + need <= edge length`. */
function laneHasRoom(k: number, laneLen: number, edgeLen: number, need: number): boolean {
  const occ = Math.min(1, (roadOcc[k] ?? 0) / laneLen);
  return occ === 0 || occ * edgeLen + need <= edgeLen;
}
