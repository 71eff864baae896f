import type { SignalRule } from '../baselines/SignalRule.js';
import type { TrafficSignalAgent } from '../env/TrafficSignalAgent.js';
import { argmax } from './MaxWaveRule.js';
import { queueOn } from './rescoLanes.js';

/** Detection range of RESCO's MAXPRESSURE (`max_distance`, metres). */
export const MAXPRESSURE_RANGE = 200;

/**
 * RESCO's max-pressure controller (`agents/maxpressure.py` with the `mplight` state): at each decision,
 * the green phase with the largest pressure, the queued (halting) vehicles within 200 m on its incoming
 * lanes minus those on the outgoing lanes it feeds that lead to another signal of the network (RESCO
 * subtracts only downstream signals' queues); ties go to the lowest phase index, and there is no minimum
 * green beyond the decision interval. Unlike tsgym's `max-pressure` (Varaiya's rule on all vehicles,
 * 20 s slots), this counts queues only.
 *
 * @example
 * ```ts
 * const policy = new TrafficRulePolicy('max-pressure-resco', env, () => new RescoMaxPressureRule());
 * ```
 */
export class RescoMaxPressureRule implements SignalRule {
  readonly name = 'max-pressure-resco';

  constructor(readonly range = MAXPRESSURE_RANGE) {}

  /** The pressure of each phase now. */
  pressures(agent: TrafficSignalAgent): number[] {
    agent.engine.laneStats();
    const n = agent.engine.net;
    const queue = new Map<number, number>();
    const q = (lane: number): number => {
      let v = queue.get(lane);
      if (v === undefined) queue.set(lane, (v = queueOn(agent, lane, this.range)));
      return v;
    };
    return agent.phaseConns.map((conns, p) => {
      let s = 0;
      for (const l of agent.phaseLanes[p]) s += q(l);
      const outs = new Set<number>();
      for (const c of conns) if (n.nodeSignal[n.roadTo[n.connToRoad[c]]] >= 0) outs.add(n.connToLane[c]);
      for (const o of outs) s -= q(o);
      return s;
    });
  }

  decide(agent: TrafficSignalAgent): number {
    if (agent.inTransition) return agent.upcomingPhase;
    return argmax(this.pressures(agent));
  }
}
