import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidConfig } from '../../src/core/errors.js';
import { RunningMeanStd } from '../../src/wrappers/RunningMeanStd.js';

/** Pooled mean/var of the prior (mean 0, var 1, weight eps) and the samples: the closed form of Gymnasium's update. */
function pooled(xs: number[], eps = 1e-4): { mean: number; var: number; count: number } {
  const n = eps + xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const m2 = eps * 1 + eps * mean * mean + xs.reduce((a, x) => a + (x - mean) ** 2, 0);
  return { mean, var: m2 / n, count: n };
}

describe('RunningMeanStd', () => {
  it("starts at mean 0, var 1, count 1e-4 (Gymnasium's defaults)", () => {
    const r = new RunningMeanStd(2);
    expect(Array.from(r.mean)).toEqual([0, 0]);
    expect(Array.from(r.var)).toEqual([1, 1]);
    expect(r.count).toBe(1e-4);
  });

  it('after single updates equals the pooled mean and population variance of prior + samples', () => {
    const xs = [3, -1, 4, 1, -5, 9, 2.5];
    const r = new RunningMeanStd(1);
    for (const x of xs) r.update([x]);
    const p = pooled(xs);
    expect(r.mean[0]).toBeCloseTo(p.mean, 12);
    expect(r.var[0]).toBeCloseTo(p.var, 12);
    expect(r.count).toBeCloseTo(p.count, 12);
  });

  it('merging a batch by its moments equals adding its samples one by one', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9]; // mean 5, population var 4
    const a = new RunningMeanStd(1);
    a.updateFromMoments([5], [4], 8);
    const p = pooled(xs);
    expect(a.mean[0]).toBeCloseTo(p.mean, 12);
    expect(a.var[0]).toBeCloseTo(p.var, 12);
  });

  it('saves and restores its state, refusing a state of another size', () => {
    const a = new RunningMeanStd(2);
    a.update([1, 2]);
    const b = new RunningMeanStd(2);
    b.setState(JSON.parse(JSON.stringify(a.getState())));
    expect(b.getState()).toEqual(a.getState());
    expect(() => new RunningMeanStd(3).setState(a.getState())).toThrow(InvalidConfig);
  });

  it('for any sample sequence, split into any two batches, merged moments equal the pooled closed form (fast-check)', () => {
    const xs = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(xs, fc.nat(), (v, cut) => {
        const k = cut % (v.length + 1);
        const a = v.slice(0, k);
        const b = v.slice(k);
        const r = new RunningMeanStd(1);
        for (const x of a) r.update([x]);
        if (b.length > 0) {
          const m = b.reduce((s, x) => s + x, 0) / b.length;
          r.updateFromMoments([m], [b.reduce((s, x) => s + (x - m) ** 2, 0) / b.length], b.length);
        }
        const p = pooled(v);
        const tol = (x: number) => 1e-9 * Math.max(1, Math.abs(x));
        return Math.abs(r.mean[0] - p.mean) < tol(p.mean) && Math.abs(r.var[0] - p.var) < tol(p.var) * 10;
      }),
      { numRuns: 300 },
    );
  });
});
