import { brakeGap, maximumSafeStopSpeed } from './carFollowing.js';
import { connTo, continuation } from './bestLanes.js';
import type { EngineState } from './EngineState.js';
import { followSpeed, lcSecureGap, lengthWithGap, type LcContext, type Neighbour } from './laneChangeContext.js';
import { laneSpeedOf } from './topSpeed.js';
import { plannedStopPos } from './stops.js';
import { congested, informFollower, informLeader, saveBlockerLength, slowDownForBlocked } from './laneChangeInform.js';
import {
  addAdvice, LCA_AMBLOCKINGFOLLOWER, LCA_AMBLOCKINGFOLLOWER_DONTBRAKE, LCA_COOPERATIVE, LCA_INFORMED_MASK, LCA_KEEPRIGHT, LCA_LEFT, LCA_MLEFT,
  LCA_MRIGHT, LCA_RIGHT, LCA_SPEEDGAIN, LCA_STAY, LCA_STRATEGIC, LCA_URGENT,
} from './laneChangeModel.js';

/** LC2013 constants (SUMO MSLCM_LC2013). */
const LOOK_FORWARD = 10;
const LOOKAHEAD_LEFT = 2;
const LOOK_AHEAD_SPEED_MEMORY = 0.9;
const RELGAIN_NORMALIZATION_MIN_SPEED = 10;
const KEEP_RIGHT_TIME = 5;
const KEEP_RIGHT_ACCEPTANCE = 7;
const JAM_FACTOR = 1;
const URGENCY = 2;
const TURN_LANE_DIST = 200;
const REACT_TO_STOPPED_DISTANCE = 100;
const HELP_OVERTAKE = 10 / 3.6;
const SPEED_GAIN_RIGHT = 0.1;
const EPS = 0.001;
/** How far ahead (m) a roundabout gives a bonus (SUMO `MSLCHelper::getRoundaboutDistBonus`). */
const ROUNDABOUT_LOOKAHEAD = 300;

/**
 * SUMO `anticipateFollowSpeed`: the speed vehicle `v` expects to hold on a lane with leader `L` (or,
 * without one, before the lane's usable end `dist`), at most `vMax`.
 */
function anticipate(e: EngineState, v: number, L: Neighbour, accelerating: boolean): void {
  const dist = ant.dist;
  const vMax = ant.vMax;
  const vs = e.veh;
  const d = e.net.demand;
  const ty = vs.type[v] ?? 0;
  const sp = vs.speed[v] ?? 0;
  const dec = d.typeDecel[ty] ?? 4.5;
  const tau = d.typeTau[ty] ?? 1;
  let fut: number;
  if (accelerating) {
    const a = d.typeAccel[ty] ?? 2.6;
    const v1s = sp + a - a * e.dt;
    fut = L.veh < 0 ? followSpeed(e, v, v1s, dist, 0, 0) : followSpeed(e, v, v1s, L.gap, vs.speed[L.veh] ?? 0, d.typeDecel[vs.type[L.veh] ?? 0] ?? 4.5);
  } else if (L.veh < 0) {
    fut = maximumSafeStopSpeed(dist, dec, e.dt, tau);
  } else {
    const spL = vs.speed[L.veh] ?? 0;
    const decL = d.typeDecel[vs.type[L.veh] ?? 0] ?? 4.5;
    fut = maximumSafeStopSpeed(L.gap + brakeGap(spL, Math.max(dec, decL), e.dt, 0), dec, e.dt, tau);
  }
  ant.out = Math.min(vMax, fut);
}

/** `anticipate`'s lane end distance and speed limit in, and its speed out (fields: no boxed numbers). */
const ant = { dist: 0.5, vMax: 0.5, out: 0.5 };

/** Whether the last lane `v` can reach from lane index `j` without changing has outgoing connections. */
function leadsOn(e: EngineState, v: number, j: number, lane: number): boolean {
  let last = lane;
  for (let h = 0; ; h++) {
    const l = continuation(e, v, j, h);
    if (l < 0) break;
    last = l;
  }
  const n = e.net;
  return (n.laneConnStart[last + 1] ?? 0) > (n.laneConnStart[last] ?? 0);
}

