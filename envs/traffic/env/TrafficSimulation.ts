import type { CompiledNetwork } from '../engine/compileNetwork.js';
import type { VehicleView } from '../engine/engineViews.js';
import type { SignalController } from '../engine/SignalController.js';
import type { SimOptionsInput } from '../engine/SimOptions.js';
import type { NetworkSpec } from '../network/NetworkSpec.js';

/**
 * Per-lane statistics a simulation fills on `laneStats()` (indexed by the compiled network's lane id),
 * with SUMO's definitions: vehicles, halting vehicles (speed < 0.1 m/s), occupancy (share of the lane
 * length covered by vehicles), summed speeds, summed accumulated waiting time and summed time loss on
 * the current road of the vehicles on the lane; per node, the vehicles that entered it so far; and the
 * running totals of vehicles inserted and arrived.
 *
 * @example
 * ```ts
 * sim.laneStats(); sim.counters.laneHalting[lane];
 * ```
 */
export interface LaneCounters {
  readonly laneVehicles: Float64Array;
  readonly laneHalting: Float64Array;
  readonly laneOccupancy: Float64Array;
  readonly laneSpeedSum: Float64Array;
  readonly laneWaiting: Float64Array;
  readonly laneTimeLoss: Float64Array;
  readonly nodeThroughput: Float64Array;
  readonly inserted: number;
  readonly arrived: number;
}

/**
 * The vehicles of one lane, front (nearest the stop line) first: distance from the stop line to the
 * vehicle's front (m), speed (m/s), and the connection it will take at the lane's end (-1: none from
 * this lane, e.g. it must change lanes, or it leaves the network). Preallocated and reused.
 *
 * @example
 * ```ts
 * const out = createLaneVehicles(64);
 * sim.laneVehicles(lane, out); out.count;
 * ```
 */
export interface LaneVehicles {
  count: number;
  dist: Float64Array;
  speed: Float64Array;
  conn: Int32Array;
}

/**
 * Allocates a `LaneVehicles` for up to `capacity` vehicles (`laneVehicles` grows it when needed).
 *
 * @example
 * ```ts
 * const out = createLaneVehicles(32);
 * ```
 */
export function createLaneVehicles(capacity: number): LaneVehicles {
  return { count: 0, dist: new Float64Array(capacity), speed: new Float64Array(capacity), conn: new Int32Array(capacity) };
}

/**
 * Makes room for `n` vehicles in `out`, keeping its content (returns `out` or a larger copy).
 *
 * @example
 * ```ts
 * out = growLaneVehicles(out, k + 1);
 * ```
 */
export function growLaneVehicles(out: LaneVehicles, n: number): LaneVehicles {
  if (n <= out.dist.length) return out;
  const next = createLaneVehicles(Math.max(n, out.dist.length * 2));
  next.dist.set(out.dist);
  next.speed.set(out.speed);
  next.conn.set(out.conn);
  next.count = out.count;
  return next;
}

/**
 * Builds the simulation of a traffic env from its network and options (the envs default to tsgym's
 * engine; the TrafficNetwork envs pass SUMO's with `backend: 'sumo'`).
 *
 * @example
 * ```ts
 * const factory: SimulationFactory = (spec, opts) => new EngineSimulation(spec, opts);
 * ```
 */
export type SimulationFactory = (spec: NetworkSpec, opts: SimOptionsInput) => TrafficSimulation;

/**
 * What the traffic envs need from a simulator, so one env runs on tsgym's own engine (`EngineSimulation`)
 * or on SUMO through TraCI (`SumoSimulation`) with the same spaces, phase handling, rewards and metric
 * names. The static layout is the compiled network (lanes, roads, connections, geometry) of the
 * imported scenario; the signals are tsgym's `SignalController` (phases, yellow and all-red inserted,
 * min/max green), which the simulator applies to its connections at every step.
 *
 * - time: `time` (s, the simulator's clock), `dt`, `reset(seed)`, `step()` (one step of `dt`);
 * - signal control: `signals`, `requestPhase(s, p)`, `runProgram(s)` (the signal runs its own
 *   imported program with its offset from the next reset on, ignoring requests), `connState`;
 * - lane statistics: `laneStats()` then `counters`; `laneVehicles(lane, out)` for per-vehicle walks;
 * - network metrics: `metrics()` (SUMO's definitions; see docs/traffic.md);
 * - vehicles for recordings: `vehicleView(out)` and `vehicleWaitingTimes(out)` (same order);
 * - `pendingOn(road)`: vehicles waiting to enter at the start of `road`;
 * - `close()`: frees external resources (a SUMO process); `snapshotUnsupported`: why `snapshot()` is
 *   refused, or undefined when the simulator can snapshot.
 *
 * @example
 * ```ts
 * const sim: TrafficSimulation = new EngineSimulation(spec, { step: 1, signalMode: 'external' });
 * sim.reset(1); sim.requestPhase(0, 1); sim.step(); sim.laneStats(); sim.metrics().arrived;
 * ```
 */
export interface TrafficSimulation {
  readonly backend: 'tsgym' | 'sumo';
  readonly net: CompiledNetwork;
  readonly signals: SignalController;
  readonly counters: LaneCounters;
  readonly connState: Uint8Array;
  readonly time: number;
  readonly dt: number;
  readonly snapshotUnsupported: string | undefined;
  reset(seed?: number): void;
  step(): void;
  requestPhase(s: number, p: number): void;
  runProgram(s: number): void;
  laneStats(): void;
  laneVehicles(lane: number, out: LaneVehicles): LaneVehicles;
  metrics(): Record<string, number>;
  /** HCM measures per signalized approach and junction (tsgym's engine only; see docs/traffic.md). */
  hcmMetrics?(): Record<string, number>;
  vehicleView(out: VehicleView): VehicleView;
  vehicleWaitingTimes(out: Float64Array): Float64Array;
  pendingOn(road: number): number;
  close(): void;
}
