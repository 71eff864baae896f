import { VehicleTypeSpecSchema, type NetworkSpec } from '../network/NetworkSpec.js';

/** Insertion modes as integers. */
export const INSERT_POISSON = 0;
export const INSERT_UNIFORM = 1;
export const INSERT_SCHEDULED = 2;
/** `departLane` codes below 0. */
export const DEPART_BEST = -1;
export const DEPART_RANDOM = -2;

/**
 * Demand and vehicle types compiled to arrays: vehicle type parameters, the route table, flows with
 * their profiles and schedules, explicit vehicles sorted by departure, and per-road turning tables.
 *
 * @example
 * ```ts
 * const d = compileNetwork(spec).demand;
 * d.typeLength[0]; // 5 (the default type, SUMO's passenger car)
 * ```
 */
export interface CompiledDemand {
  readonly nTypes: number;
  readonly typeIds: readonly string[];
  readonly typeLength: Float64Array;
  readonly typeMinGap: Float64Array;
  readonly typeAccel: Float64Array;
  readonly typeDecel: Float64Array;
  readonly typeEmergencyDecel: Float64Array;
  readonly typeMaxSpeed: Float64Array;
  readonly typeTau: Float64Array;
  readonly typeSigma: Float64Array;
  readonly typeDelta: Float64Array;
  readonly typeSpeedFactor: Float64Array;
  /** Roads of route `i`: `routeRoads[routeStart[i] .. routeStart[i+1])`. */
  readonly routeStart: Int32Array;
  readonly routeRoads: Int32Array;
  readonly nFlows: number;
  readonly flowRoute: Int32Array;
  readonly flowOrigin: Int32Array;
  /** Mean rate in vehicles per second. */
  readonly flowRate: Float64Array;
  readonly flowBegin: Float64Array;
  readonly flowEnd: Float64Array;
  readonly flowMode: Uint8Array;
  readonly flowType: Int32Array;
  readonly flowDepartLane: Int32Array;
  /** -1 = `max`. */
  readonly flowDepartSpeed: Float64Array;
  readonly profStart: Int32Array;
  readonly profT: Float64Array;
  readonly profF: Float64Array;
  readonly schedStart: Int32Array;
  readonly schedT: Float64Array;
  readonly nVehicles: number;
  readonly vehDepart: Float64Array;
  readonly vehRoute: Int32Array;
  readonly vehType: Int32Array;
  /** Next-road choices at the end of each road for origin flows: `turnRoad/turnCum[turnStart[r] .. turnStart[r+1])`. */
  readonly turnStart: Int32Array;
  readonly turnRoad: Int32Array;
  readonly turnCum: Float64Array;
}

const DIR_KEYS = ['l', 's', 'r', 't'] as const;

/**
 * Compiles the demand part of a network (see {@link CompiledDemand}).
 *
 * @example
 * ```ts
 * const demand = compileDemand(spec, roadIx, byRoad, connToRoad, connDir);
 * ```
 */