/**
 * LC2013's look-ahead distance for strategic changes: `drive` (m) plus twice the vehicle's length with
 * gap, or, behind a stopped leader on a best lane (or next to one on the best lane it changes to) within
 * `ahead` m, what overtaking it takes.
 */
function lookAheadDist(e: EngineState, c: LcContext, blo: number, dir: number, drive: number, ahead: number): number {
  const vs = e.veh;
  const v = c.v;
  const L = c.leader;
  const NL = c.neighLead;
  if (blo === 0 && L.veh >= 0 && vs.stopped[L.veh] === 1 && L.gap < ahead) return 0.5 * (lengthWithGap(e, v) + lengthWithGap(e, L.veh) + L.gap);
  if (blo === dir && NL.veh >= 0 && vs.stopped[NL.veh] === 1 && NL.gap < ahead) return lengthWithGap(e, v) + lengthWithGap(e, NL.veh) + NL.gap;
  return drive + lengthWithGap(e, v) * 2;
}

/**
 * Whether vehicle `c.v` wants to change one lane to the right (`dir` -1) or left (+1), after SUMO's
 * LC2013 model (`MSLCM_LC2013::_wantsChange`, Euler update): returns the LCA
 * state bits. Strategic changes become urgent when the distance it can still use on its lane, less the
 * jam on its best lane, is short for the changes left (10 s of look-ahead driving per change, twice
 * that to the left); an urgent changer negotiates with the neighbours (`informLeader`,
 * `informFollower`) and keeps room for a blocker changing the other way. Otherwise it stays on a best
 * lane near a turn, moves to a roundabout's inner lane while it has a roundabout bonus (`roundaboutBonus`),
 * helps a changer it blocks, changes for speed (the gain integrated over time), or keeps right.
 *
 * @example
 * ```ts
 * const state = wantsChange(state, ctx, -1);
 * ```
 */
