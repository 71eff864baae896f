import { describe, expect, it } from 'vitest';
import { InvalidSpace } from '../../src/core/errors.js';
import { Rng } from '../../src/rng/Rng.js';
import { MultiBinary } from '../../src/spaces/MultiBinary.js';
import { flatten, flatDim, unflatten } from '../../src/spaces/flatten.js';
import { spaceFromJSON } from '../../src/spaces/spaceFromJSON.js';

describe('MultiBinary', () => {
  it('samples Int8Arrays of 0/1 of prod(shape) entries, each bit fair', () => {
    const s = new MultiBinary([2, 3]);
    expect(s.shape).toEqual([2, 3]);
    expect(s.size).toBe(6);
    let ones = 0;
    for (let seed = 0; seed < 500; seed++) {
      const x = s.sample(new Rng(seed));
      expect(x).toBeInstanceOf(Int8Array);
      expect(s.contains(x)).toBe(true);
      ones += x.reduce((a, b) => a + b, 0);
    }
    // 3000 fair bits: mean 1500, sd ~27.4
    expect(Math.abs(ones - 1500)).toBeLessThan(110);
  });

  it('mask 0 forces 0, 1 forces 1, 2 leaves the bit random (Gymnasium)', () => {
    const s = new MultiBinary(3);
    const rng = new Rng(4);
    const free = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const x = s.sample(rng, Int8Array.of(0, 1, 2));
      expect(x[0]).toBe(0);
      expect(x[1]).toBe(1);
      free.add(x[2]);
    }
    expect(free.size).toBe(2);
    expect(() => s.sample(rng, Int8Array.of(0, 3, 1))).toThrow(/mask\[1\]=3/);
    expect(() => s.sample(rng, Int8Array.of(0))).toThrow(InvalidSpace);
  });

  it('contains rejects wrong length, values other than 0/1, float typed arrays and non-arrays', () => {
    const s = new MultiBinary(3);
    expect(s.contains(Int8Array.of(1, 0, 1))).toBe(true);
    expect(s.contains([0, 0, 1])).toBe(true);
    for (const bad of [Int8Array.of(1, 0), Int8Array.of(1, 0, 2), [1, 0, -1], Float32Array.of(1, 0, 1), [NaN, 0, 0], 1, null]) {
      expect(s.contains(bad)).toBe(false);
    }
  });

  it('refuses bad n naming it', () => {
    expect(() => new MultiBinary(0)).toThrow('MultiBinary n must be a positive integer or a shape of positive integers, got n=0');
    expect(() => new MultiBinary([2, 0])).toThrow(/n=\[2,0\]/);
  });

  it('round-trips through JSON keeping n as given', () => {
    for (const s of [new MultiBinary(4), new MultiBinary([2, 3])]) {
      const back = spaceFromJSON(JSON.parse(JSON.stringify(s)));
      expect(back).toBeInstanceOf(MultiBinary);
      expect(back.toJSON()).toEqual(s.toJSON());
    }
    expect(new MultiBinary(4).toJSON()).toEqual({ type: 'MultiBinary', n: 4 });
    expect(new MultiBinary([2, 3]).toString()).toBe('MultiBinary([2, 3])');
  });

  it('flattens as is', () => {
    const s = new MultiBinary([2, 2]);
    expect(flatDim(s)).toBe(4);
    expect(Array.from(flatten(s, Int8Array.of(1, 0, 0, 1)))).toEqual([1, 0, 0, 1]);
    const back = unflatten(s, Float32Array.of(0, 1, 1, 0));
    expect(back).toBeInstanceOf(Int8Array);
    expect(Array.from(back as Int8Array)).toEqual([0, 1, 1, 0]);
  });
});
