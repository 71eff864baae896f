import { brakeGap, dawdle, maximumSafeStopSpeed, NUMERICAL_EPS, POSITION_EPS } from './carFollowing.js';
import type { EngineState } from './EngineState.js';
import { HALTING_SPEED } from './EngineCounters.js';
import { itemRequest, linkOpened, type Request, zipperFoes } from './linkOpened.js';
import { havePriority, LS_G, LS_R, LS_Y, LS_Z } from './linkStates.js';
import { patchSpeed, prepareStep } from './laneChangeModel.js';
import { enterRoad, refreshBestLanes } from './routing.js';
import { processStop } from './stops.js';
import { MAX_ITEMS } from './VehicleStore.js';
import { zipperSpeed } from './zipper.js';
import { topSpeed } from './topSpeed.js';

const req: Request = { veh: 0, item: 0, arrT: 0, leaveT: 0, arrV: 0, leaveV: 0, impatience: 0 };
/** The foe items blocking a zipper link (reused). */
const zipperBlock: number[] = [];

/**
 * Results passed between the steps of a vehicle's decision as fields (no boxed numbers between calls):
 * `processLinkApproaches` sets the safe speed `vSafe` and the minimum speed of a committed minor link
 * (`vSafeMin`, at `vSafeMinDist`, `canBrakeMin`); `finalizeSpeed` sets `vNext`.
 */
const lim = { vSafe: 0.5, vSafeMin: 0.5, vSafeMinDist: 0.5, canBrakeMin: false, vNext: 0.5 };
/** Bounds and choice handed to `patchSpeed`. */
const bounds = { min: 0.5, wanted: 0.5, max: 0.5, out: 0.5 };

/**
 * The speed to wait before the link of item `i`: the planned waiting speed (SUMO's `myVLinkWait`), as it
 * is. A Krauss waiting speed never passes the stop line; an IDM one can (MSCFModel_IDM::stopSpeed
 * integrates in 0.25 s sub-steps: a driver creeping close to the line brakes to 0 within the step and
 * accelerates again in the next sub-step, e.g. 0.65 m/s at 0.44 m), and SUMO then drives over the line
 * into the junction although the link is not open.
 */
function waitSpeed(vs: EngineState['veh'], i: number): number {
  return vs.itVWait[i] ?? 0;
}

/**
 * SUMO `processLinkApproaches`: walks the vehicle's drive items in order; an open link lets it go on at
 * the item's pass speed, a closed one (or one it did not ask for) makes it wait before the stop line.
 * On a minor link close enough to see the foes, the vehicle commits and must keep a minimum speed.
 */
function processLinkApproaches(e: EngineState, v: number): void {
  lim.vSafe = linkApproachSpeed(e, v);
}