export function wantsChange(e: EngineState, c: LcContext, dir: number): number {
  const vs = e.veh;
  const n = e.net;
  const d = n.demand;
  const v = c.v;
  const ty = vs.type[v] ?? 0;
  const dt = e.dt;
  const sp = vs.speed[v] ?? 0;
  const base = v * vs.laneStride;
  const k = c.bk;
  const right = dir < 0;
  const currOff = vs.bestOff[base + k] ?? 0;
  // SUMO's bestLaneOffset: when both lanes are best lanes, the lane considered (its `best` LaneQ)
  let blo = currOff;
  if (blo === 0 && (vs.bestOff[base + k + dir] ?? 0) === 0) blo = dir;
  const rb = n.hasRoundabouts ? roundaboutBonus(e, c, v, k, dir, k + blo) : 0;
  const stopPos = plannedStopPos(e, v, c.lane);
  const driveToNextStop = stopPos === -Infinity ? -Infinity : (vs.stopPlanDist[v] ?? 0);
  let currentDist = Math.max(vs.bestLen[base + k] ?? 0, stopPos) + rb;
  const neighDist = Math.max(vs.bestLen[base + k + dir] ?? 0, stopPos) + rb;
  const pos = vs.pos[v] ?? 0;
  const lca = right ? LCA_RIGHT : LCA_LEFT;
  const myLca = right ? LCA_MRIGHT : LCA_MLEFT;
  const changeToBest = (right && blo < 0) || (!right && blo > 0);
  const strat = d.typeLcStrategic[ty] ?? 1;
  let ret = slowDownForBlocked(e, v, c.lastBlocked[c.k] ?? -1, (vs.lcState[v] ?? 0) & LCA_INFORMED_MASK);
  if (c.lastBlocked[c.k] !== c.firstBlocked[c.k]) ret = slowDownForBlocked(e, v, c.firstBlocked[c.k] ?? -1, ret);

  const la0 = vs.lookAheadSpeed[v] ?? 0;
  const mf = 1 - (1 - LOOK_AHEAD_SPEED_MEMORY) * dt;
  const la = sp > la0 ? sp : Math.max(0, mf * la0 + (1 - mf) * sp);
  vs.lookAheadSpeed[v] = la;
  const L = c.leader;
  const NL = c.neighLead;
  const leaderStopped = L.veh >= 0 && vs.stopped[L.veh] === 1;
  const laDist = strat < 0 ? -1e3 : lookAheadDist(e, c, blo, dir, la * LOOK_FORWARD * strat * (right ? 1 : LOOKAHEAD_LEFT), currentDist - pos);

  const usableDist = Math.max(currentDist - pos - c.occupation(e, k + blo) * JAM_FACTOR, driveToNextStop);
  const maxJam = Math.max(c.occupation(e, k + dir), c.occupation(e, k));
  const neighLeftPlace = Math.max(0, neighDist - pos - maxJam);
  const vMax = laneSpeedOf(e, v, c.lane);
  const neighVMax = laneSpeedOf(e, v, c.segs[c.k + dir] ?? c.lane);
  let thisLaneVSafe = vMax;
  const checkOvertakeRight = !congested(e, v);
  const thrLeft = 0.2 / Math.max(EPS, d.typeLcSpeedGain[ty] ?? 1);
  const thrRight = 0.2 / SPEED_GAIN_RIGHT / Math.max(EPS, d.typeLcSpeedGain[ty] ?? 1);
  let avoidOvertakeRight = false;

  if (changeToBest && blo === currOff && usableDist / Math.abs(blo) < laDist) {
    ret |= lca | LCA_STRATEGIC | LCA_URGENT;
  } else {
    if (NL.veh >= 0 && checkOvertakeRight && !right) {
      const r = noOvertakeRight(e, v, NL, vMax, thrLeft);
      thisLaneVSafe = Math.min(thisLaneVSafe, r);
      avoidOvertakeRight = impulseLeft;
    }
    const overtakeDist = L.veh < 0 ? -1 : L.gap + (d.typeLength[ty] ?? 5) + lengthWithGap(e, L.veh);
    if (
      leaderStopped && L.gap < REACT_TO_STOPPED_DISTANCE && Math.min(neighDist, currentDist) - pos > overtakeDist &&
      (!checkOvertakeRight || !right) && (NL.veh < 0 || vs.stopped[NL.veh] === 0 || NL.gap > overtakeDist)
    ) {
      currentDist = pos + L.gap;
      ret |= lca | LCA_STRATEGIC | LCA_URGENT;
    } else if (!changeToBest && neighLeftPlace / (Math.abs(blo) + 2) < laDist) {
      ret |= LCA_STAY | LCA_STRATEGIC;
    } else if (blo === 0 && neighLeftPlace * 2 < laDist) {
      ret |= LCA_STAY | LCA_STRATEGIC;
    } else if (blo === 0 && !leaderStopped && rb === 0 && strat >= 0 && neighDist < TURN_LANE_DIST && leadsOn(e, v, k + dir, c.bestLane(e, k + dir))) {
      ret |= LCA_STAY | LCA_STRATEGIC;
    }
  }
  if ((ret & LCA_STAY) !== 0) return ret;
  if ((ret & LCA_URGENT) !== 0) return urgent(e, c, dir, ret, currentDist - pos, blo, changeToBest, la);

  const accelerating = (NL.veh >= 0 && (vs.acc[NL.veh] ?? 0) > 0) || (L.veh >= 0 && (vs.acc[L.veh] ?? 0) > 0);
  ant.dist = neighDist;
  ant.vMax = neighVMax;
  anticipate(e, v, NL, accelerating);
  const neighLaneVSafe = Math.min(neighVMax, ant.out);
  ant.dist = currentDist;
  ant.vMax = vMax;
  anticipate(e, v, L, accelerating);
  thisLaneVSafe = Math.min(thisLaneVSafe, ant.out);
  const sg0 = vs.sgProb[v] ?? 0;
  let inconvenience = right ? sg0 / thrRight : -sg0 / thrLeft;
  inconvenience = Math.min(1, Math.max(thisLaneVSafe / neighLaneVSafe - 1, inconvenience));
  const speedGainInconvenient = inconvenience > (d.typeLcCooperative[ty] ?? 1);
  // a roundabout ahead with a bonus (see roundaboutBonus): use its inner lanes (LC2013 VARIANT_15, Euler update)
  if (rb > 0) return ret | (right ? LCA_STAY : lca) | LCA_COOPERATIVE;
  if (right && blo === 0 && (n.segSpeed[c.lane] ?? 0) > 80 / 3.6 && la > 0.1) return ret | LCA_STAY | LCA_STRATEGIC;
  const blocking = ((vs.lcState[v] ?? 0) & (LCA_AMBLOCKINGFOLLOWER | LCA_AMBLOCKINGFOLLOWER_DONTBRAKE)) !== 0;
  if (blocking && !speedGainInconvenient && ((vs.lcState[v] ?? 0) & myLca) !== 0 && (changeToBest || neighDist / (Math.abs(blo) + 1) > laDist)) {
    return ret | lca | LCA_COOPERATIVE | LCA_URGENT;
  }
  sgIn.thisV = thisLaneVSafe; sgIn.neighV = neighLaneVSafe; sgIn.neighDist = neighDist; sgIn.vMax = vMax; sgIn.thrRight = thrRight; sgIn.thrLeft = thrLeft;
  return ret | speedGainWish(e, c, right, avoidOvertakeRight, changeToBest && blo === currOff && strat >= 0);
}

