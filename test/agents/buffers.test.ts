import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/rng/Rng.js';
import { SumTree } from '../../agents/common/SumTree.js';
import { ReplayBuffer } from '../../agents/common/ReplayBuffer.js';
import { computeGae } from '../../agents/common/gae.js';
import { linearSchedule } from '../../agents/common/linearSchedule.js';

describe('SumTree', () => {
  it('finds the leaf whose prefix-sum interval holds the mass (hand-computed)', () => {
    const t = new SumTree(4);
    [1, 3, 0, 6].forEach((p, i) => t.set(i, p));
    expect(t.total()).toBe(10);
    // prefix intervals: 0:[0,1) 1:[1,4) 2:empty 3:[4,10)
    expect([0, 0.99, 1, 3.99, 4, 9.99].map((m) => t.find(m))).toEqual([0, 0, 1, 1, 3, 3]);
    t.set(1, 0.5);
    expect(t.total()).toBe(7.5);
    expect(t.find(1.2)).toBe(1);
    expect(t.find(1.6)).toBe(3);
  });

  it('samples leaves in proportion to priority for a non-power-of-two capacity', () => {
    const p = [1, 2, 3, 4, 5];
    const t = new SumTree(5);
    p.forEach((v, i) => t.set(i, v));
    const rng = new Rng(3);
    const counts = [0, 0, 0, 0, 0];
    const N = 30_000;
    for (let k = 0; k < N; k++) counts[t.find(rng.random() * t.total())] += 1;
    counts.forEach((c, i) => expect(Math.abs(c / N - p[i] / 15)).toBeLessThan(0.01));
  });
});

function addSeq(rb: ReplayBuffer, rewards: number[], terms: number[], truncs: number[], valid: number[]): void {
  rewards.forEach((r, t) => {
    rb.add([t, -t], [t % 2], [r], [t + 0.5, -t - 0.5], [terms[t]], [truncs[t]], [valid[t]]);
  });
}

describe('ReplayBuffer', () => {
  it('folds n-step returns within an episode and never across its end (hand-computed)', () => {
    const rb = new ReplayBuffer({ bufferSize: 10, numEnvs: 1, obsDim: 2, actDim: 1, batchSize: 64, nStep: 3, gamma: 0.5 });
    // t=2 terminates; t=3 is the reset step of next-step autoreset (invalid); t=4 is the newest
    addSeq(rb, [1, 2, 3, 4, 5], [0, 0, 1, 0, 0], [0, 0, 0, 0, 0], [1, 1, 1, 0, 1]);
    const expected: Record<number, { ret: number; done: number; disc: number; next: number }> = {
      0: { ret: 1 + 0.5 * 2 + 0.25 * 3, done: 1, disc: 0.125, next: 2.5 },
      1: { ret: 2 + 0.5 * 3, done: 1, disc: 0.25, next: 2.5 },
      2: { ret: 3, done: 1, disc: 0.5, next: 2.5 },
      4: { ret: 5, done: 0, disc: 0.5, next: 4.5 }, // only one step stored after it
    };
    const b = rb.sample(new Rng(1));
    const seen = new Set<number>();
    for (let j = 0; j < 64; j++) {
      const i = b.indices[j];
      seen.add(i);
      const e = expected[i];
      expect(e).toBeDefined(); // index 3 (invalid) is never sampled
      expect(b.rewards[j]).toBeCloseTo(e.ret, 6);
      expect(b.dones[j]).toBe(e.done);
      expect(b.discounts[j]).toBeCloseTo(e.disc, 6);
      expect(b.nextObs[2 * j]).toBeCloseTo(e.next, 6);
      expect(b.obs[2 * j]).toBe(i);
      expect(b.actions[j]).toBe(i % 2);
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 4]);
  });

  it('stops n-step sums at a truncation but bootstraps it (done = 0)', () => {
    const rb = new ReplayBuffer({ bufferSize: 10, numEnvs: 1, obsDim: 2, actDim: 1, batchSize: 32, nStep: 3, gamma: 0.9 });
    addSeq(rb, [1, 2, 3, 4], [0, 0, 0, 0], [0, 1, 0, 0], [1, 1, 0, 1]);
    const b = rb.sample(new Rng(2));
    for (let j = 0; j < 32; j++) {
      if (b.indices[j] !== 0) continue;
      expect(b.rewards[j]).toBeCloseTo(1 + 0.9 * 2, 6);
      expect(b.dones[j]).toBe(0);
      expect(b.discounts[j]).toBeCloseTo(0.81, 6);
      expect(b.nextObs[2 * j]).toBeCloseTo(1.5, 6);
    }
  });

  it('lays out [bufferSize, numEnvs] and wraps around', () => {
    const rb = new ReplayBuffer({ bufferSize: 3, numEnvs: 2, obsDim: 1, actDim: 1, batchSize: 16 });
    for (let t = 0; t < 4; t++) rb.add([10 * t, 10 * t + 1], [0, 1], [t, t], [0, 0], [0, 0], [0, 0], [1, 1]);
    expect(rb.full).toBe(true);
    expect(rb.pos).toBe(1);
    expect(Array.from(rb.obs)).toEqual([30, 31, 10, 11, 20, 21]);
    const b = rb.sample(new Rng(0));
    for (let j = 0; j < 16; j++) expect(b.obs[j] % 10).toBe(b.indices[j] % 2);
  });

  it('prioritized replay samples in proportion to (|td| + eps)^alpha with IS weights (N P)^-beta / max', () => {
    const rb = new ReplayBuffer({ bufferSize: 4, numEnvs: 1, obsDim: 1, actDim: 1, batchSize: 8, alpha: 1 });
    for (let t = 0; t < 4; t++) rb.add([t], [0], [0], [0], [0], [0], [1]);
    rb.updatePriorities([0, 1, 2, 3], [1, 3, 0.5, 5.5], 0);
    const p = [1, 3, 0.5, 5.5].map((x) => x / 10);
    const rng = new Rng(9);
    const counts = [0, 0, 0, 0];
    const rounds = 2000;
    for (let k = 0; k < rounds; k++) {
      const b = rb.sample(rng, 0.5);
      for (let j = 0; j < 8; j++) counts[b.indices[j]] += 1;
      // weights relative to each other: w_i / w_k = (P_i / P_k)^-beta
      const i0 = b.indices[0];
      for (let j = 1; j < 8; j++) expect(b.weights[j] / b.weights[0]).toBeCloseTo((p[b.indices[j]] / p[i0]) ** -0.5, 5);
      expect(Math.max(...b.weights)).toBeCloseTo(1, 9);
    }
    counts.forEach((c, i) => expect(Math.abs(c / (rounds * 8) - p[i])).toBeLessThan(0.015));
  });
});

