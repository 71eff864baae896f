import { INSERT_BERNOULLI, INSERT_EXPONENTIAL, INSERT_POISSON } from './compileDemand.js';
import { AP_GIVEN, AP_RANDOM } from './departureCodes.js';
import type { EngineState } from './EngineState.js';
import { routeLoop } from './routeLoop.js';
import { assignStops } from './stops.js';
import { VEH_PENDING } from './VehicleStore.js';
import { setSpeedFactor, topSpeed } from './topSpeed.js';

/** Longest route drawn from turning ratios (a guard against loops). */
const MAX_DRAWN_ROUTE = 256;
const drawn = new Int32Array(MAX_DRAWN_ROUTE);

/** Draws an index from cumulative probabilities `cum[a .. b)`. */
function drawCum(e: EngineState, cum: Float64Array, a: number, b: number): number {
  const u = e.rng.random();
  for (let k = a; k < b; k++) if (u < (cum[k] ?? 1)) return k;
  return b - 1;
}

/** Next road after `road` for a vehicle following the turning ratios (-1: leaves at its end). */
export function drawTurn(e: EngineState, road: number): number {
  const d = e.net.demand;
  const a = d.turnStart[road] ?? 0;
  const b = d.turnStart[road + 1] ?? 0;
  if (a === b) return -1;
  if (b - a === 1) return d.turnRoad[a] ?? -1;
  return d.turnRoad[drawCum(e, d.turnCum, a, b)] ?? -1;
}

/** The route of a new vehicle: a route, one drawn from a distribution (`-(d+2)`), or drawn by turning ratios from `origin` (-1). */
function resolveRoute(e: EngineState, ref: number, origin: number): number {
  const d = e.net.demand;
  if (ref >= 0) return ref;
  if (ref < -1) {
    const dist = -ref - 2;
    return d.rdRoute[drawCum(e, d.rdCum, d.rdStart[dist] ?? 0, d.rdStart[dist + 1] ?? 0)] ?? 0;
  }
  let n = 0;
  for (let r = origin; r >= 0 && n < MAX_DRAWN_ROUTE; r = drawTurn(e, r)) drawn[n++] = r;
  return e.routes.append(drawn, n);
}

/** A vehicle type reference: a type, or `-(dist+1)` for a distribution. */
function resolveType(e: EngineState, ref: number): number {
  if (ref >= 0) return ref;
  const d = e.net.demand;
  const dist = -ref - 1;
  return d.tdType[drawCum(e, d.tdCum, d.tdStart[dist] ?? 0, d.tdStart[dist + 1] ?? 0)] ?? 0;
}

/**
 * A speed factor from the type's normal distribution cut to [min, max] (SUMO `normc`), redrawn until inside.
 *
 * @example
 * ```ts
 * vs.speedFactor[v] = drawSpeedFactor(state, type);
 * ```
 */
export function drawSpeedFactor(e: EngineState, ty: number): number {
  const d = e.net.demand;
  const mean = d.typeSpeedFactor[ty] ?? 1;
  const dev = d.typeSpeedDev[ty] ?? 0;
  if (dev <= 0) return mean;
  const lo = d.typeSpeedFactorMin[ty] ?? 0;
  const hi = d.typeSpeedFactorMax[ty] ?? Infinity;
  for (let k = 0; k < 100; k++) {
    const x = e.rng.normal(mean, dev);
    if (x >= lo && x <= hi && x > 0) return x;
  }
  return Math.min(hi, Math.max(lo, mean));
}

/** Departure attributes of a queued vehicle. */
interface Departure {
  lane: number;
  speed: number;
  pos: number;
  posValue: number;
  arrival: number;
  arrivalValue: number;
}
const dep: Departure = { lane: 0, speed: 0, pos: 0, posValue: 0, arrival: 0, arrivalValue: 0 };

function loadDeparture(
  a: {
    departLane: Int32Array; departSpeed: Float64Array; departPos: Uint8Array; departPosValue: Float64Array; arrivalPos: Uint8Array;
    arrivalPosValue: Float64Array;
  },
  i: number,
): Departure {
  dep.lane = a.departLane[i] ?? -1;
  dep.speed = a.departSpeed[i] ?? -1;
  dep.pos = a.departPos[i] ?? 0;
  dep.posValue = a.departPosValue[i] ?? 0;
  dep.arrival = a.arrivalPos[i] ?? 0;
  dep.arrivalValue = a.arrivalPosValue[i] ?? 0;
  return dep;
}

