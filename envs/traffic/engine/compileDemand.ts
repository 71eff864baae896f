import {
  VehicleTypeSpecSchema, type NetworkSpec, type ParkingAreaSpec, type StopSpec, type StoppingPlaceSpec, type VehicleTypeSpec,
} from '../network/NetworkSpec.js';
import { InvalidConfig } from '../../../src/core/errors.js';
import { departureCodes } from './departureCodes.js';
import { compileVia } from './compileVia.js';
import { compileTurning, type CompiledTurning } from './compileTurning.js';

/** Insertion modes as integers. */
export const INSERT_POISSON = 0;
export const INSERT_UNIFORM = 1;
export const INSERT_SCHEDULED = 2;
export const INSERT_EXPONENTIAL = 3;
export const INSERT_BERNOULLI = 4;
const INSERTION_CODE = {
  poisson: INSERT_POISSON, uniform: INSERT_UNIFORM, scheduled: INSERT_SCHEDULED, exponential: INSERT_EXPONENTIAL, bernoulli: INSERT_BERNOULLI,
} as const;
/** Car-following model codes of a type (-1: the engine's `model` option). */
export const CF_KRAUSS = 0;
export const CF_IDM = 1;

/** Departure attributes of flows (`flow*`) or vehicles (`veh*`), as integer codes and values (see departureCodes). */
interface DepartureArrays {
  readonly departLane: Int32Array;
  readonly departSpeed: Float64Array;
  readonly departPos: Uint8Array;
  readonly departPosValue: Float64Array;
  readonly arrivalPos: Uint8Array;
  readonly arrivalPosValue: Float64Array;
}

/** The stops' lanes, parking and parking areas, and the areas themselves (see `CompiledDemand`). */
function stopPlaces(areas: readonly ParkingAreaSpec[], stops: readonly StopSpec[], roadIx: ReadonlyMap<string, number>): Pick<
  CompiledDemand,
  | 'stopLane' | 'stopParking' | 'stopArea' | 'nAreas' | 'areaIds' | 'areaRoad' | 'areaLane' | 'areaStart' | 'areaEnd'
  | 'areaRoadside' | 'areaSpaces' | 'areaOnRoad' | 'areaDepartPos'
> {
  const areaIx = new Map(areas.map((a, i) => [a.id, i] as const));
  const areaOf = (s: StopSpec): ParkingAreaSpec | undefined => (s.parkingArea !== undefined ? areas[areaIx.get(s.parkingArea) ?? -1] : undefined);
  return {
    stopLane: Int32Array.from(stops, (s) => areaOf(s)?.lane ?? s.lane ?? -1),
    // a stop at a parking area parks (SUMO overrides parking="false" there), off the road unless the area is onRoad
    stopParking: Uint8Array.from(stops, (s) => (areaOf(s) ? (areaOf(s)?.onRoad ? 0 : 1) : s.parking ? 1 : 0)),
    stopArea: Int32Array.from(stops, (s) => (s.parkingArea !== undefined ? (areaIx.get(s.parkingArea) ?? -1) : -1)),
    nAreas: areas.length,
    areaIds: areas.map((a) => a.id),
    areaRoad: Int32Array.from(areas, (a) => roadIx.get(a.road) ?? 0),
    areaLane: Int32Array.from(areas, (a) => a.lane),
    areaStart: Float64Array.from(areas, (a) => a.startPos),
    areaEnd: Float64Array.from(areas, (a) => a.endPos ?? Infinity),
    areaRoadside: Int32Array.from(areas, (a) => a.roadsideCapacity),
    areaSpaces: Int32Array.from(areas, (a) => a.spaces),
    areaOnRoad: Uint8Array.from(areas, (a) => (a.onRoad ? 1 : 0)),
    areaDepartPos: Float64Array.from(areas, (a) => a.departPos ?? Number.NaN),
  };
}

/** The stops' stopping places (bus stops etc.) and the places themselves (see `CompiledDemand`). */
function stoppingPlaces(places: readonly StoppingPlaceSpec[], stops: readonly StopSpec[], roadIx: ReadonlyMap<string, number>): Pick<
  CompiledDemand,
  'stopPlace' | 'nPlaces' | 'placeRoad' | 'placeLane' | 'placeStart' | 'placeEnd'
