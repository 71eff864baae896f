import type { TrafficSignalAgent } from '../env/TrafficSignalAgent.js';
import { createLaneVehicles, type LaneVehicles } from '../env/TrafficSimulation.js';

/** SUMO's halting threshold (m/s): a vehicle slower than this is queued, as RESCO's `queue` (vehicles that wait). */
export const HALTING_SPEED = 0.1;

/**
 * RESCO's measures of one lane (`traffic_signal.py`, `observe`), counted over the vehicles within
 * `range` metres of the stop line: `queue` the halting ones, `approach` the others, `speedSum` their
 * summed speeds (m/s); `wait` the accumulated waiting time (s) of every vehicle on the lane.
 *
 * @example
 * ```ts
 * const m: LaneMeasures = { queue: 2, approach: 1, speedSum: 9.5, wait: 30 };
 * ```
 */
export interface LaneMeasures {
  queue: number;
  approach: number;
  speedSum: number;
  wait: number;
}

let walk: LaneVehicles = createLaneVehicles(64);

/**
 * Measures `lane` of `agent`'s simulation as RESCO does (see {@link LaneMeasures}); `laneStats()` must
 * have been called since the last step (the observation and reward functions do).
 *
 * @example
 * ```ts
 * agent.engine.laneStats();
 * const m = laneMeasures(agent, agent.inLanes[0], 200);
 * ```
 */
export function laneMeasures(agent: TrafficSignalAgent, lane: number, range: number): LaneMeasures {
  walk = agent.engine.laneVehicles(lane, walk);
  const m: LaneMeasures = { queue: 0, approach: 0, speedSum: 0, wait: agent.engine.counters.laneWaiting[lane] };
  for (let i = 0; i < walk.count; i++) {
    if (walk.dist[i] > range) break;
    if (walk.speed[i] < HALTING_SPEED) m.queue++;
    else m.approach++;
    m.speedSum += walk.speed[i];
  }
  return m;
}

/**
 * Halting vehicles within `range` metres of the stop line of `lane` (RESCO's `queue`).
 *
 * @example
 * ```ts
 * queueOn(agent, lane, 200);
 * ```
 */
export function queueOn(agent: TrafficSignalAgent, lane: number, range: number): number {
  walk = agent.engine.laneVehicles(lane, walk);
  let q = 0;
  for (let i = 0; i < walk.count && walk.dist[i] <= range; i++) if (walk.speed[i] < HALTING_SPEED) q++;
  return q;
}
