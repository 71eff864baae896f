import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/rng/Rng.js';
import { EventQueue } from '../../../envs/factory/EventQueue.js';

describe('EventQueue', () => {
  it('pops by time, then priority, then insertion order (matches a stable sort)', () => {
    const rng = new Rng(4);
    const q = new EventQueue(2); // forces growth
    const ref: { t: number; p: number; i: number }[] = [];
    for (let i = 0; i < 5000; i++) {
      const t = rng.integers(0, 50); // many equal times
      const p = rng.integers(0, 4);
      q.push(t, p, 0, i, 0);
      ref.push({ t, p, i });
      if (i % 7 === 0) {
        // interleave pops
        ref.sort((a, b) => a.t - b.t || a.p - b.p || a.i - b.i);
        const e = ref.shift();
        expect(q.pop()).toBe(true);
        expect([q.time, q.target]).toEqual([e?.t, e?.i]);
      }
    }
    ref.sort((a, b) => a.t - b.t || a.p - b.p || a.i - b.i);
    for (const e of ref) {
      expect(q.pop()).toBe(true);
      expect(q.target).toBe(e.i);
    }
    expect(q.pop()).toBe(false);
    expect(q.size).toBe(0);
  });
});
