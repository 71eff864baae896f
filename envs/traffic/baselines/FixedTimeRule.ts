import type { TrafficSignalAgent } from '../env/TrafficSignalAgent.js';
import { movementFlowEstimate } from './movementFlowEstimate.js';
import type { SignalRule } from './SignalRule.js';
import { websterPlan, type WebsterPlan } from './websterPlan.js';

/** Saturation flow (veh/h per lane) assumed by the Webster plan; the default model measures 1,860. */
export const DEFAULT_SATURATION_FLOW = 1800;

/**
 * Fixed-time control with Webster's optimal cycle and splits computed from the network's demand
 * (critical ratio of each phase = its largest protected flow through one lane over the saturation flow; lost time = yellow + all-red + 1 s per phase). Phases run in
 * order; a phase ends at the first decision after its green has run (decisions every `deltaTime`).
 *
 * @example
 * ```ts
 * const rule = new FixedTimeRule(agent);
 * rule.plan.cycle; // s
 * ```
 */
export class FixedTimeRule implements SignalRule {
  readonly name = 'fixed-time';
  readonly plan: WebsterPlan;

  constructor(agent: TrafficSignalAgent, opts: { saturationFlow?: number; deltaTime?: number } = {}) {
    const e = agent.engine;
    const q = movementFlowEstimate(e.net);
    const s = opts.saturationFlow ?? DEFAULT_SATURATION_FLOW;
    const sig = e.signals;
    const base = sig.phaseStart[agent.signal] as number;
    const ratios = new Float64Array(agent.numPhases);
    let lost = 0;
    for (let p = 0; p < agent.numPhases; p++) {
      // critical lane: the largest protected flow of this phase through one lane
      const perLane = new Map<number, number>();
      for (let k = 0; k < agent.conns.length; k++) {
        if (((agent.connProtectedMask[k] as number) & (1 << p)) === 0) continue;
        const c = agent.conns[k] as number;
        const l = e.net.connFromLane[c] as number;
        perLane.set(l, (perLane.get(l) ?? 0) + (q[c] as number));
      }
      ratios[p] = Math.max(0, ...perLane.values()) / s;
      lost += (sig.phYellow[base + p] as number) + (sig.phAllRed[base + p] as number) + 1;
    }
    this.plan = websterPlan(ratios, lost, { minGreen: Math.max(sig.phMinGreen[base] as number, opts.deltaTime ?? 0), maxGreen: sig.phMaxGreen[base] as number });
  }

  decide(agent: TrafficSignalAgent): number {
    if (agent.inTransition) return agent.upcomingPhase;
    const p = agent.phase;
    return agent.greenTime >= (this.plan.greens[p] as number) - 1e-9 ? (p + 1) % agent.numPhases : p;
  }
}
