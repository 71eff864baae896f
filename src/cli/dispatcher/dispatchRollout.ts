import type { JobShopInstance } from '../../../envs/factory/jobshop/JobShopInstance.js';
import { ruleChoice, type JobShopRule } from '../../../envs/factory/jobshop/JobShopRulePolicy.js';
import { JobShopSim, type DispatchScheme } from '../../../envs/factory/jobshop/JobShopSim.js';
import { N_OP_FEATURES, writeOpFeatures } from '../../../envs/factory/jobshop/opFeatures.js';
import type { DispatchNet } from '../../../envs/factory/jobshop/gnn/DispatchNet.js';
import type { Rng } from '../../rng/Rng.js';
import type { DecisionStore } from './DecisionBatch.js';

/** Who chooses in a rollout: the network (greedy or sampled) or a rule (the behaviour-cloning teacher). */
export type Chooser = { net: DispatchNet; greedy: boolean; rng: Rng } | { rule: JobShopRule };

/** What a rollout produced: the makespan and the stored decisions `[first, first + count)`. */
export interface RolloutResult {
  makespan: number;
  first: number;
  count: number;
}

/** Scratch buffers of the rollouts of one instance size. */
export class RolloutScratch {
  readonly x: Float32Array;
  readonly scores: Float64Array;
  constructor(J: number, M: number) {
    this.x = new Float32Array(J * M * N_OP_FEATURES);
    this.scores = new Float64Array(J);
  }
}

/** Samples from the softmax of `scores` (finite entries); returns the job and its log-probability. */
function sampleJob(scores: Float64Array, rng: Rng, greedy: boolean): [number, number] {
  let mx = -Infinity;
  let arg = -1;
  for (let j = 0; j < scores.length; j++)
    if (scores[j] > mx) {
      mx = scores[j];
      arg = j;
    }
  let z = 0;
  for (const s of scores) if (s !== -Infinity) z += Math.exp(s - mx);
  const logZ = mx + Math.log(z);
  if (greedy) return [arg, mx - logZ];
  let u = rng.random() * z;
  let pick = arg;
  for (let j = 0; j < scores.length; j++) {
    const s = scores[j];
    if (s === -Infinity) continue;
    pick = j;
    u -= Math.exp(s - mx);
    if (u <= 0) break;
  }
  return [pick, scores[pick] - logZ];
}

/**
 * Schedules `inst` under `scheme` with the chooser and returns the makespan. Decisions with two or more
 * allowed jobs (the only ones that carry a learning signal) go into `store` when given, with the
 * chooser's log-probability (0 for a rule).
 *
 * @example
 * ```ts
 * const { makespan } = dispatchRollout(inst, 'non-delay', { net, greedy: true, rng }, scratch);
 * ```
 */
export function dispatchRollout(
  inst: JobShopInstance,
  scheme: DispatchScheme,
  chooser: Chooser,
  scratch: RolloutScratch,
  store?: DecisionStore,
): RolloutResult {
  const sim = new JobShopSim(inst, scheme);
  const first = store?.n ?? 0;
  while (!sim.done) {
    let count = 0;
    let only = -1;
    for (let j = 0; j < sim.nJobs; j++)
      if (sim.mask[j]) {
        count++;
        only = j;
      }
    if (count === 1) {
      sim.dispatch(only);
      continue;
    }
    writeOpFeatures(sim, scratch.x);
    let action: number;
    let logp = 0;
    if ('rule' in chooser) action = ruleChoice(sim, chooser.rule, sim.mask);
    else {
      const graph = { nJobs: sim.nJobs, nMachines: sim.nMachines, x: scratch.x, machine: inst.machine, nextOp: sim.nextOp, mask: sim.mask };
      chooser.net.scores(graph, scratch.scores);
      [action, logp] = sampleJob(scratch.scores, chooser.rng, chooser.greedy);
    }
    store?.add(scratch.x, sim.nextOp, inst.machine, sim.mask, action, logp);
    sim.dispatch(action);
  }
  return { makespan: sim.makespan(), first, count: (store?.n ?? 0) - first };
}
