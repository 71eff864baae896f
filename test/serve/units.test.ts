import { describe, expect, it } from 'vitest';
import { InvalidObservation } from '../../src/core/errors.js';
import { bindAddress, isLoopback } from '../../src/serve/bindAddress.js';
import { DriftMonitor } from '../../src/serve/DriftMonitor.js';
import { MicroBatcher } from '../../src/serve/MicroBatcher.js';
import { parseObservation } from '../../src/serve/parseObservation.js';
import { tokenMatches } from '../../src/serve/tokenMatches.js';
import { Box } from '../../src/spaces/Box.js';
import { Dict } from '../../src/spaces/Dict.js';
import { Discrete } from '../../src/spaces/Discrete.js';
import { MultiDiscrete } from '../../src/spaces/MultiDiscrete.js';
import { MlpPolicy } from '../../src/policy/MlpPolicy.js';
import { Rng } from '../../src/rng/Rng.js';
import { ServedModel } from '../../src/serve/ServedModel.js';
import { randomMlp } from './helpers.js';

describe('bindAddress', () => {
  it('binds 127.0.0.1 by default and any loopback host without a token', () => {
    expect(bindAddress({})).toEqual({ host: '127.0.0.1', token: undefined });
    for (const h of ['127.0.0.1', '127.8.9.10', 'localhost', '::1', '::ffff:127.0.0.1']) expect(bindAddress({ host: h }).host).toBe(h);
    expect(bindAddress({ host: '[::1]' }).host).toBe('::1');
  });

  it('never binds beyond loopback without a token', () => {
    for (const h of ['0.0.0.0', '::', '192.168.1.20', '10.0.0.1', 'example.com', '::ffff:10.0.0.1', '128.0.0.1']) {
      expect(isLoopback(h)).toBe(false);
      expect(() => bindAddress({ host: h })).toThrow(/without a token/);
    }
    expect(bindAddress({ host: '0.0.0.0', token: 'a-long-enough-token' })).toEqual({ host: '0.0.0.0', token: 'a-long-enough-token' });
  });

  it('refuses short or blank tokens', () => {
    expect(() => bindAddress({ host: '0.0.0.0', token: 'short' })).toThrow(/at least 16 characters/);
    expect(() => bindAddress({ token: 'has space in the token' })).toThrow(/without spaces/);
  });
});

describe('tokenMatches', () => {
  it('accepts exactly "Bearer TOKEN"', () => {
    expect(tokenMatches('Bearer abcdefghijklmnop', 'abcdefghijklmnop')).toBe(true);
    expect(tokenMatches('bearer abcdefghijklmnop', 'abcdefghijklmnop')).toBe(true);
    expect(tokenMatches('Bearer abcdefghijklmnoq', 'abcdefghijklmnop')).toBe(false);
    expect(tokenMatches('Bearer abcdefghijklmno', 'abcdefghijklmnop')).toBe(false);
    expect(tokenMatches('abcdefghijklmnop', 'abcdefghijklmnop')).toBe(false);
    expect(tokenMatches(undefined, 'abcdefghijklmnop')).toBe(false);
  });
});

