import type { Env } from '../../../src/core/Env.js';
import { UnknownPolicy } from '../../../src/core/errors.js';
import type { Policy } from '../../../src/policy/Policy.js';
import { JobShopEnv, type JobShopObs } from './JobShopEnv.js';

/**
 * Rules of the job-shop baselines (policy names).
 *
 * @example
 * ```ts
 * JOBSHOP_RULES.map((r) => makePolicy(r, 'JobShop-v0', env));
 * ```
 */
export const JOBSHOP_RULES = ['fifo', 'spt', 'lpt', 'mwkr', 'lwkr'] as const;
/** A job-shop baseline rule. */
export type JobShopRule = (typeof JOBSHOP_RULES)[number];

/**
 * A priority-dispatching baseline for JobShop-v0 (Giffler-Thompson: the rule chooses inside the conflict
 * set, so schedules are active): `fifo` earliest ready job, `spt`/`lpt` shortest/longest next operation,
 * `mwkr`/`lwkr` most/least work remaining. Ties go to the lowest job index.
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
    const s = this.shop;
    const inst = s.instance;
    const M = inst.nMachines;
    s.conflictSet(this.cand);
    let best = -1;
    let bestScore = Infinity;
    for (let j = 0; j < inst.nJobs; j++) {
      if (!this.cand[j]) continue;
      const t = inst.time[j * M + (s.nextOp[j] as number)] as number;
      const w = s.jobWorkLeft[j] as number;
      const score = this.rule === 'fifo' ? (s.jobReady[j] as number) : this.rule === 'spt' ? t : this.rule === 'lpt' ? -t : this.rule === 'mwkr' ? -w : w;
      if (score < bestScore) {
        bestScore = score;
        best = j;
      }
    }
    return best;
  }
}
