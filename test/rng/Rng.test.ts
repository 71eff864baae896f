import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/rng/Rng.js';

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
function variance(xs: number[]): number {
  const m = mean(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
}
function draw(n: number, f: () => number): number[] {
  return Array.from({ length: n }, f);
}

describe('Rng', () => {
  it('repeats under a seed and differs across seeds', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const xa = draw(50, () => a.random());
    expect(draw(50, () => b.random())).toEqual(xa);
    expect(draw(50, () => c.random())).not.toEqual(xa);
  });

  it('continues exactly from a saved state, including the normal spare', () => {
    const a = new Rng(3);
    a.normal(); // leaves a spare
    const s = JSON.parse(JSON.stringify(a.getState()));
    const b = Rng.fromState(s);
    expect(draw(20, () => b.normal())).toEqual(draw(20, () => a.normal()));
  });

  it('a restored rng spawns the same children as the original would next (spawn count is part of the state)', () => {
    const a = new Rng(9);
    a.spawn(3);
    const b = Rng.fromState(JSON.parse(JSON.stringify(a.getState())));
    const seeds = (r: Rng) => r.spawn(2).map((c) => c.seed);
    const fromA = seeds(a);
    expect(seeds(b)).toEqual(fromA);
    // and they are not the first children again
    expect(fromA).not.toEqual(seeds(new Rng(9)));
  });

  it('integers stays in [low, high) and covers it uniformly', () => {
    const r = new Rng(1);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60000; i++) counts[r.integers(0, 6)]++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(400); // ~4 sigma
    expect(() => r.integers(3, 3)).toThrow(/high > low/);
  });

  it('normal, exponential and poisson have the textbook moments', () => {
    const r = new Rng(11);
    const n = draw(100000, () => r.normal(2, 3));
    expect(mean(n)).toBeCloseTo(2, 1);
    expect(Math.sqrt(variance(n))).toBeCloseTo(3, 1);
    const e = draw(100000, () => r.exponential(2));
    expect(mean(e)).toBeCloseTo(2, 1);
    expect(variance(e)).toBeGreaterThan(3.8);
    expect(variance(e)).toBeLessThan(4.2);
    for (const lam of [0.5, 4, 45, 300]) {
      const p = draw(40000, () => r.poisson(lam));
      expect(Math.abs(mean(p) - lam)).toBeLessThan(4 * Math.sqrt(lam / 40000) + 1e-9);
      expect(variance(p) / lam).toBeGreaterThan(0.95);
      expect(variance(p) / lam).toBeLessThan(1.05);
      expect(p.every((k) => Number.isInteger(k) && k >= 0)).toBe(true);
    }
  });

  it('weibull with shape 1 is exponential; triangular has mean (a+b+c)/3', () => {
    const r = new Rng(5);
    expect(mean(draw(100000, () => r.weibull(1, 3)))).toBeCloseTo(3, 1);
    const t = draw(100000, () => r.triangular(0, 1, 5));
    expect(mean(t)).toBeCloseTo(2, 1);
    expect(Math.min(...t)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...t)).toBeLessThanOrEqual(5);
  });

  it('choice respects probabilities; shuffle is a permutation', () => {
    const r = new Rng(2);
    let hits = 0;
    for (let i = 0; i < 20000; i++) if (r.choice(['a', 'b'], [0.25, 0.75]) === 'a') hits++;
    expect(hits / 20000).toBeCloseTo(0.25, 1);
    const xs = r.shuffle([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...xs].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('spawn gives independent streams that depend only on the seed and spawn order', () => {
    const a = new Rng(9);
    const b = new Rng(9);
    b.random();
    b.random(); // draws do not change children
    const [a1, a2] = a.spawn(2);
    const [b1] = b.spawn(1);
    expect(a1?.random()).toBe(b1?.random());
    expect(a1?.seed).not.toBe(a2?.seed);
    const [a3] = a.spawn(1);
    expect(a3?.seed).not.toBe(a1?.seed);
  });

  it('rejects non-integer seeds', () => {
    expect(() => new Rng(1.5)).toThrow(/integer/);
  });
});
