import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/rng/Rng.js';
import { aggregateRuns, bootstrapInterval, iqm, mean } from '../../src/stats/bootstrap.js';

describe('interquartile mean', () => {
  it('drops floor(n/4) values at each end, as scipy trim_mean(x, 0.25)', () => {
    expect(iqm([0, 10, 11, 12, 500])).toBe(11); // n=5: one dropped each side
    expect(iqm([4, 1, 3, 2])).toBe(2.5); // n=4: 2 and 3 left
    expect(iqm([1, 2, 3])).toBe(2); // n=3: nothing dropped
    expect(iqm([8, 7, 6, 5, 4, 3, 2, 1])).toBe(4.5); // n=8: 3..6 left
    expect(mean([1, 2, 6])).toBe(3);
  });
});

describe('percentile bootstrap', () => {
  it('of a constant is that constant', () => {
    const rng = new Rng(1);
    expect(bootstrapInterval([7, 7, 7], mean, () => rng.random())).toEqual({ point: 7, low: 7, high: 7 });
  });

  it('of the mean of {0, 1}: resample means 0, 1/2, 1 with probabilities 1/4, 1/2, 1/4, so the 95 % interval is [0, 1]', () => {
    const rng = new Rng(2);
    const r = bootstrapInterval([0, 1], mean, () => rng.random(), { resamples: 4000 });
    expect(r).toEqual({ point: 0.5, low: 0, high: 1 });
    // the 50 % interval is the middle atom
    const rng2 = new Rng(3);
    expect(bootstrapInterval([0, 1], mean, () => rng2.random(), { resamples: 4000, level: 0.4 })).toMatchObject({ low: 0.5, high: 0.5 });
  });

  it('of the mean of n normal draws has about the normal-theory width 2 x 1.96 sigma / sqrt(n)', () => {
    const rng = new Rng(4);
    const xs = Array.from({ length: 400 }, () => rng.normal(10, 2));
    const r = bootstrapInterval(xs, mean, () => rng.random(), { resamples: 3000 });
    const width = (2 * 1.96 * 2) / Math.sqrt(400);
    expect(r.high - r.low).toBeGreaterThan(0.85 * width);
    expect(r.high - r.low).toBeLessThan(1.15 * width);
    expect(r.low).toBeLessThan(r.point);
    expect(r.high).toBeGreaterThan(r.point);
  });

  it('aggregateRuns: an outlier run moves the mean more than the IQM', () => {
    const rng = new Rng(5);
    const a = aggregateRuns([500, 500, 500, 500, 20], () => rng.random(), { resamples: 500 });
    expect(a.mean.point).toBe(404);
    expect(a.iqm.point).toBe(500);
    expect(a.iqm.high).toBe(500);
    expect(a.mean.low).toBeLessThan(a.mean.point); // resamples with the failed run twice or more
    expect(a).toMatchObject({ n: 5, level: 0.95, resamples: 500 });
  });
});
