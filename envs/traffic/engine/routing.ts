import type { EngineState } from './EngineState.js';

/** How far ahead (m) the best lanes look along the route (SUMO's 3000 m). */
const BEST_LANES_LOOKAHEAD = 3000;
/** Continuations differing by less than this (m) are equally good. */
const EQUAL_LENGTH = 0.5;

let cur = new Float64Array(8);
let nxt = new Float64Array(8);

/**
 * Whether `lane` has a connection to road `road`.
 *
 * @example
 * ```ts
 * laneServes(state, net.laneOf('Sin', 0), roadIx('Eout'));
 * ```
 */
export function laneServes(e: EngineState, lane: number, road: number): boolean {
  const n = e.net;
  for (let k = n.laneConnStart[lane] ?? 0; k < (n.laneConnStart[lane + 1] ?? 0); k++) if (n.connToRoad[n.laneConns[k] ?? 0] === road) return true;
  return false;
}

/**
 * The connection a vehicle takes from `lane` onto road `next` (-1 if the lane has none): one whose
 * target lane continues to `next2` if there is, else the least occupied.
 *
 * @example
 * ```ts
 * const c = chooseConn(state, lane, nextRoad, roadAfter);
 * ```
 */
export function chooseConn(e: EngineState, lane: number, next: number, next2: number): number {
  if (next < 0) return -1;
  const n = e.net;
  let best = -1;
  let bestScore = Infinity;
  for (let k = n.laneConnStart[lane] ?? 0; k < (n.laneConnStart[lane + 1] ?? 0); k++) {
    const c = n.laneConns[k] ?? 0;
    if (n.connToRoad[c] !== next) continue;
    const tl = n.connToLane[c] ?? 0;
    const score = (e.segCount[tl] ?? 0) + (next2 >= 0 && !laneServes(e, tl, next2) ? 1000 : 0);
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

function ensureScratch(n: number): void {
  if (cur.length < n) {
    cur = new Float64Array(n * 2);
    nxt = new Float64Array(n * 2);
  }
}

/**
 * SUMO's best lanes of the vehicle's current road (`MSVehicle::updateBestLanes`): for each lane, how far
 * the vehicle can follow its route from that lane without changing lanes (up to 3000 m ahead), and the
 * signed number of lane changes to the nearest lane where that distance is longest. Written to
 * `veh.bestLen` and `veh.bestOff`.
 *
 * @example
 * ```ts
 * computeBestLanes(state, v);
 * state.veh.bestOff[v * state.veh.laneStride + laneIndex]; // 0: on a best lane
 * ```
 */
export function computeBestLanes(e: EngineState, v: number): void {
  const n = e.net;
  const vs = e.veh;
  const rt = e.routes;
  const route = vs.route[v] ?? 0;
  const i0 = vs.routeIdx[v] ?? 0;
  const nr = rt.length(route);
  const bit = n.typeClassBit[vs.type[v] ?? 0] ?? 1;
  ensureScratch(n.maxLanes);
  let j = i0;
  for (let acc = 0; j < nr - 1 && acc < BEST_LANES_LOOKAHEAD; j++) acc += n.roadLength[rt.road(route, j + 1)] ?? 0;
  let r = rt.road(route, j);
  for (let k = 0; k < (n.roadLaneCount[r] ?? 0); k++) nxt[k] = ((n.laneAllow[(n.roadLaneStart[r] ?? 0) + k] ?? 0) & bit) !== 0 ? (n.roadLength[r] ?? 0) : -1;
  for (let q = j - 1; q >= i0; q--) {
    r = rt.road(route, q);
    const after = rt.road(route, q + 1);
    const l0 = n.roadLaneStart[r] ?? 0;
    const afterStart = n.roadLaneStart[after] ?? 0;
    const len = n.roadLength[r] ?? 0;
    for (let k = 0; k < (n.roadLaneCount[r] ?? 0); k++) {
      const lane = l0 + k;
      if (((n.laneAllow[lane] ?? 0) & bit) === 0) {
        cur[k] = -1;
        continue;
      }
      let best = 0;
      for (let m = n.laneConnStart[lane] ?? 0; m < (n.laneConnStart[lane + 1] ?? 0); m++) {
        const c = n.laneConns[m] ?? 0;
        if (n.connToRoad[c] !== after) continue;
        const cont = nxt[(n.connToLane[c] ?? 0) - afterStart] ?? -1;
        if (cont > best) best = cont;
      }
      cur[k] = len + best;
    }
    const tmp = nxt;
    nxt = cur;
    cur = tmp;
  }
  writeOffsets(e, v, rt.road(route, i0));
}

function writeOffsets(e: EngineState, v: number, road: number): void {
  const n = e.net;
  const vs = e.veh;
  const nl = n.roadLaneCount[road] ?? 1;
  const base = v * vs.laneStride;
  let max = -1;
  for (let k = 0; k < nl; k++) if ((nxt[k] ?? -1) > max) max = nxt[k] ?? -1;
  for (let k = 0; k < nl; k++) {
    const len = nxt[k] ?? -1;
    vs.bestLen[base + k] = len;
    let off = 0;
    if (len < max - EQUAL_LENGTH) {
      let bestD = Infinity;
      for (let m = 0; m < nl; m++) {
        if ((nxt[m] ?? -1) >= max - EQUAL_LENGTH && Math.abs(m - k) < bestD) {
          bestD = Math.abs(m - k);
          off = m - k;
        }
      }
    }
    vs.bestOff[base + k] = off;
  }
}

/**
 * Bookkeeping when vehicle `v` reaches `lane` of the next road of its route: route position, the
 * connection it will take from this lane, its best lanes, and the time loss so far (for per-approach delay).
 *
 * @example
 * ```ts
 * enterRoad(state, v, lane);
 * ```
 */
export function enterRoad(e: EngineState, v: number, lane: number): void {
  const vs = e.veh;
  vs.routeIdx[v] = (vs.routeIdx[v] ?? 0) + 1;
  onRoad(e, v, lane);
}

/** Sets the per-road state of `v` on `lane` (also at insertion). */
export function onRoad(e: EngineState, v: number, lane: number): void {
  const vs = e.veh;
  const rt = e.routes;
  const route = vs.route[v] ?? 0;
  const i = vs.routeIdx[v] ?? 0;
  vs.conn[v] = chooseConn(e, lane, rt.road(route, i + 1), rt.road(route, i + 2));
  vs.roadLoss0[v] = vs.timeLoss[v] ?? 0;
  vs.stuck[v] = 0;
  computeBestLanes(e, v);
}
