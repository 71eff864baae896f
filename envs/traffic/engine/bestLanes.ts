import { brakeGap } from './carFollowing.js';
import type { EngineState } from './EngineState.js';
import { havePriority } from './linkStates.js';
import { stopLaneEnd, stopLaneIndex } from './stops.js';
import { MAX_CONT } from './VehicleStore.js';

/** One road of the look-ahead: per lane its length, own length, lane offset, whether it continues, and the chosen next lane. */
class Level {
  road = 0;
  len = new Float64Array(8);
  cur = new Float64Array(8);
  off = new Int32Array(8);
  cont = new Uint8Array(8);
  next = new Int32Array(8);
  /** `linkPriority` of each lane once its next lane is chosen (backward pass). */
  prio = new Int32Array(8);
  fit(n: number): void {
    if (this.len.length >= n) return;
    this.len = new Float64Array(n);
    this.cur = new Float64Array(n);
    this.off = new Int32Array(n);
    this.cont = new Uint8Array(n);
    this.next = new Int32Array(n);
    this.prio = new Int32Array(n);
  }
}

const levels: Level[] = [];

function level(i: number, nl: number): Level {
  let L = levels[i];
  if (!L) {
    L = new Level();
    levels[i] = L;
  }
  L.fit(nl);
  return L;
}

/** The connection from `lane` to `target` (a lane of the next road), or -1. */
export function connTo(e: EngineState, lane: number, target: number): number {
  const n = e.net;
  for (let k = n.laneConnStart[lane] ?? 0; k < (n.laneConnStart[lane + 1] ?? 0); k++) {
    const c = n.laneConns[k] ?? 0;
    if (n.connToLane[c] === target) return c;
  }
  return -1;
}

/** Whether some lane of road `road` has a connection onto `lane`. */
function approachedFromRoad(e: EngineState, lane: number, road: number): boolean {
  const n = e.net;
  const l0 = n.roadLaneStart[road] ?? 0;
  for (let k = 0; k < (n.roadLaneCount[road] ?? 0); k++) if (connTo(e, l0 + k, lane) >= 0) return true;
  return false;
}

function allows(e: EngineState, lane: number, bit: number): boolean {
  return ((e.net.laneAllow[lane] ?? 0) & bit) !== 0;
}

/** Whether `lane` has a connection to road `next` whose target admits the class (SUMO `allowedLanes`). */
function continuesTo(e: EngineState, lane: number, next: number, bit: number): boolean {
  const n = e.net;
  if (!allows(e, lane, bit)) return false;
  for (let k = n.laneConnStart[lane] ?? 0; k < (n.laneConnStart[lane + 1] ?? 0); k++) {
    const c = n.laneConns[k] ?? 0;
    if (n.connToRoad[c] === next && allows(e, n.connToLane[c] ?? 0, bit)) return true;
  }
  return false;
}

/** SUMO `nextLinkPriority`: 1 if the link to the lane's continuation has priority now, 0 if not, -1 without one. */
function linkPriority(e: EngineState, L: Level, k: number): number {
  const nx = L.next[k] ?? -1;
  if (nx < 0) return -1;
  const c = connTo(e, (e.net.roadLaneStart[L.road] ?? 0) + k, nx);
  if (c < 0) return -1;
  const p = havePriority(e.linkState[c] ?? 0) ? 1 : 0;
  e.bestCache.record(c, p);
  return p;
}

/**
 * SUMO's best lanes of the vehicle's current road (`MSVehicle::updateBestLanes`): the roads ahead are
 * collected (at least 4, until 3000 m or the braking distance at top speed; in town at most 8 beyond
 * 200 m); then, from the last back to the current road, each lane gets the distance the vehicle can
 * follow its route from it without changing lanes, the lane it continues on, and the signed number of
 * lane changes to the best lane (longest distance, then fewest further changes, then a prioritised
 * next link). Written to `veh.bestLen`, `veh.bestOff` and `veh.bestCont`.
 *
 * @example
 * ```ts
 * computeBestLanes(state, v);
 * state.veh.bestOff[v * state.veh.laneStride + laneIndex]; // 0: on a best lane
 * ```
 */
