import { safeFollowSpeed, secureGap } from './carFollowing.js';
import type { EngineState } from './EngineState.js';
import { lcWish, LcNeighbours } from './laneChangeWish.js';
import { chooseConn } from './routing.js';

let cur = new Int32Array(8);
let prev = new Int32Array(8);
let laneOcc = new Float64Array(0);
const nb = new LcNeighbours();

/**
 * Lane-change phase of a step (SUMO's MSLaneChanger with the LC2013 model): the vehicles of each road
 * are visited from the front across all its lanes; each may change by one lane to its left or right
 * when it wants to (`lcWish`: to stay on its route, for speed, to keep right) and the gaps to the new
 * leader and follower are safe. A vehicle that must change but is blocked asks the blocking follower to
 * let it in and falls back behind the blocking leader.
 *
 * @example
 * ```ts
 * changeLanes(state); // after executeMovements
 * ```
 */
export function changeLanes(e: EngineState): void {
  const n = e.net;
  if (laneOcc.length < n.nLanes) laneOcc = new Float64Array(n.nLanes);
  occupations(e);
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
      if ((cur[k] ?? -1) >= 0) any = true;
    }
    if (any) sweep(e, l0, nl);
  }
}

function occupations(e: EngineState): void {
  const vs = e.veh;
  const d = e.net.demand;
  for (let l = 0; l < e.net.nLanes; l++) {
    let occ = 0;
    for (let u = e.segHead[l] ?? -1; u >= 0; u = vs.behind[u] ?? -1) occ += (d.typeLength[vs.type[u] ?? 0] ?? 5) + (d.typeMinGap[vs.type[u] ?? 0] ?? 2.5);
    laneOcc[l] = occ;
  }
}

function sweep(e: EngineState, l0: number, nl: number): void {
  const vs = e.veh;
  for (let guard = 0; guard < 100000; guard++) {
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
    nb.set(prev, cur, k, nl);
    const dir = lcWish(e, v, l0 + k, k, nl, nb, laneOcc);
    if (dir !== 0 && tryChange(e, v, l0 + k, dir, nb)) prev[k + dir] = v;
    else prev[k] = v;
  }
}

/** Moves `v` to the neighbouring lane if the gaps are safe; otherwise asks for cooperation when the change is urgent. */
function tryChange(e: EngineState, v: number, lane: number, dir: number, neigh: LcNeighbours): boolean {
  const vs = e.veh;
  const d = e.net.demand;
  const ty = vs.type[v] ?? 0;
  const len = d.typeLength[ty] ?? 5;
  const sp = vs.speed[v] ?? 0;
  const decel = d.typeDecel[ty] ?? 4.5;
  const p = vs.pos[v] ?? 0;
  const L = dir > 0 ? neigh.leftLead : neigh.rightLead;
  const F = dir > 0 ? neigh.leftFollow : neigh.rightFollow;
  let blockedLead = false;
  let blockedFollow = false;
  let gapL = Infinity;
  if (L >= 0) {
    gapL = (vs.pos[L] ?? 0) - (d.typeLength[vs.type[L] ?? 0] ?? 5) - p - (d.typeMinGap[ty] ?? 2.5);
    blockedLead = gapL < 0 || gapL < secureGap(sp, vs.speed[L] ?? 0, decel, d.typeDecel[vs.type[L] ?? 0] ?? 4.5, d.typeTau[ty] ?? 1, e.dt);
  }
  let gapF = Infinity;
  if (F >= 0) {
    const tf = vs.type[F] ?? 0;
    gapF = p - len - (vs.pos[F] ?? 0) - (d.typeMinGap[tf] ?? 2.5);
    blockedFollow = gapF < 0 || gapF < secureGap(vs.speed[F] ?? 0, sp, d.typeDecel[tf] ?? 4.5, decel, d.typeTau[tf] ?? 1, e.dt);
  }
  if (blockedLead || blockedFollow) {
    if (neigh.urgent) cooperate(e, v, L, F, gapL, gapF, blockedLead, blockedFollow);
    return false;
  }
  const to = lane + dir;
  e.unlink(v);
  vs.ahead[v] = L;
  vs.behind[v] = F;
  if (L >= 0) vs.behind[L] = v;
  else e.segHead[to] = v;
  if (F >= 0) vs.ahead[F] = v;
  else e.segTail[to] = v;
  vs.seg[v] = to;
  e.segCount[to]++;
  vs.lcStep[v] = e.stepNo;
  vs.sgProb[v] = 0;
  vs.krProb[v] = 0;
  vs.nItems[v] = 0;
  const rt = e.routes;
  const route = vs.route[v] ?? 0;
  const i = vs.routeIdx[v] ?? 0;
  vs.conn[v] = chooseConn(e, to, rt.road(route, i + 1), rt.road(route, i + 2));
  return true;
}

/**
 * LC2013's cooperation: the blocking follower is asked to slow down (comfortably) to open a gap behind
 * the changer; a blocking leader is let go by the changer itself braking gently.
 */
function cooperate(e: EngineState, v: number, L: number, F: number, gapL: number, gapF: number, blockedLead: boolean, blockedFollow: boolean): void {
  const vs = e.veh;
  const d = e.net.demand;
  const dt = e.dt;
  if (blockedFollow && F >= 0 && gapF >= 0) {
    const tf = vs.type[F] ?? 0;
    const coop = d.typeLcCooperative[tf] ?? 1;
    if (coop > 0 && (coop >= 1 || e.rng.random() < coop)) {
      // the follower stays behind the changer if it can do so braking comfortably; else it passes first
      const spF = vs.speed[F] ?? 0;
      const decF = d.typeDecel[tf] ?? 4.5;
      const ty = vs.type[v] ?? 0;
      const advice = safeFollowSpeed(gapF, spF, vs.speed[v] ?? 0, d.typeDecel[ty] ?? 4.5, decF, d.typeEmergencyDecel[tf] ?? 9, d.typeTau[tf] ?? 1, dt);
      if (advice >= spF - decF * dt && advice < (vs.lcAdviceNext[F] ?? Infinity)) vs.lcAdviceNext[F] = advice;
    }
  }
  if (blockedLead && L >= 0 && gapL < 0 && (vs.speed[L] ?? 0) > 0.1) {
    const ty = vs.type[v] ?? 0;
    const advice = Math.max(0, Math.min(vs.speed[v] ?? 0, vs.speed[L] ?? 0) - 0.5 * (d.typeDecel[ty] ?? 4.5) * dt);
    if (advice < (vs.lcAdviceNext[v] ?? Infinity)) vs.lcAdviceNext[v] = advice;
  }
}
