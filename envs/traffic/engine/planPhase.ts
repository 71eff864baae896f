import { brakeGap, estimateSpeedAfterDistance, maximumSafeStopSpeed, minimalArrivalTime, NUMERICAL_EPS, POSITION_EPS } from './carFollowing.js';
import type { EngineState } from './EngineState.js';
import { keepClear } from './keepClear.js';
import { linkLeaders } from './linkLeaders.js';
import { lookAheadCutRoads, mayCutLookAhead } from './lookAheadCut.js';
import { havePriority, LS_EQ, LS_R, LS_W, LS_Y } from './linkStates.js';
import { PlanContext } from './PlanContext.js';
import { connAhead } from './routing.js';
import { keepRequest } from './rightBeforeLeft.js';
import { stopTarget } from './stops.js';
import { MAX_ITEMS } from './VehicleStore.js';

/** SUMO's DIST_TO_STOPLINE_EXPECT_PRIORITY: where vehicles wait at a red light. */
const STOP_BEFORE_RED = 1;
/** SUMO's CRLL_LOOK_AHEAD: how many vehicle lengths beyond a junction the plan looks. */
const LOOK_AHEAD_LENGTHS = 5;
const EPS_SPEED = (0.1 * NUMERICAL_EPS) / 1;

const P = new PlanContext();
/** The roads where `mayCutLookAhead` may apply (`lookAheadCutRoads` of this step's network). */
let cutRoads: Uint8Array = new Uint8Array(0);

/**
 * The planning phase of a step (SUMO's `planMove`, all vehicles from their current state, in parallel):
 * each vehicle finds its safe speed behind its leader, then looks along its route through the next
 * links (lane speed limits ahead, leaders on the next lanes, red and yellow signals, minor links, foes
 * already inside the junction, room behind the junction) and records one drive item per link: the
 * speed to pass it, the speed to wait before it, whether it asks to pass, and when it would arrive and
 * leave. The items are registered at their links for the right-of-way checks of `executeMovements`.
 *
 * @example
 * ```ts
 * planMovements(state); // then executeMovements(state)
 * ```
 */
export function planMovements(e: EngineState): void {
  e.approaches.remember(e);
  e.prevApproaches.capture(e);
  e.apprHead.fill(-1);
  const n = e.net;
  cutRoads = lookAheadCutRoads(n);
  const vs = e.veh;
  for (let s = 0; s < n.nSegs; s++) {
    if ((e.segCount[s] ?? 0) === 0) continue;
    let inFront = 0;
    for (let v = e.segHead[s] ?? -1; v >= 0; v = vs.behind[v] ?? -1) {
      planVehicle(e, v, inFront);
      inFront += e.typeLenGap[vs.type[v] ?? 0] ?? 7.5;
    }
  }
}

function planVehicle(e: EngineState, veh: number, inFront: number): void {
  const vs = e.veh;
  const n = e.net;
  const d = n.demand;
  P.load(e, veh);
  vs.stopPlanDist[veh] = Number.NaN;
  const s = vs.seg[veh] ?? 0;
  const p = vs.pos[veh] ?? 0;
  const sp = P.speed;
  const dt = e.dt;
  const laneMax = P.laneMaxOf(e, s);
  P.laneMax = laneMax;
  const maxV = Math.min(sp + P.accel * dt, P.maxSpeedType);
  P.vMinComfortable = Math.max(0, sp - P.decel * dt);
  const laneMaxV = Math.max(laneMax, P.vMinComfortable);
  // SUMO starts from the most the driver can accelerate to, for an IDM driver too: its free-road
  // acceleration comes from the lanes ahead (MSCFModel_IDM::freeSpeed) or its leader
  P.v = Math.min(maxV, laneMaxV);
  vs.nItems[veh] = 0;
  P.lastItem = -1;
  // the leader on the same segment, or a vehicle whose back still covers its end
  const L = vs.ahead[veh] ?? -1;
  let leaderBack = Infinity;
  let leaderSpeed = 0;
  let leaderDecel = 1;
  if (L >= 0) {
    leaderBack = (vs.pos[L] ?? 0) - (d.typeLength[vs.type[L] ?? 0] ?? 5);
    leaderSpeed = vs.speed[L] ?? 0;
    leaderDecel = d.typeDecel[vs.type[L] ?? 0] ?? 4.5;
  } else {
    const u = e.partialOccupant(s);
    if (u >= 0) {
      leaderBack = (n.segLength[s] ?? 0) - e.partialBack;
      leaderSpeed = vs.speed[u] ?? 0;
      leaderDecel = d.typeDecel[vs.type[u] ?? 0] ?? 4.5;
    }
  }
  // SUMO adapts both the speed and the speed at the next link to the leader on the lane
  P.vLeader = Infinity;
  if (leaderBack !== Infinity) {
    const vf = P.follow(leaderBack - p - P.minGap, leaderSpeed, leaderDecel);
    if (vf < P.v) P.v = vf;
    P.vLeader = vf;
  }
  const seen = (n.segLength[s] ?? 0) - p;
  const lookDist = maxV * dt + brakeGap(maxV, P.decel, dt, 0);
  P.seen = seen;
  P.lookDist = lookDist;
  P.brakeDist = brakeGap(P.speed, P.decel, dt, 0);
  lookAhead(e, veh, s);
  keepClear(e, veh, inFront);
  registerItems(e, veh);
  vs.vPlan[veh] = P.v;
}

