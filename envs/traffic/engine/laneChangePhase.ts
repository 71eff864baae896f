import { brakeGap } from './carFollowing.js';
import type { EngineState } from './EngineState.js';
import { lcSecureGap, LcContext, lengthWithGap } from './laneChangeContext.js';
import {
  laneChanged, LCA_BLOCKED, LCA_BLOCKED_BY_LEFT_FOLLOWER, LCA_BLOCKED_BY_LEFT_LEADER, LCA_BLOCKED_BY_RIGHT_FOLLOWER, LCA_BLOCKED_BY_RIGHT_LEADER,
  LCA_LEFT, LCA_OVERLAPPING, LCA_RIGHT, LCA_URGENT, LCA_WANTS_LANECHANGE,
} from './laneChangeModel.js';
import { criticalLeader, realFollower, realLeader } from './laneChangeNeighbours.js';
import { wantsChange } from './laneChangeWish.js';
import { laneConn } from './routing.js';
import { internalEdges } from './laneChangeEdges.js';
import { computeBestLanes } from './bestLanes.js';
import { MAX_CONT } from './VehicleStore.js';

let cur = new Int32Array(8);
let prev = new Int32Array(8);
const ctx = new LcContext();

/** A vehicle's best lanes of its current road, kept while those of the next road are used (see `decide`). */
let savedLen = new Float64Array(8);
let savedOff = new Int8Array(8);
let savedCont = new Int32Array(8 * MAX_CONT);
/** The next road's best lanes, before they are laid out per internal lane. */
let nextLen = new Float64Array(8);
let nextOff = new Int8Array(8);
let nextCont = new Int32Array(8 * MAX_CONT);

/**
 * Lane-change phase of a step (SUMO's `MSLaneChanger` with the LC2013 model, instant changes): on each
 * road with several lanes the vehicles are visited from the front across all lanes; each first
 * considers the lane to its right, then the one to its left, and changes when it wants to
 * (`wantsChange`) and the gaps to the new leader and follower are secure. A vehicle that urgently
 * wants a lane it cannot enter is remembered on that lane so that the slow vehicles behind it there let
 * it in.
 *
 * @example
 * ```ts
 * changeLanes(state); // after executeMovements
 * ```
 */
export function changeLanes(e: EngineState): void {
  const n = e.net;
  const ie = internalEdges(n);
  const width = Math.max(n.maxLanes, ie.maxLanes);
  ctx.fit(n.nLanes, width);
  bruttoOccupations(e);
  if (cur.length < width) {
    cur = new Int32Array(width);
    prev = new Int32Array(width);
  }
  if (savedLen.length < e.veh.laneStride) {
    savedLen = new Float64Array(e.veh.laneStride);
    savedOff = new Int8Array(e.veh.laneStride);
    savedCont = new Int32Array(e.veh.laneStride * MAX_CONT);
    nextLen = new Float64Array(e.veh.laneStride);
    nextOff = new Int8Array(e.veh.laneStride);
    nextCont = new Int32Array(e.veh.laneStride * MAX_CONT);
  }
  // the edges in SUMO's order of active lanes (see LaneChangeOrder), each once
  const ord = e.lcOrder;
  const U = ord.units;
  ord.beginChanges();
  for (let s = ord.head; s >= 0; s = ord.next[s] ?? -1) {
    const u = ord.unitOf[s] ?? -1;
    if (u < 0 || !ord.visit(u)) continue;
    const a = U.start[u] ?? 0;
    const nl = (U.start[u + 1] ?? 0) - a;
    const g = U.group[u] ?? -1;
    const i0 = g >= 0 ? (ie.start[g] ?? 0) : 0;
    ctx.internal = g >= 0;
    let any = false;
    for (let k = 0; k < nl; k++) {
      const t = U.segs[a + k] ?? 0;
      ctx.segs[k] = t;
      ctx.mayRight[k] = g >= 0 ? (ie.mayRight[i0 + k] ?? 0) : 1;
      ctx.mayLeft[k] = g >= 0 ? (ie.mayLeft[i0 + k] ?? 0) : 1;
      if ((e.segHead[t] ?? -1) >= 0) any = true;
    }
    if (any) sweep(e, nl);
    ord.noteAdded(e, u);
  }
  ctx.internal = false;
  ord.endChanges();
}

