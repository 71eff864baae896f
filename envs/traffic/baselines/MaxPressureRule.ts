import type { TrafficSignalAgent } from '../env/TrafficSignalAgent.js';
import type { SignalRule } from './SignalRule.js';

/**
 * Max-pressure control (Varaiya 2013): pick the phase whose green movements have the largest summed
 * pressure, vehicles the phase would serve on the movement (front vehicles of each lane up to one it
 * would not serve) minus vehicles on its outgoing lane; ties keep the
 * current phase. A green runs at least `minPhase` seconds (default 20) before the rule reconsiders;
 * min and max green are enforced by the engine.
 *
 * @example
 * ```ts
 * const rule = new MaxPressureRule();
 * ```
 */
export class MaxPressureRule implements SignalRule {
  readonly name = 'max-pressure';
  /** Seconds a green runs before the rule reconsiders (Varaiya's fixed time slot). */
  readonly minPhase: number;
  /** Only vehicles within this distance of the stop line count upstream (m). */
  readonly range: number;

  constructor(opts: { minPhase?: number; range?: number } = {}) {
    this.minPhase = opts.minPhase ?? 20;
    this.range = opts.range ?? Infinity;
  }

  decide(agent: TrafficSignalAgent): number {
    if (agent.inTransition) return agent.upcomingPhase;
    if (agent.greenTime < this.minPhase) return agent.phase;
    const e = agent.engine;
    e.laneStats();
    const cnt = e.counters.laneVehicles;
    const n = e.net;
    let best = agent.phase;
    let bestP = -Infinity;
    for (let p = 0; p < agent.numPhases; p++) {
      let pr = 0;
      const bit = 1 << p;
      agent.countServable(p, this.range);
      for (let k = 0; k < agent.conns.length; k++) {
        if (((agent.connGreenMask[k]) & bit) === 0) continue;
        pr += (agent.movementCount[k]) - (cnt[n.connToLane[agent.conns[k]]]);
      }
      if (pr > bestP || (pr === bestP && p === agent.phase)) {
        best = p;
        bestP = pr;
      }
    }
    return best;
  }
}