describe('computeGae', () => {
  const run = (o: { rewards: number[]; values: number[]; terms: number[]; truncs: number[]; valid: number[]; last: number }): [number[], number[]] => {
    const adv = new Float32Array(3);
    const ret = new Float32Array(3);
    computeGae({ numSteps: 3, numEnvs: 1, ...o, lastValues: [o.last], gamma: 0.9, lambda: 0.8 }, adv, ret);
    return [Array.from(adv), Array.from(ret)];
  };

  it('matches a hand-computed GAE(0.9, 0.8) without episode ends', () => {
    const [adv, ret] = run({ rewards: [1, 2, 3], values: [0.5, 1, 1.5], terms: [0, 0, 0], truncs: [0, 0, 0], valid: [1, 1, 1], last: 2 });
    // delta2 = 3 + .9*2 - 1.5 = 3.3; delta1 = 2 + .9*1.5 - 1 = 2.35; delta0 = 1 + .9*1 - .5 = 1.4
    const a2 = 3.3;
    const a1 = 2.35 + 0.72 * a2;
    const a0 = 1.4 + 0.72 * a1;
    [a0, a1, a2].forEach((a, i) => expect(adv[i]).toBeCloseTo(a, 5));
    [a0 + 0.5, a1 + 1, a2 + 1.5].forEach((r, i) => expect(ret[i]).toBeCloseTo(r, 5));
  });

  it('does not bootstrap a termination, skips the reset step, bootstraps a truncation from the final obs', () => {
    let [adv] = run({ rewards: [1, 0, 2], values: [0.5, 0.7, 0.3], terms: [1, 0, 0], truncs: [0, 0, 0], valid: [1, 0, 1], last: 1 });
    expect(adv[0]).toBeCloseTo(1 - 0.5, 6);
    expect(adv[1]).toBe(0);
    expect(adv[2]).toBeCloseTo(2 + 0.9 * 1 - 0.3, 6);
    [adv] = run({ rewards: [1, 0, 2], values: [0.5, 0.7, 0.3], terms: [0, 0, 0], truncs: [1, 0, 0], valid: [1, 0, 1], last: 1 });
    expect(adv[0]).toBeCloseTo(1 + 0.9 * 0.7 - 0.5, 6); // V(final obs) = values[1]
  });
});

describe('linearSchedule', () => {
  it('interpolates over the first fraction, then holds the end value', () => {
    const eps = linearSchedule(1, 0.05, 0.5);
    expect(eps(0)).toBe(1);
    expect(eps(0.25)).toBeCloseTo(0.525, 12);
    expect(eps(0.5)).toBeCloseTo(0.05, 12);
    expect(eps(0.9)).toBeCloseTo(0.05, 12);
    expect(linearSchedule(3e-4, 0, 1)(0.75)).toBeCloseTo(7.5e-5, 15);
  });
});