/** Adds a pending vehicle to the insertion queue of the first road of its route. */
function queueVehicle(
  e: EngineState, routeRef: number, origin: number, typeRef: number, dp: Departure, when: number, stopFrom: number, stopTo: number, trip = false,
  zone = -1, viaFrom = 0, viaTo = 0,
): void {
  const vs = e.veh;
  const v = vs.alloc();
  assignStops(e, v, stopFrom, stopTo);
  let route = resolveRoute(e, routeRef, origin);
  const ty = resolveType(e, typeRef);
  vs.state[v] = VEH_PENDING;
  vs.type[v] = ty;
  vs.routeIdx[v] = 0;
  vs.departWanted[v] = when;
  vs.departLane[v] = dp.lane;
  vs.departSpeed[v] = dp.speed;
  vs.departPos[v] = dp.pos;
  vs.departPosValue[v] = dp.posValue;
  setSpeedFactor(e, v, drawSpeedFactor(e, ty));
  vs.viaFrom[v] = viaFrom;
  vs.viaTo[v] = viaTo;
  if (trip && e.routing) {
    const cls = e.net.typeClassBit[ty] ?? 0xffffffff;
    const sf = vs.speedFactor[v] ?? 1;
    route = zone >= 0 ? routeZones(e, route, zone, sf, topSpeed(e, v), cls) : routeTrip(e, route, sf, topSpeed(e, v), cls, viaFrom, viaTo);
  }
  vs.route[v] = route;
  vs.trip[v] = trip && e.routing ? 1 : 0;
  vs.rerouteAt[v] = when + PRE_INSERTION_PERIOD;
  const lastRoad = e.routes.road(route, e.routes.length(route) - 1);
  const len = e.net.roadLength[lastRoad] ?? 0;
  vs.arrivalPos[v] = dp.arrival === AP_GIVEN
    ? Math.min(len, Math.max(0, dp.arrivalValue < 0 ? len + dp.arrivalValue : dp.arrivalValue))
    : dp.arrival === AP_RANDOM ? e.rng.uniform(0, len) : len;
  vs.extId[v] = e.nextExtId++;
  vs.seg[v] = -1;
  const road = e.routes.road(route, 0);
  if (e.qTail[road] === -1) e.qHead[road] = v;
  else vs.queueNext[e.qTail[road] ?? 0] = v;
  e.qTail[road] = v;
  e.qCount[road]++;
  e.counters.queued++;
}

/** SUMO's `device.rerouting.pre-period` (s): a trip still waiting to be inserted is routed again this often. */
const PRE_INSERTION_PERIOD = 60;

/**
 * A trip waiting to be inserted whose next routing is due (SUMO's routing device, every 60 s from its
 * departure time): routed again from its first road on the travel times of the moment.
 */
export function reroutePending(e: EngineState, v: number): void {
  const vs = e.veh;
  const due = vs.rerouteAt[v] ?? Infinity;
  if (vs.trip[v] !== 1 || e.time < due) return;
  vs.rerouteAt[v] = due + PRE_INSERTION_PERIOD * Math.max(1, Math.ceil((e.time - due + 1e-9) / PRE_INSERTION_PERIOD));
  const ty = vs.type[v] ?? 0;
  const cls = e.net.typeClassBit[ty] ?? 0xffffffff;
  vs.route[v] = routeTrip(e, vs.route[v] ?? 0, vs.speedFactor[v] ?? 1, topSpeed(e, v), cls, vs.viaFrom[v] ?? 0, vs.viaTo[v] ?? 0);
}

/** The roads of a trip's route with via roads, put together leg by leg (grown as needed). */
let legs = new Int32Array(64);

/** Appends `dev.path[0 .. n)` to `legs` from `at`; returns the new length. */
function appendLeg(path: Int32Array, n: number, at: number): number {
  if (at + n > legs.length) {
    const grown = new Int32Array(Math.max(legs.length * 2, at + n));
    grown.set(legs.subarray(0, at));
    legs = grown;
  }
  legs.set(path.subarray(0, n), at);
  return at + n;
}