describe('parseObservation', () => {
  it('builds values of the space from JSON', () => {
    const box = parseObservation(new Box(0, 1, [2, 2]), [[0, 0.5], [1, 0.25]]);
    expect(box).toEqual(Float32Array.of(0, 0.5, 1, 0.25));
    expect(parseObservation(new Box(0, 1, [2, 2]), [0, 0.5, 1, 0.25])).toEqual(Float32Array.of(0, 0.5, 1, 0.25));
    expect(parseObservation(new Discrete(3, 1), 3)).toBe(3);
    expect(parseObservation(new MultiDiscrete([2, 3]), [1, 2])).toEqual(Int32Array.of(1, 2));
    const d = new Dict({ queue: new Box(0, 9, [2]), actionMask: new Box(0, 1, [2], 'int8') });
    const v = parseObservation(d, { queue: [1, 2], actionMask: [1, 0] });
    expect(d.contains(v)).toBe(true);
  });

  it('names the path, the expectation and what came', () => {
    const d = new Dict({ queue: new Box(0, 9, [2]), phase: new Discrete(4) });
    const err = (space: Parameters<typeof parseObservation>[0], v: unknown): string => {
      try {
        parseObservation(space, v);
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidObservation);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(err(d, { queue: [1, 2] })).toBe("obs is missing key 'phase'");
    expect(err(d, { queue: [1, 2], phase: 1, extra: 0 })).toMatch(/unknown key 'extra'/);
    expect(err(d, { queue: [1, 2], phase: 4 })).toBe('obs.phase = 4 is outside Discrete [0, 3]');
    expect(err(d, { queue: [1, 2], phase: 1.5 })).toBe('obs.phase must be an integer, got 1.5');
    expect(err(d, { queue: [1, 10], phase: 1 })).toBe('obs.queue[1] = 10 is outside the Box bounds [0, 9]');
    expect(err(new Box(0, 1, [2, 2]), [[0, 0.5], [1]])).toBe('obs[1] has 1 entries, expected 2 (shape [2, 2])');
    expect(err(new Box(0, 5, [2], 'int32'), [1, 2.5])).toBe('obs[1] must be an integer (Box dtype int32), got 2.5');
  });
});

describe('DriftMonitor', () => {
  it('estimates the serving mean in training standard deviations', () => {
    const d = new DriftMonitor([10, 0], [4, 1], 0, { threshold: 1, minSamples: 4, featureNames: ['queue', 'speed'] });
    for (const x of [[12, 1], [14, -1], [12, 1], [14, -1]]) d.observe(x);
    // queue: mean 13, (13 - 10) / 2 = 1.5; speed: mean 0
    expect(d.z[0]).toBeCloseTo(1.5, 12);
    expect(d.z[1]).toBeCloseTo(0, 12);
    expect(d.report()).toEqual({ drifting: true, features: [{ name: 'queue', index: 0, z: 1.5 }], maxAbsZ: 1.5, samples: 4 });
  });

  it('forgets old traffic beyond the window', () => {
    const d = new DriftMonitor([0], [1], 0, { window: 10, minSamples: 1 });
    for (let i = 0; i < 10; i++) d.observe([5]);
    for (let i = 0; i < 200; i++) d.observe([0]);
    expect(Math.abs(d.z[0] ?? 1)).toBeLessThan(1e-6); // 5 * 0.9^200
    expect(d.drifting).toBe(false);
  });
});

describe('MicroBatcher', () => {
  it('hands items pushed in one turn to one call, at most maxBatch at a time', async () => {
    const calls: number[][] = [];
    const b = new MicroBatcher<number>((xs) => calls.push(xs), 3);
    for (let i = 0; i < 7; i++) b.push(i);
    expect(calls).toEqual([]);
    for (let i = 0; i < 100 && calls.length < 3; i++) await new Promise((d) => setTimeout(d, 10));
    expect(calls).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });
});

describe('ServedModel batched forward pass', () => {
  it('gives bit-for-bit the outputs of MlpPolicy.forward for 1..9 rows (blocks of four and the rest), zero inputs included', () => {
    const net = randomMlp(21, 12, [16, 8], 5);
    const m = new ServedModel(net, 'v');
    const ref = new MlpPolicy(net);
    const rng = new Rng(4);
    for (const rows of [1, 3, 4, 5, 9]) {
      const obs = Array.from({ length: rows }, () => Float32Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? 0 : Math.fround(rng.uniform(-10, 10)))));
      obs.forEach((o, r) => m.writeInput(o, r));
      const out = m.forwardBatch(rows);
      obs.forEach((o, r) => {
        const want = Array.from(ref.forward(o));
        const got = Array.from(out.subarray(r * 5, r * 5 + 5));
        expect(got.every((v, k) => Object.is(v, want[k]))).toBe(true);
      });
    }
  });
});
