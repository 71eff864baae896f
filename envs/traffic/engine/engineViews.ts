import type { EngineState } from './EngineState.js';
import { HALTING_SPEED as HALT } from './EngineCounters.js';

/**
 * Fills the per-lane statistics of `e.counters` (vehicles, halting vehicles, occupancy = share of the
 * lane length covered by vehicles, summed speeds, summed accumulated waiting time). Cached per time step.
 *
 * @example
 * ```ts
 * laneStats(engine); engine.counters.laneHalting[lane];
 * ```
 */
export function laneStats(e: EngineState): void {
  const c = e.counters;
  if (c.statsTime === e.time) return;
  const n = e.net;
  const vs = e.veh;
  const d = n.demand;
  for (let l = 0; l < n.nLanes; l++) {
    let cnt = 0;
    let halt = 0;
    let occ = 0;
    let spd = 0;
    let wait = 0;
    let loss = 0;
    for (let v = e.segHead[l]; v >= 0; v = vs.behind[v]) {
      cnt++;
      const sp = vs.speed[v];
      if (sp < HALT) halt++;
      occ += d.typeLength[vs.type[v]];
      spd += sp;
      wait += vs.waiting[v];
      loss += vs.timeLoss[v] - vs.roadLoss0[v];
    }
    c.laneVehicles[l] = cnt;
    c.laneHalting[l] = halt;
    c.laneOccupancy[l] = Math.min(1, occ / n.segLength[l]);
    c.laneSpeedSum[l] = spd;
    c.laneWaiting[l] = wait;
    c.laneTimeLoss[l] = loss;
  }
  c.statsTime = e.time;
}

/**
 * Network totals with SUMO's definitions (means over vehicles that arrived): `meanTravelTime` (insertion
 * to arrival), `meanTimeLoss`, `meanDepartDelay` (time in the insertion queue), `meanDelay` = timeLoss +
 * departDelay, `meanWaitingTime` (time at < 0.1 m/s), `meanStops`; `throughput` = arrived vehicles,
 * `meanIntersectionDelay` = time loss on the approach up to the stop line per junction passage,
 * `queue` = halting vehicles now, `running`, `pending` (waiting to insert), `inserted`, `meanSpeed` (now).
 *
 * @example
 * ```ts
 * engineMetrics(engine).meanDelay;
 * ```
 */
export function engineMetrics(e: EngineState): Record<string, number> {
  const c = e.counters;
  laneStats(e);
  const n = e.net;
  let queue = 0;
  let running = 0;
  let spd = 0;
  let waitNow = 0;
  for (let l = 0; l < n.nLanes; l++) {
    queue += c.laneHalting[l];
    running += c.laneVehicles[l];
    spd += c.laneSpeedSum[l];
    waitNow += c.laneWaiting[l];
  }
  for (let s = n.nLanes; s < n.nSegs; s++) running += e.segCount[s];
  let pending = 0;
  for (let r = 0; r < n.nRoads; r++) pending += e.qCount[r];
  const a = Math.max(1, c.arrived);
  const resco = rescoDelay(e);
  let jDelay = 0;
  let jCount = 0;
  for (let k = 0; k < n.nNodes; k++) {
    jDelay += c.nodeDelay[k];
    jCount += c.nodeThroughput[k];
  }
  return {
    time: e.time,
    inserted: c.inserted,
    arrived: c.arrived,
    // SUMO counts parked vehicles as running
    running: running + e.parked.length,
    pending,
    throughput: c.arrived,
    meanTravelTime: c.sumTravelTime / a,
    meanTimeLoss: c.sumTimeLoss / a,
    meanDepartDelay: c.sumDepartDelay / Math.max(1, c.inserted),
    meanDelay: (c.sumTimeLoss + c.sumDepartDelay) / a,
    meanWaitingTime: c.sumWaiting / a,
    meanIntersectionDelay: jCount > 0 ? jDelay / jCount : 0,
    meanStops: c.sumStops / a,
    queue,
    meanSpeed: running > 0 ? spd / running : 0,
    waitingTimeNow: waitNow,
    teleports: c.teleports,
    collisions: c.collisions,
    vaporized: c.vaporized,
    rescoDelay: resco,
    jammed: jammedNow(e),
    jamEvents: c.jamEvents,
    stopsServed: c.stopsServed,
    stopsSkipped: c.stopsSkipped,
  };
}

/** Jam detector: running vehicles halted for at least the jam threshold without interruption. */
function jammedNow(e: EngineState): number {
  const vs = e.veh;
  let k = 0;
  for (let i = 0; i < vs.runCount; i++) if ((vs.waitCur[vs.run[i] ?? 0] ?? 0) >= e.opts.jamThreshold) k++;
  return k;
}

