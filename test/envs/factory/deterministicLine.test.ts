import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/rng/Rng.js';
import { FlowLineSim, SIM_END } from '../../../envs/factory/FlowLineSim.js';
import { LineModel } from '../../../envs/factory/LineModel.js';
import { STATE_BLOCKED, STATE_BUSY, STATE_DOWN, STATE_SETUP, STATE_STARVED } from '../../../envs/factory/LineStats.js';

function runLog(config: unknown): { sim: FlowLineSim; done: [number, number][] } {
  const sim = new FlowLineSim(LineModel.fromConfig(config));
  const done: [number, number][] = [];
  sim.onJobDone = (serial, _p, t) => done.push([serial, t]);
  sim.reset(new Rng(0));
  expect(sim.advance()).toBe(SIM_END);
  return { sim, done };
}

const st = (sim: FlowLineSim, m: number, s: number): number => sim.stateTime[m * 6 + s];

describe('deterministic lines give the hand-computed schedule', () => {
  it('three stages 2 s / 5 s / 1 s, no buffer before stage 2, blocking after service', () => {
    // Hand schedule (4 jobs released at 0): S1 0-2 2-4 [blocked 4-7] 7-9 [9-12] 12-14 [14-17];
    // S2 2-7 7-12 12-17 17-22; S3 7-8 12-13 17-18 22-23.
    const { sim, done } = runLog({
      horizon: 1000,
      stages: [
        { name: 'S1', processing: 2 },
        { name: 'S2', buffer: 0, processing: { kind: 'deterministic', value: 5 } },
        { name: 'S3', processing: 1 },
      ],
      release: { kind: 'orders', orders: [{ time: 0, product: 'A', quantity: 4 }] },
    });
    expect(done).toEqual([[0, 8], [1, 13], [2, 18], [3, 23]]);
    expect(sim.now).toBe(23);
    expect(st(sim, 0, STATE_BUSY)).toBe(8);
    expect(st(sim, 0, STATE_BLOCKED)).toBe(9);
    expect(st(sim, 0, STATE_STARVED)).toBe(6);
    expect(st(sim, 1, STATE_BUSY)).toBe(20);
    expect(st(sim, 1, STATE_STARVED)).toBe(3);
    expect(st(sim, 2, STATE_BUSY)).toBe(4);
    expect(sim.stats.sumCycle).toBe(8 + 13 + 18 + 23);
    expect(sim.stats.wipArea).toBe(8 + 13 + 18 + 23);
  });

  it('sequence-dependent setups: A, B, A with setup A->B 3 s and B->A 2 s', () => {
    // A 0-1, setup 1-4, B 4-5, setup 5-7, A 7-8
    const { sim, done } = runLog({
      horizon: 100,
      products: [{ name: 'A' }, { name: 'B' }],
      stages: [{ name: 'M', processing: 1, setup: { matrix: [[0, 3], [2, 0]] } }],
      release: { kind: 'orders', orders: [{ time: 0, product: 'A' }, { time: 0, product: 'B' }, { time: 0, product: 'A' }] },
    });
    expect(done).toEqual([[0, 1], [1, 5], [2, 8]]);
    expect(st(sim, 0, STATE_SETUP)).toBe(5);
    expect(st(sim, 0, STATE_BUSY)).toBe(3);
  });

  it('a failure interrupts processing, which resumes after repair (preempt-resume)', () => {
    // jobs of 4 s; failure at 10 (during job 3, 8-10 done), repair 5 s, job 3 finishes 15 + 2 = 17
    const { sim, done } = runLog({
      horizon: 100,
      stages: [{ name: 'M', processing: 4, failures: { timeBetween: 10, repair: 5 } }],
      release: { kind: 'orders', orders: [{ time: 0, product: 'A', quantity: 3 }] },
    });
    expect(done.map((d) => d[1])).toEqual([4, 8, 17]);
    expect(st(sim, 0, STATE_DOWN)).toBe(5);
    expect(st(sim, 0, STATE_BUSY)).toBe(12);
  });

  it('preventive maintenance waits for the running job: PM due at 6 runs 8-10', () => {
    const { sim, done } = runLog({
      horizon: 100,
      stages: [{ name: 'M', processing: 4, maintenance: { interval: 6, duration: 2 } }],
      release: { kind: 'orders', orders: [{ time: 0, product: 'A', quantity: 3 }] },
    });
    expect(done.map((d) => d[1])).toEqual([4, 8, 14]);
    expect(st(sim, 0, STATE_DOWN)).toBe(2);
  });

  it('two parallel machines and EDD dispatch: orders with explicit due dates are served by due date', () => {
    // 5 jobs of 3 s at t=0 on 2 machines: jobs 0,1 start at once; then EDD picks job 4 (due 5), job 2 (due 9), job 3 (due 20)
    const sim = new FlowLineSim(
      LineModel.fromConfig({
        horizon: 100,
        stages: [{ name: 'M', machines: 2, processing: 3 }],
        release: {
          kind: 'orders',
          orders: [
            { time: 0, product: 'A', dueDate: 50 },
            { time: 0, product: 'A', dueDate: 50 },
            { time: 0, product: 'A', dueDate: 9 },
            { time: 0, product: 'A', dueDate: 20 },
            { time: 0, product: 'A', dueDate: 5 },
          ],
        },
      }),
    );
    const done: [number, number][] = [];
    sim.onJobDone = (serial, _p, t) => done.push([serial, t]);
    sim.autoRule = 3; // EDD
    sim.reset(new Rng(0));
    sim.advance();
    expect(done).toEqual([[0, 3], [1, 3], [4, 6], [2, 6], [3, 9]]);
  });
});
