import { describe, expect, it } from 'vitest';
import { fromJsonState, toJsonState } from '../../src/core/jsonState.js';
import { SnapshotUnsupported } from '../../src/core/errors.js';
import { canonical } from '../helpers/canonical.js';

describe('toJsonState / fromJsonState', () => {
  it('round-trips typed arrays and the numbers plain JSON loses (NaN, infinities, -0) bit for bit through JSON text', () => {
    const v = {
      t: 0.1 + 0.2,
      neg: -0,
      inf: Infinity,
      nan: Number.NaN,
      list: [1, -Infinity, { deep: -0 }],
      flag: true,
      name: 'x',
      none: null,
      f64: new Float64Array([Math.PI, -0, Infinity, -Infinity, Number.NaN, 5e-324, Number.MAX_VALUE]),
      f32: new Float32Array([0.1, -0, 3.4028234663852886e38]),
      i32: new Int32Array([-2147483648, 2147483647]),
      u8: new Uint8Array([0, 255]),
      i8: new Int8Array([-128, 127]),
    };
    const back = fromJsonState(JSON.parse(JSON.stringify(toJsonState(v))));
    expect(canonical(back)).toBe(canonical(v));
    expect((back as { f32: unknown }).f32).toBeInstanceOf(Float32Array);
    // plain JSON would have changed these
    expect(JSON.parse(JSON.stringify({ neg: -0, inf: Infinity }))).toEqual({ neg: 0, inf: null });
  });

  it('refuses what it cannot restore exactly, naming where', () => {
    expect(() => toJsonState({ a: { f: () => 1 } })).toThrow(SnapshotUnsupported);
    expect(() => toJsonState({ a: { f: () => 1 } })).toThrow(/snapshot\.a\.f: expected plain data, got a function/);
    expect(() => toJsonState({ m: new Map() })).toThrow(/snapshot\.m: expected plain data, got a Map/);
    expect(() => toJsonState({ $typed: 1 })).toThrow(/reserved/);
    expect(() => fromJsonState({ x: { $typed: 'BigInt64Array', data: [] } })).toThrow(/snapshot\.x: expected \{ \$typed: one of/);
    expect(() => fromJsonState({ x: { $typed: 'Int32Array', data: [1, 'one'] } })).toThrow(/snapshot\.x\.data\[1\]: expected a number, got "one"/);
  });
});
