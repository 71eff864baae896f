import { loadNetworkFile } from '../../../../envs/traffic/import/loadNetworkFile.js';
import type { ImportedNetwork } from '../../../../envs/traffic/import/ImportedNetwork.js';
import { TrafficEngine } from '../../../../envs/traffic/engine/TrafficEngine.js';
import type { SimOptionsInput } from '../../../../envs/traffic/engine/SimOptions.js';

/*
 * The tsgym side of the feature tests: loads a fixture as a user would (loadNetworkFile), runs the engine
 * with the scenario's settings, and logs each vehicle's trip as SUMO's tripinfo does.
 */

/** Folder of the SUMO fixtures. */
export const FIXTURES = new URL('../../../fixtures/sumo/', import.meta.url).pathname;

/** Absolute path of a fixture file (`'arterial/arterial.sumocfg'`). */
export function fixture(rel: string): string {
  return FIXTURES + rel;
}

/** Imports a fixture through `loadNetworkFile`. */
export function loadFixture(rel: string): ImportedNetwork {
  return loadNetworkFile(fixture(rel));
}

/** An engine for an imported scenario with its begin, time-to-teleport, time-to-impatience and max-depart-delay, driving with SUMO's Krauss model. */
export function engineFor(net: ImportedNetwork, opts: SimOptionsInput = {}): TrafficEngine {
  return new TrafficEngine(net.spec, {
    model: 'krauss',
    begin: net.begin,
    timeToTeleport: net.timeToTeleport,
    ...(net.timeToImpatience !== undefined ? { timeToImpatience: net.timeToImpatience } : {}),
    ...(net.maxDepartDelay !== undefined ? { maxDepartDelay: net.maxDepartDelay } : {}),
    ...opts,
  });
}

/** Name of segment `s` as SUMO would name it: `road_lane` for lanes, `:conn<c>_<piece>` inside junctions. */
export function segName(e: TrafficEngine, s: number): string {
  const n = e.net;
  if (s < n.nLanes) return `${n.roadIds[n.laneRoad[s] ?? 0] ?? '?'}_${n.laneIndex[s] ?? 0}`;
  return `:conn${n.segConn[s] ?? -1}_${n.segPiece[s] ?? 0}`;
}

/** One vehicle's trip in tsgym, with SUMO's time convention (a step's state is labelled with the time it started). */
export interface EngineTrip {
  readonly id: number;
  readonly type: string;
  readonly route: string[];
  readonly depart: number;
  readonly departLane: string;
  readonly departPos: number;
  readonly departSpeed: number;
  readonly speedFactor: number;
  /** Time of arrival (NaN while under way). */
  arrival: number;
  /** Segments visited, in order (each once per visit). */
  readonly segments: string[];
}

/**
 * Records every vehicle's trip: call `observe()` after each `engine.step()`. A vehicle is first seen in
 * the state right after its insertion (its departure lane, position and speed), and has arrived when it
 * is neither running, teleporting nor parked any more.
 *
 * @example
 * ```ts
 * const log = new TripLog(engine);
 * while (engine.time < 600) { engine.step(); log.observe(); }
 * ```
 */
export class TripLog {
  readonly trips = new Map<number, EngineTrip>();
  private readonly active = new Set<number>();
  private readonly now = new Set<number>();

  constructor(private readonly e: TrafficEngine) {}

  observe(): void {
    const e = this.e;
    const vs = e.veh;
    const label = e.time - e.dt;
    this.now.clear();
    for (let k = 0; k < vs.runCount; k++) {
      const v = vs.run[k] ?? 0;
      const id = vs.extId[v] ?? -1;
      this.now.add(id);
      const seg = segName(e, vs.seg[v] ?? 0);
      const t = this.trips.get(id);
      if (!t) {
        const route = vs.route[v] ?? 0;
        const roads: string[] = [];
        for (let i = 0; i < e.routes.length(route); i++) roads.push(e.net.roadIds[e.routes.road(route, i)] ?? '?');
        this.trips.set(id, {
          id, type: e.net.demand.typeIds[vs.type[v] ?? 0] ?? '?', route: roads, depart: vs.depart[v] ?? 0, departLane: seg,
          departPos: vs.pos[v] ?? 0, departSpeed: vs.speed[v] ?? 0, speedFactor: vs.speedFactor[v] ?? 1, arrival: Number.NaN, segments: [seg],
        });
        this.active.add(id);
      } else if (t.segments[t.segments.length - 1] !== seg) t.segments.push(seg);
    }
    for (let i = 0; i < e.tpCount; i++) this.now.add(vs.extId[e.tpList[i] ?? 0] ?? -1);
    for (const v of e.parked) this.now.add(vs.extId[v] ?? -1);
    for (const id of this.active) {
      if (this.now.has(id)) continue;
      const t = this.trips.get(id);
      if (t) t.arrival = label;
      this.active.delete(id);
    }
  }