/** Incoming plus outgoing roads of each node, per network (SUMO counts a junction's edges). */
const nodeDegree = new WeakMap<object, Int32Array>();

function degrees(e: EngineState): Int32Array {
  const n = e.net;
  let d = nodeDegree.get(n);
  if (!d) {
    d = new Int32Array(n.nNodes);
    for (let r = 0; r < n.nRoads; r++) {
      const a = n.roadFrom[r] ?? 0;
      const b = n.roadTo[r] ?? 0;
      d[a] = (d[a] ?? 0) + 1;
      d[b] = (d[b] ?? 0) + 1;
    }
    nodeDegree.set(n, d);
  }
  return d;
}

/**
 * Lane `i` of the best continuation from best-lane index `j` (0: that lane itself; -1 past its end). On an
 * internal edge SUMO's continuations start with the internal lane (0), then the lane it leads to (1).
 */
function contLane(e: EngineState, v: number, c: LcContext, j: number, i: number): number {
  if (!c.internal) return i === 0 ? c.l0 + j : continuation(e, v, j, i - 1);
  if (i === 0) return c.segs[j] ?? -1;
  return i === 1 ? c.bestLane(e, j) : continuation(e, v, j, i - 2);
}

/** Whether segment `s` belongs to a roundabout (SUMO marks the internal edges from or to a roundabout road). */
function onRoundabout(e: EngineState, s: number): boolean {
  const n = e.net;
  if (s < n.nLanes) return n.roadRoundabout[n.laneRoad[s] ?? 0] === 1;
  const c = n.segConn[s] ?? 0;
  return n.roadRoundabout[n.connFromRoad[c] ?? 0] === 1 || n.roadRoundabout[n.connToRoad[c] ?? 0] === 1;
}

/** Brutto occupation of segment `s` (lanes: see `LcContext.laneBrutto`; internal lanes: counted now). */
function bruttoOf(e: EngineState, c: LcContext, s: number): number {
  if (s < e.net.nLanes) return c.laneBrutto[s] ?? 0;
  let occ = 0;
  for (let u = e.segHead[s] ?? -1; u >= 0; u = e.veh.behind[u] ?? -1) occ += lengthWithGap(e, u);
  return occ;
}

/** The first internal segment of the connection from lane `from` to lane `to` (-1: none). */
function viaOf(e: EngineState, from: number, to: number): number {
  const cn = connTo(e, from, to);
  return cn < 0 ? -1 : (e.net.connSegStart[cn] ?? -1);
}

