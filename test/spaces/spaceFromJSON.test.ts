import { describe, expect, it } from 'vitest';
import { InvalidSpace } from '../../src/core/errors.js';
import { Box } from '../../src/spaces/Box.js';
import { Dict } from '../../src/spaces/Dict.js';
import { Discrete } from '../../src/spaces/Discrete.js';
import { spaceFromJSON } from '../../src/spaces/spaceFromJSON.js';

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidSpace);
    return (e as Error).message;
  }
  throw new Error('expected InvalidSpace');
}

describe('spaceFromJSON', () => {
  it('accepts a JSON string as well as a parsed object', () => {
    const s = new Dict({ a: new Discrete(2), b: new Box(-Infinity, 1, [2]) });
    expect(spaceFromJSON(JSON.stringify(s)).toJSON()).toEqual(s.toJSON());
  });

  it('names the bad field, the value and the expectation', () => {
    expect(message(() => spaceFromJSON({ type: 'Discrete', n: 0, start: 0 }))).toMatch(/^Invalid space JSON: n: .*>0.*\(got 0\)$/);
    expect(message(() => spaceFromJSON({ type: 'Discrete', n: 2 }))).toMatch(/start: .*\(got undefined\)/);
    expect(message(() => spaceFromJSON({ type: 'Box', low: [0], high: ['infinity'], shape: [1], dtype: 'float32' }))).toContain(
      "high[0]: expected a number, 'inf' or '-inf' (got \"infinity\")",
    );
    expect(message(() => spaceFromJSON({ type: 'Box', low: [0], high: [1], shape: [1], dtype: 'float16' }))).toMatch(/dtype: .*\(got "float16"\)/);
    expect(message(() => spaceFromJSON({ type: 'Dict', keys: ['a'], spaces: { a: { type: 'Tuple', spaces: [{ type: 'Foo' }] } } }))).toMatch(
      /spaces\.a\.spaces\[0\]\.type: .*\(got "Foo"\)/,
    );
    expect(message(() => spaceFromJSON({ type: 'MultiDiscrete', nvec: [2, -1], start: [0, 0] }))).toMatch(/nvec\[1\]: .*\(got -1\)/);
    expect(message(() => spaceFromJSON({ type: 'Discrete', n: 2, start: 0, extra: 1 }))).toContain("unknown key 'extra'");
    expect(message(() => spaceFromJSON('{not json'))).toMatch(/not parseable JSON/);
    expect(message(() => spaceFromJSON(null))).toMatch(/^Invalid space JSON: \(root\)/);
  });

  it('refuses JSON that is well-formed but inconsistent', () => {
    expect(message(() => spaceFromJSON({ type: 'Dict', keys: ['a', 'b'], spaces: { a: { type: 'Discrete', n: 2, start: 0 } } }))).toMatch(/keys \[a, b\]/);
    expect(message(() => spaceFromJSON({ type: 'Box', low: [0, 0], high: [1, 1, 1], shape: [2], dtype: 'float32' }))).toMatch(/low.shape and high.shape/);
    expect(message(() => spaceFromJSON({ type: 'Box', low: [2], high: [1], shape: [1], dtype: 'float32' }))).toMatch(/low\[0\]=2 > high\[0\]=1/);
    expect(message(() => spaceFromJSON({ type: 'Box', low: ['inf'], high: ['-inf'], shape: [1], dtype: 'float32' }))).toMatch(/low must be <= high/);
  });
});
