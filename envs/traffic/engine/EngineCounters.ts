import type { CompiledNetwork } from './compileNetwork.js';
import type { EngineState } from './EngineState.js';

/** Speed (m/s) below which a vehicle is halting/waiting (SUMO's threshold). */
export const HALTING_SPEED = 0.1;

/**
 * Running totals of a simulation and per-lane statistics, with SUMO's definitions: `timeLoss` is the
 * time lost driving below the allowed speed (sum of dt * (1 - v / vAllowed)), `waitingTime` the time at
 * speed < 0.1 m/s, a stop each transition into halting, travel time from insertion to arrival, and the
 * depart delay the time spent in the insertion queue.
 *
 * @example
 * ```ts
 * engine.counters.arrived; engine.counters.sumTimeLoss / engine.counters.arrived;
 * ```
 */
export class EngineCounters {
  queued = 0;
  inserted = 0;
  arrived = 0;
  sumTravelTime = 0;
  sumTimeLoss = 0;
  sumWaiting = 0;
  sumDepartDelay = 0;
  sumStops = 0;
  sumDistance = 0;
  /** Vehicle-steps simulated (for the vehicle-updates benchmark). */
  vehicleUpdates = 0;
  /** Vehicles taken off a jam by teleporting (SUMO's time-to-teleport). */
  teleports = 0;
  /** Collisions (SUMO's collision check): each teleports the driver behind (see collisions.ts). */
  collisions = 0;
  /** Summed time loss plus depart delay of the vehicles that arrived (RESCO's delay). */
  sumArrivedDelay = 0;
  /** Stops (`<stop>`) served, and passed without stopping (the vehicle could not reach the stop lane). */
  stopsServed = 0;
  stopsSkipped = 0;
  /** Jam detector: vehicles that have been halted for the jam threshold without interruption (each counted once per halt). */
  jamEvents = 0;
  /** Vehicles discarded for waiting longer than `maxDepartDelay` to be inserted (SUMO's max-depart-delay). */
  discarded = 0;
  /**
   * Vehicles whose teleport carried them past the end of their route: SUMO removes them without an
   * arrival ("teleports beyond arrival edge", tripinfo `vaporized="teleport"`), so they are not arrived.
   */
  vaporized = 0;
  /** Summed time loss plus depart delay of the vaporized vehicles (RESCO's delay counts them). */
  sumVaporizedDelay = 0;
  /**
   * The highest speed factor and the lowest deceleration (m/s^2) of the vehicles inserted so far, from 1 and
   * 4.5 (SUMO's MSVehicleControl, updated at each departure): they bound how far upstream insertion looks for
   * approaching vehicles (MSLane::getMaximumBrakeDist).
   */
  maxSpeedFactor = 1;
  minDecel = 4.5;
  /** Vehicles that entered a junction path at each node. */
  readonly nodeThroughput: Float64Array;
  /** Summed approach delay (time loss on the approach road up to the stop line) of those vehicles, per node. */
  readonly nodeDelay: Float64Array;
  /** Time of the last `laneStats` computation (-1: stale). */
  statsTime = -1;
  /** Per lane, filled by `EngineState.laneStats()`: vehicles, halting vehicles, occupied length share, summed speeds, summed accumulated waiting time. */
  readonly laneVehicles: Float64Array;
  readonly laneHalting: Float64Array;
  readonly laneOccupancy: Float64Array;
  readonly laneSpeedSum: Float64Array;
  readonly laneWaiting: Float64Array;
  /** Per lane: summed time loss on the current road of its vehicles. */
  readonly laneTimeLoss: Float64Array;

  constructor(net: CompiledNetwork) {
    this.nodeThroughput = new Float64Array(net.nNodes);
    this.nodeDelay = new Float64Array(net.nNodes);
    this.laneVehicles = new Float64Array(net.nLanes);
    this.laneHalting = new Float64Array(net.nLanes);
    this.laneOccupancy = new Float64Array(net.nLanes);
    this.laneSpeedSum = new Float64Array(net.nLanes);
    this.laneWaiting = new Float64Array(net.nLanes);
    this.laneTimeLoss = new Float64Array(net.nLanes);
  }

