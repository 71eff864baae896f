import type { SignalRule } from '../baselines/SignalRule.js';
import type { TrafficSignalAgent } from '../env/TrafficSignalAgent.js';
import { laneMeasures } from './rescoLanes.js';

/** Detection range of RESCO's MAXWAVE (`max_distance`, metres from the stop line). */
export const MAXWAVE_RANGE = 50;

/**
 * RESCO's greedy controller, MAXWAVE (`agents/maxwave.py` with the `wave` state): at each decision,
 * the green phase whose incoming lanes hold the most vehicles (queued plus approaching) within 50 m of
 * the stop line; ties go to the lowest phase index (numpy's argmax), and there is no minimum green
 * beyond the decision interval.
 *
 * @example
 * ```ts
 * const policy = new TrafficRulePolicy('greedy', env, () => new MaxWaveRule());
 * ```
 */
export class MaxWaveRule implements SignalRule {
  readonly name = 'greedy';

  constructor(readonly range = MAXWAVE_RANGE) {}

  /** Vehicles within range on the lanes with green in each phase (the `wave` of each phase). */
  waves(agent: TrafficSignalAgent): number[] {
    agent.engine.laneStats();
    const perLane = new Map<number, number>();
    for (const lane of agent.inLanes) {
      const m = laneMeasures(agent, lane, this.range);
      perLane.set(lane, m.queue + m.approach);
    }
    return agent.phaseLanes.map((lanes) => lanes.reduce((s, l) => s + (perLane.get(l) ?? 0), 0));
  }

  decide(agent: TrafficSignalAgent): number {
    if (agent.inTransition) return agent.upcomingPhase;
    return argmax(this.waves(agent));
  }
}

/**
 * Index of the largest value, the first one on ties (as numpy's argmax); 0 for an empty list.
 *
 * @example
 * ```ts
 * argmax([1, 3, 3]); // 1
 * ```
 */
export function argmax(xs: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[best]) best = i;
  return best;
}
