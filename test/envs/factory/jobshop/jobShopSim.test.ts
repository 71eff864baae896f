import { describe, expect, it } from 'vitest';
import { parseJobShop } from '../../../../envs/factory/jobshop/JobShopInstance.js';
import { JobShopSim } from '../../../../envs/factory/jobshop/JobShopSim.js';
import { rulePriority, ruleChoice } from '../../../../envs/factory/jobshop/JobShopRulePolicy.js';

// 3 jobs x 2 machines (OR-Library pairs: machine time)
//   job 0: M0 3, M1 2
//   job 1: M1 4, M0 1
//   job 2: M0 2, M1 5
const TINY = parseJobShop('3 2\n0 3 1 2\n1 4 0 1\n0 2 1 5\n', 'tiny');

const starts = (sim: JobShopSim): number[] => Array.from(sim.start);

describe('JobShopSim', () => {
  it('append: operations start when both the job and the machine are free (hand schedule)', () => {
    const sim = new JobShopSim(TINY, 'append');
    expect(Array.from(sim.mask)).toEqual([1, 1, 1]);
    for (const j of [0, 1, 2, 0, 1, 2]) sim.dispatch(j);
    // J0: M0 0-3; J1: M1 0-4; J2: M0 3-5; J0 op1: M1 max(3, 4) = 4-6; J1 op1: M0 max(4, 5) = 5-6; J2 op1: M1 max(5, 6) = 6-11
    expect(starts(sim)).toEqual([0, 4, 0, 5, 3, 6]);
    expect(sim.makespan()).toBe(11);
    expect(sim.done).toBe(true);
    expect(Array.from(sim.mask)).toEqual([0, 0, 0]);
  });

  it('left-shift: an operation goes into the first idle gap after its job is ready that is long enough', () => {
    // job 0: M0 1, M1 1; job 1: M1 3 -- job 2: M0 5, M1 1. Dispatch J2 (M0 0-5), J2 (M1 5-6), J0 (M0 5-6),
    // then J0's M1 op (ready 6) goes after 6; J1 (M1, 3 long, ready 0) fits into the gap 0..5 before J2's M1 op.
    const inst = parseJobShop('3 2\n0 1 1 1\n1 3 0 1\n0 5 1 1\n', 'gap');
    const sim = new JobShopSim(inst, 'left-shift');
    sim.dispatch(2);
    sim.dispatch(2);
    expect(sim.dispatch(1)).toBe(0); // J1 op0 on M1 left-shifted to 0 (gap 0..5 on M1)
    expect(Array.from(sim.machSeq.subarray(1 * 3, 1 * 3 + sim.machCount[1]))).toEqual([1 * 2 + 0, 2 * 2 + 1]);
    expect(sim.dispatch(0)).toBe(5); // J0 op0 on M0 after J2 (M0 busy 0..5)
    expect(sim.dispatch(0)).toBe(6); // J0 op1 on M1: ready 6, M1 free after 6
    expect(sim.dispatch(1)).toBe(6); // J1 op1 on M0: ready 3, M0 busy until 6, no gap fits before 0..5? gap 0..0 none
    // the same dispatch order with plain appending puts J1's first operation after J2's M1 op (6)
    const app = new JobShopSim(inst, 'append');
    app.dispatch(2);
    app.dispatch(2);
    expect(app.dispatch(1)).toBe(6);
  });

  it('non-delay: only jobs that can start at the earliest start time, on one machine', () => {
    const sim = new JobShopSim(TINY, 'non-delay');
    // at t=0: J0 (M0), J1 (M1), J2 (M0) can all start; the lowest-indexed such job's machine is M0
    expect(Array.from(sim.mask)).toEqual([1, 0, 1]);
    expect(sim.now).toBe(0);
    sim.dispatch(2); // J2 on M0 0-2
    // J1 can start at 0 on M1; J0 only at 2
    expect(Array.from(sim.mask)).toEqual([0, 1, 0]);
    sim.dispatch(1); // J1 M1 0-4
    expect(sim.now).toBe(2);
    expect(Array.from(sim.mask)).toEqual([1, 0, 0]);
  });

  it('active (Giffler-Thompson): the conflict set of the operation that can finish first', () => {
    const sim = new JobShopSim(TINY, 'active');
    // earliest completions: J0 3 (M0), J1 4 (M1), J2 2 (M0) -> machine M0, jobs starting before 2: J0 and J2
    expect(Array.from(sim.mask)).toEqual([1, 0, 1]);
    sim.dispatch(0); // J0 on M0 0-3
    // completions: J0 op1 on M1 3+2 = 5, J1 0+4 = 4, J2 3+2 = 5 -> M1; jobs on M1 starting before 4: J1 (0), J0 (3)
    expect(Array.from(sim.mask)).toEqual([1, 1, 0]);
  });

  it('keeps work and operation counts consistent with the schedule', () => {
    const sim = new JobShopSim(TINY, 'non-delay');
    expect(sim.bound()).toBe(Math.max(5, 7, 6, 6, 11)); // jobs 5, 5, 7; machines M0 6, M1 11
    while (!sim.done) sim.dispatch(sim.mask.indexOf(1));
    expect(Array.from(sim.jobWorkLeft)).toEqual([0, 0, 0]);
    expect(Array.from(sim.jobWorkDone)).toEqual([5, 5, 7]);
    expect(Array.from(sim.machOpsLeft)).toEqual([0, 0]);
    expect(sim.bound()).toBe(sim.makespan());
    sim.reset();
    expect(sim.scheduled).toBe(0);
    expect(starts(sim)).toEqual([-1, -1, -1, -1, -1, -1]);
  });
});

describe('L2D rule priorities (Zhang et al. 2020, appendix B)', () => {
  it('SPT, MWKR, FDD/MWKR and MOPNR by hand after job 0 did its first operation', () => {
    const sim = new JobShopSim(TINY, 'left-shift');
    sim.dispatch(0); // job 0 did M0 3; left: M1 2
    expect(rulePriority(sim, 'spt', 0)).toBe(2);
    expect(rulePriority(sim, 'spt', 1)).toBe(4);
    expect(rulePriority(sim, 'mwkr', 0)).toBe(-2);
    expect(rulePriority(sim, 'mwkr', 2)).toBe(-7);
    // FDD/MWKR: (work up to and including the operation) / (work from the operation on)
    expect(rulePriority(sim, 'fdd-mwkr', 0)).toBeCloseTo(5 / 2, 12);
    expect(rulePriority(sim, 'fdd-mwkr', 1)).toBeCloseTo(4 / 5, 12);
    expect(rulePriority(sim, 'fdd-mwkr', 2)).toBeCloseTo(2 / 7, 12);
    expect(rulePriority(sim, 'mopnr', 0)).toBe(-1);
    expect(rulePriority(sim, 'mopnr', 1)).toBe(-2);
    expect(ruleChoice(sim, 'spt', sim.mask)).toBe(0);
    expect(ruleChoice(sim, 'mwkr', sim.mask)).toBe(2);
    expect(ruleChoice(sim, 'fdd-mwkr', sim.mask)).toBe(2);
    expect(ruleChoice(sim, 'mopnr', sim.mask)).toBe(1); // jobs 1 and 2 tie at 2 operations: lowest index
  });
});