/**
 * A trip's route found again on the travel times of the moment (SUMO's routing device at departure); the
 * same route when nothing changed. With via roads (`viaRoad[viaFrom .. viaTo)`) it is routed leg by leg as
 * SUMO's `MSBaseVehicle::reroute` does: the fastest route from its first road to the first via road, from
 * there to the next, and on to its last road, each leg on its own; the route found before is kept when a leg
 * has no route or would be a loop (a via road that is the road the leg starts on).
 */
function routeTrip(e: EngineState, route: number, sf: number, vmax: number, cls: number, viaFrom = 0, viaTo = 0): number {
  const dev = e.routing;
  const rt = e.routes;
  const n = rt.length(route);
  if (!dev || n < 2) return route;
  const vias = e.net.demand.viaRoad;
  let src = rt.road(route, 0);
  let at = 0;
  for (let k = viaFrom; k < viaTo; k++) {
    const via = vias[k] ?? 0;
    const len = via === src ? routeLoop(dev, e.net, src, sf, vmax, cls) : dev.route(src, via, sf, vmax, cls);
    if (len === 0) return route;
    at = appendLeg(dev.path, len - 1, at); // the via road starts the next leg
    src = via;
  }
  const len = dev.route(src, rt.road(route, n - 1), sf, vmax, cls);
  if (len === 0) return route;
  const path = at === 0 ? dev.path : legs;
  const total = at === 0 ? len : appendLeg(dev.path, len, at);
  let same = total === n;
  for (let i = 0; same && i < n; i++) same = path[i] === rt.road(route, i);
  return same ? route : rt.intern(path, total);
}

/**
 * A trip between zones routed when it departs (SUMO's routing device, from the zone's source to its sink):
 * the fastest route from any of its departure roads to any of its arrival roads on the travel times of the
 * moment; the import's route when none is found. Later routings (while it waits to be inserted) keep the
 * roads chosen here, as SUMO's do.
 */
function routeZones(e: EngineState, route: number, zone: number, sf: number, vmax: number, cls: number): number {
  const dev = e.routing;
  const d = e.net.demand;
  if (!dev) return route;
  const s0 = d.zoneSrcStart[zone] ?? 0;
  const s1 = d.zoneSrcStart[zone + 1] ?? 0;
  const len = dev.routeZones(d.zoneSrc, s0, s1, d.zoneSink, d.zoneSinkStart[zone] ?? 0, d.zoneSinkStart[zone + 1] ?? 0, sf, vmax, cls);
  if (len === 0) return route;
  const rt = e.routes;
  const n = rt.length(route);
  let same = len === n;
  for (let i = 0; same && i < n; i++) same = dev.path[i] === rt.road(route, i);
  return same ? route : rt.intern(dev.path, len);
}

/** Rate flows begun by `t1`, kept in ascending index order (the order flows are processed in). */
function activateFlows(e: EngineState, t1: number): void {
  const d = e.net.demand;
  const ix = e.spawnIndex;
  const act = e.activeFlows;
  while (e.rateOrderPtr < ix.rateOrder.length && (d.flowBegin[ix.rateOrder[e.rateOrderPtr] ?? 0] ?? 0) < t1) {
    const f = ix.rateOrder[e.rateOrderPtr++] ?? 0;
    let k = e.nActiveFlows++;
    for (; k > 0 && (act[k - 1] ?? 0) > f; k--) act[k] = act[k - 1] ?? 0;
    act[k] = f;
  }
}

/** Scheduled departures due by `t1` (inclusive), sorted by index (= by flow, then time, as flows are processed). */
function dueDepartures(e: EngineState, t1: number): number {
  const ix = e.spawnIndex;
  const due = e.dueSched;
  let nDue = 0;
  for (; e.schedPtr < ix.schedOrder.length && (ix.schedDue[ix.schedOrder[e.schedPtr] ?? 0] ?? 0) <= t1; e.schedPtr++) {
    const p = ix.schedOrder[e.schedPtr] ?? 0;
    let k = nDue++;
    for (; k > 0 && (due[k - 1] ?? 0) > p; k--) due[k] = due[k - 1] ?? 0;
    due[k] = p;
  }
  return nDue;
}