export function computeBestLanes(e: EngineState, v: number): void {
  const vs = e.veh;
  const route = vs.route[v] ?? 0;
  const ri = vs.routeIdx[v] ?? 0;
  const ty = vs.type[v] ?? 0;
  const nTypes = e.net.demand.typeLength.length;
  // without a stop ahead the table depends on route, road, type and link priorities only (see BestLanesCache);
  // run-time routes (the routing device's, turning ratios') are append-only, their ids never reused before
  // the cache is emptied (reset, restore), so they are keyed like the network's own
  const cacheable = (vs.stopIdx[v] ?? -1) < 0 && ri < 65536;
  const key = (route * 65536 + ri) * nTypes + ty;
  const nl = e.net.roadLaneCount[e.routes.road(route, ri)] ?? 1;
  if (cacheable && e.bestCache.load(key, vs, v, nl, e.linkState)) return;
  e.bestCache.begin();
  const nLevels = collectLevels(e, v);
  lastLevel(e, v, levels[nLevels - 1]);
  for (let q = nLevels - 2; q >= 0; q--) backLevel(e, v, levels[q], levels[q + 1]);
  write(e, v, nLevels);
  if (cacheable) e.bestCache.store(key, vs, v, nl);
}

function collectLevels(e: EngineState, v: number): number {
  const n = e.net;
  const vs = e.veh;
  const d = n.demand;
  const rt = e.routes;
  const route = vs.route[v] ?? 0;
  const nr = rt.length(route);
  const ty = vs.type[v] ?? 0;
  const bit = n.typeClassBit[ty] ?? 1;
  const vMax = d.typeMaxSpeed[ty] ?? 55;
  const first = rt.road(route, vs.routeIdx[v] ?? 0);
  const tau = d.typeTau[ty] ?? 1;
  const maxBrakeDist = (n.roadLength[first] ?? 0) + tau * vMax + brakeGap(vMax, d.typeDecel[ty] ?? 4.5, e.dt, tau) + (d.typeMinGap[ty] ?? 2.5);
  let seen = 0;
  let seenLength = 0;
  let ce = vs.routeIdx[v] ?? 0;
  for (;;) {
    const r = rt.road(route, ce);
    const next = ce + 1 < nr ? rt.road(route, ce + 1) : -1;
    const nl = n.roadLaneCount[r] ?? 1;
    const l0 = n.roadLaneStart[r] ?? 0;
    const L = level(seen, nl);
    L.road = r;
    for (let k = 0; k < nl; k++) {
      const lane = l0 + k;
      L.len[k] = allows(e, lane, bit) ? (n.roadLength[r] ?? 0) : 0;
      L.cur[k] = L.len[k] ?? 0;
      L.off[k] = 0;
      L.cont[k] = next < 0 || continuesTo(e, lane, next, bit) ? 1 : 0;
      L.next[k] = -1;
    }
    const atStop = ce === vs.stopRi[v] && (vs.stopIdx[v] ?? -1) >= 0;
    if (atStop) {
      // SUMO: only the stop lane leads on; the others end at the stop position, and the look-ahead ends here
      const ks = stopLaneIndex(e, v);
      const pos = stopLaneEnd(e, v);
      for (let k = 0; k < nl; k++) {
        if (k === ks) continue;
        L.cont[k] = 0;
        L.len[k] = pos;
        L.cur[k] = pos;
      }
    }
    seen++;
    seenLength += n.roadLength[r] ?? 0;
    ce++;
    if (atStop) return seen;
    const more = (seen <= 4 || seenLength < Math.max(maxBrakeDist, 3000)) && (seen <= 8 || seenLength < Math.max(maxBrakeDist, 200)) && ce < nr;
    if (!more) return seen;
  }
}

