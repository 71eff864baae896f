import type { TrafficSignalAgent } from '../env/TrafficSignalAgent.js';
import { nextPhaseWithDemand, type SignalRule } from './SignalRule.js';

/**
 * Self-organizing traffic lights (Gershenson 2005, "sotl-platoon"): a counter accumulates vehicle-seconds
 * of vehicles approaching red (within `distance` m); once past min green and above `theta` the light
 * switches, unless a short platoon (1 to `mu - 1` vehicles) is about to cross on green (within `omega` m).
 * It also switches when nobody approaches the green and someone approaches the red.
 *
 * @example
 * ```ts
 * const rule = new SotlRule({ theta: 40 });
 * ```
 */
export class SotlRule implements SignalRule {
  readonly name = 'sotl';
  private readonly kappa = new Map<TrafficSignalAgent, number>();
  private readonly lastTime = new Map<TrafficSignalAgent, number>();
  readonly theta: number;
  readonly mu: number;
  readonly omega: number;
  readonly distance: number;

  constructor(opts: { theta?: number; mu?: number; omega?: number; distance?: number } = {}) {
    this.theta = opts.theta ?? 40;
    this.mu = opts.mu ?? 3;
    this.omega = opts.omega ?? 25;
    this.distance = opts.distance ?? 80;
  }

  reset(): void {
    this.kappa.clear();
    this.lastTime.clear();
  }

  decide(agent: TrafficSignalAgent): number {
    const p = agent.phase;
    const now = agent.engine.time;
    const dt = now - (this.lastTime.get(agent) ?? now);
    this.lastTime.set(agent, now);
    if (agent.inTransition) return agent.upcomingPhase;
    const red = agent.countMovements(this.distance) - agent.phaseDemand(p);
    const approachingGreen = agent.countServable(p, this.distance);
    const platoon = agent.countServable(p, this.omega);
    const k = (this.kappa.get(agent) ?? 0) + red * dt;
    this.kappa.set(agent, k);
    if (agent.greenTime < agent.minGreen) return p;
    const emptyGreen = approachingGreen === 0 && red > 0;
    const protectPlatoon = platoon > 0 && platoon < this.mu;
    if (emptyGreen || (k >= this.theta && !protectPlatoon)) {
      const q = nextPhaseWithDemand(agent, p);
      if (q !== p) this.kappa.set(agent, 0);
      return q;
    }
    return p;
  }
}