/** Sum of vehicle lengths plus gaps on every lane (SUMO `getBruttoVehLenSum`). */
function bruttoOccupations(e: EngineState): void {
  const vs = e.veh;
  for (let l = 0; l < e.net.nLanes; l++) {
    let occ = 0;
    for (let u = e.segHead[l] ?? -1; u >= 0; u = vs.behind[u] ?? -1) occ += lengthWithGap(e, u);
    ctx.laneBrutto[l] = occ;
  }
}

/** Whether vehicle `v` may use segment `s` (an internal lane: the lanes its connection joins). */
function allowed(e: EngineState, s: number, v: number): boolean {
  const n = e.net;
  const bit = n.typeClassBit[e.veh.type[v] ?? 0] ?? 1;
  if (s < n.nLanes) return ((n.laneAllow[s] ?? 0) & bit) !== 0;
  const c = n.segConn[s] ?? 0;
  return ((n.laneAllow[n.connFromLane[c] ?? 0] ?? 0) & (n.laneAllow[n.connToLane[c] ?? 0] ?? 0) & bit) !== 0;
}

/** Visits the vehicles on the lanes `ctx.segs[0 .. nl)` of one edge from the front, changing lanes as they want. */
function sweep(e: EngineState, nl: number): void {
  for (let k = 0; k < nl; k++) {
    cur[k] = e.segHead[ctx.segs[k] ?? 0] ?? -1;
    prev[k] = -1;
    ctx.dens[k] = 0;
    ctx.lastBlocked[k] = -1;
    ctx.firstBlocked[k] = -1;
  }
  sweepVehicles(e, nl);
}

/** `sweep`'s loop over the vehicles, from the front across the lanes. */
function sweepVehicles(e: EngineState, nl: number): void {
  const vs = e.veh;
  for (let guard = 0; guard < 1_000_000; guard++) {
    let k = -1;
    let best = -Infinity;
    for (let j = 0; j < nl; j++) {
      const c = cur[j] ?? -1;
      if (c >= 0 && (vs.pos[c] ?? 0) > best) {
        best = vs.pos[c] ?? 0;
        k = j;
      }
    }
    if (k < 0) return;
    const v = cur[k] ?? 0;
    cur[k] = vs.behind[v] ?? -1;
    const to = vs.stopped[v] === 1 ? k : ctx.internal ? decideInternal(e, v, k, nl) : decide(e, v, k, nl);
    if (to !== k) hop(e, v, k, to - k);
    prev[to] = v;
    ctx.dens[to] = (ctx.dens[to] ?? 0) + lengthWithGap(e, v);
  }
}

/**
 * `decide` for a vehicle on an internal lane of a multi-lane internal edge (SUMO 1.15 changes lanes inside
 * junctions there). SUMO's best lanes on an internal edge (`MSVehicle::updateBestLanes`) are those of the
 * next road, one per internal lane: the entry of the lane each internal lane leads to, its offset to the best
 * lane clipped to the internal edge's lanes and its continuation led by the internal lane itself. They are
 * computed for the next road of the route, laid out so, used while the vehicle is decided, and the
 * vehicle's own road's put back. As SUMO's `MSLaneChanger`, a vehicle does not change between internal lanes
 * that come from the same lane or have different lengths, and one that can change to neither side is not
 * decided (its state stays). A vehicle on a connection with an internal junction is not decided either (it
 * has no best lanes in SUMO there).
 */
