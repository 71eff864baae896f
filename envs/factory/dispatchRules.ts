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
