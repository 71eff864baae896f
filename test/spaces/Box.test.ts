import { describe, expect, it } from 'vitest';
import { InvalidSpace } from '../../src/core/errors.js';
import { Rng } from '../../src/rng/Rng.js';
import { Box } from '../../src/spaces/Box.js';
import { flatten, flattenSpace, unflatten } from '../../src/spaces/flatten.js';
import { spaceFromJSON } from '../../src/spaces/spaceFromJSON.js';

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

describe('Box', () => {
  it('samples are contained for bounded, unbounded, half-bounded and integer boxes over many seeds', () => {
    const boxes = [
      new Box(-1, 1, [3]),
      new Box(-Infinity, Infinity, [2]),
      new Box([0, -Infinity], [Infinity, 0]),
      new Box(0, 255, [4], 'uint8'),
      new Box(-3, 3, [2, 2], 'int32'),
      new Box(-2, 2, [1], 'float64'),
    ];
    for (const b of boxes) {
      for (let seed = 0; seed < 100; seed++) {
        const x = b.sample(new Rng(seed));
        expect(x.length).toBe(b.size);
        expect(b.contains(x)).toBe(true);
      }
    }
  });

  it("samples with Gymnasium's distributions: uniform when bounded, low + Exp(1) when bounded below, N(0,1) when unbounded", () => {
    const rng = new Rng(11);
    const u = new Box(0, 2, [1]);
    const e = new Box(1, Infinity, [1]);
    const n = new Box(-Infinity, Infinity, [1]);
    const us = Array.from({ length: 6000 }, () => u.sample(rng)[0]);
    const es = Array.from({ length: 6000 }, () => e.sample(rng)[0]);
    const ns = Array.from({ length: 6000 }, () => n.sample(rng)[0]);
    expect(mean(us)).toBeCloseTo(1, 1); // uniform(0, 2): mean 1, sd of mean 0.0075
    expect(Math.min(...es)).toBeGreaterThanOrEqual(1);
    expect(mean(es)).toBeCloseTo(2, 1); // 1 + Exp(1): mean 2, sd of mean 0.013
    expect(mean(ns)).toBeCloseTo(0, 1);
    expect(mean(ns.map((v) => v * v))).toBeCloseTo(1, 1);
  });

  it('integer boxes sample every value of [low, high] inclusive', () => {
    const b = new Box(0, 3, [1], 'int32');
    const rng = new Rng(2);
    const seen = new Set<number>();
    for (let i = 0; i < 400; i++) seen.add(b.sample(rng)[0]);
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
  });

  it('contains checks type, shape, dtype, bounds and NaN', () => {
    const b = new Box(-1, 1, [2]);
    expect(b.contains(Float32Array.of(0.5, -1))).toBe(true);
    expect(b.contains([0.5, 1])).toBe(true); // plain arrays are converted, as Gymnasium does for lists
    expect(b.contains(Int16Array.of(1, 0))).toBe(true); // int16 casts safely to float32
    expect(b.contains(Float64Array.of(0.5, 0.5))).toBe(false); // numpy: can_cast(float64, float32) is False
    expect(b.contains(Int32Array.of(0, 0))).toBe(false); // can_cast(int32, float32) is False
    expect(b.contains(Float32Array.of(0.5))).toBe(false); // wrong shape
    expect(b.contains(Float32Array.of(0.5, 1.5))).toBe(false); // above high
    expect(b.contains(Float32Array.of(NaN, 0))).toBe(false);
    expect(b.contains([0, '0'])).toBe(false);
    expect(b.contains(0.5)).toBe(false);
    expect(b.contains(null)).toBe(false);
    expect(b.contains({ length: 2, 0: 0, 1: 0 })).toBe(false);
    const i = new Box(0, 10, [1], 'int32');
    expect(i.contains([1.5])).toBe(false);
    expect(i.contains(Int32Array.of(10))).toBe(true);
    expect(i.contains(Uint8Array.of(3))).toBe(true);
    expect(i.contains(Float32Array.of(3))).toBe(false);
    expect(new Box(-1, 1, [2], 'float64').contains(Float32Array.of(0, 0))).toBe(true);
  });

  it('stores bounds in its dtype (float32 rounding) and checks them against that', () => {
    const b = new Box([-4.8], [4.8]);
    expect(b.high[0]).toBe(Math.fround(4.8));
    expect(b.contains(Float32Array.of(4.8))).toBe(true);
    // a plain number is cast to float32 first (Gymnasium casts lists to the dtype): 4.8000001 rounds to the bound
    expect(b.contains([4.8000001])).toBe(true);
    expect(b.contains([4.81])).toBe(false);
    expect(new Box([-4.8], [4.8], undefined, 'float64').contains([4.8000001])).toBe(false);
  });

  it('refuses inconsistent arguments with messages naming both sides', () => {
    expect(() => new Box([0, 0], [1, 1, 1])).toThrow("Box low.shape and high.shape don't match, low.shape=[2], high.shape=[3]");
    expect(() => new Box([2], [1])).toThrow('Box low must be <= high, got low[0]=2 > high[0]=1');
    expect(() => new Box(NaN, 1, [1])).toThrow(InvalidSpace);
    expect(() => new Box(0, 1, [-1])).toThrow(/shape=\[-1\]/);
  });

  it('prints like Gymnasium (inf, scalar bounds when all equal, shortest float32 decimals)', () => {
    expect(new Box(-1, 1, [3]).toString()).toBe('Box(-1.0, 1.0, [3], float32)');
    expect(new Box(-Infinity, Infinity, [4]).toString()).toBe('Box(-inf, inf, [4], float32)');
    expect(new Box([-4.8, -Infinity], [4.8, Infinity]).toString()).toBe('Box([-4.8, -inf], [4.8, inf], [2], float32)');
    expect(new Box(0, 255, [2, 2], 'uint8').toString()).toBe('Box(0, 255, [2, 2], uint8)');
    expect(new Box(-0.07, 0.07, [1]).toString()).toBe('Box(-0.07, 0.07, [1], float32)');
  });

  it('encodes infinite bounds in JSON as "inf"/"-inf" and round-trips exactly', () => {
    const b = new Box([-4.8, -Infinity, 0], [4.8, Infinity, 1]);
    const j = JSON.parse(JSON.stringify(b)) as { low: unknown[]; high: unknown[] };
    expect(j.low).toEqual([Math.fround(-4.8), '-inf', 0]);
    expect(j.high).toEqual([Math.fround(4.8), 'inf', 1]);
    const back = spaceFromJSON(j) as Box;
    expect(back).toBeInstanceOf(Box);
    expect(Array.from(back.low)).toEqual(Array.from(b.low));
    expect(Array.from(back.high)).toEqual(Array.from(b.high));
    expect(back.dtype).toBe('float32');
    expect(back.equals(b)).toBe(true);
    const i = new Box(0, 9, [2, 3], 'uint16');
    expect(spaceFromJSON(JSON.parse(JSON.stringify(i))).toJSON()).toEqual({
      type: 'Box',
      low: [0, 0, 0, 0, 0, 0],
      high: [9, 9, 9, 9, 9, 9],
      shape: [2, 3],
      dtype: 'uint16',
    });
  });

  it('flattens as is (row-major) and unflattens to its dtype', () => {
    const b = new Box(0, 10, [2, 2], 'int32');
    const x = Int32Array.of(1, 2, 3, 4);
    expect(Array.from(flatten(b, x))).toEqual([1, 2, 3, 4]);
    const back = unflatten(b, flatten(b, x));
    expect(back).toBeInstanceOf(Int32Array);
    expect(Array.from(back as Int32Array)).toEqual([1, 2, 3, 4]);
    const fs = flattenSpace(new Box([-1, -Infinity], [1, Infinity]));
    expect(fs.shape).toEqual([2]);
    expect(Array.from(fs.low)).toEqual([-1, -Infinity]);
  });
});

describe('Box edge cases', () => {
  it('refuses an empty box of equal infinite bounds', () => {
    expect(() => new Box(Infinity, Infinity, [1])).toThrow('Box bounds must not both be Infinity: got low[0]=high[0]=Infinity, an empty set');
    expect(() => new Box(-Infinity, -Infinity, [1])).toThrow(InvalidSpace);
  });

  it('stores -0 bounds as 0 so they survive JSON', () => {
    const b = new Box(-Infinity, -0, [1]);
    expect(Object.is(b.high[0], 0)).toBe(true);
    expect(spaceFromJSON(JSON.parse(JSON.stringify(b))).toJSON()).toEqual(b.toJSON());
  });

  it('flattens float64 values to float32 (flat arrays are Float32Array): unflatten gives the float32 rounding', () => {
    const b = new Box(0, 1, [1], 'float64');
    const back = unflatten(b, flatten(b, Float64Array.of(0.1))) as Float64Array;
    expect(back).toBeInstanceOf(Float64Array);
    expect(back[0]).toBe(Math.fround(0.1));
  });
});
