import { kraussSafeSpeed } from './carFollowing.js';
import { DEPART_BEST, DEPART_RANDOM, INSERT_POISSON } from './compileDemand.js';
import { laneServes } from './laneChange.js';
import type { TrafficEngine } from './TrafficEngine.js';
import { VEH_PENDING } from './VehicleStore.js';

/**
 * Demand phase of `TrafficEngine.step()`: flows, scheduled and explicit vehicles join the insertion
 * queue of their first road.
 *
 * @example
 * ```ts
 * spawn(engine);
 * ```
 */
export function spawn(e: TrafficEngine): void {
  const d = e.net.demand;
  const ix = e.spawnIndex;
  const t = e.time;
  const t1 = t + e.dt;
  // rate flows begun by now, kept in ascending index order (the order flows are processed in)
  const act = e.activeFlows;
  let nAct = e.nActiveFlows;
  while (e.rateOrderPtr < ix.rateOrder.length && (d.flowBegin[ix.rateOrder[e.rateOrderPtr] as number] as number) < t1) {
    const f = ix.rateOrder[e.rateOrderPtr++] as number;
    let k = nAct++;
    for (; k > 0 && (act[k - 1] as number) > f; k--) act[k] = act[k - 1] as number;
    act[k] = f;
  }
  // scheduled departures due in this step, sorted by index (= by flow, then time, as flows are processed)
  const due = e.dueSched;
  let nDue = 0;
  for (; e.schedPtr < ix.schedOrder.length && (ix.schedDue[ix.schedOrder[e.schedPtr] as number] as number) < t1; e.schedPtr++) {
    const p = ix.schedOrder[e.schedPtr] as number;
    let k = nDue++;
    for (; k > 0 && (due[k - 1] as number) > p; k--) due[k] = due[k - 1] as number;
    due[k] = p;
  }
  let kept = 0;
  let j = 0;
  for (let i = 0; i < nAct || j < nDue; ) {
    const fr = i < nAct ? (act[i] as number) : d.nFlows;
    const fs = j < nDue ? (ix.schedFlow[due[j] as number] as number) : d.nFlows;
    if (fs < fr) {
      // a scheduled departure (its flow has begun: it is due); none once the flow has ended
      const p = due[j++] as number;
      if (t < (d.flowEnd[fs] as number)) {
        queueVehicle(e, d.flowOrigin[fs] as number, d.flowRoute[fs] as number, d.flowType[fs] as number, d.flowDepartLane[fs] as number, Math.max(t, d.schedT[p] as number), d.flowDepartSpeed[fs] as number);
        e.flowSchedPtr[fs] = p + 1;
      }
      continue;
    }
    const f = fr;
    i++;
    const end = d.flowEnd[f] as number;
    if (t >= end) continue;
    // arrivals of a (non-homogeneous) Poisson process by time change: integrate the rate and insert
    // whenever it passes a unit-exponential threshold (a threshold of 1 gives uniform headways)
    const mode = d.flowMode[f];
    const lo = Math.max(t, d.flowBegin[f] as number);
    const hi = Math.min(t1, end);
    let acc = (e.flowAcc[f] as number) + (d.flowRate[f] as number) * e.profile(f, (lo + hi) / 2) * (hi - lo);
    let th = e.flowNext[f] as number;
    while (acc >= th) {
      acc -= th;
      th = mode === INSERT_POISSON ? e.rng.exponential(1) : 1;
      queueVehicle(e, d.flowOrigin[f] as number, d.flowRoute[f] as number, d.flowType[f] as number, d.flowDepartLane[f] as number, lo, d.flowDepartSpeed[f] as number);
    }
    e.flowAcc[f] = acc;
    e.flowNext[f] = th;
    if (t1 < end) act[kept++] = f;
  }
  e.nActiveFlows = kept;
  for (; e.vehPtr < d.nVehicles && (d.vehDepart[e.vehPtr] as number) < t1; e.vehPtr++) {
    const r = d.vehRoute[e.vehPtr] as number;
    queueVehicle(e, d.routeRoads[d.routeStart[r] as number] as number, r, d.vehType[e.vehPtr] as number, DEPART_BEST, Math.max(t, d.vehDepart[e.vehPtr] as number));
  }
}