/** SUMO's loop over the lanes ahead (see `planMovements`), from `P.seen` metres before the end of segment `s` up to `P.lookDist` and beyond. */
function lookAhead(e: EngineState, veh: number, s: number): void {
  const seen0 = P.seen;
  const lookDist = P.lookDist;
  const vs = e.veh;
  const n = e.net;
  const rt = e.routes;
  const route = vs.route[veh] ?? 0;
  const nRoute = rt.length(route);
  let view = vs.routeIdx[veh] ?? 0;
  let lane = s;
  // lane index on the current road whose best continuation the vehicle follows
  const kRef = n.laneIndex[s < n.nLanes ? s : (n.connFromLane[n.segConn[s] ?? 0] ?? 0)] ?? 0;
  let laneMaxV = Math.max(P.laneMax, P.vMinComfortable);
  P.vLinkPass = Math.min(estimateSpeedAfterDistance(seen0, P.v, P.accel, P.maxSpeedType), laneMaxV, P.vLeader);
  let slowedDownForMinor = false;
  let hadNonInternal = false;
  let seenNonInternal = 0;
  let seenInternal = s >= n.nLanes ? seen0 : 0;
  P.abortRequest = false;
  vs.exitNoReq[veh] = 0;
  vs.planEnd[veh] = 0;
  if (s >= n.nLanes) linkLeaders(e, P, s);
  for (let guard = 0; guard < 16; guard++) {
    let link: number;
    if (lane < n.nLanes) {
      P.abortRequest = false;
      if (view === vs.stopRi[veh] && (vs.stopIdx[veh] ?? -1) >= 0 && !resuming(e, veh)) {
        planStop(e, veh, lane);
        vs.planEnd[veh] = 1;
        return;
      }
      if (view >= nRoute - 1) {
        arrive(e, veh, lane, laneMaxV);
        vs.planEnd[veh] = 1;
        return;
      }
      link = lane === s ? (vs.conn[veh] ?? -1) : connAhead(e, veh, kRef, lane, view - (vs.routeIdx[veh] ?? 0));
      if (link < 0) {
        // wrong lane: the route does not continue from here; stop at its end
        const va = P.stop(P.seen);
        if (va < P.v) P.v = va;
        adaptLeaveSpeed(vs, veh, va);
        vs.planEnd[veh] = 1;
        return;
      }
    } else {
      // SUMO checks the foes inside the junction at the link that leaves an internal lane, with the entry
      // link as the previous item (the lane the vehicle is on was checked before the loop)
      if (lane !== s) {
        P.abortRequest = false;
        linkLeaders(e, P, lane);
      }
      link = n.segExitLink[lane] ?? -1;
      if (link < 0) {
        // the exit of an internal lane: no right-of-way check, on to the next normal lane; a vehicle inside
        // this junction that must wait for a foe there has no request at its exit
        if (s >= n.nLanes && n.connNode[n.segConn[lane] ?? 0] === n.connNode[n.segConn[s] ?? 0] && P.abortRequest) vs.exitNoReq[veh] = 1;
        const kLast = (vs.nItems[veh] ?? 0) - 1;
        if (kLast >= 0) vs.itExit[veh * MAX_ITEMS + kLast] = 1;
        hadNonInternal = true;
        view++;
        advance(e, n.segNext[lane] ?? 0, lane);
        laneMaxV = P.laneMaxV;
        lane = n.segNext[lane] ?? 0;
        seenNonInternal += n.segLength[lane] ?? 0;
        continue;
      }
    }
    const k = vs.nItems[veh] ?? 0;
    if (k >= MAX_ITEMS) return;
    const res = pushLinkItem(e, veh, link, lane, k, s, slowedDownForMinor);
    if (res < 0) return;
    // a driver standing in a queue that will not ask for this link: the look-ahead ends one segment on (exact, see lookAheadCut)
    const cut = k === 0 && mayCutLookAhead(e, veh, P, EPS_SPEED) && cutRoads[n.laneRoad[s] ?? 0] === 1;
    // SUMO sets slowedDownForMinor once per look-ahead and never clears it: a priority link between does
    // not give the later entry links their requests back (abortRequestAfterMinor)
    if (res === 1) slowedDownForMinor = true;
    const next = n.linkTo[link] ?? 0;
    if (next < n.nLanes) {
      hadNonInternal = true;
      view++;
    }
    const done = vs.itReq[veh * MAX_ITEMS + k] === 0 || P.v <= 0 || P.seen > lookDist;
    if (done && hadNonInternal && seenNonInternal > Math.max(P.length * LOOK_AHEAD_LENGTHS, P.length + seenInternal)) return;
    advance(e, next, lane);
    if (cut) return;
    laneMaxV = P.laneMaxV;
    lane = next;
    if (next >= n.nLanes) seenInternal += n.segLength[next] ?? 0;
    else seenNonInternal += n.segLength[next] ?? 0;
  }
}

