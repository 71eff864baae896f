import { describe, expect, it } from 'vitest';
import { MaxWaveRule, argmax } from '../../../../envs/traffic/resco/MaxWaveRule.js';
import { RescoMaxPressureRule } from '../../../../envs/traffic/resco/RescoMaxPressureRule.js';
import { rescoObservation, rescoReward } from '../../../../envs/traffic/resco/rescoMdp.js';
import { intersection } from './fakeIntersection.js';

describe('RESCO greedy (MAXWAVE)', () => {
  it('picks the phase with the most queued plus approaching vehicles within 50 m', () => {
    // N: 2 queued + 1 approaching within 50 m, 3 more beyond; E: 4 approaching within 50 m
    const a = intersection({ 0: [[2, 0], [9, 0], [30, 8], [60, 0], [70, 0], [80, 0]], 1: [[5, 10], [15, 10], [25, 10], [49, 10]] });
    expect(new MaxWaveRule().waves(a)).toEqual([3, 4]);
    expect(new MaxWaveRule().decide(a)).toBe(1);
  });

  it('counts a vehicle exactly at 50 m and goes to the lowest phase on a tie', () => {
    const a = intersection({ 0: [[50, 0]], 1: [[10, 5]] });
    expect(new MaxWaveRule().waves(a)).toEqual([1, 1]);
    expect(new MaxWaveRule().decide(a)).toBe(0);
  });

  it('keeps the phase under way during a yellow', () => {
    expect(new MaxWaveRule().decide(intersection({ 0: [[1, 0]] }, { transition: true }))).toBe(1);
  });

  it('argmax takes the first maximum, as numpy', () => {
    expect(argmax([1, 3, 3])).toBe(1);
    expect(argmax([])).toBe(0);
  });
});

describe('RESCO max-pressure', () => {
  it('pressure = queued vehicles within 200 m in, minus queued on outgoing lanes that lead to a signal', () => {
    // N: 3 halting within 200 m (1 moving, 1 halting beyond 200 m, not counted); E: 2 halting
    // out lane 2 (towards a signal): 2 halting -> subtracted from phase 0; out lane 3 (no signal): 5 halting, ignored
    const a = intersection({
      0: [[5, 0], [12, 0], [150, 0.05], [100, 6], [250, 0]],
      1: [[3, 0], [10, 0]],
      2: [[20, 0], [40, 0]],
      3: [[1, 0], [2, 0], [3, 0], [4, 0], [5, 0]],
    });
    const rule = new RescoMaxPressureRule();
    expect(rule.pressures(a)).toEqual([3 - 2, 2]);
    expect(rule.decide(a)).toBe(1);
  });
});

describe("RESCO's learner observation and reward", () => {
  it('per lane approach/28, wait/28, queue/28, speed/(20*28) within 200 m, then the phase one-hot', () => {
    const a = intersection({ 0: [[5, 0], [30, 14], [300, 10]], 1: [] }, { waiting: [56, 0, 0, 0] });
    const o = rescoObservation(a);
    const expected = [1 / 28, 56 / 28, 1 / 28, 14 / 20 / 28, 0, 0, 0, 0, 1, 0];
    expect(o.length).toBe(expected.length);
    expected.forEach((x, i) => expect(o[i]).toBeCloseTo(x, 6));
  });

  it('reward = -waiting / 224 clipped to [-4, 4]', () => {
    expect(rescoReward(intersection({}, { waiting: [112, 0, 0, 0] }))).toBeCloseTo(-0.5, 12);
    expect(rescoReward(intersection({}, { waiting: [5000, 5000, 0, 0] }))).toBe(-4);
    expect(rescoReward(intersection({}, { waiting: [0, 0, 0, 0] }))).toBeCloseTo(0, 12);
  });
});