function decideInternal(e: EngineState, v: number, k: number, nl: number): number {
  const n = e.net;
  const vs = e.veh;
  const c = n.segConn[ctx.segs[k] ?? 0] ?? 0;
  const stride = vs.laneStride;
  if ((n.connSegCount[c] ?? 1) !== 1 || nl > stride) return k;
  // SUMO asks the model nothing when the vehicle may change to neither side
  const right = k > 0 && ctx.mayRight[k] === 1 && allowed(e, ctx.segs[k - 1] ?? 0, v);
  const left = k < nl - 1 && ctx.mayLeft[k] === 1 && allowed(e, ctx.segs[k + 1] ?? 0, v);
  if (!right && !left) return k;
  const base = v * stride;
  copyBest(vs.bestLen, vs.bestOff, vs.bestCont, base, savedLen, savedOff, savedCont, 0, stride);
  vs.routeIdx[v] = (vs.routeIdx[v] ?? 0) + 1;
  computeBestLanes(e, v);
  copyBest(vs.bestLen, vs.bestOff, vs.bestCont, base, nextLen, nextOff, nextCont, 0, stride);
  for (let i = 0; i < nl; i++) {
    const t = n.laneIndex[n.connToLane[n.segConn[ctx.segs[i] ?? 0] ?? 0] ?? 0] ?? 0;
    vs.bestLen[base + i] = nextLen[t] ?? 0;
    vs.bestOff[base + i] = Math.min(nl - 1 - i, Math.max(-i, nextOff[t] ?? 0));
    for (let h = 0; h < MAX_CONT; h++) vs.bestCont[(base + i) * MAX_CONT + h] = nextCont[t * MAX_CONT + h] ?? -1;
  }
  ctx.bk = k;
  ctx.bnl = nl;
  const res = decide(e, v, k, nl);
  ctx.onBest = (vs.bestOff[base + res] ?? 0) === 0;
  vs.routeIdx[v] = (vs.routeIdx[v] ?? 0) - 1;
  copyBest(savedLen, savedOff, savedCont, 0, vs.bestLen, vs.bestOff, vs.bestCont, base, stride);
  if (res !== k) {
    // the look-ahead follows the continuation of the lane the new connection comes from: make it lead over
    // the new connection's lane and on along that lane's best continuation (SUMO looks ahead from there)
    const cNew = n.segConn[ctx.segs[res] ?? 0] ?? 0;
    const to = n.connToLane[cNew] ?? 0;
    const t = n.laneIndex[to] ?? 0;
    const row = (base + (n.laneIndex[n.connFromLane[cNew] ?? 0] ?? 0)) * MAX_CONT;
    vs.bestCont[row] = to;
    for (let h = 1; h < MAX_CONT; h++) vs.bestCont[row + h] = nextCont[t * MAX_CONT + h - 1] ?? -1;
  }
  return res;
}

/**
 * Copies `n` best-lane entries (length, offset, continuation) from row `a` of the first three arrays to row
 * `b` of the last three (element loops: no typed-array views made on the hot path).
 */
function copyBest(
  len: Float64Array, off: Int8Array, cont: Int32Array, a: number, len2: Float64Array, off2: Int8Array, cont2: Int32Array, b: number, n: number,
): void {
  for (let i = 0; i < n; i++) {
    len2[b + i] = len[a + i] ?? 0;
    off2[b + i] = off[a + i] ?? 0;
  }
  for (let i = 0; i < n * MAX_CONT; i++) cont2[b * MAX_CONT + i] = cont[a * MAX_CONT + i] ?? -1;
}