/**
 * Whether vehicle `veh` has reached its next stop (halting at it, at its lot of an onRoad parking area, or
 * back on the road from a parking stop): SUMO plans no stop it has reached, so it drives off in the step
 * its stop ends.
 */
function resuming(e: EngineState, veh: number): boolean {
  return e.veh.stopped[veh] === 1;
}

/** The vehicle's next stop is on `lane`'s road: it brakes (no harder than comfortable) to halt at the stop position and looks no further. */
function planStop(e: EngineState, veh: number, lane: number): void {
  // SUMO plans to halt NUMERICAL_EPS past the stop's end position (a parking area's target has it already)
  const pos = stopTarget(e, veh) + ((e.net.demand.stopArea[e.veh.stopIdx[veh] ?? -1] ?? -1) < 0 ? NUMERICAL_EPS : 0);
  const dist = P.seen + pos - (e.net.segLength[lane] ?? 0);
  e.veh.stopPlanDist[veh] = dist;
  const va = Math.max(P.stop(dist), P.vMinComfortable);
  if (va < P.v) P.v = va;
  adaptLeaveSpeed(e.veh, veh, maximumSafeStopSpeed(pos, P.decel, e.dt, e.dt));
}

/** The vehicle is on its last road: it drives on to its arrival position (SUMO: no braking at the end of the route). */
function arrive(e: EngineState, veh: number, lane: number, laneMaxV: number): void {
  const vs = e.veh;
  const dist = P.seen + (vs.arrivalPos[veh] ?? 0) - (e.net.segLength[lane] ?? 0) - laneMaxV * e.dt;
  const va = Math.max(NUMERICAL_EPS, P.free(dist, laneMaxV));
  if (va < P.v) P.v = va;
  adaptLeaveSpeed(vs, veh, va);
}

function adaptLeaveSpeed(vs: EngineState['veh'], veh: number, v: number): void {
  if (P.lastItem < 0) return;
  const i = veh * MAX_ITEMS + P.lastItem;
  if (v < (vs.itLeaveV[i] ?? 0)) vs.itLeaveV[i] = v;
}

/**
 * Records the drive item of `link` (SUMO's DriveProcessItem); returns -1 when the look-ahead ends at it
 * (a red or yellow light the vehicle can stop for), 1 when it slowed down for a minor link, else 0.
 */
