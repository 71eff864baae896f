import type { TrafficSignalAgent } from '../env/TrafficSignalAgent.js';
import { movementFlowEstimate } from './movementFlowEstimate.js';
import type { SignalRule } from './SignalRule.js';
import { websterPlan, type WebsterPlan } from './websterPlan.js';

/** Saturation flow (veh/h per lane) assumed by the Webster plan; the default model measures 1,860. */
export const DEFAULT_SATURATION_FLOW = 1800;

/** Phases of a program with more than this many optional (redundant) phases all run (no subset search). */
const MAX_OPTIONAL = 12;

/**
 * Fixed-time control with Webster's optimal cycle and splits computed from the network's demand
 * (critical ratio of each phase = its largest protected flow through one lane over the saturation flow;
 * lost time = yellow + all-red + 1 s per phase). Phases run in order; a phase ends at the first decision
 * after its green has run (decisions every `deltaTime`).
 *
 * Programs whose phases overlap (CityFlow's 8 phases: the 4 opposing pairs and the 4 single approaches
 * serve every movement twice; right turns are green in most phases) are reduced first: a phase that
 * alone protects some movement always runs; of the others, the subset that gives every movement with
 * demand a green (protected or permitted) at the shortest Webster cycle runs, and the rest get no
 * green (skipped). There a phase's critical lane flow counts every movement it gives green, shared
 * evenly between the running phases that serve it. Counting every phase would count each movement
 * twice (Y > 1) and pay a clearance per phase.
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
    const base = sig.phaseStart[agent.signal];
    const np = agent.numPhases;
    const ratios = new Float64Array(np);
    const lost = new Float64Array(np);
    for (let p = 0; p < np; p++) {
      // critical lane: the largest protected flow of this phase through one lane
      const perLane = new Map<number, number>();
      for (let k = 0; k < agent.conns.length; k++) {
        if (((agent.connProtectedMask[k]) & (1 << p)) === 0) continue;
        const c = agent.conns[k];
        const l = e.net.connFromLane[c];
        perLane.set(l, (perLane.get(l) ?? 0) + (q[c]));
      }
      ratios[p] = Math.max(0, ...perLane.values()) / s;
      lost[p] = (sig.phYellow[base + p]) + (sig.phAllRed[base + p]) + 1;
    }
    const run = reducePhases(agent, q, s, lost) ?? { phases: Array.from({ length: np }, (_, p) => p), ratios: Array.from(ratios) };
    const L = run.phases.reduce((a, p) => a + (lost[p]), 0);
    const sub = websterPlan(run.ratios, L, { minGreen: Math.max(sig.phMinGreen[base], opts.deltaTime ?? 0), maxGreen: sig.phMaxGreen[base] });
    const greens = new Float64Array(np);
    run.phases.forEach((p, i) => (greens[p] = sub.greens[i]));
    this.plan = { cycle: sub.cycle, greens, flowRatio: sub.flowRatio };
  }

  decide(agent: TrafficSignalAgent): number {
    if (agent.inTransition) return agent.upcomingPhase;
    const p = agent.phase;
    const g = this.plan.greens;
    if (agent.greenTime < (g[p]) - 1e-9) return p;
    // the next phase in order that runs (a phase without green is skipped)
    for (let k = 1; k <= agent.numPhases; k++) {
      const n = (p + k) % agent.numPhases;
      if ((g[n]) > 0) return n;
    }
    return p;
  }
}

/**
 * The phases to run and their critical flow ratios when some phases are redundant (see
 * {@link FixedTimeRule}); undefined when every phase alone protects some movement (all run, critical
 * ratios from protected movements only).
 */
function reducePhases(agent: TrafficSignalAgent, q: Float64Array, sat: number, lost: Float64Array): { phases: number[]; ratios: number[] } | undefined {
  const np = agent.numPhases;
  if (np > 30) return undefined;
  let mandatory = 0;
  for (let k = 0; k < agent.conns.length; k++) {
    const m = agent.connProtectedMask[k];
    if (m !== 0 && (m & (m - 1)) === 0) mandatory |= m;
  }
  const optional: number[] = [];
  for (let p = 0; p < np; p++) if ((mandatory & (1 << p)) === 0) optional.push(p);
  if (optional.length === 0 || optional.length > MAX_OPTIONAL) return undefined;
  const lanes = Array.from(agent.conns, (c) => agent.engine.net.connFromLane[c]);
  const flow = Array.from(agent.conns, (c) => q[c]);
  const green = agent.connGreenMask;
  const phasesOf = (mask: number): number[] => Array.from({ length: np }, (_, p) => p).filter((p) => (mask & (1 << p)) !== 0);
  let best: { phases: number[]; ratios: number[]; cost: number; Y: number } | undefined;
  for (let sub = 0; sub < 1 << optional.length; sub++) {
    let mask = mandatory;
    optional.forEach((p, i) => {
      if ((sub & (1 << i)) !== 0) mask |= 1 << p;
    });
    if (mask === 0) continue;
    const phases = phasesOf(mask);
    let covered = true;
    const ratios = phases.map((p) => {
      const perLane = new Map<number, number>();
      for (let k = 0; k < lanes.length; k++) {
        const g = (green[k]) & mask;
        if ((flow[k]) <= 0) continue;
        if (g === 0) covered = false;
        if ((g & (1 << p)) === 0) continue;
        const share = (flow[k]) / phasesOf(g).length;
        perLane.set(lanes[k], (perLane.get(lanes[k]) ?? 0) + share);
      }
      return Math.max(0, ...perLane.values()) / sat;
    });
    if (!covered) continue;
    const Y = ratios.reduce((a, b) => a + b, 0);
    const L = phases.reduce((a, p) => a + (lost[p]), 0);
    const cost = Y < 0.95 ? (1.5 * L + 5) / (1 - Y) : Infinity;
    if (!best || cost < best.cost - 1e-9 || (cost === Infinity && best.cost === Infinity && Y < best.Y - 1e-12)) best = { phases, ratios, cost, Y };
  }
  return best;
}
