import { z } from 'zod';

/*
 * The demand part of a network description: vehicle types (SUMO's attributes and defaults), flows,
 * explicit vehicles with SUMO's departure and arrival attributes, type and route distributions, and
 * turning ratios. Units: metres, seconds, m/s, veh/h.
 */

const id = z.string().min(1, 'expected a non-empty id');
const nonneg = z.number().nonnegative();
const routeSchema = z.array(id).min(1);

/**
 * A vehicle type. Krauss (SUMO's default model) uses accel, decel, emergencyDecel, tau, minGap, sigma;
 * IDM uses accel (a), decel (b, comfortable), tau (T, time headway), minGap (s0), delta. Defaults are
 * SUMO's passenger car. Each vehicle draws its own speed factor from a normal distribution with mean
 * `speedFactor` and deviation `speedDev`, cut to [speedFactorMin, speedFactorMax] (SUMO's `normc`).
 */
export const VehicleTypeSpecSchema = z
  .object({
    id,
    /** SUMO vehicle class; lanes with `allow` admit only the classes they list. */
    vClass: z.string().min(1).default('passenger'),
    length: z.number().positive().default(5),
    minGap: nonneg.default(2.5),
    accel: z.number().positive().default(2.6),
    decel: z.number().positive().default(4.5),
    emergencyDecel: z.number().positive().default(9),
    maxSpeed: z.number().positive().default(55.56),
    /**
     * The speed the drivers of this type want at most, before their speed factor (SUMO 1.15's
     * `desiredMaxSpeed`): a driver's top speed is min(maxSpeed, desiredMaxSpeed x its speed factor), and a
     * lane's limit counts as min(limit, desiredMaxSpeed) for it. Absent: 20 km/h for the class `bicycle`,
     * no bound for the others (SUMO's defaults).
     */
    desiredMaxSpeed: z.number().positive().optional(),
    tau: z.number().positive().default(1),
    sigma: z.number().min(0).max(1).default(0.5),
    delta: z.number().positive().default(4),
    /** Mean multiplier of the lane speed limit the driver wants (1 = the limit). */
    speedFactor: z.number().positive().default(1),
    /** Deviation of the per-vehicle speed factor (0: every vehicle drives at exactly `speedFactor`). */
    speedDev: nonneg.default(0),
    speedFactorMin: nonneg.default(0.2),
    speedFactorMax: z.number().positive().default(2),
    /** Car-following model of this type; absent: the engine's `model` option. */
    carFollowModel: z.enum(['krauss', 'idm']).optional(),
    /** Lane-change eagerness (SUMO LC2013's lcStrategic, lcCooperative, lcSpeedGain, lcKeepRight). */
    lcStrategic: nonneg.default(1),
    lcCooperative: z.number().min(0).max(1).default(1),
    lcSpeedGain: nonneg.default(1),
    lcKeepRight: nonneg.default(1),
  })
  .strict();

/** Departure lane: SUMO's names (`first` = rightmost allowed, `best` = least occupied lane that continues the route) or an index. */
export const DepartLaneSchema = z.union([z.enum(['best', 'free', 'random', 'allowed', 'first']), z.number().int().nonnegative()]);
/** Departure speed: SUMO's names (`max` = highest safe speed) or m/s. */
export const DepartSpeedSchema = z.union([z.enum(['max', 'desired', 'speedLimit', 'random', 'avg', 'last']), nonneg]);
/** Departure position of the front: SUMO's names (`base` = back at the lane start) or metres (negative: from the lane end). */
export const DepartPosSchema = z.union([z.enum(['base', 'free', 'random', 'random_free', 'last']), z.number()]);
/** Arrival position on the last road: `max` (its end), `random`, or metres (negative: from the end). */
export const ArrivalPosSchema = z.union([z.enum(['max', 'random']), z.number()]);

const departure = {
  type: id.optional(),
  departLane: DepartLaneSchema.default('best'),
  departSpeed: DepartSpeedSchema.default('max'),
  departPos: DepartPosSchema.default('base'),
  arrivalPos: ArrivalPosSchema.default('max'),
};