/** The safe speed of `processLinkApproaches` (`lim` gets the rest). */
function linkApproachSpeed(e: EngineState, v: number): number {
  const vs = e.veh;
  const n = e.net;
  const d = n.demand;
  const ty = vs.type[v] ?? 0;
  const sp = vs.speed[v] ?? 0;
  const dec = d.typeDecel[ty] ?? 4.5;
  const dt = e.dt;
  let vSafe = vs.vPlan[v] ?? 0;
  // SUMO's myHaveToWaitOnNextLink, decided below (a driver inside a roundabout keeps it off)
  vs.haveToWait[v] = 0;
  lim.vSafeMin = -Infinity;
  lim.vSafeMinDist = 0;
  lim.canBrakeMin = false;
  const nIt = vs.nItems[v] ?? 0;
  const bg = nIt > 0 ? brakeGap(sp, dec, dt, 0) : 0;
  let vSafeZipper = Infinity;
  for (let k = 0; k < nIt; k++) {
    const i = v * MAX_ITEMS + k;
    const link = vs.itLink[i] ?? 0;
    // the links of this junction were open up to its exit, which has no request
    if (vs.exitNoReq[v] === 1 && (n.linkInternal[link] ?? 0) === 0) yieldRequest(e, v);
    if (vs.itReq[i] === 0) {
      if ((n.linkInternal[link] ?? 0) === 1) yieldRequest(e, v);
      const w = waitSpeed(vs, i);
      if (w < sp || w < HALTING_SPEED) mustWait(e, v);
      return w;
    }
    const state = e.linkState[link] ?? 0;
    const yellow = state === LS_Y;
    const dist = vs.itDist[i] ?? 0;
    const canBrake = dist > bg || sp < dec * dt;
    if (yellow && canBrake) return mustWait(e, v, waitSpeed(vs, i));
    let opened = yellow;
    if (!opened) {
      itemRequest(e, req, v, i, link, canBrake);
      if (state === LS_Z) {
        // a zipper link collects all its blocking foes at once (they set the zipper speed below)
        opened = zipperFoes(e, link, req, zipperBlock);
      } else opened = linkOpened(e, link, req);
    }
    const contMajor = (n.linkInternal[link] ?? 0) === 1 && (e.linkState[n.linkConn[link] ?? 0] === LS_G || e.linkState[n.linkConn[link] ?? 0] === LS_Y);
    if (opened && !havePriority(state) && !contMajor && (n.linkCont[link] ?? 0) === 0) {
      if (dist > (n.linkVisibility[link] ?? 4.5) && (canBrake || !yellow)) return mustWait(e, v, waitSpeed(vs, i));
      lim.vSafeMinDist = dist;
      lim.vSafeMin = Math.min((dist + POSITION_EPS) / dt, vs.itVPass[i] ?? 0);
      lim.canBrakeMin = canBrake;
    }
    if (!opened && state === LS_Z) {
      // a zipper merge: adapt to the blocking foes instead of stopping (SUMO getZipperSpeed)
      const vz = zipperSpeed(e, v, i, zipperBlock);
      if (vz < vSafeZipper) vSafeZipper = vz;
    } else if (!opened) return mustWait(e, v, waitSpeed(vs, i));
    vSafe = k + 1 < nIt ? (vs.itVPass[i] ?? 0) : Math.min(vs.itVPass[i] ?? 0, vs.vPlan[v] ?? 0);
    // probably not going to drive across this junction (SUMO's heuristic)
    const vp = vs.itVPass[i] ?? 0;
    if (opened && vp < dec && vp <= (vs.itVWait[i] ?? 0) && vp < Math.min(sp + (d.typeAccel[ty] ?? 2.6) * dt, d.typeMaxSpeed[ty] ?? 55)) mustWait(e, v);
  }
  if (nIt > 0) vSafe = Math.min(vSafe, vs.vPlan[v] ?? 0);
  // SUMO's last drive item without a link (a stop, the arrival, or a lane the route cannot leave): the
  // driver counts as waiting when that speed is below its current one or a halt
  if (vs.planEnd[v] === 1) {
    const w = vs.vPlan[v] ?? 0;
    if (w < sp || w < HALTING_SPEED) mustWait(e, v);
  }
  if (vs.exitNoReq[v] === 1) yieldRequest(e, v);
  return vSafe < vSafeZipper ? vSafe : vSafeZipper;
}

/** Marks that `v` will stop before its next link (SUMO `myHaveToWaitOnNextLink`, not inside a roundabout); returns `w`. */
function mustWait(e: EngineState, v: number, w = 0): number {
  const n = e.net;
  const s = e.veh.seg[v] ?? 0;
  // a roundabout's internal lanes (between two of its roads) belong to it too
  const c = s >= n.nLanes ? (n.segConn[s] ?? 0) : -1;
  const inRoundabout =
    c < 0 ? n.roadRoundabout[n.laneRoad[s] ?? 0] === 1 : n.roadRoundabout[n.connFromRoad[c] ?? 0] === 1 && n.roadRoundabout[n.connToRoad[c] ?? 0] === 1;
  if (!inRoundabout) e.veh.haveToWait[v] = 1;
  return w;
}

/**
 * SUMO's "blocked on the junction: yield request so other vehicles may become junction leader": a vehicle
 * inside a junction whose next link out of its internal lane has no request gives up its junction entry
 * and conflict-area entry times (`isLeader` then no longer makes others yield to it); the never-yielded
 * entry time stays. Only on an internal lane of the junction the link belongs to.
 */
function yieldRequest(e: EngineState, v: number): void {
  const n = e.net;
  const s = e.veh.seg[v] ?? 0;
  if (s < n.nLanes) return;
  e.veh.entryTime[v] = Infinity;
  e.veh.confEntryTime[v] = Infinity;
}

