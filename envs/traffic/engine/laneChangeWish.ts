import { brakeGap, safeFollowSpeed } from './carFollowing.js';
import type { EngineState } from './EngineState.js';

/** LC2013 constants (SUMO MSLCM_LC2013). */
const LOOK_FORWARD = 10;
const LOOK_AHEAD_SPEED_MEMORY = 0.9;
const RELGAIN_NORMALIZATION_MIN_SPEED = 10;
const KEEP_RIGHT_TIME = 5;
const JAM_FACTOR = 1;

/** The neighbours of the vehicle being decided on: leader and follower on the lanes to its left and right (-1: none or no lane). */
export class LcNeighbours {
  leftLead = -1;
  leftFollow = -1;
  rightLead = -1;
  rightFollow = -1;
  hasLeft = false;
  hasRight = false;
  /** Set by `lcWish`: the wish is a strategic change that cannot wait. */
  urgent = false;

  /** Reads the neighbours from the sweep cursors (`prev`: last visited vehicle of a lane, `cur`: next to visit). */
  set(prev: Int32Array, cur: Int32Array, k: number, nl: number): void {
    this.hasRight = k > 0;
    this.hasLeft = k < nl - 1;
    this.rightLead = this.hasRight ? (prev[k - 1] ?? -1) : -1;
    this.rightFollow = this.hasRight ? (cur[k - 1] ?? -1) : -1;
    this.leftLead = this.hasLeft ? (prev[k + 1] ?? -1) : -1;
    this.leftFollow = this.hasLeft ? (cur[k + 1] ?? -1) : -1;
    this.urgent = false;
  }
}

/** Speed the vehicle could hold on a lane with leader `L` (SUMO `anticipateFollowSpeed`), capped by the lane's limit. */
function anticipated(e: EngineState, v: number, lane: number, L: number): number {
  const vs = e.veh;
  const d = e.net.demand;
  const ty = vs.type[v] ?? 0;
  const sp = vs.speed[v] ?? 0;
  const vMax = Math.min((e.net.segSpeed[lane] ?? 13.89) * (vs.speedFactor[v] ?? 1), d.typeMaxSpeed[ty] ?? 55);
  let fut = Math.min(vMax, sp + (d.typeAccel[ty] ?? 2.6) * e.dt);
  if (L >= 0) {
    const gap = (vs.pos[L] ?? 0) - (d.typeLength[vs.type[L] ?? 0] ?? 5) - (vs.pos[v] ?? 0) - (d.typeMinGap[ty] ?? 2.5);
    const f = safeFollowSpeed(gap, fut, vs.speed[L] ?? 0, d.typeDecel[vs.type[L] ?? 0] ?? 4.5, d.typeDecel[ty] ?? 4.5, d.typeEmergencyDecel[ty] ?? 9, d.typeTau[ty] ?? 1, e.dt);
    if (f < fut) fut = f;
  }
  return fut;
}

/**
 * The lane change vehicle `v` wants (-1 right, +1 left, 0 none), after SUMO's LC2013 model: an urgent
 * strategic change when the distance it can still drive on its lane, less the queue on its best lane,
 * is short for the lane changes it needs (10 s of driving per change, twice that to the left); else a
 * change to the left for speed once the gains add up, or back to the right when that lane is as fast.
 * Changes that would leave too little room to get back to the best lanes are not wanted.
 *
 * @example
 * ```ts
 * const dir = lcWish(state, v, lane, laneIndex, laneCount, neighbours, laneOccupation);
 * ```
 */