> {
  const placeIx = new Map(places.map((a, i) => [a.id, i] as const));
  return {
    stopPlace: Int32Array.from(stops, (s) => (s.stoppingPlace !== undefined ? (placeIx.get(s.stoppingPlace) ?? -1) : -1)),
    nPlaces: places.length,
    placeRoad: Int32Array.from(places, (a) => roadIx.get(a.road) ?? 0),
    placeLane: Int32Array.from(places, (a) => a.lane),
    placeStart: Float64Array.from(places, (a) => a.startPos),
    placeEnd: Float64Array.from(places, (a) => a.endPos ?? Infinity),
  };
}

/**
 * Demand and vehicle types compiled to arrays: type parameters (SUMO's Krauss/IDM and LC2013 ones),
 * type and route distributions, the route table, flows with their profiles and schedules, explicit
 * vehicles sorted by departure with their stops, and per-road turning tables. A vehicle's type reference
 * is a type index, or `-(d + 1)` for type distribution `d`; a route reference is a route index, `-(d + 2)`
 * for route distribution `d`, or -1 for turning ratios from the flow's origin.
 *
 * @example
 * ```ts
 * const d = compileNetwork(spec).demand;
 * d.typeLength[0]; // 5 (the default type, SUMO's passenger car)
 * ```
 */
export interface CompiledDemand extends CompiledTurning {
  readonly nTypes: number;
  readonly typeIds: readonly string[];
  readonly typeVClass: readonly string[];
  readonly typeLength: Float64Array;
  readonly typeMinGap: Float64Array;
  readonly typeAccel: Float64Array;
  readonly typeDecel: Float64Array;
  readonly typeEmergencyDecel: Float64Array;
  readonly typeMaxSpeed: Float64Array;
  /** SUMO 1.15's `desiredMaxSpeed` (m/s, before the speed factor); 10000 km/h where the type sets no bound. */
  readonly typeDesiredMaxSpeed: Float64Array;
  readonly typeTau: Float64Array;
  readonly typeSigma: Float64Array;
  readonly typeDelta: Float64Array;
  readonly typeSpeedFactor: Float64Array;
  readonly typeSpeedDev: Float64Array;
  readonly typeSpeedFactorMin: Float64Array;
  readonly typeSpeedFactorMax: Float64Array;
  readonly typeModel: Int8Array;
  readonly typeLcStrategic: Float64Array;
  readonly typeLcCooperative: Float64Array;
  readonly typeLcSpeedGain: Float64Array;
  readonly typeLcKeepRight: Float64Array;
  /** Type distributions: members `tdType[tdStart[d] .. tdStart[d+1])` with cumulative probabilities `tdCum`. */
  readonly tdStart: Int32Array;
  readonly tdType: Int32Array;
  readonly tdCum: Float64Array;
  /** Route distributions: members `rdRoute[rdStart[d] .. rdStart[d+1])` with cumulative probabilities. */
  readonly rdStart: Int32Array;
  readonly rdRoute: Int32Array;
  readonly rdCum: Float64Array;
  /** Roads of route `i`: `routeRoads[routeStart[i] .. routeStart[i+1])`. */
  readonly routeStart: Int32Array;
  readonly routeRoads: Int32Array;
  readonly nFlows: number;
  /** Route reference of each flow (-1: turning ratios from `flowOrigin`). */
  readonly flowRoute: Int32Array;
  /** 1 for a flow of trips (routed again when each driver departs). */
  readonly flowTrip: Uint8Array;
  /** SUMO's `--scale` quota factor of each `bernoulli` flow (1 for the others, scaled at import). */
  readonly flowScale: Float64Array;
  readonly flowOrigin: Int32Array;
  /** Mean rate in vehicles per second. */
  readonly flowRate: Float64Array;
  readonly flowBegin: Float64Array;
  readonly flowEnd: Float64Array;
  readonly flowMode: Uint8Array;
  readonly flowType: Int32Array;
  readonly flowDeparture: DepartureArrays;
  readonly profStart: Int32Array;
  readonly profT: Float64Array;
  readonly profF: Float64Array;
  readonly schedStart: Int32Array;
  readonly schedT: Float64Array;
  readonly nVehicles: number;
  readonly vehDepart: Float64Array;
  readonly vehRoute: Int32Array;
  /** 1 for a trip (routed again when it departs). */
  readonly vehTrip: Uint8Array;
  /** Via roads of each vehicle's trip (`viaRoad[viaStart[i] .. viaStart[i+1])`), then of each flow's (`flowViaStart`, same table). */
  readonly viaStart: Int32Array; readonly flowViaStart: Int32Array; readonly viaRoad: Int32Array;
  readonly vehType: Int32Array;
  readonly vehDeparture: DepartureArrays;
  /** Index of each (sorted) vehicle in `spec.demand.vehicles`. */
  readonly vehSpecIndex: Int32Array;
  /** Zone pair of each flow / vehicle (a trip between zones, SUMO's TAZ), -1 for none. */
  readonly flowZone: Int32Array;
  readonly vehZone: Int32Array;
  /** Roads a trip of zone pair z may depart on (`zoneSrc[zoneSrcStart[z] .. zoneSrcStart[z+1])`) and arrive on (`zoneSink`). */
  readonly zoneSrcStart: Int32Array;
  readonly zoneSrc: Int32Array;
  readonly zoneSinkStart: Int32Array;
  readonly zoneSink: Int32Array;
  /** Stops of vehicle `i`: `stopStart[i] .. stopStart[i+1]` into the stop arrays. */
  readonly stopStart: Int32Array;
  /** Stops of every vehicle of flow `f`: `flowStopStart[f] .. flowStopStart[f+1]`. */
  readonly flowStopStart: Int32Array;
  readonly stopRoad: Int32Array;
  /** Lane index on the stop's road, -1 for the rightmost the vehicle may use. */
  readonly stopLane: Int32Array;
  /** Stop position of the front (m from the lane start, negative from its end); Infinity for the lane end. */
  readonly stopEndPos: Float64Array;
  readonly stopDuration: Float64Array;
  /** 1 for a parking stop (the vehicle leaves the lane for it). */
  readonly stopParking: Uint8Array;
  /** Earliest departure time from the stop, -1 for none. */
  readonly stopUntil: Float64Array;
  /** Parking area of the stop (index into the `area*` arrays), -1 for none. */
  readonly stopArea: Int32Array;
  /** Parking areas: road, lane index, start and end as written (negative from the lane end; end Infinity: the lane end), lots, on-road parking. */
  readonly nAreas: number;
  readonly areaIds: readonly string[];
  readonly areaRoad: Int32Array;
  readonly areaLane: Int32Array;
  readonly areaStart: Float64Array;
  readonly areaEnd: Float64Array;
  readonly areaRoadside: Int32Array;
  readonly areaSpaces: Int32Array;
  readonly areaOnRoad: Uint8Array;
  /** Where cars leaving the area come back onto the road, NaN for their lot's end. */
  readonly areaDepartPos: Float64Array;
  /** Stopping place of the stop (bus stop etc.; index into the `place*` arrays), -1 for none. */
  readonly stopPlace: Int32Array;
  /** Stopping places: road, lane index, start and end as written (negative from the lane end; end Infinity: the lane end). */
  readonly nPlaces: number;
  readonly placeRoad: Int32Array;
  readonly placeLane: Int32Array;
  readonly placeStart: Float64Array;
  readonly placeEnd: Float64Array;
}

