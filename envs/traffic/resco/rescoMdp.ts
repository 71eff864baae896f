import type { TrafficSignalAgent } from '../env/TrafficSignalAgent.js';
import { laneMeasures } from './rescoLanes.js';

/** Detection range of RESCO's IDQN and IPPO (`max_distance`, metres from the stop line). */
export const LEARNER_RANGE = 200;
/** RESCO's normaliser of lane counts in `drq_norm` (vehicles) and of speeds (m/s). */
const NORM_COUNT = 28;
const NORM_SPEED = 20;
/** RESCO's `wait_norm`: total waiting time over this, clipped to [-4, 4]. */
const NORM_WAIT = 224;
const CLIP = 4;

/**
 * Length of {@link rescoObservation} for `agent`: four figures per incoming lane plus one per phase.
 *
 * @example
 * ```ts
 * rescoObservationSize(agent); // 4 * lanes + phases
 * ```
 */
export function rescoObservationSize(agent: TrafficSignalAgent): number {
  return 4 * agent.inLanes.length + agent.numPhases;
}

/**
 * RESCO's learner observation (`drq_norm`, the state of IDQN and IPPO): per incoming lane, within 200 m
 * of the stop line, approaching vehicles / 28, the lane's waiting time / 28, queued vehicles / 28 and
 * summed speeds / (20 * 28); then the current green phase one-hot (all zero during yellow). RESCO marks
 * the phase by setting a flag on the lane whose index equals the phase index; a one-hot of the phase
 * carries the same information without tying phases to lanes.
 *
 * @example
 * ```ts
 * const env = makeParallel('TrafficNetworkParallel-v0', { network, observation: rescoObservation, reward: rescoReward });
 * ```
 */
export function rescoObservation(agent: TrafficSignalAgent): Float32Array {
  const out = new Float32Array(rescoObservationSize(agent));
  agent.engine.laneStats();
  agent.inLanes.forEach((lane, i) => {
    const m = laneMeasures(agent, lane, LEARNER_RANGE);
    out.set([m.approach / NORM_COUNT, m.wait / NORM_COUNT, m.queue / NORM_COUNT, m.speedSum / NORM_SPEED / NORM_COUNT], 4 * i);
  });
  if (!agent.inTransition) out[4 * agent.inLanes.length + agent.phase] = 1;
  return out;
}

/**
 * RESCO's learner reward (`wait_norm`): minus the waiting time (s) of the vehicles on the incoming lanes
 * over 224, clipped to [-4, 4].
 *
 * @example
 * ```ts
 * rescoReward(agent); // in [-4, 0]
 * ```
 */
export function rescoReward(agent: TrafficSignalAgent): number {
  return Math.min(CLIP, Math.max(-CLIP, -agent.waitingTime() / NORM_WAIT));
}