/**
 * RESCO's delay (Ault & Sharon 2021) as of now: per vehicle loaded so far, time loss plus depart delay
 * (arrived, running, teleporting and vaporized vehicles, as SUMO's tripinfo with unfinished trips), and for each
 * vehicle still waiting to be inserted the time since its scheduled departure; averaged over them all.
 *
 * @example
 * ```ts
 * rescoDelay(engine); // s per vehicle
 * ```
 */
export function rescoDelay(e: EngineState): number {
  const vs = e.veh;
  let sum = e.counters.sumArrivedDelay + e.counters.sumVaporizedDelay;
  let n = e.counters.arrived + e.counters.vaporized;
  for (let r = 0; r < vs.runCount; r++) {
    const v = vs.run[r] ?? 0;
    sum += (vs.timeLoss[v] ?? 0) + (vs.depart[v] ?? 0) - (vs.departWanted[v] ?? 0);
    n++;
  }
  for (let i = 0; i < e.tpCount; i++) {
    const v = e.tpList[i] ?? 0;
    sum += (vs.timeLoss[v] ?? 0) + (vs.depart[v] ?? 0) - (vs.departWanted[v] ?? 0);
    n++;
  }
  for (let road = 0; road < e.net.nRoads; road++) {
    for (let v = e.qHead[road] ?? -1; v >= 0; v = vs.queueNext[v] ?? -1) {
      sum += Math.max(0, e.time - (vs.departWanted[v] ?? 0));
      n++;
    }
  }
  return n > 0 ? sum / n : 0;
}

/** Preallocated arrays that `vehicleView` fills (grow them with `createVehicleView`). */
export interface VehicleView {
  count: number;
  /** Stable vehicle number (insertion order). */
  id: Int32Array;
  /** Centre of the vehicle (m). */
  x: Float64Array;
  y: Float64Array;
  /** Heading (radians, atan2 convention). */
  heading: Float64Array;
  speed: Float64Array;
  length: Float64Array;
  /** 1 when halting (speed < 0.1 m/s). */
  waiting: Uint8Array;
  /** Segment: lane id, or nLanes + connection id inside a junction. */
  seg: Int32Array;
}

/**
 * Allocates a vehicle view for up to `capacity` vehicles.
 *
 * @example
 * ```ts
 * const view = createVehicleView(1024);
 * ```
 */
export function createVehicleView(capacity: number): VehicleView {
  return {
    count: 0, id: new Int32Array(capacity), x: new Float64Array(capacity), y: new Float64Array(capacity), heading: new Float64Array(capacity),
    speed: new Float64Array(capacity), length: new Float64Array(capacity), waiting: new Uint8Array(capacity), seg: new Int32Array(capacity),
  };
}

/**
 * Writes every running vehicle's centre position, heading, speed, length and waiting state into `out`
 * (reallocating it when too small) and returns it.
 *
 * @example
 * ```ts
 * const view = vehicleView(engine, createVehicleView(256));
 * for (let i = 0; i < view.count; i++) draw(view.x[i], view.y[i], view.heading[i]);
 * ```
 */
export function vehicleView(e: EngineState, out: VehicleView): VehicleView {
  const n = e.net;
  const vs = e.veh;
  let view = out;
  let k = 0;
  for (let r = 0; r < vs.runCount; r++) {
    const v = vs.run[r];
    if (k >= view.id.length) {
      const bigger = createVehicleView(view.id.length * 2 + 16);
      for (const key of ['id', 'x', 'y', 'heading', 'speed', 'length', 'waiting', 'seg'] as const) (bigger[key] as Float64Array).set(view[key]);
      view = bigger;
    }
    const s = vs.seg[v];
    const len = n.demand.typeLength[vs.type[v]];
    const a = n.segShapeStart[s];
    const b = n.segShapeStart[s + 1] - 1;
    const scale = n.shapeS[b] / n.segLength[s];
    const g = Math.max(0, vs.pos[v] - len / 2) * scale;
    let i = a;
    while (i < b - 1 && n.shapeS[i + 1] < g) i++;
    const s0 = n.shapeS[i];
    const seglen = Math.max(1e-9, n.shapeS[i + 1] - s0);
    const u = Math.min(1, Math.max(0, (g - s0) / seglen));
    const x0 = n.shapeX[i];
    const y0 = n.shapeY[i];
    const dx = n.shapeX[i + 1] - x0;
    const dy = n.shapeY[i + 1] - y0;
    view.id[k] = vs.extId[v];
    view.x[k] = x0 + dx * u;
    view.y[k] = y0 + dy * u;
    view.heading[k] = Math.atan2(dy, dx);
    view.speed[k] = vs.speed[v];
    view.length[k] = len;
    view.waiting[k] = vs.speed[v] < HALT ? 1 : 0;
    view.seg[k] = s;
    k++;
  }
  view.count = k;
  return view;
}