export function compileDemand(
  spec: NetworkSpec,
  roadIx: Map<string, number>,
  byRoad: { start: Int32Array; items: Int32Array },
  connToRoad: Int32Array,
  connDir: Uint8Array,
): CompiledDemand {
  const types = [VehicleTypeSpecSchema.parse({ id: 'DEFAULT_VEHTYPE' }), ...spec.vehicleTypes.filter((t) => t.id !== 'DEFAULT_VEHTYPE')];
  const override = spec.vehicleTypes.find((t) => t.id === 'DEFAULT_VEHTYPE');
  if (override) types[0] = override;
  const typeIx = new Map(types.map((t, i) => [t.id, i] as const));
  const routes: number[][] = [];
  const routeKey = new Map<string, number>();
  const addRoute = (r: readonly string[]): number => {
    const key = r.join('\u0000');
    const have = routeKey.get(key);
    if (have !== undefined) return have;
    routes.push(r.map((x) => roadIx.get(x) ?? 0));
    routeKey.set(key, routes.length - 1);
    return routes.length - 1;
  };
  const flows = spec.demand.flows;
  const flowRoute = Int32Array.from(flows, (f) => (f.route ? addRoute(f.route) : -1));
  const flowOrigin = Int32Array.from(flows, (f) => roadIx.get(f.route?.[0] ?? f.origin ?? '') ?? 0);
  const profStart = new Int32Array(flows.length + 1);
  const schedStart = new Int32Array(flows.length + 1);
  flows.forEach((f, i) => {
    profStart[i + 1] = (profStart[i] as number) + (f.profile?.length ?? 0);
    schedStart[i + 1] = (schedStart[i] as number) + (f.times?.length ?? 0);
  });
  const profT = Float64Array.from(flows.flatMap((f) => (f.profile ?? []).map((p) => p.t)));
  const profF = Float64Array.from(flows.flatMap((f) => (f.profile ?? []).map((p) => p.factor)));
  const schedT = Float64Array.from(flows.flatMap((f) => [...(f.times ?? [])].sort((a, b) => a - b)));
  const vehicles = [...spec.demand.vehicles].sort((a, b) => a.depart - b.depart);
  const vehRoute = Int32Array.from(vehicles, (v) => addRoute(v.route));
  const routeStart = new Int32Array(routes.length + 1);
  routes.forEach((r, i) => (routeStart[i + 1] = (routeStart[i] as number) + r.length));
  const routeRoads = Int32Array.from(routes.flat());
  // turning tables
  const nRoads = spec.roads.length;
  const ratios = new Map(spec.demand.turning.map((t) => [roadIx.get(t.road) ?? -1, t] as const));
  const turnStart = new Int32Array(nRoads + 1);
  const tRoad: number[] = [];
  const tCum: number[] = [];
  for (let r = 0; r < nRoads; r++) {
    const cand = new Map<number, number>();
    for (let k = byRoad.start[r] as number; k < (byRoad.start[r + 1] as number); k++) {
      const c = byRoad.items[k] as number;
      if (!cand.has(connToRoad[c] as number)) cand.set(connToRoad[c] as number, connDir[c] as number);
    }
    const spec = ratios.get(r);
    const hasS = [...cand.values()].includes(1);
    const weights = [...cand.entries()].map(([road, dir]) => {
      if (spec) return [road, spec[DIR_KEYS[dir] ?? 's'] / [...cand.values()].filter((d) => d === dir).length] as const;
      return [road, hasS ? (dir === 1 ? 1 : 0) : 1] as const;
    });
    let total = weights.reduce((a, w) => a + w[1], 0);
    if (total <= 0) total = 1;
    let acc = 0;
    for (const [road, w] of weights) {
      if (w <= 0) continue;
      acc += w / total;
      tRoad.push(road);
      tCum.push(acc);
    }
    if (tCum.length > (turnStart[r] as number)) tCum[tCum.length - 1] = 1;
    turnStart[r + 1] = tRoad.length;
  }
  const f64 = (g: (t: (typeof types)[number]) => number): Float64Array => Float64Array.from(types, g);
  return {
    nTypes: types.length,
    typeIds: types.map((t) => t.id),
    typeLength: f64((t) => t.length),
    typeMinGap: f64((t) => t.minGap),
    typeAccel: f64((t) => t.accel),
    typeDecel: f64((t) => t.decel),
    typeEmergencyDecel: f64((t) => t.emergencyDecel),
    typeMaxSpeed: f64((t) => t.maxSpeed),
    typeTau: f64((t) => t.tau),
    typeSigma: f64((t) => t.sigma),
    typeDelta: f64((t) => t.delta),
    typeSpeedFactor: f64((t) => t.speedFactor),
    routeStart,
    routeRoads,
    nFlows: flows.length,
    flowRoute,
    flowOrigin,
    flowRate: Float64Array.from(flows, (f) => f.vehPerHour / 3600),
    flowBegin: Float64Array.from(flows, (f) => f.begin),
    flowEnd: Float64Array.from(flows, (f) => f.end ?? Infinity),
    flowMode: Uint8Array.from(flows, (f) => (f.insertion === 'poisson' ? 0 : f.insertion === 'uniform' ? 1 : 2)),
    flowType: Int32Array.from(flows, (f) => typeIx.get(f.type ?? 'DEFAULT_VEHTYPE') ?? 0),
    flowDepartLane: Int32Array.from(flows, (f) => (f.departLane === 'best' ? DEPART_BEST : f.departLane === 'random' ? DEPART_RANDOM : f.departLane)),
    flowDepartSpeed: Float64Array.from(flows, (f) => (f.departSpeed === 'max' ? -1 : f.departSpeed)),
    profStart,
    profT,
    profF,
    schedStart,
    schedT,
    nVehicles: vehicles.length,
    vehDepart: Float64Array.from(vehicles, (v) => v.depart),
    vehRoute,
    vehType: Int32Array.from(vehicles, (v) => typeIx.get(v.type ?? 'DEFAULT_VEHTYPE') ?? 0),
    turnStart,
    turnRoad: Int32Array.from(tRoad),
    turnCum: Float64Array.from(tCum),
  };
}
