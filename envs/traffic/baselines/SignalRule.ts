import type { TrafficSignalAgent } from '../env/TrafficSignalAgent.js';

/**
 * A signal controller for one intersection, asked every env step (every `deltaTime` seconds) for the
 * green phase it wants next. Baselines are rules; `TrafficRulePolicy` runs one per agent.
 *
 * @example
 * ```ts
 * const keep: SignalRule = { name: 'keep', decide: (a) => a.phase };
 * ```
 */
export interface SignalRule {
  readonly name: string;
  /** The phase to request for `agent` now. */
  decide(agent: TrafficSignalAgent): number;
  /** Called at the start of each episode. */
  reset?(): void;
}

/**
 * The next phase after `from` (in cycle order) that would serve a vehicle now (see
 * `TrafficSignalAgent.servable`), or `from` if none would.
 *
 * @example
 * ```ts
 * const p = nextPhaseWithDemand(agent, agent.phase);
 * ```
 */
export function nextPhaseWithDemand(agent: TrafficSignalAgent, from: number): number {
  for (let k = 1; k <= agent.numPhases; k++) {
    const p = (from + k) % agent.numPhases;
    if (agent.servable(p) > 0) return p;
  }
  return from;
}
