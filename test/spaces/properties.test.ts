import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataEquivalence } from '../../src/checker/dataEquivalence.js';
import { Rng } from '../../src/rng/Rng.js';
import { Box } from '../../src/spaces/Box.js';
import { Dict } from '../../src/spaces/Dict.js';
import { Discrete } from '../../src/spaces/Discrete.js';
import { MultiBinary } from '../../src/spaces/MultiBinary.js';
import { MultiDiscrete } from '../../src/spaces/MultiDiscrete.js';
import type { Space } from '../../src/spaces/Space.js';
import { Tuple } from '../../src/spaces/Tuple.js';
import { flatten, flatDim, flattenSpace, unflatten } from '../../src/spaces/flatten.js';
import { spaceFromJSON } from '../../src/spaces/spaceFromJSON.js';

const shape = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 2 });
const bound = fc.oneof(fc.constant(-Infinity), fc.constant(Infinity), fc.double({ min: -1e3, max: 1e3, noNaN: true }));
/** Two bounds in order; a pair of equal infinities (an empty Box) becomes (-inf, inf). */
const bounds = fc.tuple(bound, bound).map(([a, b]) => (a === b && !Number.isFinite(a) ? [-Infinity, Infinity] : [Math.min(a, b), Math.max(a, b)]));

const discrete = fc.record({ n: fc.integer({ min: 1, max: 8 }), start: fc.integer({ min: -5, max: 5 }) }).map(({ n, start }) => new Discrete(n, start));
const floatBox = fc.tuple(shape, bounds).map(([sh, [a, b]]) => new Box(a ?? 0, b ?? 0, sh, 'float32'));
const intBox = fc
  .tuple(shape, fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 20 }), fc.constantFrom<'int8' | 'int32' | 'uint16'>('int8', 'int32', 'uint16'))
  .map(([sh, lo, w, dt]) => new Box(dt === 'uint16' ? Math.abs(lo) : lo, (dt === 'uint16' ? Math.abs(lo) : lo) + w, sh, dt));
const multiDiscrete = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: -3, max: 3 })), { minLength: 1, maxLength: 4 })
  .map((v) => new MultiDiscrete(v.map((p) => p[0]), v.map((p) => p[1])));
const multiBinary = fc.oneof(fc.integer({ min: 1, max: 6 }), shape).map((n) => new MultiBinary(n));
const leaf: fc.Arbitrary<Space<unknown>> = fc.oneof(discrete, floatBox, intBox, multiDiscrete, multiBinary);

const { space } = fc.letrec<{ space: Space<unknown> }>((tie) => ({
  space: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), tie('space'), { minKeys: 1, maxKeys: 3 }).map((d) => new Dict(d) as Space<unknown>),
    fc.array(tie('space'), { minLength: 1, maxLength: 3 }).map((a) => new Tuple(a) as Space<unknown>),
  ),
}));

const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });

describe('space properties (fast-check)', () => {
  it('every sample is contained in its space', () => {
    fc.assert(fc.property(space, seed, (s, sd) => s.contains(s.sample(new Rng(sd)))), { numRuns: 300 });
  });

  it('toJSON -> JSON text -> spaceFromJSON rebuilds an equal space, which contains the same samples', () => {
    fc.assert(
      fc.property(space, seed, (s, sd) => {
        const back = spaceFromJSON(JSON.parse(JSON.stringify(s.toJSON())));
        expect(back.toJSON()).toEqual(s.toJSON());
        expect(back.toString()).toBe(s.toString());
        const x = s.sample(new Rng(sd));
        return back.contains(x) && dataEquivalence(back.sample(new Rng(sd)), x);
      }),
      { numRuns: 300 },
    );
  });

  it('flatten gives flatDim entries inside flattenSpace, and unflatten inverts it', () => {
    fc.assert(
      fc.property(space, seed, (s, sd) => {
        const x = s.sample(new Rng(sd));
        const f = flatten(s, x);
        expect(f).toBeInstanceOf(Float32Array);
        expect(f.length).toBe(flatDim(s));
        expect(flattenSpace(s).contains(f)).toBe(true);
        const back = unflatten(s, f);
        expect(s.contains(back)).toBe(true);
        return dataEquivalence(back, x);
      }),
      { numRuns: 300 },
    );
  });

  it('contains rejects a value whose flat length is off by one', () => {
    fc.assert(
      fc.property(fc.oneof<fc.Arbitrary<Box | MultiBinary>[]>(floatBox, intBox, multiBinary), seed, (s, sd) => {
        const x = s.sample(new Rng(sd));
        const longer = Array.from(x).concat([0]);
        return !s.contains(longer) && !s.contains(Array.from(x).slice(1));
      }),
    );
  });
});