/**
 * SUMO 1.15's roundabout bonus (`MSLCHelper::getRoundaboutDistBonus`), added to the room left on the
 * current and the neighbour lane: when the best lane's continuation enters a roundabout within 300 m and
 * passes at least two of its junctions with other roads before leaving it, and the inner of the two lanes
 * (the left one) goes on around as far, the bonus is the distance driven on the roundabout (its roads and
 * the internal lanes between them) times how much more the outer lane is occupied than the inner one
 * (plus 7.5 m per junction in favour of the inner one; none when it is the inner one that is fuller, or
 * nobody is there) times lcCooperative times 9. `best` is the best lane's index.
 */
function roundaboutBonus(e: EngineState, c: LcContext, v: number, k: number, dir: number, best: number): number {
  const n = e.net;
  const ring = n.roadRoundabout;
  const inner = k + dir > k ? k + dir : k;
  const deg = degrees(e);
  let innerSize = 1;
  while (contLane(e, v, c, inner, innerSize) >= 0) innerSize++;
  let entered = false;
  let junctions = 0;
  let seen = -(e.veh.pos[v] ?? 0);
  for (let i = 0; ; i++) {
    const l = contLane(e, v, c, best, i);
    if (l < 0) break;
    const onRing = onRoundabout(e, l);
    if ((!entered || onRing) && i >= innerSize) return 0;
    if (seen > ROUNDABOUT_LOOKAHEAD) return 0;
    if (onRing) {
      entered = true;
      const node = l < n.nLanes ? (n.roadTo[n.laneRoad[l] ?? 0] ?? 0) : (n.connNode[n.segConn[l] ?? 0] ?? 0);
      if ((deg[node] ?? 0) > 2) junctions++;
    } else if (entered) break;
    seen += n.segLength[l] ?? 0;
  }
  if (junctions < 2) return 0;
  let occOuter = 0;
  let occInner = 0;
  let dist = 0;
  let prevNormal = -1;
  let prevInner = -1;
  entered = false;
  const road = c.internal ? -1 : (n.laneRoad[c.lane] ?? 0);
  const pos = e.veh.pos[v] ?? 0;
  for (let i = 0; ; i++) {
    const l = contLane(e, v, c, best, i);
    if (l < 0) break;
    // SUMO's continuation from an internal lane starts with an empty entry, passed over here
    if (l >= n.nLanes) continue;
    if (ring[n.laneRoad[l] ?? 0] === 1) entered = true;
    else if (entered) break;
    const via = prevNormal >= 0 ? viaOf(e, prevNormal, l) : -1;
    const len = n.segLength[l] ?? 0;
    if (entered) dist += len + (via >= 0 ? (n.segLength[via] ?? 0) : 0);
    // vehicles behind ego on its own road count in part
    const discount = n.laneRoad[l] === road ? (len - pos) / len : 1;
    prevNormal = l;
    occOuter += discount * bruttoOf(e, c, l);
    if (via >= 0) occOuter += bruttoOf(e, c, via);
    if (i < innerSize) {
      const il = contLane(e, v, c, inner, i);
      occInner += discount * bruttoOf(e, c, il);
      if (prevInner >= 0) {
        const iv = viaOf(e, prevInner, il);
        if (iv >= 0) occInner += bruttoOf(e, c, iv);
      }
      prevInner = il;
    }
  }
  const maxOcc = Math.max(occInner, occOuter);
  if (maxOcc === 0) return 0;
  const favour = junctions * 7.5;
  const jam = Math.max(0, (occOuter - occInner + favour) / (maxOcc + favour));
  return dist * jam * (e.net.demand.typeLcCooperative[e.veh.type[v] ?? 0] ?? 1) * 9;
}

/** `speedGainWish`'s speeds and thresholds in (fields: no boxed numbers on the call). */
const sgIn = { thisV: 0.5, neighV: 0.5, neighDist: 0.5, vMax: 0.5, thrRight: 0.5, thrLeft: 0.5 };