export function lcWish(e: EngineState, v: number, lane: number, k: number, nl: number, nb: LcNeighbours, laneOcc: Float64Array): number {
  const vs = e.veh;
  const d = e.net.demand;
  const ty = vs.type[v] ?? 0;
  const len = d.typeLength[ty] ?? 5;
  const p = vs.pos[v] ?? 0;
  if (p < len || vs.lcStep[v] === e.stepNo) return 0;
  const sp = vs.speed[v] ?? 0;
  const dt = e.dt;
  const la = sp > (vs.lookAheadSpeed[v] ?? 0) ? sp : Math.max(0, (1 - (1 - LOOK_AHEAD_SPEED_MEMORY) * dt) * (vs.lookAheadSpeed[v] ?? 0) + (1 - LOOK_AHEAD_SPEED_MEMORY) * dt * sp);
  vs.lookAheadSpeed[v] = la;
  const strat = d.typeLcStrategic[ty] ?? 1;
  const lw = len + (d.typeMinGap[ty] ?? 2.5);
  const base = v * vs.laneStride;
  const off = vs.bestOff[base + k] ?? 0;
  const curLen = vs.bestLen[base + k] ?? 0;
  const l0 = lane - k;
  const bestOcc = laneOcc[l0 + k + off] ?? 0;
  const usable = curLen - p - bestOcc * JAM_FACTOR;
  const laRight = la * LOOK_FORWARD * strat + 2 * lw;
  const laLeft = la * LOOK_FORWARD * strat * 2 + 2 * lw;
  if (off !== 0 && strat >= 0) {
    const dir = off > 0 ? 1 : -1;
    if ((dir > 0 ? nb.hasLeft : nb.hasRight) && allowedFor(e, lane + dir, v) && usable / Math.abs(off) < (dir > 0 ? laLeft : laRight)) {
      nb.urgent = true;
      return dir;
    }
  }
  const thisV = anticipated(e, v, lane, vs.ahead[v] ?? -1);
  const gain = d.typeLcSpeedGain[ty] ?? 1;
  if (nb.hasLeft && allowedFor(e, lane + 1, v) && staysReachable(vs, base, k, k + 1, p, laneOcc[lane + 1] ?? 0, laLeft)) {
    const neighV = anticipated(e, v, lane + 1, nb.leftLead);
    const rel = (neighV - thisV) / Math.max(neighV, RELGAIN_NORMALIZATION_MIN_SPEED);
    let prob = vs.sgProb[v] ?? 0;
    if (thisV >= neighV) {
      if (prob > 0) prob *= Math.pow(0.5, dt);
    } else prob += dt * rel;
    vs.sgProb[v] = prob;
    const neighDist = (vs.bestLen[base + k + 1] ?? 0) - p;
    if (gain > 0 && prob > 0.2 / gain && rel > 1e-3 && neighDist / Math.max(0.1, sp) > 20) return 1;
  }
  if (nb.hasRight && allowedFor(e, lane - 1, v) && staysReachable(vs, base, k, k - 1, p, laneOcc[lane - 1] ?? 0, laRight)) {
    return keepRight(e, v, lane, base, k, thisV, nb.rightLead);
  }
  return 0;
}

/** Whether a change from lane `k` to lane `k2` keeps the vehicle able to reach its best lanes in time (LC2013). */
function staysReachable(vs: EngineState['veh'], base: number, k: number, k2: number, p: number, occ: number, laDist: number): boolean {
  const off = vs.bestOff[base + k] ?? 0;
  if ((vs.bestOff[base + k2] ?? 0) === 0) return true;
  if (off !== 0 && Math.sign(k2 - k) === Math.sign(off)) return true;
  const neighLeft = Math.max(0, (vs.bestLen[base + k2] ?? 0) - p - occ);
  return neighLeft / (Math.abs(off) + 2) >= laDist;
}

function keepRight(e: EngineState, v: number, lane: number, base: number, k: number, thisV: number, rightLead: number): number {
  const vs = e.veh;
  const d = e.net.demand;
  const ty = vs.type[v] ?? 0;
  const dt = e.dt;
  const neighV = anticipated(e, v, lane - 1, rightLead);
  if (thisV - 5 / 3.6 > neighV) {
    if ((vs.krProb[v] ?? 0) < 0) vs.krProb[v] = (vs.krProb[v] ?? 0) * Math.pow(0.5, dt);
    return 0;
  }
  const keep = d.typeLcKeepRight[ty] ?? 1;
  const gain = Math.max(1e-3, d.typeLcSpeedGain[ty] ?? 1);
  const threshold = (2 * keep) / gain;
  const vMax = Math.max(0.1, Math.min((e.net.segSpeed[lane - 1] ?? 13.89) * (vs.speedFactor[v] ?? 1), d.typeMaxSpeed[ty] ?? 55));
  const accept = 7 * Math.max(1, vs.speed[v] ?? 0);
  let fullGap = Math.max(0, (vs.bestLen[base + k - 1] ?? 0) - (vs.pos[v] ?? 0) - brakeGap(vMax, d.typeDecel[ty] ?? 4.5, dt, 0));
  let fullSecs = Math.min(accept, fullGap / vMax);
  if (rightLead >= 0 && (vs.speed[rightLead] ?? 0) < vMax) {
    const gap = (vs.pos[rightLead] ?? 0) - (d.typeLength[vs.type[rightLead] ?? 0] ?? 5) - (vs.pos[v] ?? 0);
    fullGap = Math.max(0, Math.min(fullGap, gap));
    fullSecs = Math.min(fullSecs, fullGap / (vMax - (vs.speed[rightLead] ?? 0)));
  }
  const prob = (vs.krProb[v] ?? 0) - (dt * threshold * (fullSecs / accept)) / KEEP_RIGHT_TIME;
  vs.krProb[v] = prob;
  return keep > 0 && prob * keep < -threshold ? -1 : 0;
}

function allowedFor(e: EngineState, lane: number, v: number): boolean {
  return ((e.net.laneAllow[lane] ?? 0) & (e.net.typeClassBit[e.veh.type[v] ?? 0] ?? 1)) !== 0 && (e.veh.bestLen[e.veh.laneStride * v + (e.net.laneIndex[lane] ?? 0)] ?? -1) >= 0;
}
