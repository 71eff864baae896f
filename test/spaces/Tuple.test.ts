import { describe, expect, it } from 'vitest';
import { InvalidSpace } from '../../src/core/errors.js';
import { Rng } from '../../src/rng/Rng.js';
import { Box } from '../../src/spaces/Box.js';
import { Discrete } from '../../src/spaces/Discrete.js';
import { MultiDiscrete } from '../../src/spaces/MultiDiscrete.js';
import { Tuple } from '../../src/spaces/Tuple.js';
import { flatten, flatDim, unflatten } from '../../src/spaces/flatten.js';
import { spaceFromJSON } from '../../src/spaces/spaceFromJSON.js';

describe('Tuple', () => {
  it('samples arrays contained in the space over many seeds', () => {
    const s = new Tuple([new Discrete(2), new Box(0, 1, [3]), new Tuple([new MultiDiscrete([2, 2])])]);
    expect(s.length).toBe(3);
    for (let seed = 0; seed < 100; seed++) {
      const x = s.sample(new Rng(seed));
      expect(Array.isArray(x)).toBe(true);
      expect(x).toHaveLength(3);
      expect(s.contains(x)).toBe(true);
    }
  });

  it('passes masks to sub-spaces and checks the mask length', () => {
    const s = new Tuple([new Discrete(3), new Discrete(2)]);
    expect(s.sample(new Rng(0), [Int8Array.of(0, 1, 0), null])[0]).toBe(1);
    expect(() => s.sample(new Rng(0), [null])).toThrow(InvalidSpace);
  });

  it('contains needs an array of the right length with contained entries', () => {
    const s = new Tuple([new Discrete(2), new Box(0, 1, [1])]);
    expect(s.contains([1, Float32Array.of(0)])).toBe(true);
    expect(s.contains([1])).toBe(false);
    expect(s.contains([2, Float32Array.of(0)])).toBe(false);
    expect(s.contains([1, Float32Array.of(NaN)])).toBe(false);
    expect(s.contains({ 0: 1, 1: Float32Array.of(0), length: 2 })).toBe(false);
    expect(() => new Tuple([new Discrete(2), 'x' as unknown as Discrete])).toThrow('Tuple element 1 must be a Space, got x');
  });

  it('round-trips through JSON and prints its parts', () => {
    const s = new Tuple([new Discrete(2), new Box(-Infinity, Infinity, [2])]);
    expect(spaceFromJSON(JSON.parse(JSON.stringify(s))).toJSON()).toEqual(s.toJSON());
    expect(s.toString()).toBe('Tuple(Discrete(2), Box(-inf, inf, [2], float32))');
  });

  it("flattens in order (Gymnasium's docstring example)", () => {
    // Tuple((Box(0,1,(2,)), Box(0,1,(3,)), Discrete(3))), ((.5,.25),(1.,0.,.2),1) -> [0.5, 0.25, 1, 0, 0.2, 0, 1, 0]
    const s = new Tuple([new Box(0, 1, [2]), new Box(0, 1, [3]), new Discrete(3)]);
    expect(flatDim(s)).toBe(8);
    const f = flatten(s, [[0.5, 0.25], [1, 0, 0.2], 1]);
    expect(Array.from(f)).toEqual([0.5, 0.25, 1, 0, Math.fround(0.2), 0, 1, 0]);
    const back = unflatten(s, f) as unknown[];
    expect(Array.from(back[0] as Float32Array)).toEqual([0.5, 0.25]);
    expect(back[2]).toBe(1);
    expect(() => unflatten(s, new Float32Array(7))).toThrow(
      'Cannot unflatten an array of length 7 to Tuple(Box(0.0, 1.0, [2], float32), Box(0.0, 1.0, [3], float32), Discrete(3)): expected length 8',
    );
  });
});