/**
 * The speed-gain part of LC2013's wish (`_wantsChange` after the strategic and cooperative checks): the
 * gain of the neighbour lane integrated over time, keeping right, and a strategic change to the best lane
 * that also gains speed. Returns the LCA bits to add (0: none).
 */
function speedGainWish(e: EngineState, c: LcContext, right: boolean, avoidOvertakeRight: boolean, strategicToBest: boolean): number {
  const vs = e.veh;
  const v = c.v;
  const dt = e.dt;
  const sp = vs.speed[v] ?? 0;
  const lca = right ? LCA_RIGHT : LCA_LEFT;
  const { thisV: thisLaneVSafe, neighV: neighLaneVSafe, neighDist, vMax, thrRight, thrLeft } = sgIn;
  const relGain = (neighLaneVSafe - thisLaneVSafe) / Math.max(neighLaneVSafe, RELGAIN_NORMALIZATION_MIN_SPEED);
  let sg = vs.sgProb[v] ?? 0;
  if (right) {
    if (thisLaneVSafe - 5 / 3.6 > neighLaneVSafe) {
      if (sg < 0) sg *= Math.pow(0.5, dt);
      vs.sgProb[v] = sg;
    } else {
      if (sg < 0 || relGain > 0) sg -= dt * relGain;
      vs.sgProb[v] = sg;
      if (keepRight(e, v, c, vMax, neighDist, thrRight)) return lca | LCA_KEEPRIGHT;
      sg = vs.sgProb[v] ?? 0;
    }
    if (sg < -thrRight && neighDist / Math.max(0.1, sp) > 20) return lca | LCA_SPEEDGAIN;
  } else {
    if (thisLaneVSafe > neighLaneVSafe) {
      if (sg > 0) sg *= Math.pow(0.5, dt);
    } else if (thisLaneVSafe === neighLaneVSafe) {
      if (sg > 0) sg *= Math.pow(0.8, dt);
    } else sg += dt * relGain;
    vs.sgProb[v] = sg;
    if (sg > thrLeft && (relGain > EPS || avoidOvertakeRight) && neighDist / Math.max(0.1, sp) > 20) return lca | LCA_SPEEDGAIN;
  }
  if (strategicToBest && relGain >= 0 && (right ? sg < 0 : sg > 0)) return lca | LCA_STRATEGIC;
  return 0;
}

/** Set by `noOvertakeRight` when it added an impulse to change left. */
let impulseLeft = false;

/**
 * LC2013 VARIANT_20 (no overtaking on the right above 60 km/h): follow a slower leader on the left
 * lane and build up the wish to move left shortly before braking would be needed. Returns the speed
 * this lane allows.
 */
function noOvertakeRight(e: EngineState, v: number, NL: Neighbour, vMax: number, thrLeft: number): number {
  const vs = e.veh;
  const d = e.net.demand;
  const nv = NL.veh;
  const sp = vs.speed[v] ?? 0;
  const spN = vs.speed[nv] ?? 0;
  const decN = d.typeDecel[vs.type[nv] ?? 0] ?? 4.5;
  const deltaV = Math.max(vMax - laneSpeedOf(e, nv, e.veh.seg[nv] ?? 0), sp - spN);
  impulseLeft = false;
  if (deltaV <= 0) return Infinity;
  const vMaxDecel = Math.max(0, sp - (d.typeDecel[vs.type[v] ?? 0] ?? 4.5) * e.dt);
  const vSafeFollow = followSpeed(e, v, sp, NL.gap, spN, decN);
  let vSafe = vSafeFollow >= vMaxDecel ? vSafeFollow : Math.max(vMaxDecel, spN - HELP_OVERTAKE);
  if ((vs.sgProb[v] ?? 0) < thrLeft) vSafe = Math.max(vSafe, spN);
  addAdvice(vs, v, vSafe);
  if (followSpeed(e, v, sp, NL.gap - deltaV * 8, spN, decN) < vSafe) {
    vs.sgProb[v] = (vs.sgProb[v] ?? 0) + (e.dt * deltaV) / Math.max(vMax, RELGAIN_NORMALIZATION_MIN_SPEED);
    impulseLeft = true;
  }
  return vSafe;
}