/** SUMO `MSLaneChanger::change` for one candidate: the lane index it ends up on. */
function decide(e: EngineState, v: number, k: number, nl: number): number {
  const vs = e.veh;
  const lane = ctx.segs[k] ?? 0;
  ctx.v = v;
  ctx.lane = lane;
  ctx.k = k;
  ctx.nl = nl;
  if (!ctx.internal) {
    ctx.l0 = lane - k;
    ctx.bk = k;
    ctx.bnl = nl;
  }
  ctx.stamp++;
  realLeader(e, v, lane, k, prev[k] ?? -1, ctx.leader);
  let stateRight = 0;
  if (k > 0 && ctx.mayRight[k] === 1 && allowed(e, ctx.segs[k - 1] ?? 0, v)) {
    stateRight = checkChange(e, -1);
    if ((stateRight & LCA_RIGHT) !== 0 && (stateRight & LCA_BLOCKED) === 0) return k - 1;
    if ((stateRight & LCA_RIGHT) !== 0 && (stateRight & LCA_URGENT) !== 0) {
      ctx.lastBlocked[k - 1] = v;
      if ((ctx.firstBlocked[k - 1] ?? -1) < 0) ctx.firstBlocked[k - 1] = v;
    }
  }
  let stateLeft = 0;
  if (k < nl - 1 && ctx.mayLeft[k] === 1 && allowed(e, ctx.segs[k + 1] ?? 0, v)) {
    stateLeft = checkChange(e, 1);
    if ((stateLeft & LCA_LEFT) !== 0 && (stateLeft & LCA_BLOCKED) === 0) return k + 1;
    if ((stateLeft & LCA_LEFT) !== 0 && (stateLeft & LCA_URGENT) !== 0) {
      ctx.lastBlocked[k + 1] = v;
      if ((ctx.firstBlocked[k + 1] ?? -1) < 0) ctx.firstBlocked[k + 1] = v;
    }
  }
  if ((stateRight & LCA_URGENT) !== 0 && (stateLeft & LCA_URGENT) !== 0) stateLeft = 0;
  vs.lcState[v] = stateRight | stateLeft;
  return k;
}

/**
 * SUMO `MSLaneChanger::checkChange`: finds the neighbours on the target lane, marks the change blocked
 * when they overlap or a gap is less than secure at the current speeds (SUMO extrapolates the speeds
 * over the headway only for drivers whose action step is longer than the simulation step, which tsgym
 * does not model), and asks the model whether the vehicle wants it. Returns the state bits.
 */
function checkChange(e: EngineState, dir: number): number {
  const vs = e.veh;
  const d = e.net.demand;
  const v = ctx.v;
  const kt = ctx.k + dir;
  const target = ctx.segs[kt] ?? 0;
  realLeader(e, v, target, kt, prev[kt] ?? -1, ctx.neighLead);
  realFollower(e, v, target, cur[kt] ?? -1, ctx.neighFollow);
  if (ctx.neighLead.veh >= 0 && ctx.neighLead.veh === ctx.neighFollow.veh) ctx.neighFollow.set(-1, -1);
  const byLeader = dir < 0 ? LCA_BLOCKED_BY_RIGHT_LEADER : LCA_BLOCKED_BY_LEFT_LEADER;
  const byFollower = dir < 0 ? LCA_BLOCKED_BY_RIGHT_FOLLOWER : LCA_BLOCKED_BY_LEFT_FOLLOWER;
  let blocked = 0;
  const F = ctx.neighFollow;
  const L = ctx.neighLead;
  if (F.veh >= 0 && F.gap < 0) blocked |= byFollower | LCA_OVERLAPPING;
  if (L.veh >= 0 && L.gap < 0) blocked |= byLeader | LCA_OVERLAPPING;
  const ty = vs.type[v] ?? 0;
  if ((blocked & byFollower) === 0 && F.veh >= 0) {
    const f = F.veh;
    if (F.gap < lcSecureGap(e, f, vs.speed[f] ?? 0, vs.speed[v] ?? 0, d.typeDecel[ty] ?? 4.5)) blocked |= byFollower;
  }
  if ((blocked & byLeader) === 0 && L.veh >= 0) {
    const l = L.veh;
    if (L.gap < lcSecureGap(e, v, vs.speed[v] ?? 0, vs.speed[l] ?? 0, d.typeDecel[vs.type[l] ?? 0] ?? 4.5)) blocked |= byLeader;
  }
  ctx.blocked = blocked;
  let state = blocked | wantsChange(e, ctx, dir);
  if (blocked === 0 && (state & LCA_WANTS_LANECHANGE) !== 0 && L.veh >= 0 && ctx.internal) {
    // SUMO's more careful check for a safety-critical leader other than the one beside it: inside a junction
    // (tsgym: only there, see docs/traffic.md) every link leader and driver ahead along the target lane
    const sp = vs.speed[v] ?? 0;
    const seen = (e.net.segLength[ctx.lane] ?? 0) - (vs.pos[v] ?? 0);
    const dist = brakeGap(sp, d.typeDecel[ty] ?? 4.5, e.dt, d.typeTau[ty] ?? 1) + (d.typeMinGap[ty] ?? 2.5);
    const C = criticalLeader(e, v, target, kt, seen, dist, ctx.critical);
    if (C.veh >= 0 && C.veh !== L.veh) {
      const c = C.veh;
      if (C.gap < lcSecureGap(e, v, sp, vs.speed[c] ?? 0, d.typeDecel[vs.type[c] ?? 0] ?? 4.5)) state |= byLeader;
    }
  }
  return state;
}

