import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTQuantile } from '../../src/stats/studentT.js';
import { pairedDifference, summarize } from '../../src/stats/summarize.js';

describe('Student t', () => {
  // Two-sided 95 % critical values from any printed t table.
  const table: [number, number][] = [[1, 12.706], [2, 4.303], [4, 2.776], [9, 2.262], [19, 2.093], [29, 2.045], [100, 1.984], [1e6, 1.96]];
  it.each(table)('t(0.975, df=%d) = %f', (df, t) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3);
  });

  it('df=1 is the Cauchy distribution', () => {
    for (const t of [-3, -0.5, 0, 1, 7]) expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 10);
  });

  it('quantile is symmetric and inverts the cdf', () => {
    expect(studentTQuantile(0.025, 7)).toBeCloseTo(-studentTQuantile(0.975, 7), 9);
    expect(studentTCdf(studentTQuantile(0.9, 3), 3)).toBeCloseTo(0.9, 9);
    expect(() => studentTQuantile(1, 3)).toThrow(/0 < p < 1/);
  });
});

describe('summarize / pairedDifference', () => {
  it('matches a hand computation', () => {
    // mean 2.5, sample var = (2.25+0.25+0.25+2.25)/3 = 5/3, se = sqrt(5/3)/2, t(0.975,3) = 3.182
    const s = summarize([1, 2, 3, 4]);
    expect(s.mean).toBe(2.5);
    expect(s.std).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(s.halfWidth).toBeCloseTo(3.182446 * Math.sqrt(5 / 3) / 2, 4);
  });

  it('one sample has no interval', () => {
    const s = summarize([3]);
    expect(s.std).toBe(0);
    expect(Number.isNaN(s.halfWidth)).toBe(true);
  });

  it('paired differences remove the shared per-seed noise', () => {
    const a = [10, 20, 30, 40];
    const b = [11, 21, 31, 41];
    const d = pairedDifference(a, b);
    expect(d.mean).toBe(1);
    expect(d.std).toBe(0);
    expect(d.halfWidth).toBe(0);
    expect(() => pairedDifference([1], [1, 2])).toThrow(/equal lengths/);
  });
});