/** Lane offsets on the last road of the look-ahead (lanes there all end at the horizon). */
function lastLevel(e: EngineState, v: number, L: Level): void {
  const nl = e.net.roadLaneCount[L.road] ?? 1;
  let best = -1;
  let lo = 0;
  let hi = 0;
  for (let k = 0; k < nl; k++) {
    const len = L.len[k] ?? 0;
    if (len > best) {
      best = len;
      lo = k;
      hi = k;
    } else if (len === best) hi = k;
  }
  assignOffsets(e, v, L, lo, hi, false, best, 0);
}

/**
 * Whether lane `k` of `C` is worse than the best lane `bti` in the backward pass: shorter, or as long
 * with more changes after it, or a lower-priority next link than `pb`. Reads `bti`'s values as they
 * are now (SUMO compares against the best lane as the loop leaves it).
 */
function worseBack(C: Level, k: number, bti: number, pb: number): boolean {
  const lk = C.len[k] ?? 0;
  const lb = C.len[bti] ?? 0;
  return lk < lb || (lk === lb && Math.abs(C.off[k] ?? 0) > Math.abs(C.off[bti] ?? 0)) || (C.prio[k] ?? 0) < pb;
}

/**
 * Gives the worse lanes the offset to the nearer of the best lanes `lo..hi`, and removes lanes from
 * which that change is impossible (the neighbour does not admit the class). Worse: on the last level
 * (`backPass` false) shorter than `best`; in the backward pass see `worseBack` (with `lo` the best
 * lane and `pb` its link priority; lanes of lower priority also fall back to their own length).
 */
function assignOffsets(e: EngineState, v: number, L: Level, lo: number, hi: number, backPass: boolean, best: number, pb: number): void {
  const n = e.net;
  const nl = n.roadLaneCount[L.road] ?? 1;
  const l0 = n.roadLaneStart[L.road] ?? 0;
  const bit = n.typeClassBit[e.veh.type[v] ?? 0] ?? 1;
  let rightForbidden = false;
  let leftForbidden = -1;
  for (let k = 0; k < nl; k++) {
    const worse = backPass ? worseBack(L, k, lo, pb) : (L.len[k] ?? 0) < best;
    if (!worse) {
      if (backPass) L.off[k] = 0;
      continue;
    }
    L.off[k] = Math.abs(lo - k) < Math.abs(hi - k) ? lo - k : hi - k;
    if (backPass && (L.prio[k] ?? 0) < pb) L.len[k] = L.cur[k] ?? 0;
    const off = L.off[k] ?? 0;
    if (off < 0 && (k === 0 || !allows(e, l0 + k - 1, bit) || rightForbidden)) {
      rightForbidden = true;
      if (!backPass || L.len[k] === L.cur[k]) L.len[k] = 0;
    } else if (off > 0 && (k === nl - 1 || !allows(e, l0 + k + 1, bit))) leftForbidden = k;
  }
  for (let k = leftForbidden; k >= 0; k--) if (!backPass || L.len[k] === L.cur[k]) L.len[k] = 0;
}

