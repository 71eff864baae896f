import type { EngineState } from './EngineState.js';
import { lcSecureGap, LcContext, lengthWithGap } from './laneChangeContext.js';
import {
  laneChanged, LCA_BLOCKED, LCA_BLOCKED_BY_LEFT_FOLLOWER, LCA_BLOCKED_BY_LEFT_LEADER, LCA_BLOCKED_BY_RIGHT_FOLLOWER, LCA_BLOCKED_BY_RIGHT_LEADER,
  LCA_LEFT, LCA_OVERLAPPING, LCA_RIGHT, LCA_URGENT,
} from './laneChangeModel.js';
import { realFollower, realLeader } from './laneChangeNeighbours.js';
import { wantsChange } from './laneChangeWish.js';
import { laneConn } from './routing.js';

let cur = new Int32Array(8);
let prev = new Int32Array(8);
const ctx = new LcContext();

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
  ctx.fit(n.nLanes, n.maxLanes);
  bruttoOccupations(e);
  if (cur.length < n.maxLanes) {
    cur = new Int32Array(n.maxLanes);
    prev = new Int32Array(n.maxLanes);
  }
  for (let r = 0; r < n.nRoads; r++) {
    const nl = n.roadLaneCount[r] ?? 1;
    if (nl < 2) continue;
    const l0 = n.roadLaneStart[r] ?? 0;
    let any = false;
    for (let k = 0; k < nl; k++) {
      cur[k] = e.segHead[l0 + k] ?? -1;
      prev[k] = -1;
      ctx.dens[k] = 0;
      ctx.lastBlocked[k] = -1;
      ctx.firstBlocked[k] = -1;
      if ((cur[k] ?? -1) >= 0) any = true;
    }
    if (any) sweep(e, l0, nl);
  }
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

function allowed(e: EngineState, lane: number, v: number): boolean {
  return ((e.net.laneAllow[lane] ?? 0) & (e.net.typeClassBit[e.veh.type[v] ?? 0] ?? 1)) !== 0;
}

function sweep(e: EngineState, l0: number, nl: number): void {
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
    const to = vs.stopped[v] === 1 ? k : decide(e, v, l0, k, nl);
    if (to !== k) hop(e, v, l0 + k, to - k);
    prev[to] = v;
    ctx.dens[to] = (ctx.dens[to] ?? 0) + lengthWithGap(e, v);
  }
}

/** SUMO `MSLaneChanger::change` for one candidate: the lane index it ends up on. */
function decide(e: EngineState, v: number, l0: number, k: number, nl: number): number {
  const vs = e.veh;
  const lane = l0 + k;
  ctx.v = v;
  ctx.lane = lane;
  ctx.k = k;
  ctx.nl = nl;
  ctx.l0 = l0;
  ctx.stamp++;
  realLeader(e, v, lane, prev[k] ?? -1, ctx.leader);
  let stateRight = 0;
  if (k > 0 && allowed(e, lane - 1, v)) {
    stateRight = checkChange(e, -1);
    if ((stateRight & LCA_RIGHT) !== 0 && (stateRight & LCA_BLOCKED) === 0) return k - 1;
    if ((stateRight & LCA_RIGHT) !== 0 && (stateRight & LCA_URGENT) !== 0) {
      ctx.lastBlocked[k - 1] = v;
      if ((ctx.firstBlocked[k - 1] ?? -1) < 0) ctx.firstBlocked[k - 1] = v;
    }
  }
  let stateLeft = 0;
  if (k < nl - 1 && allowed(e, lane + 1, v)) {
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
  const target = ctx.lane + dir;
  const kt = ctx.k + dir;
  realLeader(e, v, target, prev[kt] ?? -1, ctx.neighLead);
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
  return blocked | wantsChange(e, ctx, dir);
}

/** Moves `v` from `lane` to the lane `dir` beside it, between the sweep's leader and follower there. */
function hop(e: EngineState, v: number, lane: number, dir: number): void {
  const vs = e.veh;
  const to = lane + dir;
  const kt = ctx.k + dir;
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
  vs.conn[v] = laneConn(e, v, to);
  laneChanged(vs, v, (vs.bestOff[v * vs.laneStride + kt] ?? 0) === 0);
}