/**
 * Moves `v` from lane index `k` to the lane `dir` beside it, between the sweep's leader and follower there.
 * On an internal edge it takes the sibling lane's connection (same roads); its back, when still on the
 * approach, moves to that connection's approach lane (SUMO moves the further lanes along).
 */
function hop(e: EngineState, v: number, k: number, dir: number): void {
  const vs = e.veh;
  const n = e.net;
  const kt = k + dir;
  const to = ctx.segs[kt] ?? 0;
  const L = prev[kt] ?? -1;
  const F = cur[kt] ?? -1;
  e.unlink(v);
  vs.ahead[v] = L;
  vs.behind[v] = F;
  if (L >= 0) vs.behind[L] = v;
  else e.segHead[to] = v;
  if (F >= 0) vs.ahead[F] = v;
  else e.segTail[to] = v;
  vs.seg[v] = to;
  e.segCount[to]++;
  if (e.loops.segStart[to] !== e.loops.segStart[to + 1]) e.loops.enterSideways(e, v, to, e.time);
  vs.nItems[v] = 0;
  if (!ctx.internal) {
    // SUMO's lane sums follow the change at once (MSLane::leftByLaneChange, enteredByLaneChange): the drivers
    // decided after this one see it, on this road and on the roads that come later in the order of active lanes
    const lg = lengthWithGap(e, v);
    ctx.laneBrutto[ctx.segs[k] ?? 0] = (ctx.laneBrutto[ctx.segs[k] ?? 0] ?? 0) - lg;
    ctx.laneBrutto[to] = (ctx.laneBrutto[to] ?? 0) + lg;
    vs.conn[v] = laneConn(e, v, to);
    laneChanged(vs, v, (vs.bestOff[v * vs.laneStride + kt] ?? 0) === 0);
    return;
  }
  const cOld = n.segConn[ctx.segs[k] ?? 0] ?? 0;
  const cNew = n.segConn[to] ?? 0;
  vs.conn[v] = cNew;
  const fromOld = n.connFromLane[cOld] ?? 0;
  const fromNew = n.connFromLane[cNew] ?? 0;
  if (fromOld !== fromNew) {
    if (e.segOutVeh[fromOld] === v) e.segOutVeh[fromOld] = -1;
    const rest = (n.demand.typeLength[vs.type[v] ?? 0] ?? 5) - (vs.pos[v] ?? 0);
    if (rest > 0 && (e.partialOccupant(fromNew) < 0 || e.partialBack < rest)) e.markLeft(fromNew, v);
  }
  laneChanged(vs, v, ctx.onBest);
}