/**
 * The speed a vehicle drives this step (SUMO `finalizeSpeed` with Krauss dawdling): no faster than safe
 * or than it can accelerate to, no slower than it can brake to (unless safety needs an emergency stop),
 * then reduced at random by the type's sigma.
 */
function finalizeSpeed(e: EngineState, v: number): void {
  const vs = e.veh;
  const d = e.net.demand;
  const ty = vs.type[v] ?? 0;
  const sp = vs.speed[v] ?? 0;
  const dt = e.dt;
  const A = d.typeAccel[ty] ?? 2.6;
  const stopBefore = vs.stopIdx[v];
  let vSafe = processStop(e, v, lim.vSafe);
  if (vs.stopIdx[v] !== stopBefore) refreshBestLanes(e, v);
  if (lim.vSafeMin > -Infinity && vSafe + NUMERICAL_EPS < lim.vSafeMin) {
    if (lim.canBrakeMin && vSafe < sp) {
      vSafe = Math.min(vSafe, maximumSafeStopSpeed(lim.vSafeMinDist, d.typeDecel[ty] ?? 4.5, dt, dt));
      mustWait(e, v);
    }
    lim.vSafeMin = lim.canBrakeMin && vSafe < sp ? 0 : vSafe;
  }
  const vMinEm = Math.max(0, sp - (d.typeEmergencyDecel[ty] ?? 9) * dt);
  const vMin = Math.min(Math.max(0, sp - (d.typeDecel[ty] ?? 4.5) * dt), Math.max(vSafe, vMinEm));
  let vMax = Math.min(vSafe, sp + A * dt, d.typeMaxSpeed[ty] ?? 55);
  if (vMax < vMin) vMax = vMin;
  const sigma = d.typeSigma[ty] ?? 0;
  let vNext = vMax;
  if (e.typeIdm[ty] !== 1 && sigma > 0) vNext = Math.max(vMin, dawdle(vMax, sigma, A, dt, e.rng.random()));
  bounds.min = vMin;
  bounds.wanted = vNext;
  bounds.max = vMax;
  patchSpeed(e, v, bounds);
  vNext = bounds.out;
  if (vNext < lim.vSafeMin) vNext = lim.vSafeMin;
  lim.vNext = vNext;
}

/**
 * The movement phase of a step (SUMO `executeMove`): each vehicle decides at its links, fixes its speed,
 * accumulates SUMO's time loss and waiting time, moves, passes onto internal and next lanes (entering a
 * junction records its entry time), and leaves the network at its arrival position.
 *
 * @example
 * ```ts
 * planMovements(state);
 * executeMovements(state);
 * ```
 */
export function executeMovements(e: EngineState): void {
  const vs = e.veh;
  const n = e.net;
  const dt = e.dt;
  const nRun = vs.runCount;
  const loops = e.loops;
  const moved = e.scratch.length >= nRun ? e.scratch : new Int32Array(nRun);
  for (let r = 0; r < nRun; r++) moved[r] = vs.run[r] ?? 0;
  for (let r = 0; r < nRun; r++) {
    const v = moved[r] ?? 0;
    processLinkApproaches(e, v);
    finalizeSpeed(e, v);
    const vNext = lim.vNext;
    prepareStep(vs, v);
    const s = vs.seg[v] ?? 0;
    let vmax = (n.segSpeed[s] ?? 13.89) * (vs.speedFactor[v] ?? 1);
    const vt = topSpeed(e, v);
    if (vt < vmax) vmax = vt;
    // a vehicle at a stop loses no time and does not wait (SUMO's tripinfo counts stop time apart)
    const atStop = vs.stopped[v] === 1;
    if (vNext < vmax && !atStop) vs.timeLoss[v] = (vs.timeLoss[v] ?? 0) + (dt * (vmax - vNext)) / vmax;
    if (vNext <= HALTING_SPEED && !atStop) {
      vs.waiting[v] = (vs.waiting[v] ?? 0) + dt;
      const w0 = vs.waitCur[v] ?? 0;
      vs.waitCur[v] = w0 + dt;
      if (w0 < e.opts.jamThreshold && w0 + dt >= e.opts.jamThreshold) e.counters.jamEvents++;
      if (vs.halting[v] === 0) {
        vs.halting[v] = 1;
        vs.stops[v]++;
      }
    } else {
      vs.waitCur[v] = 0;
      vs.halting[v] = 0;
    }
    vs.acc[v] = (vNext - (vs.speed[v] ?? 0)) / dt;
    vs.speed[v] = vNext;
    const p0 = vs.pos[v] ?? 0;
    vs.pos[v] = p0 + vNext * dt;
    vs.odo[v] = (vs.odo[v] ?? 0) + vNext * dt;
    if (loops.segStart[s] !== loops.segStart[s + 1]) loops.pass(e, v, s, p0, vNext * dt, vNext, e.time);
    advanceSegments(e, v);
  }
  integrateEntering(e);
  e.counters.vehicleUpdates += nRun;
}

