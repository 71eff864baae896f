import { describe, expect, it } from 'vitest';
import { compareRuns, relativeDiff, withinTolerance } from '../../../../envs/traffic/validate/compareRuns.js';
import type { RunMetrics } from '../../../../envs/traffic/validate/runMetrics.js';

function run(seed: number, o: Partial<RunMetrics>): RunMetrics {
  return {
    seed,
    inserted: 0,
    arrived: 0,
    running: 0,
    waiting: 0,
    teleports: 0,
    meanTravelTime: 0,
    meanTimeLoss: 0,
    meanWaitingTime: 0,
    meanDepartDelay: 0,
    rescoDelay: 0,
    vehicleUpdates: 0,
    updatesPerCpuSecond: 0,
    cpuSeconds: 1,
    wallSeconds: 1,
    endTime: 3600,
    ...o,
  };
}

// Student t quantile t(0.975, 2) = 4.302653 (tables); half-width = t * s / sqrt(n)
const T_975_2 = 4.302653;

describe('comparing SUMO and tsgym runs over seeds', () => {
  const sumo = [
    run(1, { arrived: 100, meanTravelTime: 50, teleports: 40 }),
    run(2, { arrived: 104, meanTravelTime: 52, teleports: 40 }),
    run(3, { arrived: 102, meanTravelTime: 54, teleports: 40 }),
  ];
  const tsgym = [
    run(1, { arrived: 96, meanTravelTime: 60, teleports: 44 }),
    run(2, { arrived: 98, meanTravelTime: 59, teleports: 44 }),
    run(3, { arrived: 97, meanTravelTime: 61, teleports: 44 }),
  ];
  const { rows, pass } = compareRuns(sumo, tsgym);
  const row = (k: string) => rows.find((r) => r.key === k);

  it('gives each side its mean and 95 % Student-t interval', () => {
    const a = row('arrived');
    expect(a?.sumo.mean).toBe(102);
    expect(a?.sumo.std).toBeCloseTo(2, 12); // deviations -2, 2, 0
    expect(a?.sumo.halfWidth).toBeCloseTo((T_975_2 * 2) / Math.sqrt(3), 5); // 4.968
    expect(a?.tsgym.mean).toBe(97);
    expect(a?.tsgym.halfWidth).toBeCloseTo((T_975_2 * 1) / Math.sqrt(3), 5); // s = 1: 2.484
    expect(a?.sumo.values).toEqual([100, 104, 102]);
  });

  it('judges arrived (5 %), travel time (15 %) and teleports (max(3, 10 % of SUMO)) on the means', () => {
    expect(row('arrived')?.relativeDiff).toBeCloseTo(-5 / 102, 12); // -4.9 %: within 5 %
    expect(row('arrived')?.pass).toBe(true);
    expect(row('meanTravelTime')?.relativeDiff).toBeCloseTo(8 / 52, 12); // +15.4 %: beyond 15 %
    expect(row('meanTravelTime')?.pass).toBe(false);
    expect(row('teleports')?.pass).toBe(true); // |44 - 40| = 4 <= max(3, 4)
    expect(row('meanTimeLoss')?.pass).toBeUndefined(); // shown, not judged
    expect(pass).toBe(false);
  });

  it('passes when every judged figure is within its tolerance', () => {
    const ok = compareRuns(
      sumo,
      tsgym.map((r) => ({ ...r, meanTravelTime: 58 })),
    );
    expect(ok.pass).toBe(true); // travel time +11.5 %
  });

  it('handles a single seed (no interval) and zero means', () => {
    const one = compareRuns([run(1, { arrived: 10 })], [run(1, { arrived: 10 })]);
    expect(Number.isNaN(one.rows[1]?.sumo.halfWidth)).toBe(true);
    expect(one.rows.find((r) => r.key === 'teleports')?.relativeDiff).toBe(0);
    expect(relativeDiff(0, 2)).toBe(Number.POSITIVE_INFINITY);
    expect(relativeDiff(0, 0)).toBe(0);
    expect(() => compareRuns([], [run(1, {})])).toThrow(/at least one run per side/);
  });

  it('applies the absolute teleport tolerance with its floor of 3', () => {
    const t = { absolute: 3, relativeOfSumo: 0.1, text: '' };
    expect(withinTolerance(t, 0, 3)).toBe(true);
    expect(withinTolerance(t, 0, 4)).toBe(false);
    expect(withinTolerance(t, 100, 110)).toBe(true);
    expect(withinTolerance(t, 100, 111)).toBe(false);
  });
});