/** SUMO 1.15's default `desiredMaxSpeed` of a vehicle class (m/s): 20 km/h for bicycles, 10000 km/h (no bound) otherwise. */
export function defaultDesiredMaxSpeed(vClass: string): number {
  return vClass === 'bicycle' ? 20 / 3.6 : 10000 / 3.6;
}

function typeArrays(types: readonly VehicleTypeSpec[]): Pick<
  CompiledDemand,
  | 'nTypes' | 'typeIds' | 'typeVClass' | 'typeLength' | 'typeMinGap' | 'typeAccel' | 'typeDecel' | 'typeEmergencyDecel' | 'typeMaxSpeed'
  | 'typeDesiredMaxSpeed'
  | 'typeTau' | 'typeSigma' | 'typeDelta' | 'typeSpeedFactor' | 'typeSpeedDev' | 'typeSpeedFactorMin' | 'typeSpeedFactorMax' | 'typeModel'
  | 'typeLcStrategic' | 'typeLcCooperative' | 'typeLcSpeedGain' | 'typeLcKeepRight'
> {
  const f64 = (g: (t: VehicleTypeSpec) => number): Float64Array => Float64Array.from(types, g);
  return {
    nTypes: types.length,
    typeIds: types.map((t) => t.id),
    typeVClass: types.map((t) => t.vClass),
    typeLength: f64((t) => t.length),
    typeMinGap: f64((t) => t.minGap),
    typeAccel: f64((t) => t.accel),
    typeDecel: f64((t) => t.decel),
    typeEmergencyDecel: f64((t) => Math.max(t.emergencyDecel, t.decel)),
    typeMaxSpeed: f64((t) => t.maxSpeed),
    typeDesiredMaxSpeed: f64((t) => t.desiredMaxSpeed ?? defaultDesiredMaxSpeed(t.vClass)),
    typeTau: f64((t) => t.tau),
    typeSigma: f64((t) => t.sigma),
    typeDelta: f64((t) => t.delta),
    typeSpeedFactor: f64((t) => t.speedFactor),
    typeSpeedDev: f64((t) => t.speedDev),
    typeSpeedFactorMin: f64((t) => t.speedFactorMin),
    typeSpeedFactorMax: f64((t) => t.speedFactorMax),
    typeModel: Int8Array.from(types, (t) => (t.carFollowModel === 'krauss' ? CF_KRAUSS : t.carFollowModel === 'idm' ? CF_IDM : -1)),
    typeLcStrategic: f64((t) => t.lcStrategic),
    typeLcCooperative: f64((t) => t.lcCooperative),
    typeLcSpeedGain: f64((t) => t.lcSpeedGain),
    typeLcKeepRight: f64((t) => t.lcKeepRight),
  };
}

