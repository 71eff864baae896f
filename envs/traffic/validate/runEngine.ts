import type { NetworkSpec } from '../network/NetworkSpec.js';
import { TrafficEngine } from '../engine/TrafficEngine.js';

/**
 * Trip statistics of one run (means over arrived vehicles, as SUMO's tripinfo defines them).
 *
 * @example
 * ```ts
 * const s: TripStats = runEngine(spec, { model: 'krauss', end: 3600, seed: 1 });
 * ```
 */
export interface TripStats {
  readonly inserted: number;
  readonly arrived: number;
  readonly meanTravelTime: number;
  readonly meanWaitingTime: number;
  readonly meanTimeLoss: number;
  /** Wall-clock seconds of the run. */
  readonly wallSeconds: number;
  /** CPU seconds (user + system) of the run. */
  readonly cpuSeconds?: number;
  /** Vehicle-updates (vehicles running x steps). */
  readonly vehicleUpdates?: number;
}

/**
 * A controller called every step with the engine (for adaptive signal control); none = fixed plans.
 *
 * @example
 * ```ts
 * const keep: EngineController = (e) => e.requestPhase(0, 0);
 * ```
 */
export type EngineController = (engine: TrafficEngine) => void;

/**
 * Runs the tsgym engine on a network for `end` seconds (1 s steps), or, with `untilEmpty`, on past
 * `end` until every inserted vehicle has arrived (capped at `end + untilEmpty` s), and returns the same
 * trip statistics as SUMO's tripinfo plus the vehicle-updates performed.
 *
 * @example
 * ```ts
 * const s = runEngine(spec, { model: 'krauss', end: 3600, seed: 1 });
 * ```
 */
export function runEngine(
  spec: NetworkSpec,
  o: { model: 'krauss' | 'idm'; end: number; seed: number; controller?: EngineController; untilEmpty?: number },
): TripStats & { running: number; pending: number } {
  const eng = new TrafficEngine(spec, { model: o.model, step: 1, signalMode: o.controller ? 'external' : 'fixed' });
  eng.reset(o.seed);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let updates = 0;
  const stop = o.end + (o.untilEmpty ?? 0);
  while (eng.time < stop - 1e-9) {
    if (o.controller) o.controller(eng);
    eng.step();
    updates += eng.counters.inserted - eng.counters.arrived - eng.counters.vaporized;
    if (o.untilEmpty !== undefined && eng.time >= o.end) {
      const m = eng.counters;
      if (m.arrived + m.vaporized === m.inserted && eng.metrics().pending === 0) break;
    }
  }
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const m = eng.metrics();
  return {
    inserted: m.inserted ?? 0,
    arrived: m.arrived ?? 0,
    meanTravelTime: m.meanTravelTime ?? 0,
    meanWaitingTime: m.meanWaitingTime ?? 0,
    meanTimeLoss: m.meanTimeLoss ?? 0,
    wallSeconds,
    cpuSeconds,
    vehicleUpdates: updates,
    running: m.running ?? 0,
    pending: m.pending ?? 0,
  };
}