/** The keep-right obligation (LC2013): the wish grows with the time the vehicle could drive at full speed on the right lane. */
function keepRight(e: EngineState, v: number, c: LcContext, vMax: number, neighDist: number, thrRight: number): boolean {
  const vs = e.veh;
  const d = e.net.demand;
  const ty = vs.type[v] ?? 0;
  const sp = vs.speed[v] ?? 0;
  const acceptance = KEEP_RIGHT_ACCEPTANCE * (vMax / (e.net.segSpeed[c.lane] ?? 13.89)) * Math.max(1, sp);
  let fullGap = Math.max(0, neighDist - brakeGap(vMax, d.typeDecel[ty] ?? 4.5, e.dt, d.typeTau[ty] ?? 1));
  let fullSecs = Math.min(acceptance, fullGap / vMax);
  const NL = c.neighLead;
  if (NL.veh >= 0 && (vs.speed[NL.veh] ?? 0) < vMax) {
    const spN = vs.speed[NL.veh] ?? 0;
    fullGap = Math.max(0, Math.min(fullGap, NL.gap - lcSecureGap(e, v, vMax, spN, d.typeDecel[vs.type[NL.veh] ?? 0] ?? 4.5)));
    fullSecs = Math.min(fullSecs, fullGap / (vMax - spN));
  }
  const L = c.leader;
  if (!congested(e, v) && L.veh >= 0) {
    const lMax = laneSpeedOf(e, L.veh, vs.seg[L.veh] ?? 0);
    if (lMax < vMax) {
      fullGap = Math.min(fullGap, L.gap);
      fullSecs = Math.min(fullSecs, fullGap / (vMax - (vs.speed[L.veh] ?? 0)));
      vs.sgProb[v] = (vs.sgProb[v] ?? 0) + (e.dt * (vMax - lMax)) / Math.max(vMax, RELGAIN_NORMALIZATION_MIN_SPEED);
    }
  }
  const kr = (vs.krProb[v] ?? 0) - (e.dt * thrRight * (fullSecs / acceptance)) / KEEP_RIGHT_TIME;
  vs.krProb[v] = kr;
  return kr * (d.typeLcKeepRight[ty] ?? 1) < -thrRight;
}

/** The urgent branch: remember the space left, keep room for counter-changers, negotiate with the neighbours. */
function urgent(e: EngineState, c: LcContext, dir: number, ret: number, leftSpace: number, blo: number, changeToBest: boolean, la: number): number {
  const vs = e.veh;
  const v = c.v;
  const right = dir < 0;
  vs.leftSpace[v] = leftSpace;
  if (changeToBest && Math.abs(blo) > 1) vs.blockerLen[v] = Math.max(right ? 20 : 40, vs.blockerLen[v] ?? 0);
  const lcaCounter = right ? LCA_LEFT : LCA_RIGHT;
  // on an internal edge SUMO's continuation always holds the lane led to as well
  const canContinue = c.internal || continuation(e, v, c.bk, 0) >= 0;
  let canReserve = saveBlockerLength(e, v, c.neighLead.veh, lcaCounter, leftSpace, canContinue);
  const fb = c.firstBlocked[c.k] ?? -1;
  if (fb !== c.neighLead.veh) canReserve = saveBlockerLength(e, v, fb, lcaCounter, leftSpace, canContinue) && canReserve;
  if (!canReserve) vs.dontBrake[v] = canContinue ? 1 : 0;
  const remainingLanes = Math.max(1, Math.abs(blo));
  const remainingSeconds = Math.max(e.dt, leftSpace / Math.max(la, EPS) / remainingLanes / URGENCY);
  const myLca = right ? LCA_MRIGHT : LCA_MLEFT;
  const planned = informLeader(e, c, myLca, remainingSeconds);
  if (planned >= 0) informFollower(e, c, myLca, remainingSeconds, planned);
  return ret;
}