/** One step of the backward pass: lane lengths and offsets of road `C` from those of the next road `N`. */
function backLevel(e: EngineState, v: number, C: Level, N: Level): void {
  const n = e.net;
  const nlC = n.roadLaneCount[C.road] ?? 1;
  const nlN = n.roadLaneCount[N.road] ?? 1;
  const c0 = n.roadLaneStart[C.road] ?? 0;
  const n0 = n.roadLaneStart[N.road] ?? 0;
  const bit = n.typeClassBit[e.veh.type[v] ?? 0] ?? 1;
  let bestConnected = -1;
  let bestLength = -1;
  for (let m = 0; m < nlN; m++) {
    const len = N.len[m] ?? 0;
    if (len > bestConnected && approachedFromRoad(e, n0 + m, C.road)) bestConnected = len;
    if (len > bestLength) bestLength = len;
  }
  let bti = 0;
  let bmi = 0;
  if (bestConnected > 0) {
    for (let k = 0; k < nlC; k++) {
      let bcn = -1;
      if (C.cont[k]) {
        for (let m = 0; m < nlN; m++) {
          if (!allows(e, n0 + m, bit) || connTo(e, c0 + k, n0 + m) < 0) continue;
          if (
            bcn < 0 || (N.len[bcn] ?? 0) < (N.len[m] ?? 0) ||
            ((N.len[bcn] ?? 0) === (N.len[m] ?? 0) && Math.abs(N.off[bcn] ?? 0) > Math.abs(N.off[m] ?? 0))
          ) bcn = m;
        }
        if (bcn >= 0) {
          const nb = N.len[bcn] ?? 0;
          C.len[k] = (C.len[k] ?? 0) + (nb === bestConnected && Math.abs(N.off[bcn] ?? 0) < 2 ? bestLength : nb);
          C.off[k] = N.off[bcn] ?? 0;
        }
      }
      if (bcn >= 0 && (N.cont[bcn] || (N.len[bcn] ?? 0) > 0)) C.next[k] = n0 + bcn;
      else C.cont[k] = 0;
      C.prio[k] = linkPriority(e, C, k);
      const lb = C.len[bti] ?? 0;
      const lk = C.len[k] ?? 0;
      const ob = Math.abs(C.off[bti] ?? 0);
      const ok = Math.abs(C.off[k] ?? 0);
      if (lb < lk || (lb === lk && ob > ok) || (lb === lk && ob === ok && (C.prio[bti] ?? 0) < (C.prio[k] ?? 0))) {
        bti = k;
        bmi = k;
      } else if (lb === lk && ob === ok && C.prio[bti] === C.prio[k]) bmi = k;
    }
  } else {
    // disconnected route: the lane that needs the fewest changes on the next road carries on
    let bestNext = 0;
    let need = nlC;
    for (let k = 0; k < nlC; k++) {
      if (!C.cont[k]) continue;
      for (let m = 0; m < nlN; m++) {
        if (connTo(e, c0 + k, n0 + m) >= 0 && need > Math.abs(N.off[m] ?? 0)) {
          need = Math.abs(N.off[m] ?? 0);
          bti = k;
          bmi = k;
          bestNext = m;
        }
      }
    }
    C.len[bti] = (C.len[bti] ?? 0) + (N.len[bestNext] ?? 0);
    C.next[bti] = n0 + bestNext;
    for (let k = 0; k < nlC; k++) C.prio[k] = linkPriority(e, C, k);
  }
  // SUMO compares against the best lane as the loop leaves it (its offset becomes 0 when it is visited)
  assignOffsets(e, v, C, bti, bmi, true, 0, C.prio[bti] ?? 0);
}

function write(e: EngineState, v: number, nLevels: number): void {
  const vs = e.veh;
  const L0 = levels[0];
  const nl = e.net.roadLaneCount[L0.road] ?? 1;
  const base = v * vs.laneStride;
  for (let k = 0; k < nl; k++) {
    vs.bestLen[base + k] = L0.len[k] ?? 0;
    vs.bestOff[base + k] = L0.off[k] ?? 0;
    const cb = (base + k) * MAX_CONT;
    let lane = L0.next[k] ?? -1;
    let j = 0;
    for (let q = 1; q < nLevels && lane >= 0 && j < MAX_CONT; q++) {
      vs.bestCont[cb + j++] = lane;
      const Lq = levels[q];
      lane = Lq.next[lane - (e.net.roadLaneStart[Lq.road] ?? 0)] ?? -1;
    }
    if (j < MAX_CONT) vs.bestCont[cb + j] = -1;
  }
}

/**
 * The lane vehicle `v` continues on `hops` roads after its current road when it is on lane index `k`
 * of that road now (its best continuation), or -1.
 *
 * @example
 * ```ts
 * const next = continuation(state, v, laneIndex, 0); // the lane it enters after the junction
 * ```
 */
export function continuation(e: EngineState, v: number, k: number, hops: number): number {
  if (hops >= MAX_CONT) return -1;
  const cb = (v * e.veh.laneStride + k) * MAX_CONT;
  for (let j = 0; j <= hops; j++) if ((e.veh.bestCont[cb + j] ?? -1) < 0) return -1;
  return e.veh.bestCont[cb + hops] ?? -1;
}
