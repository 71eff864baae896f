import { describe, expect, it } from 'vitest';
import { MPLIGHT_FEATURES, PHASE_FEATURES, mplightFeatures, phaseFeatures, pressureReward } from '../../../../envs/traffic/resco/phaseFeatures.js';
import { intersection, type Veh } from './fakeIntersection.js';

// N (lane 0): 2 halting within 200 m, one at 6 m/s within 200 m, one halting beyond 200 m (not counted)
// E (lane 1): 1 halting; out lane 2 (towards a signal): 1 halting; out lane 3 (no signal): 3 halting
const LANES: Record<number, Veh[]> = {
  0: [[4, 0], [11, 0], [80, 6], [260, 0]],
  1: [[2, 0]],
  2: [[30, 0]],
  3: [[1, 0], [2, 0], [3, 0]],
};

function expectClose(x: Float32Array, expected: number[]): void {
  expect(x.length).toBe(expected.length);
  expected.forEach((v, i) => expect(x[i]).toBeCloseTo(v, 6));
}

describe("MPLight's per-phase state and pressure reward", () => {
  it('one row per phase: [pressure / 28, current], the pressure counting only outgoing lanes that lead to a signal', () => {
    // phase 0 (0 -> 2): 2 queued in - 1 queued on lane 2; phase 1 (1 -> 3): 1 queued, lane 3 ignored
    expectClose(mplightFeatures(intersection(LANES, { phase: 1 })), [1 / 28, 0, 1 / 28, 1]);
    expect(MPLIGHT_FEATURES).toBe(2);
  });

  it('has as many rows as phases: a third phase serving both movements sums their pressures', () => {
    const x = mplightFeatures(intersection(LANES, { phases: [[0], [1], [0, 1]], phase: 2 }));
    expectClose(x, [1 / 28, 0, 1 / 28, 0, 2 / 28, 1]);
  });

  it('marks no phase current during a yellow', () => {
    const x = mplightFeatures(intersection(LANES, { transition: true }));
    expect([x[1], x[3]]).toEqual([0, 0]);
  });

  it("reward: minus (queued in - queued downstream at signals) / 28, RESCO's pressure", () => {
    // in: 2 + 1 queued; downstream at a signal: lane 2's 1 queued
    expect(pressureReward(intersection(LANES))).toBeCloseTo(-(3 - 1) / 28, 12);
  });
});

describe("phase-dqn's movement-level rows", () => {
  it('continues a short approach upstream through the lanes that only feed it, for the rest of the 200 m', () => {
    // lane 0 is 20 m: lane 4 is seen for 180 m from its end; a vehicle at 190 m on lane 4 is 210 m away
    const lanes: Record<number, Veh[]> = { 0: [[3, 0]], 4: [[5, 0], [60, 4], [190, 0]] };
    const x = phaseFeatures(intersection(lanes, { waiting: [10, 0, 0, 0, 30] }));
    expectClose(x.subarray(0, 4), [2 / 28, 1 / 28, 40 / 224, 4 / 560]);
    // RESCO's own observation keeps to the lane itself
    expect(mplightFeatures(intersection(lanes))[0]).toBeCloseTo(1 / 28, 6);
  });


  it('sums queue, approach, wait and speed over the lanes a phase serves, then downstream queue, lanes / 4, current', () => {
    const x = phaseFeatures(intersection(LANES, { waiting: [40, 8, 0, 0], phases: [[0], [1], [0, 1]], phase: 0 }));
    expect(x.length).toBe(3 * PHASE_FEATURES);
    const row0 = [2 / 28, 1 / 28, 40 / 224, 6 / 560, 1 / 28, 1 / 4, 1];
    const row1 = [1 / 28, 0, 8 / 224, 0, 3 / 28, 1 / 4, 0];
    // both movements: lanes 0 and 1 in, lanes 2 and 3 out
    const row2 = [3 / 28, 1 / 28, 48 / 224, 6 / 560, 4 / 28, 2 / 4, 0];
    expectClose(x, [...row0, ...row1, ...row2]);
  });
});