  reset(): void {
    this.queued = this.inserted = this.arrived = 0;
    this.sumTravelTime = this.sumTimeLoss = this.sumWaiting = this.sumDepartDelay = this.sumStops = this.sumDistance = 0;
    this.vehicleUpdates = 0;
    this.teleports = 0;
    this.collisions = 0;
    this.sumArrivedDelay = 0;
    this.stopsServed = this.stopsSkipped = 0;
    this.jamEvents = 0;
    this.discarded = 0;
    this.vaporized = this.sumVaporizedDelay = 0;
    this.maxSpeedFactor = 1;
    this.minDecel = 4.5;
    this.nodeThroughput.fill(0);
    this.nodeDelay.fill(0);
    this.statsTime = -1;
  }

  onInsert(e: EngineState, v: number): void {
    this.inserted++;
    this.sumDepartDelay += e.veh.depart[v] - e.veh.departWanted[v];
    const sf = e.veh.speedFactor[v] ?? 1;
    if (sf > this.maxSpeedFactor) this.maxSpeedFactor = sf;
    const dec = e.net.demand.typeDecel[e.veh.type[v] ?? 0] ?? 4.5;
    if (dec < this.minDecel) this.minDecel = dec;
  }

  onArrive(e: EngineState, v: number, t: number): void {
    const vs = e.veh;
    this.arrived++;
    this.sumTravelTime += t - vs.depart[v];
    this.sumTimeLoss += vs.timeLoss[v];
    this.sumWaiting += vs.waiting[v];
    this.sumStops += vs.stops[v];
    this.sumDistance += vs.odo[v] ?? 0;
    this.sumArrivedDelay += (vs.timeLoss[v] ?? 0) + (vs.depart[v] ?? 0) - (vs.departWanted[v] ?? 0);
  }

  onVaporize(e: EngineState, v: number): void {
    const vs = e.veh;
    this.vaporized++;
    this.sumVaporizedDelay += (vs.timeLoss[v] ?? 0) + (vs.depart[v] ?? 0) - (vs.departWanted[v] ?? 0);
  }

  onEnterJunction(e: EngineState, v: number, node: number): void {
    this.nodeThroughput[node]++;
    this.nodeDelay[node] = this.nodeDelay[node] + e.veh.timeLoss[v] - e.veh.roadLoss0[v];
  }

  /** The running totals as plain numbers (for snapshots). */
  getState(): number[] {
    return [
      this.queued, this.inserted, this.arrived, this.sumTravelTime, this.sumTimeLoss, this.sumWaiting, this.sumDepartDelay, this.sumStops,
      this.sumDistance, this.vehicleUpdates, this.teleports, this.sumArrivedDelay, this.stopsServed, this.stopsSkipped, this.jamEvents,
      this.discarded, this.maxSpeedFactor, this.minDecel, this.vaporized, this.sumVaporizedDelay, this.collisions,
    ];
  }

  setState(s: readonly number[], nodeThroughput: Float64Array, nodeDelay: Float64Array): void {
    const g = (i: number): number => s[i] ?? 0;
    this.queued = g(0);
    this.inserted = g(1);
    this.arrived = g(2);
    this.sumTravelTime = g(3);
    this.sumTimeLoss = g(4);
    this.sumWaiting = g(5);
    this.sumDepartDelay = g(6);
    this.sumStops = g(7);
    this.sumDistance = g(8);
    this.vehicleUpdates = g(9);
    this.teleports = g(10);
    this.sumArrivedDelay = g(11);
    this.stopsServed = g(12);
    this.stopsSkipped = g(13);
    this.jamEvents = g(14);
    this.discarded = g(15);
    this.maxSpeedFactor = s[16] ?? 1;
    this.minDecel = s[17] ?? 4.5;
    this.vaporized = g(18);
    this.sumVaporizedDelay = g(19);
    this.collisions = g(20);
    this.nodeThroughput.set(nodeThroughput);
    this.nodeDelay.set(nodeDelay);
    this.statsTime = -1;
  }
}