/**
 * A stop on the route (SUMO `<stop>`): the vehicle halts with its front at `endPos` (default: the lane's
 * end; negative: from the end) of `lane` (default: the rightmost lane it may use) of `road`, for
 * `duration` s and at least until `until`. Stops are served in route order. With `parking` the vehicle
 * leaves the lane for the stop (it blocks nobody) and comes back onto it at the same place when there is
 * room. A stop at a `parkingArea` (of `demand.parkingAreas`, on this stop's road) parks in one of its lots,
 * waiting on the road while they are all taken; its `lane` and `endPos` are the area's. A stop at a
 * `stoppingPlace` (of `demand.stoppingPlaces`: SUMO's bus, train and container stops and charging
 * stations) halts at the place's last free position, as SUMO's `MSStoppingPlace` gives it: the place's end
 * while it is empty, else behind the vehicles already stopped there; its `lane` and `endPos` are the place's.
 */
export const StopSpecSchema = z
  .object({
    road: id,
    lane: z.number().int().nonnegative().optional(),
    endPos: z.number().optional(),
    duration: nonneg.default(0),
    until: nonneg.optional(),
    parking: z.boolean().optional(),
    parkingArea: id.optional(),
    stoppingPlace: id.optional(),
  })
  .strict();

/**
 * A stopping place (SUMO `<busStop>`, `<trainStop>`, `<containerStop>`, `<chargingStation>`) on lane `lane`
 * of `road` from `startPos` to `endPos` (m from the lane start, negative from its end; default the whole
 * lane). Vehicles stopping there queue inside it: each stops `minGap` behind the back of the last one
 * stopped (SUMO `getLastFreePos`); one that would not have half its length inside waits before it.
 */
export const StoppingPlaceSpecSchema = z
  .object({
    id,
    road: id,
    lane: z.number().int().nonnegative().default(0),
    startPos: z.number().default(0),
    endPos: z.number().optional(),
  })
  .strict();

/**
 * A parking area (SUMO `<parkingArea>`) on lane `lane` of `road` between `startPos` and `endPos` (m from
 * the lane start, negative from its end; default the whole lane): `roadsideCapacity` lots split it evenly
 * (lot i ends at `startPos + (i + 1) * (endPos - startPos) / roadsideCapacity`), and `spaces` more lots
 * (SUMO's `<space>` elements) end at `endPos`. A vehicle parks in the first free lot and comes back onto
 * the road at that lot's end; while every lot is taken, vehicles wait on the road before the area. With
 * `onRoad` the parked vehicles stay on the lane (blocking it).
 */
export const ParkingAreaSpecSchema = StoppingPlaceSpecSchema.extend({
  roadsideCapacity: z.number().int().nonnegative().default(0),
  spaces: z.number().int().nonnegative().default(0),
  onRoad: z.boolean().default(false),
  /** Where (m from the lane start) every car leaving the area comes back onto the road (SUMO's `departPos`); default: its lot's end. */
  departPos: nonneg.optional(),
}).strict();

/**
 * A trip between zones (SUMO's TAZ, `fromTaz`/`toTaz` or `fromJunction`/`toJunction`): the roads it may
 * depart on (`fromRoads`, the zone's sources) and arrive on (`toRoads`, its sinks). When it departs, the
 * routing device takes the fastest route from any of `fromRoads` to any of `toRoads`, counting the whole of
 * the arrival road (SUMO's route from the zone's source to its sink); `route` is that route at free flow.
 * Without `fromRoads` the trip departs on `route`'s first road, without `toRoads` it arrives on its last.
 * Only for trips (`trip: true`).
 */
const zones = {
  fromRoads: z.array(id).min(1).optional(),
  toRoads: z.array(id).min(1).optional(),
  /**
   * Roads a trip passes in this order (SUMO's `via`): when it departs, the routing device routes it leg by
   * leg, from its first road to each of them and on to its last road; `route` passes them at free flow. Only
   * for trips (`trip: true`) without zones.
   */
  via: z.array(id).min(1).optional(),
};