function pushLinkItem(e: EngineState, veh: number, link: number, lane: number, k: number, s: number, slowedBefore: boolean): number {
  const vs = e.veh;
  const n = e.net;
  const dt = e.dt;
  const t = e.time;
  const i = veh * MAX_ITEMS + k;
  const state = e.linkState[link] ?? 0;
  const yellowOrRed = state === LS_R || state === LS_Y;
  const prio = havePriority(state);
  const seen = P.seen;
  const brakeDist = P.brakeDist;
  const canBrake = seen >= brakeDist;
  const vis = n.linkVisibility[link] ?? 4.5;
  let stopOffset = yellowOrRed ? STOP_BEFORE_RED : prio ? Math.min(vis - POSITION_EPS, STOP_BEFORE_RED) : Math.min(vis - POSITION_EPS, 0);
  if (canBrake) stopOffset = Math.min(stopOffset, seen - brakeDist);
  stopOffset = Math.max(POSITION_EPS, stopOffset);
  const stopDist = Math.max(0, seen - stopOffset);
  const leaving = s >= n.nLanes && P.lastItem < 0;
  const entry = (n.linkInternal[link] ?? 0) === 0;
  const ask = (P.v > EPS_SPEED && !(slowedBefore && entry)) || leaving;
  // the deadlock breaker only at right-before-left links (a call apart: the common case stays small enough to inline the rest)
  const setRequest = ask && state === LS_EQ ? keepRequest(e, veh, link, ask) : ask;
  const vStop = P.stop(stopDist);
  const vLinkWait = P.v < vStop ? P.v : vStop;
  vs.itLink[i] = link;
  vs.itDist[i] = seen;
  vs.itVPass[i] = P.v;
  vs.itVWait[i] = vLinkWait;
  vs.itWait[i] = vs.waitCur[veh] ?? 0;
  vs.itExit[i] = 0;
  vs.nItems[veh] = k + 1;
  if (yellowOrRed && canBrake) {
    vs.itReq[i] = 0;
    vs.itArrT[i] = t + seen / Math.max(P.v, NUMERICAL_EPS);
    vs.itArrV[i] = vLinkWait;
    vs.itLeaveV[i] = vLinkWait;
    vs.itArrTB[i] = vs.itArrT[i] + 30;
    vs.itArrVB[i] = 0;
    return -1;
  }
  adaptLeaveSpeed(vs, veh, P.laneMax);
  let arrivalSpeed = P.vLinkPass;
  let slowed = 0;
  const couldBrakeForMinor = !prio && brakeDist < seen && !lastWasContMajor(e, link);
  if (couldBrakeForMinor && seen > vis) {
    const maxAtVis = maximumSafeStopSpeed(vis, P.decel, dt, 0);
    const maxArrival = estimateSpeedAfterDistance(vis, maxAtVis, P.accel, P.maxSpeedType);
    if (maxArrival < arrivalSpeed) arrivalSpeed = maxArrival;
    slowed = 1;
  }
  // SUMO 1.15: a minor entry into a roundabout counts as slowed down for (the later entries of this
  // look-ahead get no request) even when the driver is close enough to see its foes
  if (couldBrakeForMinor && n.roadRoundabout[n.laneRoad[n.connToLane[n.linkConn[link] ?? 0] ?? 0] ?? 0] === 1) slowed = 1;
  // all-way stop: a random 0 or 1 ms on the arrival time breaks ties between drivers who stopped together
  const tieBreak = state === LS_W ? (e.rng.random() < 0.5 ? 0 : 0.001) : 0;
  const arrT = t - dt + minimalArrivalTime(seen, P.v, arrivalSpeed, P.accel, P.decel) + tieBreak;
  let asb = 0;
  let arrTB = arrT + 30;
  if (seen < brakeGap(P.v, P.decel, dt, P.tau)) {
    asb = Math.min(minimalArrivalSpeedEuler(), arrivalSpeed);
    arrTB = P.v + asb <= 0 ? Infinity : Math.max(arrT, t + seen / ((P.v + asb) * 0.5));
  }
  const nextMax = P.laneMaxOf(e, n.linkTo[link] ?? 0);
  const leaveV = estimateSpeedAfterDistance(n.linkLength[link] ?? 0, arrivalSpeed, P.accel, P.maxSpeedType);
  vs.itReq[i] = setRequest && !P.abortRequest ? 1 : 0;
  vs.itArrT[i] = arrT;
  vs.itArrV[i] = arrivalSpeed;
  vs.itLeaveV[i] = leaveV < nextMax ? leaveV : nextMax;
  vs.itArrTB[i] = arrTB;
  vs.itArrVB[i] = asb;
  P.lastItem = k;
  return slowed;
}

/** SUMO `getMinimalArrivalSpeedEuler`: the speed at the link `P.seen` ahead when braking from `P.v` now on. */
function minimalArrivalSpeedEuler(): number {
  const dist = P.seen;
  const v = P.v;
  if (dist < v) return v;
  const d = dist - v * P.tau;
  if (2 * d * -P.decel + v * v >= 0) return estimateSpeedAfterDistance(d, v, -P.decel, P.maxSpeedType);
  return P.decel;
}

