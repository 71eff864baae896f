import { describe, expect, it } from 'vitest';
import { InvalidSpace } from '../../src/core/errors.js';
import { Rng } from '../../src/rng/Rng.js';
import { Discrete } from '../../src/spaces/Discrete.js';
import { flatten, flatDim, unflatten } from '../../src/spaces/flatten.js';
import { spaceFromJSON } from '../../src/spaces/spaceFromJSON.js';

describe('Discrete', () => {
  it('samples every value of {start, ..., start+n-1} and nothing else over many seeds', () => {
    const s = new Discrete(3, -1);
    const seen = new Set<number>();
    for (let seed = 0; seed < 200; seed++) {
      const x = s.sample(new Rng(seed));
      expect(s.contains(x)).toBe(true);
      seen.add(x);
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([-1, 0, 1]);
  });

  it('samples uniformly: each of 4 values about a quarter of 8000 draws', () => {
    const s = new Discrete(4);
    const rng = new Rng(5);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 8000; i++) counts[s.sample(rng)] += 1;
    // binomial sd = sqrt(8000 * 0.25 * 0.75) ~ 38.7; allow 4 sd
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(155);
  });

  it('masked sampling draws only allowed values, and start when none is allowed (Gymnasium)', () => {
    const s = new Discrete(3, 10);
    const rng = new Rng(1);
    for (let i = 0; i < 50; i++) expect(s.sample(rng, Int8Array.of(0, 1, 0))).toBe(11);
    const seen = new Set<number>();
    for (let i = 0; i < 100; i++) seen.add(s.sample(rng, Int8Array.of(1, 0, 1)));
    expect([...seen].sort()).toEqual([10, 12]);
    expect(s.sample(rng, Int8Array.of(0, 0, 0))).toBe(10);
    expect(() => s.sample(rng, Int8Array.of(1, 1))).toThrow(/mask length must be n=3, got 2/);
    expect(() => s.sample(rng, Int8Array.of(1, 2, 0))).toThrow(/mask\[1\]=2/);
  });

  it('contains rejects wrong types, non-integers, NaN and out-of-range values', () => {
    const s = new Discrete(2);
    expect(s.contains(0)).toBe(true);
    expect(s.contains(1)).toBe(true);
    for (const bad of [2, -1, 0.5, NaN, Infinity, '1', null, undefined, [1], Int32Array.of(1), true]) expect(s.contains(bad)).toBe(false);
  });

  it('rejects bad constructor arguments naming the value', () => {
    expect(() => new Discrete(0)).toThrow(InvalidSpace);
    expect(() => new Discrete(0)).toThrow('Discrete n must be a positive integer, got n=0');
    expect(() => new Discrete(2.5)).toThrow(/got n=2.5/);
    expect(() => new Discrete(2, 0.5)).toThrow(/got start=0.5/);
  });

  it('round-trips through JSON and prints like Gymnasium', () => {
    const s = new Discrete(5, -2);
    expect(s.toJSON()).toEqual({ type: 'Discrete', n: 5, start: -2 });
    const back = spaceFromJSON(JSON.parse(JSON.stringify(s)));
    expect(back).toBeInstanceOf(Discrete);
    expect(back.equals(s)).toBe(true);
    expect(new Discrete(2).toString()).toBe('Discrete(2)');
    expect(s.toString()).toBe('Discrete(5, start=-2)');
    expect(s.shape).toEqual([]);
  });

  it('flattens to a one-hot vector (Gymnasium: flatten(Discrete(4), 2) = [0, 0, 1, 0])', () => {
    expect(Array.from(flatten(new Discrete(4), 2))).toEqual([0, 0, 1, 0]);
    const s = new Discrete(4, 1);
    expect(flatDim(s)).toBe(4);
    expect(Array.from(flatten(s, 3))).toEqual([0, 0, 1, 0]);
    expect(unflatten(s, Float32Array.of(0, 0, 1, 0))).toBe(3);
    expect(() => unflatten(s, Float32Array.of(0, 0, 0, 0))).toThrow(InvalidSpace);
    expect(() => flatten(s, 5)).toThrow(/expected an element of Discrete\(4, start=1\)/);
  });
});
