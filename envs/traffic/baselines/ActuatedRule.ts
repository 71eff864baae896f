import type { TrafficSignalAgent } from '../env/TrafficSignalAgent.js';
import { nextPhaseWithDemand, type SignalRule } from './SignalRule.js';

/**
 * Fully actuated control: the current green extends while vehicles heading for one of its green
 * movements are detected within `detector` metres of the stop line (checked at each decision), and ends when it gaps out (none detected) after min
 * green or maxes out at max green (enforced by the engine); then the next phase with demand follows.
 *
 * @example
 * ```ts
 * const rule = new ActuatedRule({ detector: 40 });
 * ```
 */
export class ActuatedRule implements SignalRule {
  readonly name = 'actuated';
  readonly detector: number;

  constructor(opts: { detector?: number } = {}) {
    this.detector = opts.detector ?? 40;
  }

  decide(agent: TrafficSignalAgent): number {
    const p = agent.phase;
    if (agent.inTransition) return agent.upcomingPhase;
    return agent.servable(p, this.detector) > 0 ? p : nextPhaseWithDemand(agent, p);
  }
}