/** Time-varying factor of flow `f` at time `t` (piecewise linear, held outside its points). */
export function flowProfile(e: EngineState, f: number, t: number): number {
  const d = e.net.demand;
  const a = d.profStart[f] ?? 0;
  const b = d.profStart[f + 1] ?? 0;
  if (a === b) return 1;
  if (t <= (d.profT[a] ?? 0)) return d.profF[a] ?? 1;
  for (let k = a + 1; k < b; k++) {
    const tk = d.profT[k] ?? 0;
    if (t <= tk) {
      const t0 = d.profT[k - 1] ?? 0;
      const f0 = d.profF[k - 1] ?? 0;
      return f0 + (((d.profF[k] ?? 0) - f0) * (t - t0)) / (tk - t0);
    }
  }
  return d.profF[b - 1] ?? 1;
}

/**
 * Arrivals of a (non-homogeneous) Poisson or uniform flow by time change: integrate the rate, insert at unit
 * thresholds. Poisson arrivals fall within the step [t, t1); evenly spaced departures (begin + i * period,
 * SUMO's and CityFlow's flows) enter at the first step at or after their due time, so the rate is integrated
 * over the step before, [t - dt, t), and a departure due just before `end` still enters at the next step.
 * Exponential headways at exact times (SUMO's `period="exp(rate)"`, the first one from `begin`) are
 * timed like the evenly spaced ones, with unit-exponential thresholds: the part of a step a driver waits
 * counts as depart delay.
 */
function runRateFlow(e: EngineState, f: number, t: number, t1: number): void {
  const d = e.net.demand;
  const end = d.flowEnd[f] ?? Infinity;
  const begin = d.flowBegin[f] ?? 0;
  if (d.flowMode[f] === INSERT_BERNOULLI) {
    bernoulliFlow(e, f, t, t1, begin, end);
    return;
  }
  const poisson = d.flowMode[f] === INSERT_POISSON;
  if (!poisson && t < begin - 1e-9) return;
  const lo = poisson ? Math.max(t, begin) : Math.max(t - (t1 - t), begin, e.opts.begin);
  const hi = poisson ? Math.min(t1, end) : Math.min(t, end - 1e-6);
  const rate = hi > lo ? (d.flowRate[f] ?? 0) * flowProfile(e, f, (lo + hi) / 2) : 0;
  let acc = (e.flowAcc[f] ?? 0) + rate * Math.max(0, hi - lo);
  let th = e.flowNext[f] ?? 1;
  while (acc >= th) {
    acc -= th;
    th = poisson || d.flowMode[f] === INSERT_EXPONENTIAL ? e.rng.exponential(1) : 1;
    // an evenly spaced driver is due when the count crossed its mark (SUMO's begin + i * period), and
    // waits from then to this step: its depart delay includes that part of a step, as in SUMO
    const due = poisson ? lo : rate > 0 ? Math.min(t, Math.max(lo, hi - acc / rate)) : t;
    queueVehicle(
      e, d.flowRoute[f] ?? -1, d.flowOrigin[f] ?? 0, d.flowType[f] ?? 0, loadDeparture(d.flowDeparture, f), due,
      d.flowStopStart[f] ?? 0, d.flowStopStart[f + 1] ?? 0, d.flowTrip[f] === 1, d.flowZone[f] ?? -1, d.flowViaStart[f] ?? 0, d.flowViaStart[f + 1] ?? 0,
    );
  }
  e.flowAcc[f] = acc;
  e.flowNext[f] = th;
}

/**
 * SUMO's `probability` flow (`MSInsertionControl::determineCandidates`): in each step from `begin` until
 * before `end`, one trial with the flow's probability per second times the step length; a success queues
 * one driver due now.
 */