function cumulative<T>(
  groups: readonly (readonly { item: T; p: number }[])[], code: (x: T) => number,
): { start: Int32Array; items: Int32Array; cum: Float64Array } {
  const start = new Int32Array(groups.length + 1);
  const items: number[] = [];
  const cum: number[] = [];
  groups.forEach((g, i) => {
    const total = g.reduce((a, m) => a + m.p, 0) || 1;
    let acc = 0;
    for (const m of g) {
      acc += m.p / total;
      items.push(code(m.item));
      cum.push(acc);
    }
    if (cum.length) cum[cum.length - 1] = 1;
    start[i + 1] = items.length;
  });
  return { start, items: Int32Array.from(items), cum: Float64Array.from(cum) };
}

function departureArrays(list: readonly Parameters<typeof departureCodes>[0][]): DepartureArrays {
  const codes = list.map(departureCodes);
  return {
    departLane: Int32Array.from(codes, (c) => c.lane),
    departSpeed: Float64Array.from(codes, (c) => c.speed),
    departPos: Uint8Array.from(codes, (c) => c.pos),
    departPosValue: Float64Array.from(codes, (c) => c.posValue),
    arrivalPos: Uint8Array.from(codes, (c) => c.arrival),
    arrivalPosValue: Float64Array.from(codes, (c) => c.arrivalValue),
  };
}

/**
 * The most vehicles per hour one flow may ask for: 36,000 (ten a second). One lane takes at most 3,600 veh/h
 * (one insertion per lane per second), so a larger flow only grows the queue of vehicles waiting to enter,
 * without bound in memory.
 */
export const MAX_FLOW_VEH_PER_HOUR = 36_000;

