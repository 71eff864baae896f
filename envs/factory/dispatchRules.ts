import type { FlowLineState } from './flowLineState.js';

/**
 * Dispatching rules a flow-line machine can use to pick the next job from its input buffer, in the order of
 * `FactoryLine-v0`'s rule-selection action. Ties go to the job that entered the buffer first.
 * - `FIFO` first in the buffer; `SPT` / `LPT` shortest / longest nominal processing time at this stage;
 * - `EDD` earliest due date; `CR` smallest critical ratio (due - now) / remaining nominal work;
 * - `MWKR` most nominal work remaining (this stage included); `SST` shortest setup from the machine's last product.
 *
 * @example
 * ```ts
 * DISPATCH_RULES.indexOf('EDD'); // 3
 * ```
 */
export const DISPATCH_RULES = ['FIFO', 'SPT', 'LPT', 'EDD', 'CR', 'MWKR', 'SST'] as const;

/** A dispatching rule name. */
export type DispatchRule = (typeof DISPATCH_RULES)[number];

export const RULE_FIFO = 0;
export const RULE_SPT = 1;
export const RULE_LPT = 2;
export const RULE_EDD = 3;
export const RULE_CR = 4;
export const RULE_MWKR = 5;
export const RULE_SST = 6;

/**
 * Buffer position (0 = first in) that `rule` picks for machine `m` of `sim` among the first `limit`
 * waiting jobs; ties go to the earliest in the buffer.
 *
 * @example
 * ```ts
 * const k = pickByRule(sim, sim.decisionMachine, RULE_EDD);
 * ```
 */
export function pickByRule(sim: FlowLineState, m: number, rule: number, limit = Infinity): number {
  const md = sim.model;
  const s = md.machStage[m];
  const buf = sim.buffers[s];
  const n = buf.length < limit ? buf.length : limit;
  if (rule === RULE_FIFO || n <= 1) return 0;
  const P = md.nProducts;
  const S1 = md.nStages + 1;
  const jobs = sim.jobs;
  let best = 0;
  let bestScore = Infinity;
  for (let i = 0; i < n; i++) {
    const j = buf.at(i);
    const p = jobs.product[j];
    let score: number;
    switch (rule) {
      case RULE_SPT:
        score = md.procMean[s * P + p];
        break;
      case RULE_LPT:
        score = -(md.procMean[s * P + p]);
        break;
      case RULE_EDD:
        score = jobs.due[j];
        break;
      case RULE_CR:
        score = ((jobs.due[j]) - sim.now) / (md.remWork[p * S1 + (jobs.step[j])]);
        break;
      case RULE_MWKR:
        score = -(md.remWork[p * S1 + (jobs.step[j])]);
        break;
      case RULE_SST: {
        const last = sim.machLast[m];
        score = last < 0 ? 0 : (md.setup[(s * P + last) * P + p]);
        break;
      }
      default:
        score = i;
    }
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}
