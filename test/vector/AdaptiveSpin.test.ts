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
    const a = new Int32Array(new SharedArrayBuffer(12));
    const s = new AdaptiveSpin(200_000, 50_000); // spins of 50-200 ms: room for a worker to be scheduled on a loaded machine
    expect(s.whileEquals(a, 0, 0)).toBe(false);
    expect(s.whileEquals(a, 0, 0)).toBe(false);
    expect(s.budgetUs).toBeCloseTo(50_000, 3);
    const { Worker } = await import('node:worker_threads');
    // the worker says it runs (slot 1), waits until we announce the spin (slot 2), busy-waits 2 ms, then changes slot 0
    const code =
      'const { workerData: a } = require("node:worker_threads"); Atomics.store(a, 1, 1); while (Atomics.load(a, 2) === 0) Atomics.wait(a, 2, 0, 1); const t ' +
        '= performance.now() + 2; while (performance.now() < t); Atomics.store(a, 0, 1);';
    let doubled = 0;
    // on a loaded machine a thread can be descheduled at the wrong moment, so every attempt is checked for
    // consistency and at least one must be a hit while spinning
    for (let attempt = 0; attempt < 8 && doubled < 2; attempt++) {
      Atomics.store(a, 0, 0);
      Atomics.store(a, 1, 0);
      Atomics.store(a, 2, 0);
      const w = new Worker(code, { eval: true, workerData: a });
      while (Atomics.load(a, 1) === 0) await new Promise((r) => setTimeout(r, 1));
      const before = s.budgetUs;
      Atomics.store(a, 2, 1);
      Atomics.notify(a, 2);
      const hit = s.whileEquals(a, 0, 0);
      const after = s.budgetUs;
      if (!hit) expect(after).toBeCloseTo(Math.max(50_000, before / 2), 3);
      else if (Math.abs(after - before) > 1e-6) {
        expect(after).toBeCloseTo(Math.min(200_000, before * 2), 3);
        doubled++;
      }
      await w.terminate();
    }
    expect(doubled).toBeGreaterThanOrEqual(1);
  });
});