  /** Trips that have arrived. */
  arrived(): EngineTrip[] {
    return [...this.trips.values()].filter((t) => !Number.isNaN(t.arrival));
  }
}

/**
 * Runs `e` until `until` (s), observing every step with `log` and `each` (if given).
 *
 * @example
 * ```ts
 * runUntil(engine, 3600, log);
 * ```
 */
export function runUntil(e: TrafficEngine, until: number, log?: TripLog, each?: () => void): void {
  while (e.time < until - 1e-9) {
    e.step();
    log?.observe();
    each?.();
  }
}

/**
 * Runs fixture `cfg` to `end` s and records, step by step, where the vehicle picked by its trip is, as
 * `'<lane> <pos> <speed>'` (`'junction <pos> <speed>'` on an internal lane), labelled with SUMO's fcd times.
 *
 * @example
 * ```ts
 * const { at, log } = trajectory('keepclearcreep/creep.sumocfg', (t) => t.route[0] === 'WJ');
 * at.get(51); // 'junction 2.55 2.60'
 * ```
 */
export function trajectory(cfg: string, pick: (t: EngineTrip) => boolean, end = 200): { at: Map<number, string>; log: TripLog } {
  const e = engineFor(loadFixture(cfg));
  e.reset(1);
  const log = new TripLog(e);
  const at = new Map<number, string>();
  runUntil(e, end, log, () => {
    const vs = e.veh;
    for (let k = 0; k < vs.runCount; k++) {
      const v = vs.run[k] ?? 0;
      const trip = log.trips.get(vs.extId[v] ?? -1);
      if (!trip || !pick(trip)) continue;
      const seg = segName(e, vs.seg[v] ?? 0);
      at.set(e.time - e.dt, `${seg.startsWith(':') ? 'junction' : seg} ${(vs.pos[v] ?? 0).toFixed(2)} ${(vs.speed[v] ?? 0).toFixed(2)}`);
    }
  });
  return { at, log };
}

/** Mean and sample standard deviation. */
export function meanSd(xs: readonly number[]): { mean: number; sd: number } {
  const mean = xs.reduce((a, x) => a + x, 0) / Math.max(1, xs.length);
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  return { mean, sd };
}

/** What a fixture's runs over several seeds gave: arrived trips and their summed travel time, and teleports per seed. */
export interface SeedRuns {
  readonly arrived: number;
  readonly travelSum: number;
  readonly teleports: number[];
}

/**
 * Runs `cfg` (a fixture path or an imported network) to `end` once per seed and sums its arrived trips.
 *
 * @example
 * ```ts
 * const r = runSeeds('roundabout2/roundabout2.sumocfg', [1, 2, 3], 1800); // r.travelSum / r.arrived
 * ```
 */
export function runSeeds(cfg: string | ImportedNetwork, seeds: readonly number[], end: number): SeedRuns {
  const net = typeof cfg === 'string' ? loadFixture(cfg) : cfg;
  let arrived = 0;
  let travelSum = 0;
  const teleports: number[] = [];
  for (const seed of seeds) {
    const e = engineFor(net);
    e.reset(seed);
    const log = new TripLog(e);
    runUntil(e, end, log);
    teleports.push(e.metrics().teleports ?? 0);
    for (const t of log.arrived()) {
      arrived++;
      travelSum += t.arrival - t.depart;
    }
  }
  return { arrived, travelSum, teleports };
}

/**
 * The program step changes of the first signal in one run of fixture `cfg` to `end`, as [time, step]
 * (the time the step's state is first shown: the start of the simulation step, as SUMO records it).
 *
 * @example
 * ```ts
 * signalSwitches('actuated/stream.sumocfg', 200); // [[0, 0], [5, 1], ...]
 * ```
 */
export function signalSwitches(cfg: string, end: number, seed = 1): [number, number][] {
  const e = engineFor(loadFixture(cfg));
  e.reset(seed);
  const out: [number, number][] = [];
  while (e.time < end) {
    e.step();
    const step = e.signals.rawStep[0] ?? 0;
    if (out[out.length - 1]?.[1] !== step) out.push([Math.round(e.time - e.dt), step]);
  }
  return out;
}

/** Steps `e` to `end` and returns the route each vehicle drives (road ids joined by spaces), by vehicle id. */
export function drivenRoutes(e: TrafficEngine, end: number): Map<string, string> {
  const out = new Map<string, string>();
  const d = e.net.demand;
  while (e.time < end) {
    e.step();
    const vs = e.veh;
    for (let k = 0; k < vs.runCount; k++) {
      const v = vs.run[k] ?? 0;
      const id = e.net.spec.demand.vehicles[d.vehSpecIndex[vs.extId[v] ?? 0] ?? 0]?.id ?? '';
      if (out.has(id)) continue;
      const r = vs.route[v] ?? 0;
      out.set(id, Array.from({ length: e.routes.length(r) }, (_, i) => e.net.roadIds[e.routes.road(r, i)] ?? '').join(' '));
    }
  }
  return out;
}