/** Vehicles that passed onto another segment this step, linked into its list after all have moved. */
let entering = new Int32Array(64);
let nEntering = 0;

/**
 * Moves `v` over segment ends onto the segments its drive items lead to; arrival at the end of its
 * route. A vehicle that changes segment leaves its old list at once and joins the new one only after
 * every vehicle has moved (as SUMO's lane buffers), so the lists stay in driving order.
 */
function advanceSegments(e: EngineState, v: number): void {
  const vs = e.veh;
  const n = e.net;
  let linked = true;
  for (let hop = 0; hop < 6; hop++) {
    const s = vs.seg[v] ?? 0;
    const len = n.segLength[s] ?? 0;
    const last = s < n.nLanes && (vs.routeIdx[v] ?? 0) >= e.routes.length(vs.route[v] ?? 0) - 1;
    if (last) {
      if ((vs.pos[v] ?? 0) >= (vs.arrivalPos[v] ?? len) - POSITION_EPS) {
        arriveVehicle(e, v, linked);
        return;
      }
      break;
    }
    const over = (vs.pos[v] ?? 0) - len;
    if (over <= 0) break;
    let next: number;
    if (s < n.nLanes) {
      const c = vs.conn[v] ?? -1;
      if (c < 0) {
        vs.pos[v] = len;
        vs.speed[v] = 0;
        break;
      }
      if (e.linkState[c] === LS_R) {
        // SUMO's emergency stop "because of a red traffic light" (MSVehicle::processLaneAdvances): a
        // waiting speed that would carry the driver over a red stop line (an IDM one can) ends at the line
        vs.pos[v] = len;
        vs.speed[v] = 0;
        vs.acc[v] = 0;
        break;
      }
      next = n.connSegStart[c] ?? 0;
      vs.entryTime[v] = e.time;
      vs.entryTimeNY[v] = e.time;
      // a connection with an internal junction enters the conflict area only when it passes that junction
      vs.confEntryTime[v] = (n.connSegCount[c] ?? 1) >= 2 ? Infinity : e.time;
      e.counters.onEnterJunction(e, v, n.connNode[c] ?? 0);
    } else {
      next = n.segNext[s] ?? 0;
      if (next >= n.nLanes) {
        // past the internal junction: into the conflict area, with a yielded request renewed
        vs.confEntryTime[v] = e.time;
        vs.entryTime[v] = vs.entryTimeNY[v] ?? Infinity;
      }
    }
    if (linked) e.unlink(v);
    linked = false;
    vs.pos[v] = over;
    e.markLeft(s, v);
    vs.seg[v] = next;
    if (next < n.nLanes) {
      vs.entryTime[v] = Infinity;
      vs.entryTimeNY[v] = Infinity;
      vs.confEntryTime[v] = Infinity;
      enterRoad(e, v, next);
    }
  }
  if (!linked) {
    if (nEntering >= entering.length) {
      const bigger = new Int32Array(entering.length * 2);
      bigger.set(entering);
      entering = bigger;
    }
    entering[nEntering++] = v;
  }
}

/** Links the vehicles that changed segment this step into their new segments' lists. */
function integrateEntering(e: EngineState): void {
  for (let k = 0; k < nEntering; k++) {
    const v = entering[k] ?? 0;
    e.insertInSeg(e.veh.seg[v] ?? 0, v);
  }
  nEntering = 0;
}

/** Ends the trip of `v` (counted with SUMO's tripinfo definitions); `linked`: it is still in its segment's list. */
export function arriveVehicle(e: EngineState, v: number, linked = true): void {
  if (linked) e.unlink(v);
  e.markLeft(e.veh.seg[v] ?? 0, v);
  e.counters.onArrive(e, v, e.time);
  e.veh.release(v);
}