/** Whether `link` is an internal-junction link whose entry link has a major green (then it need not yield). */
function lastWasContMajor(e: EngineState, link: number): boolean {
  if ((e.net.linkInternal[link] ?? 0) === 0) return false;
  return havePriority(e.linkState[e.net.linkConn[link] ?? 0] ?? 0) || e.linkState[e.net.linkConn[link] ?? 0] === LS_Y;
}

/**
 * The vehicle looks past a link onto segment `next`: it may have to slow down for its speed limit, its
 * last vehicle (or one still leaving it), and, on internal lanes, foes in the junction. Sets the
 * vehicle's speed limit there (`P.laneMaxV`).
 */
function advance(e: EngineState, next: number, from: number): void {
  const n = e.net;
  const vs = e.veh;
  const d = n.demand;
  const laneMax = P.laneMaxOf(e, next);
  const va = Math.max(P.free(P.seen, laneMax), P.vMinComfortable);
  if (va < P.v) P.v = va;
  const T = e.segTail[next] ?? -1;
  let back = Infinity;
  let spT = 0;
  let decT = 1;
  let lead = -1;
  if (T >= 0) {
    lead = T;
    back = (vs.pos[T] ?? 0) - (d.typeLength[vs.type[T] ?? 0] ?? 5);
    spT = vs.speed[T] ?? 0;
    decT = d.typeDecel[vs.type[T] ?? 0] ?? 4.5;
  } else {
    const u = e.partialOccupant(next);
    if (u >= 0) {
      lead = u;
      back = (n.segLength[next] ?? 0) - e.partialBack;
      spT = vs.speed[u] ?? 0;
      decT = d.typeDecel[vs.type[u] ?? 0] ?? 4.5;
    }
  }
  let vLeader = Infinity;
  if (back !== Infinity) {
    // as SUMO, the speed trusts the leader to brake no harder than its decel; a driver that comes closer
    // to its leader than its minimum gap all the same has collided (see collisions.ts)
    const gap = P.seen + back - P.minGap;
    // SUMO 1.15 adaptToLeader: a leader closer than the minimum gap is followed (Krauss: at most the speed
    // after an emergency stop, so a standing driver stays) when its back is on the ego's route, on this
    // segment or on the normal lane the ego leaves (the vehicle ahead of it on the same path); one that
    // merges from another path and whose back is still inside the junction makes it stop before this segment
    const backOnRoute = back >= 0 || (from < n.nLanes && e.partialOccupant(from) === lead);
    const vf = gap >= 0 || backOnRoute ? P.follow(gap, spT, decT) : P.stop(P.seen - POSITION_EPS);
    if (vf < P.v) P.v = vf;
    vLeader = vf;
    // the speed the vehicle may leave the link onto this segment with (SUMO: the item of the link just passed;
    // a leader beyond the junction bounds the internal lane's exit, which has no foes, not the entry)
    if (P.lastItem >= 0 && n.linkTo[vs.itLink[P.veh * MAX_ITEMS + P.lastItem] ?? 0] === next) adaptLeaveSpeed(vs, P.veh, vf);
  }
  // SUMO: the speed to wait with at the link into this segment is no more than the speed the segment and
  // its leader allow (a closed link or a withdrawn request makes the driver take it)
  if (P.lastItem >= 0) {
    const i = P.veh * MAX_ITEMS + P.lastItem;
    if (n.linkTo[vs.itLink[i] ?? 0] === next && P.v < (vs.itVWait[i] ?? 0)) vs.itVWait[i] = P.v;
  }
  P.seen += n.segLength[next] ?? 0;
  const maxV = Math.max(laneMax, P.vMinComfortable);
  // SUMO: the leader on this segment bounds the speed at the link at its end too (adaptToLeaders at the top
  // of the next look-ahead step lowers vLinkPass; Krauss' followSpeed is capped at what the vehicle can
  // reach this step, so a standing vehicle's arrival speed at the links beyond a leader is about accel x dt)
  P.vLinkPass = Math.min(estimateSpeedAfterDistance(n.segLength[next] ?? 0, P.v, P.accel, P.maxSpeedType), maxV, vLeader);
  P.laneMaxV = maxV;
}

/** Registers the vehicle's drive items at their links. */
function registerItems(e: EngineState, veh: number): void {
  const vs = e.veh;
  const nIt = vs.nItems[veh] ?? 0;
  for (let k = 0; k < nIt; k++) {
    const i = veh * MAX_ITEMS + k;
    const l = vs.itLink[i] ?? -1;
    if (l < 0) continue;
    vs.itNext[i] = e.apprHead[l] ?? -1;
    e.apprHead[l] = i;
  }
}
