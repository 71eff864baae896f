import { describe, expect, it } from 'vitest';
import { InvalidSpace } from '../../src/core/errors.js';
import { Rng } from '../../src/rng/Rng.js';
import { Box } from '../../src/spaces/Box.js';
import { Dict } from '../../src/spaces/Dict.js';
import { Discrete } from '../../src/spaces/Discrete.js';
import { MultiBinary } from '../../src/spaces/MultiBinary.js';
import { flatten, flatDim, flattenSpace, unflatten } from '../../src/spaces/flatten.js';
import { spaceFromJSON } from '../../src/spaces/spaceFromJSON.js';

describe('Dict', () => {
  it('sorts the keys of a plain object, as Gymnasium does, and keeps the order of [key, space] pairs', () => {
    const s = new Dict({ velocity: new Discrete(3), position: new Discrete(2), alpha: new MultiBinary(2) });
    expect(s.keys).toEqual(['alpha', 'position', 'velocity']);
    const p = new Dict([['z', new Discrete(2)], ['a', new Discrete(3)]]);
    expect(p.keys).toEqual(['z', 'a']);
    expect(s.shape).toEqual([]);
    expect(s.dtype).toBeNull();
  });

  it('samples plain objects contained in the space over many seeds', () => {
    const s = new Dict({ pos: new Box(-1, 1, [2]), gear: new Discrete(3), inner: new Dict({ b: new MultiBinary(2) }) });
    for (let seed = 0; seed < 100; seed++) {
      const x = s.sample(new Rng(seed));
      expect(Object.keys(x).sort()).toEqual(['gear', 'inner', 'pos']);
      expect(s.contains(x)).toBe(true);
    }
  });

  it('passes masks to sub-spaces', () => {
    const s = new Dict({ a: new Discrete(3), b: new Discrete(2) });
    const x = s.sample(new Rng(0), { a: Int8Array.of(0, 0, 1) });
    expect(x.a).toBe(2);
  });

  it('contains needs exactly the keys with contained values', () => {
    const s = new Dict({ a: new Discrete(2), b: new Box(0, 1, [1]) });
    expect(s.contains({ a: 1, b: Float32Array.of(0.5) })).toBe(true);
    expect(s.contains({ a: 1 })).toBe(false);
    expect(s.contains({ a: 1, b: Float32Array.of(0.5), c: 0 })).toBe(false);
    expect(s.contains({ a: 2, b: Float32Array.of(0.5) })).toBe(false);
    expect(s.contains([1, Float32Array.of(0.5)])).toBe(false);
    expect(s.contains(null)).toBe(false);
  });

  it('refuses non-Space values and unknown keys with clear messages', () => {
    expect(() => new Dict({ a: 3 as unknown as Discrete })).toThrow("Dict space for key 'a' must be a Space, got 3");
    expect(() => new Dict([['a', new Discrete(2)], ['a', new Discrete(3)]])).toThrow(/key 'a' twice/);
    expect(() => new Dict({ a: new Discrete(2) }).get('b')).toThrow(InvalidSpace);
  });

  it('round-trips through JSON keeping the key order', () => {
    const s = new Dict([['z', new Discrete(2)], ['10', new Box(-Infinity, 0, [1])], ['2', new MultiBinary(2)]]);
    const back = spaceFromJSON(JSON.parse(JSON.stringify(s))) as Dict;
    expect(back.keys).toEqual(['z', '10', '2']);
    expect(back.toJSON()).toEqual(s.toJSON());
    expect(new Dict({ b: new Discrete(2), a: new Discrete(3) }).toString()).toBe("Dict('a': Discrete(3), 'b': Discrete(2))");
  });

  it('flattens in key order (Gymnasium: flatdim(Dict(position=Discrete(2), velocity=Discrete(3))) = 5)', () => {
    const s = new Dict({ velocity: new Discrete(3), position: new Discrete(2) });
    expect(flatDim(s)).toBe(5);
    expect(Array.from(flatten(s, { velocity: 0, position: 1 }))).toEqual([0, 1, 1, 0, 0]);
    expect(unflatten(s, Float32Array.of(1, 0, 0, 0, 1))).toEqual({ position: 0, velocity: 2 });
    const mixed = new Dict({ a: new Box(-2, 2, [2]), b: new Discrete(2) });
    expect(Array.from(flatten(mixed, { a: Float32Array.of(0.5, -1.5), b: 1 }))).toEqual([0.5, -1.5, 0, 1]);
    expect(Array.from(flattenSpace(mixed).low)).toEqual([-2, -2, 0, 0]);
    expect(Array.from(flattenSpace(mixed).high)).toEqual([2, 2, 1, 1]);
  });

  it("handles any key, even '__proto__', as an own property", () => {
    const s = new Dict([['__proto__', new Discrete(2)], ['b', new Discrete(2)]]);
    const x = s.sample(new Rng(1));
    expect(Object.keys(x)).toEqual(['__proto__', 'b']);
    expect(s.contains(x)).toBe(true);
    expect(s.contains(unflatten(s, flatten(s, x)))).toBe(true);
  });
});
