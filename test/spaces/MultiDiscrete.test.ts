import { describe, expect, it } from 'vitest';
import { InvalidSpace } from '../../src/core/errors.js';
import { Rng } from '../../src/rng/Rng.js';
import { MultiDiscrete } from '../../src/spaces/MultiDiscrete.js';
import { flatten, flatDim, flattenSpace, unflatten } from '../../src/spaces/flatten.js';
import { spaceFromJSON } from '../../src/spaces/spaceFromJSON.js';

describe('MultiDiscrete', () => {
  it('samples Int32Arrays contained in the space, covering every value of each entry', () => {
    const s = new MultiDiscrete([5, 2, 2], [0, -1, 3]);
    const seen = [new Set<number>(), new Set<number>(), new Set<number>()];
    for (let seed = 0; seed < 300; seed++) {
      const x = s.sample(new Rng(seed));
      expect(x).toBeInstanceOf(Int32Array);
      expect(s.contains(x)).toBe(true);
      x.forEach((v, i) => seen[i].add(v));
    }
    expect([...seen[0]].sort()).toEqual([0, 1, 2, 3, 4]);
    expect([...seen[1]].sort()).toEqual([-1, 0]);
    expect([...seen[2]].sort()).toEqual([3, 4]);
  });

  it('masks each entry like Discrete (null leaves it free)', () => {
    const s = new MultiDiscrete([5, 2]);
    const rng = new Rng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 60; i++) {
      const x = s.sample(rng, [Int8Array.of(0, 0, 1, 0, 0), null]);
      expect(x[0]).toBe(2);
      seen.add(x[1]);
    }
    expect(seen.size).toBe(2);
    expect(Array.from(s.sample(rng, [Int8Array.of(0, 0, 0, 0, 0), Int8Array.of(0, 1)]))).toEqual([0, 1]);
    expect(() => s.sample(rng, [null])).toThrow(InvalidSpace);
  });

  it('contains rejects wrong length, float typed arrays, non-integers, NaN and out-of-range entries', () => {
    const s = new MultiDiscrete([3, 2], [1, 0]);
    expect(s.contains(Int32Array.of(3, 1))).toBe(true);
    expect(s.contains([1, 0])).toBe(true);
    expect(s.contains(Uint8Array.of(2, 0))).toBe(true);
    for (const bad of [
      Int32Array.of(0, 0),
      Int32Array.of(4, 0),
      Int32Array.of(1, 2),
      Int32Array.of(1),
      [1.5, 0],
      [NaN, 0],
      Float32Array.of(1, 0),
      1,
      null,
      'ab',
    ]) {
      expect(s.contains(bad)).toBe(false);
    }
  });

  it('refuses bad nvec/start naming the value', () => {
    expect(() => new MultiDiscrete([2, 0])).toThrow('MultiDiscrete nvec must be positive integers, got nvec[1]=0');
    expect(() => new MultiDiscrete([2, 2], [0])).toThrow(/nvec.length=2, start.length=1/);
    expect(() => new MultiDiscrete([])).toThrow(InvalidSpace);
  });

  it('round-trips through JSON and prints its nvec', () => {
    const s = new MultiDiscrete([4, 3], [0, 2]);
    expect(s.toJSON()).toEqual({ type: 'MultiDiscrete', nvec: [4, 3], start: [0, 2] });
    expect(spaceFromJSON(JSON.parse(JSON.stringify(s))).equals(s)).toBe(true);
    expect(new MultiDiscrete([4, 3]).toString()).toBe('MultiDiscrete([4, 3])');
    expect(s.toString()).toBe('MultiDiscrete([4, 3], start=[0, 2])');
    expect(s.shape).toEqual([2]);
  });

  it('flattens to concatenated one-hots (nvec [2, 3], x [1, 2] -> [0,1 | 0,0,1])', () => {
    const s = new MultiDiscrete([2, 3]);
    expect(flatDim(s)).toBe(5);
    expect(Array.from(flatten(s, Int32Array.of(1, 2)))).toEqual([0, 1, 0, 0, 1]);
    const t = new MultiDiscrete([2, 3], [5, -1]);
    expect(Array.from(flatten(t, Int32Array.of(5, 0)))).toEqual([1, 0, 0, 1, 0]);
    expect(Array.from(unflatten(t, Float32Array.of(1, 0, 0, 1, 0)) as Int32Array)).toEqual([5, 0]);
    expect(() => unflatten(t, Float32Array.of(1, 0, 0, 0, 0))).toThrow(/dimension 1/);
    expect(Array.from(flattenSpace(s).high)).toEqual([1, 1, 1, 1, 1]);
  });
});
