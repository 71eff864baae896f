import { describe, expect, it } from 'vitest';
import { AdaptiveSpin } from '../../src/vector/AdaptiveSpin.js';

describe('AdaptiveSpin', () => {
  it('returns at once when the slot already differs / already equals, without touching the budget', () => {
    const a = new Int32Array(new SharedArrayBuffer(8));
    a[0] = 5;
    const s = new AdaptiveSpin(100);
    expect(s.whileEquals(a, 0, 4)).toBe(true);
    expect(s.untilEquals(a, 0, 5)).toBe(true);
    expect(s.budgetUs).toBeCloseTo(100, 6);
  });

  it('a spin that runs out waits about its budget, then halves it down to the floor; 0 never spins', () => {
    const a = new Int32Array(new SharedArrayBuffer(8));
    const s = new AdaptiveSpin(100, 20);
    const t0 = performance.now();
    expect(s.whileEquals(a, 0, 0)).toBe(false);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(0.1);
    expect(s.budgetUs).toBeCloseTo(50, 6);
    expect(s.untilEquals(a, 0, 1)).toBe(false);
    expect(s.budgetUs).toBeCloseTo(25, 6);
    expect(s.whileEquals(a, 0, 0)).toBe(false);
    expect(s.budgetUs).toBeCloseTo(20, 6); // floor, not 12.5
    const none = new AdaptiveSpin(0);
    expect(none.whileEquals(a, 0, 0)).toBe(false);
    expect(none.budgetUs).toBe(0);
  });

  it('a spin that sees the change (made by another thread) doubles the budget, up to the maximum', async () => {
    const a = new Int32Array(new SharedArrayBuffer(8));
    const s = new AdaptiveSpin(200_000, 10_000); // 200 ms max: room for a worker to start
    expect(s.whileEquals(a, 0, 0)).toBe(false);
    expect(s.budgetUs).toBeCloseTo(100_000, 3);
    expect(s.whileEquals(a, 0, 0)).toBe(false);
    expect(s.budgetUs).toBeCloseTo(50_000, 3);
    const { Worker } = await import('node:worker_threads');
    // the worker announces itself on slot 1, busy-waits 2 ms, then changes slot 0: the change comes while we spin
    const code = 'const { workerData: a } = require("node:worker_threads"); Atomics.store(a, 1, 1); const t = performance.now() + 2; while (performance.now() < t); Atomics.store(a, 0, 1);';
    for (const expected of [100_000, 200_000, 200_000]) {
      Atomics.store(a, 0, 0);
      Atomics.store(a, 1, 0);
      const w = new Worker(code, { eval: true, workerData: a });
      while (Atomics.load(a, 1) === 0) Atomics.wait(a, 1, 0, 1);
      expect(s.whileEquals(a, 0, 0)).toBe(true);
      expect(s.budgetUs).toBeCloseTo(expected, 3);
      await w.terminate();
    }
  });
});