function bernoulliFlow(e: EngineState, f: number, t: number, t1: number, begin: number, end: number): void {
  if (t < begin - 1e-9 || t >= end - 1e-9) return;
  const d = e.net.demand;
  const p = (d.flowRate[f] ?? 0) * flowProfile(e, f, t) * (t1 - t);
  if (e.rng.random() >= p) return;
  const scale = d.flowScale[f] ?? 1;
  const copies = scale === 1 ? 1 : scaleQuota(scale, (e.flowDone[f] = (e.flowDone[f] ?? 0) + 1));
  for (let k = 0; k < copies; k++) {
    queueVehicle(
      e, d.flowRoute[f] ?? -1, d.flowOrigin[f] ?? 0, d.flowType[f] ?? 0, loadDeparture(d.flowDeparture, f), t,
      d.flowStopStart[f] ?? 0, d.flowStopStart[f + 1] ?? 0, d.flowTrip[f] === 1, d.flowZone[f] ?? -1, d.flowViaStart[f] ?? 0, d.flowViaStart[f + 1] ?? 0,
    );
  }
}

/**
 * SUMO 1.15's `--scale` quota (`MSVehicleControl::getQuota`) for the n-th success of a probability flow:
 * the whole part of the factor, plus one when the fraction (in thousandths) comes round.
 */
function scaleQuota(scale: number, n: number): number {
  const prior = scale > 1 ? Math.trunc(n / scale) : n - 1;
  const base = Math.trunc(scale);
  const frac = Math.floor((scale - base) * 1000 + 0.5);
  return ((prior % 1000) * frac) % 1000 < frac ? base + 1 : base;
}

/**
 * Demand phase of `TrafficEngine.step()`: flows, scheduled and explicit vehicles due in this step join
 * the insertion queue of their first road, with their type, route, speed factor and arrival position
 * drawn now (as SUMO does when it loads a vehicle).
 *
 * @example
 * ```ts
 * spawn(state);
 * ```
 */
export function spawn(e: EngineState): void {
  const d = e.net.demand;
  const ix = e.spawnIndex;
  const t = e.time;
  const t1 = t + e.dt;
  activateFlows(e, t1);
  // SUMO loads explicit vehicles ahead of time: they queue before the flows' vehicles of the same step
  for (; e.vehPtr < d.nVehicles && (d.vehDepart[e.vehPtr] ?? 0) <= t + 1e-9; e.vehPtr++) {
    const k = e.vehPtr;
    queueVehicle(
      e, d.vehRoute[k] ?? 0, 0, d.vehType[k] ?? 0, loadDeparture(d.vehDeparture, k), d.vehDepart[k] ?? 0, d.stopStart[k] ?? 0, d.stopStart[k + 1] ?? 0,
      d.vehTrip[k] === 1, d.vehZone[k] ?? -1, d.viaStart[k] ?? 0, d.viaStart[k + 1] ?? 0,
    );
  }
  // exact departure times are inserted at the first step at or after them (SUMO), rate flows within [t, t + dt)
  const nDue = dueDepartures(e, t + 1e-9);
  const act = e.activeFlows;
  const nAct = e.nActiveFlows;
  let kept = 0;
  let j = 0;
  for (let i = 0; i < nAct || j < nDue; ) {
    const fr = i < nAct ? (act[i] ?? 0) : d.nFlows;
    const p = j < nDue ? (e.dueSched[j] ?? 0) : -1;
    const fs = p >= 0 ? (ix.schedFlow[p] ?? 0) : d.nFlows;
    if (fs < fr) {
      j++;
      if (t < (d.flowEnd[fs] ?? Infinity)) {
        queueVehicle(
          e, d.flowRoute[fs] ?? -1, d.flowOrigin[fs] ?? 0, d.flowType[fs] ?? 0, loadDeparture(d.flowDeparture, fs),
          Math.max(d.flowBegin[fs] ?? 0, d.schedT[p] ?? 0), d.flowStopStart[fs] ?? 0, d.flowStopStart[fs + 1] ?? 0, d.flowTrip[fs] === 1,
          d.flowZone[fs] ?? -1, d.flowViaStart[fs] ?? 0, d.flowViaStart[fs + 1] ?? 0,
        );
        e.flowSchedPtr[fs] = p + 1;
      }
      continue;
    }
    i++;
    // an evenly spaced flow's last departure, due before its end, may enter one step after it
    const mode = d.flowMode[fr];
    const endBy = (d.flowEnd[fr] ?? Infinity) + (mode === INSERT_POISSON || mode === INSERT_BERNOULLI ? 0 : t1 - t);
    if (t >= endBy) continue;
    runRateFlow(e, fr, t, t1);
    if (t1 < endBy) act[kept++] = fr;
  }
  e.nActiveFlows = kept;
}