/** Refuses a flow whose rate (times its largest profile factor) exceeds {@link MAX_FLOW_VEH_PER_HOUR}, naming it. */
function checkFlowRates(flows: NetworkSpec['demand']['flows']): void {
  flows.forEach((f, i) => {
    const peak = f.vehPerHour * Math.max(1, ...(f.profile ?? []).map((p) => p.factor));
    if (!(peak <= MAX_FLOW_VEH_PER_HOUR))
      throw new InvalidConfig(
        `Flow ${f.id === undefined ? `#${i}` : `'${f.id}'`}: demand ${peak} veh/h exceeds the ${
          MAX_FLOW_VEH_PER_HOUR.toLocaleString('en-US')
        } veh/h a flow may ask ` +
          '(one lane inserts at most 3,600 veh/h; split the demand over several flows or lower it)',
      );
  });
}

/**
 * Compiles the demand part of a network (see {@link CompiledDemand}).
 *
 * @example
 * ```ts
 * const demand = compileDemand(spec, roadIx, byRoad, connToRoad, connDir);
 * ```
 */
export function compileDemand(
  spec: NetworkSpec, roadIx: Map<string, number>, byRoad: { start: Int32Array; items: Int32Array }, connToRoad: Int32Array, connDir: Uint8Array,
): CompiledDemand {
  const override = spec.vehicleTypes.find((t) => t.id === 'DEFAULT_VEHTYPE');
  const types = [override ?? VehicleTypeSpecSchema.parse({ id: 'DEFAULT_VEHTYPE' }), ...spec.vehicleTypes.filter((t) => t.id !== 'DEFAULT_VEHTYPE')];
  const typeIx = new Map(types.map((t, i) => [t.id, i] as const));
  const dm = spec.demand;
  checkFlowRates(dm.flows);
  const tdIx = new Map(dm.typeDistributions.map((t, i) => [t.id, i] as const));
  // a type distribution named DEFAULT_VEHTYPE (and no vType of that name) replaces the default type
  const defaultDist = override ? undefined : tdIx.get('DEFAULT_VEHTYPE');
  const typeRef = (id: string | undefined): number => {
    if (defaultDist !== undefined && (id ?? 'DEFAULT_VEHTYPE') === 'DEFAULT_VEHTYPE') return -(defaultDist + 1);
    const t = typeIx.get(id ?? 'DEFAULT_VEHTYPE');
    if (t !== undefined) return t;
    const d = tdIx.get(id ?? '');
    return d === undefined ? 0 : -(d + 1);
  };
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
  const td = cumulative(dm.typeDistributions.map((t) => t.types.map((m) => ({ item: m.type, p: m.probability }))), (id) => typeIx.get(id) ?? 0);
  const rd = cumulative(dm.routeDistributions.map((r) => r.routes.map((m) => ({ item: m.route, p: m.probability }))), addRoute);
  const rdIx = new Map(dm.routeDistributions.map((r, i) => [r.id, i] as const));
  const routeRef = (route: readonly string[] | undefined, dist: string | undefined): number =>
    (route ? addRoute(route) : dist !== undefined ? -((rdIx.get(dist) ?? 0) + 2) : -1);
  const flows = dm.flows;
  const flowRoute = Int32Array.from(flows, (f) => (f.origin !== undefined ? -1 : routeRef(f.route, f.routeDistribution)));
  const firstRoad = (route: readonly string[] | undefined, dist: string | undefined, origin?: string): number =>
    roadIx.get(route?.[0] ?? dm.routeDistributions[rdIx.get(dist ?? '') ?? -1]?.routes[0]?.route[0] ?? origin ?? '') ?? 0;
  const profStart = new Int32Array(flows.length + 1);
  const schedStart = new Int32Array(flows.length + 1);
  flows.forEach((f, i) => {
    profStart[i + 1] = (profStart[i] ?? 0) + (f.profile?.length ?? 0);
    schedStart[i + 1] = (schedStart[i] ?? 0) + (f.times?.length ?? 0);
  });
  const order = dm.vehicles.map((_, i) => i).sort((a, b) => (dm.vehicles[a]?.depart ?? 0) - (dm.vehicles[b]?.depart ?? 0) || a - b);
  const vehicles = order.map((i) => dm.vehicles[i] ?? {
    depart: 0, departLane: 'best' as const, departSpeed: 'max' as const, departPos: 'base' as const, arrivalPos: 'max' as const,
  });
  const vehRoute = Int32Array.from(vehicles, (v) => routeRef(v.route, v.routeDistribution));
  // stops of the vehicles, then of the flows, in one table
  const stops = [...vehicles.flatMap((v) => v.stops ?? []), ...flows.flatMap((f) => f.stops ?? [])];
  const stopStart = new Int32Array(vehicles.length + 1);
  vehicles.forEach((v, i) => (stopStart[i + 1] = (stopStart[i] ?? 0) + (v.stops?.length ?? 0)));
  const flowStopStart = new Int32Array(flows.length + 1);
  flowStopStart[0] = stopStart[vehicles.length] ?? 0;
  flows.forEach((f, i) => (flowStopStart[i + 1] = (flowStopStart[i] ?? 0) + (f.stops?.length ?? 0)));
  const routeStart = new Int32Array(routes.length + 1);
  routes.forEach((r, i) => (routeStart[i + 1] = (routeStart[i] ?? 0) + r.length));
  const zones = compileZones(flows, vehicles, roadIx);
  return {
    ...compileVia(vehicles, flows, roadIx),
    ...zones,
    ...typeArrays(types),
    tdStart: td.start, tdType: td.items, tdCum: td.cum,
    rdStart: rd.start, rdRoute: rd.items, rdCum: rd.cum,
    routeStart,
    routeRoads: Int32Array.from(routes.flat()),
    nFlows: flows.length,
    flowRoute,
    flowTrip: Uint8Array.from(flows, (f) => (f.trip === true && f.route !== undefined && !f.stops?.length ? 1 : 0)),
    flowScale: Float64Array.from(flows, (f) => f.scale ?? 1),
    flowOrigin: Int32Array.from(flows, (f) => firstRoad(f.route, f.routeDistribution, f.origin)),
    flowRate: Float64Array.from(flows, (f) => f.vehPerHour / 3600),
    flowBegin: Float64Array.from(flows, (f) => f.begin),
    flowEnd: Float64Array.from(flows, (f) => f.end ?? Infinity),
    flowMode: Uint8Array.from(flows, (f) => INSERTION_CODE[f.insertion]),
    flowType: Int32Array.from(flows, (f) => typeRef(f.type)),
    flowDeparture: departureArrays(flows),
    profStart,
    profT: Float64Array.from(flows.flatMap((f) => (f.profile ?? []).map((p) => p.t))),
    profF: Float64Array.from(flows.flatMap((f) => (f.profile ?? []).map((p) => p.factor))),
    schedStart,
    schedT: Float64Array.from(flows.flatMap((f) => [...(f.times ?? [])].sort((a, b) => a - b))),
    nVehicles: vehicles.length,
    vehDepart: Float64Array.from(vehicles, (v) => v.depart),
    vehRoute,
    vehTrip: Uint8Array.from(vehicles, (v) => (v.trip === true && v.route !== undefined && !v.stops?.length ? 1 : 0)),
    vehType: Int32Array.from(vehicles, (v) => typeRef(v.type)),
    vehDeparture: departureArrays(vehicles),
    vehSpecIndex: Int32Array.from(order),
    stopStart,
    flowStopStart,
    stopRoad: Int32Array.from(stops, (s) => roadIx.get(s.road) ?? 0),
    stopEndPos: Float64Array.from(stops, (s) => s.endPos ?? Infinity),
    stopDuration: Float64Array.from(stops, (s) => s.duration),
    stopUntil: Float64Array.from(stops, (s) => s.until ?? -1),
    ...stopPlaces(dm.parkingAreas, stops, roadIx),
    ...stoppingPlaces(dm.stoppingPlaces, stops, roadIx),
    ...compileTurning(spec, roadIx, byRoad, connToRoad, connDir),
  };
}

/** What a trip between zones may need of a flow or vehicle. */
interface ZoneTrip {
  readonly trip?: boolean | undefined;
  readonly route?: readonly string[] | undefined;
  readonly fromRoads?: readonly string[] | undefined;
  readonly toRoads?: readonly string[] | undefined;
  readonly stops?: readonly unknown[] | undefined;
}

/** The zone pairs of the trips between zones (a missing side is the route's own first or last road), shared by equal pairs. */
function compileZones(
  flows: readonly ZoneTrip[], vehicles: readonly ZoneTrip[], roadIx: ReadonlyMap<string, number>,
): Pick<CompiledDemand, 'flowZone' | 'vehZone' | 'zoneSrcStart' | 'zoneSrc' | 'zoneSinkStart' | 'zoneSink'> {
  const zoneList: { src: number[]; sink: number[] }[] = [];
  const zoneKey = new Map<string, number>();
  const zoneOf = (d: ZoneTrip): number => {
    if (d.trip !== true || !d.route || d.stops?.length || (!d.fromRoads && !d.toRoads)) return -1;
    const src = (d.fromRoads ?? [d.route[0] ?? '']).map((x) => roadIx.get(x) ?? 0);
    const sink = (d.toRoads ?? [d.route[d.route.length - 1] ?? '']).map((x) => roadIx.get(x) ?? 0);
    const key = `${src.join(',')}>${sink.join(',')}`;
    const have = zoneKey.get(key);
    if (have !== undefined) return have;
    zoneList.push({ src, sink });
    zoneKey.set(key, zoneList.length - 1);
    return zoneList.length - 1;
  };
  const flowZone = Int32Array.from(flows, zoneOf);
  const vehZone = Int32Array.from(vehicles, zoneOf);
  const zoneSrcStart = new Int32Array(zoneList.length + 1);
  const zoneSinkStart = new Int32Array(zoneList.length + 1);
  zoneList.forEach((z, i) => {
    zoneSrcStart[i + 1] = (zoneSrcStart[i] ?? 0) + z.src.length;
    zoneSinkStart[i + 1] = (zoneSinkStart[i] ?? 0) + z.sink.length;
  });
  return {
    flowZone,
    vehZone,
    zoneSrcStart,
    zoneSrc: Int32Array.from(zoneList.flatMap((z) => z.src)),
    zoneSinkStart,
    zoneSink: Int32Array.from(zoneList.flatMap((z) => z.sink)),
  };
}