/** Adds a pending vehicle to the insertion queue of `road`. */
function queueVehicle(e: TrafficEngine, road: number, route: number, type: number, departLane: number, when: number, departSpeed = -1): void {
  const vs = e.veh;
  const v = vs.alloc();
  vs.state[v] = VEH_PENDING;
  vs.type[v] = type;
  vs.route[v] = route;
  vs.routeIdx[v] = 0;
  vs.departWanted[v] = when;
  vs.departLane[v] = departLane;
  vs.departSpeed[v] = departSpeed;
  vs.extId[v] = e.nextExtId++;
  vs.seg[v] = -1;
  const d = e.net.demand;
  if (route >= 0) {
    const r0 = d.routeStart[route] as number;
    const len = (d.routeStart[route + 1] as number) - r0;
    vs.nextRoad[v] = len > 1 ? (d.routeRoads[r0 + 1] as number) : -1;
    vs.next2Road[v] = len > 2 ? (d.routeRoads[r0 + 2] as number) : -1;
  } else {
    const nr = e.drawTurn(road);
    vs.nextRoad[v] = nr;
    vs.next2Road[v] = nr >= 0 ? e.drawTurn(nr) : -1;
  }
  if (e.qTail[road] === -1) e.qHead[road] = v;
  else vs.queueNext[e.qTail[road] as number] = v;
  e.qTail[road] = v;
  e.qCount[road]++;
  e.counters.queued++;
}

// ---- phase 2: insertion ----------------------------------------------------------------------
export function insert(e: TrafficEngine): void {
  const n = e.net;
  const vs = e.veh;
  const d = n.demand;
  for (let r = 0; r < n.nRoads; r++) {
    for (let v = e.qHead[r] as number; v >= 0; v = e.qHead[r] as number) {
      const ty = vs.type[v] as number;
      const len = d.typeLength[ty] as number;
      const minGap = d.typeMinGap[ty] as number;
      const nr = vs.nextRoad[v] as number;
      const l0 = n.roadLaneStart[r] as number;
      const nl = n.roadLaneCount[r] as number;
      let best = -1;
      let bestScore = Infinity;
      let bestGap = Infinity;
      const dl = vs.departLane[v] as number;
      const pick = dl === DEPART_RANDOM ? e.rng.integers(0, nl) : -1;
      for (let k = 0; k < nl; k++) {
        const l = l0 + k;
        if (dl >= 0 && k !== dl) continue;
        const serves = nr < 0 || laneServes(n, l, nr);
        if (dl === DEPART_BEST && !serves) continue;
        const tail = e.segTail[l] as number;
        const gap = tail < 0 ? Infinity : (vs.pos[tail] as number) - (d.typeLength[vs.type[tail] as number] as number) - len;
        if (gap < minGap) continue;
        const score = dl === DEPART_RANDOM ? (k - pick + nl) % nl : (e.segCount[l] as number);
        if (score < bestScore) {
          best = l;
          bestScore = score;
          bestGap = gap;
        }
      }
      if (best < 0) break;
      e.qHead[r] = vs.queueNext[v] as number;
      if (e.qHead[r] === -1) e.qTail[r] = -1;
      e.qCount[r]--;
      const tail = e.segTail[best] as number;
      const vmax = Math.min((n.segSpeed[best] as number) * (d.typeSpeedFactor[ty] as number), d.typeMaxSpeed[ty] as number);
      let sp = vmax;
      if (tail >= 0) sp = Math.min(vmax, Math.max(0, kraussSafeSpeed(vs.speed[tail] as number, vs.speed[tail] as number, bestGap - minGap, d.typeDecel[ty] as number, d.typeTau[ty] as number)));
      if ((vs.departSpeed[v] as number) >= 0) sp = Math.min(sp, vs.departSpeed[v] as number);
      vs.activate(v);
      vs.depart[v] = e.time;
      vs.speed[v] = sp;
      vs.newSpeed[v] = sp;
      vs.pos[v] = len;
      vs.seg[v] = best;
      e.appendTail(best, v);
      vs.conn[v] = e.chooseConn(v, best);
      e.counters.onInsert(e, v);
    }
  }
}
