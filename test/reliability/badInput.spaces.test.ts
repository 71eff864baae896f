// Bad-input matrix, part 2: space constructors and space JSON. Each row names the typed error and what
// its message must name.
import { describe, it } from 'vitest';
import { Box, Dict, Discrete, InvalidSpace, MultiBinary, MultiDiscrete, spaceFromJSON, Tuple } from '../../src/index.js';
import { expectTyped } from './expectTyped.js';

type Row = [label: string, build: () => unknown, patterns: (string | RegExp)[]];

const constructors: Row[] = [
  ['Discrete n = 0', () => new Discrete(0), ['Discrete n', 'positive integer', 'n=0']],
  ['Discrete n = NaN', () => new Discrete(Number.NaN), ['Discrete n', 'n=NaN']],
  ['Discrete n fractional', () => new Discrete(2.5), ['n=2.5']],
  ['Discrete start fractional', () => new Discrete(2, 0.5), ['Discrete start', 'integer', 'start=0.5']],
  ['Box low > high', () => new Box([0, 2], [1, 1]), ['low must be <= high', 'low[1]=2 > high[1]=1']],
  ['Box NaN bound', () => new Box(Number.NaN, 1, [2]), ['Box low', 'NaN']],
  ['Box mismatched shapes', () => new Box([0, 0], [1, 1, 1]), ["low.shape and high.shape don't match", 'low.shape=[2]', 'high.shape=[3]']],
  ['Box negative shape', () => new Box(0, 1, [-1]), ['shape must be non-negative integers', 'shape=[-1]']],
  ['Box fractional shape', () => new Box(0, 1, [1.5]), ['shape=[1.5]']],
  ['Box empty infinite set', () => new Box(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, [1]), ['must not both be Infinity']],
  ['Box bound count vs shape', () => new Box([0, 0, 0], 1, [2]), ['low has 3 entries', 'high has 2', 'shape [2] needs 2']],
  ['MultiDiscrete empty', () => new MultiDiscrete([]), ['nvec must not be empty', 'nvec=[]']],
  ['MultiDiscrete zero', () => new MultiDiscrete([2, 0]), ['positive integers', 'nvec[1]=0']],
  ['MultiDiscrete start length', () => new MultiDiscrete([2, 2], [0]), ['same length', 'nvec.length=2', 'start.length=1']],
  ['MultiBinary negative', () => new MultiBinary(-3), ['MultiBinary n', 'n=-3']],
  ['Dict of a non-space', () => new Dict({ a: 3 as unknown as Discrete }), ["key 'a'", 'must be a Space', '3']],
  ['Tuple of a non-space', () => new Tuple([new Discrete(2), 'x' as unknown as Discrete]), ['Tuple element 1', 'must be a Space', 'x']],
  ['Discrete sample with a short mask', () => new Discrete(3).sample({ random: () => 0 } as never, Int8Array.of(1, 0)), ['mask length must be n=3', 'got 2']],
];

const json: [label: string, value: unknown, patterns: (string | RegExp)[]][] = [
  ['not an object', 42, ['(root)', 'expected object', '(got 42)']],
  ['unknown type', { type: 'Simplex', n: 3 }, ['type', '"Simplex"']],
  ['Discrete n negative', { type: 'Discrete', n: -2, start: 0 }, ['n', '-2']],
  ['Discrete n a string', { type: 'Discrete', n: '2', start: 0 }, ['n', '"2"']],
  ['Discrete extra key', { type: 'Discrete', n: 2, start: 0, mask: [1] }, ["unknown key 'mask'"]],
  ['Box bound not a number', { type: 'Box', low: ['-x'], high: [1], shape: [1], dtype: 'float32' }, ['low[0]', "'inf'", '"-x"']],
  ['Box unknown dtype', { type: 'Box', low: [0], high: [1], shape: [1], dtype: 'float16' }, ['dtype', '"float16"']],
  ['Box low > high (semantic, after the schema)', { type: 'Box', low: [2], high: [1], shape: [1], dtype: 'float32' }, ['low must be <= high']],
  ['Dict with a bad child', { type: 'Dict', keys: ['a'], spaces: { a: { type: 'Discrete', n: 0, start: 0 } } }, ['spaces.a.n', '0']],
  ['Tuple with a bad child', { type: 'Tuple', spaces: [{ type: 'MultiBinary', n: 0 }] }, ['spaces[0].n']],
];

describe('space constructors', () => {
  it.each(constructors)('%s -> InvalidSpace', (_l, build, patterns) => {
    expectTyped(build, InvalidSpace, patterns);
  });
});

describe('space JSON (spaceFromJSON)', () => {
  it.each(json)('%s -> InvalidSpace naming the field and the value', (_l, value, patterns) => {
    expectTyped(() => spaceFromJSON(value), InvalidSpace, patterns);
  });
  it('malformed JSON text is refused before it reaches spaceFromJSON (SyntaxError names the position)', () => {
    expectTyped(() => spaceFromJSON(JSON.parse('{"type": "Discrete", "n": 2,') as never), SyntaxError, [/JSON|position|Unexpected/]);
  });
});