/** A flow of vehicles: along `route` (road ids), a `routeDistribution`, or from `origin` following the turning ratios. */
export const FlowSpecSchema = z
  .object({
    id: z.string().optional(),
    route: routeSchema.optional(),
    routeDistribution: id.optional(),
    origin: id.optional(),
    /** Mean rate (veh/h), scaled over time by `profile`. */
    vehPerHour: z.number().nonnegative('expected a non-negative flow (veh/h)'),
    begin: nonneg.default(0),
    /** End of the flow (s); default: never. */
    end: z.number().positive().optional(),
    /**
     * poisson: exponential headways, each driver entering in the step it falls in; exponential: the same
     * headways at exact times from `begin`, each driver entering at the first step at or after its time (SUMO's
     * `period="exp(rate)"`); uniform: constant headways; scheduled: at the given `times`; bernoulli: at most
     * one driver per step, with probability `vehPerHour / 3600` x the step length (SUMO's `probability` flows).
     */
    insertion: z.enum(['poisson', 'exponential', 'uniform', 'scheduled', 'bernoulli']).default('poisson'),
    /** Insertion times (s) for `scheduled`. */
    times: z.array(nonneg).optional(),
    /**
     * SUMO's `--scale` on a `bernoulli` flow: each success inserts its quota of drivers, due together (SUMO
     * 1.15 `MSVehicleControl::getQuota`: the whole part of the factor, one more every so many successes for
     * its fraction; 0 or 1 below 1).
     */
    scale: z.number().positive().optional(),
    /** Time-varying factor on vehPerHour, piecewise linear between points (held constant outside). */
    profile: z.array(z.object({ t: nonneg, factor: nonneg }).strict()).min(1).optional(),
    /** Stops of every vehicle of the flow (route flows only). */
    stops: z.array(StopSpecSchema).optional(),
    /** A trip: `route` is the free-flow fastest path from its first to its last road, found again for each driver when it departs (SUMO's routing device). */
    trip: z.boolean().optional(),
    ...zones,
    ...departure,
  })
  .strict();

/** One explicit vehicle: along `route` or a route drawn from `routeDistribution`. */
export const VehicleSpecSchema = z
  .object({
    id: z.string().optional(),
    depart: nonneg,
    route: routeSchema.optional(),
    routeDistribution: id.optional(),
    stops: z.array(StopSpecSchema).optional(),
    /** A trip: `route` is the free-flow fastest path from its first to its last road, found again when it departs (SUMO's routing device). */
    trip: z.boolean().optional(),
    ...zones,
    ...departure,
  })
  .strict();

/** Vehicle types drawn per vehicle by probability (a vehicle's `type` may name the distribution). */
export const TypeDistributionSpecSchema = z
  .object({ id, types: z.array(z.object({ type: id, probability: nonneg.default(1) }).strict()).min(1, 'expected at least one type') })
  .strict();

/** Routes drawn per vehicle by probability. */
export const RouteDistributionSpecSchema = z
  .object({ id, routes: z.array(z.object({ route: routeSchema, probability: nonneg.default(1) }).strict()).min(1, 'expected at least one route') })
  .strict();

/** Turning ratios at the downstream end of a road (relative weights of each direction). */
export const TurningSpecSchema = z
  .object({ road: id, l: nonneg.default(0), s: nonneg.default(0), r: nonneg.default(0), t: nonneg.default(0) })
  .strict();

/** All demand of a network. */
export const DemandSpecSchema = z
  .object({
    flows: z.array(FlowSpecSchema).default([]),
    vehicles: z.array(VehicleSpecSchema).default([]),
    typeDistributions: z.array(TypeDistributionSpecSchema).default([]),
    routeDistributions: z.array(RouteDistributionSpecSchema).default([]),
    /** Turning ratios for vehicles of `origin` flows; roads without an entry go straight if they can, else pick uniformly. */
    turning: z.array(TurningSpecSchema).default([]),
    /** Parking areas that stops may name (`parkingArea`). */
    parkingAreas: z.array(ParkingAreaSpecSchema).default([]),
    /** Bus, train and container stops and charging stations that stops may name (`stoppingPlace`). */
    stoppingPlaces: z.array(StoppingPlaceSpecSchema).default([]),
  })
  .strict();

export type VehicleTypeSpec = z.output<typeof VehicleTypeSpecSchema>;
export type FlowSpec = z.output<typeof FlowSpecSchema>;
export type VehicleSpec = z.output<typeof VehicleSpecSchema>;
export type StopSpec = z.output<typeof StopSpecSchema>;
export type ParkingAreaSpec = z.output<typeof ParkingAreaSpecSchema>;
export type StoppingPlaceSpec = z.output<typeof StoppingPlaceSpecSchema>;
export type TurningSpec = z.output<typeof TurningSpecSchema>;
export type TypeDistributionSpec = z.output<typeof TypeDistributionSpecSchema>;
export type RouteDistributionSpec = z.output<typeof RouteDistributionSpecSchema>;
export type DemandSpec = z.output<typeof DemandSpecSchema>;
