import type { Env } from '../../../src/core/Env.js';
import { UnknownPolicy } from '../../../src/core/errors.js';
import type { Policy } from '../../../src/policy/Policy.js';
import { JobShopEnv, type JobShopObs } from './JobShopEnv.js';
import type { JobShopSim } from './JobShopSim.js';

/**
 * Rules of the job-shop baselines (policy names).
 *
 * @example
 * ```ts
 * JOBSHOP_RULES.map((r) => makePolicy(r, 'JobShop-v0', env));
 * ```
 */
export const JOBSHOP_RULES = ['fifo', 'spt', 'lpt', 'mwkr', 'lwkr', 'fdd-mwkr', 'mopnr'] as const;
/** A job-shop baseline rule. */
export type JobShopRule = (typeof JOBSHOP_RULES)[number];

/**
 * The priority of job `j`'s next operation under `rule` (lower is dispatched first), with L2D's
 * definitions (Zhang et al. 2020, appendix B, after Sels et al. 2012; release times 0): SPT p_ij; MWKR
 * -(work of the job from this operation on); FDD/MWKR (work up to and including this operation) /
 * (work from this operation on); MOPNR -(operations from this one on). `fifo`: the job's ready time.
 *
 * @example
 * ```ts
 * rulePriority(sim, 'mwkr', 0); // -(job 0's work left)
 * ```
 */
export function rulePriority(sim: JobShopSim, rule: JobShopRule, j: number): number {
  const M = sim.nMachines;
  const k = sim.nextOp[j];
  const t = sim.instance.time[j * M + k];
  const left = sim.jobWorkLeft[j];
  switch (rule) {
    case 'fifo': return sim.jobReady[j];
    case 'spt': return t;
    case 'lpt': return -t;
    case 'mwkr': return -left;
    case 'lwkr': return left;
    case 'fdd-mwkr': return (sim.jobWorkDone[j] + t) / Math.max(1e-9, left);
    case 'mopnr': return -(M - k);
  }
}

/**
 * The job `rule` dispatches among the jobs set in `candidates` (lowest priority value; ties to the
 * lowest job index), or -1 if none is set.
 *
 * @example
 * ```ts
 * ruleChoice(sim, 'spt', sim.mask);
 * ```
 */
export function ruleChoice(sim: JobShopSim, rule: JobShopRule, candidates: Int8Array): number {
  let best = -1;
  let bestScore = Infinity;
  for (let j = 0; j < sim.nJobs; j++) {
    if (!candidates[j]) continue;
    const score = rulePriority(sim, rule, j);
    if (score < bestScore) {
      bestScore = score;
      best = j;
    }
  }
  return best;
}

/**
 * A priority-dispatching baseline for JobShop-v0: the rule chooses among the jobs the env's scheme
 * allows (`left-shift`: any job, as in L2D; `active`: the Giffler-Thompson conflict set; `non-delay`:
 * the non-delay set); under `append` (any job, appended) it chooses inside the Giffler-Thompson conflict
 * set, so its schedules are active. Ties go to the lowest job index. See {@link rulePriority}.
 *
 * @example
 * ```ts
 * const policy = new JobShopRulePolicy(env, 'mwkr');
 * ```
 */
export class JobShopRulePolicy implements Policy<JobShopObs, number> {
  readonly name: string;
  private readonly shop: JobShopEnv;
  private readonly cand: Int8Array;

  constructor(env: Env<any, any>, readonly rule: JobShopRule) {
    this.name = rule;
    const inner = env.unwrapped;
    if (!(inner instanceof JobShopEnv)) throw new UnknownPolicy(`Policy '${rule}' drives JobShop-v0, got ${inner.toString()}`);
    this.shop = inner;
    this.cand = new Int8Array(inner.instance.nJobs);
  }

  act(): number {
    const sim = this.shop.sim;
    if (sim.scheme === 'append') sim.conflictSet(this.cand);
    else this.cand.set(sim.mask);
    return ruleChoice(sim, this.rule, this.cand);
  }
}
