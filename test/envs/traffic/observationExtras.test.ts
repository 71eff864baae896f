import { describe, expect, it } from 'vitest';
import '../../../envs/traffic/index.js';
import { InvalidConfig } from '../../../src/core/errors.js';
import { make, makeParallel } from '../../../src/registry/registry.js';

// default TrafficSignal-v0: 4 arms x 2 lanes, 4 phases (NS through, NS left, EW through, EW left) -> 21 values
const BASE = 21;

describe('TrafficSignal-v0 observationExtras (opt-in)', () => {
  it('leaves the default observation unchanged and appends the features in the order given', () => {
    const plain = make('TrafficSignal-v0');
    const ext = make('TrafficSignal-v0', { observationExtras: ['time', 'green-time', 'phase-demand'] });
    expect(plain.observationSpace.shape).toEqual([BASE]);
    // time 1 + green-time 1 + phase-demand one per phase (4)
    expect(ext.observationSpace.shape).toEqual([BASE + 6]);
    const [a] = plain.reset({ seed: 3 });
    const [b] = ext.reset({ seed: 3 });
    for (let k = 0; k < 4; k++) {
      const [oa] = plain.step(0);
      const [ob] = ext.step(0);
      expect(Array.from(ob.slice(0, BASE))).toEqual(Array.from(oa));
      expect(ext.observationSpace.contains(ob)).toBe(true);
    }
    expect(Array.from(b.slice(0, BASE))).toEqual(Array.from(a));
  });

  it('time is the simulated time over numSeconds; green-time the green so far over max green', () => {
    const env = make('TrafficSignal-v0', { observationExtras: ['time', 'green-time'], numSeconds: 100, maxGreen: 50 });
    const [o0] = env.reset({ seed: 0 });
    expect(o0[BASE]).toBeCloseTo(0, 6);
    let o = o0;
    for (let k = 0; k < 3; k++) [o] = env.step(0); // keep phase 0: 3 steps of 5 s
    expect(o[BASE]).toBeCloseTo(15 / 100, 6);
    expect(o[BASE + 1]).toBeCloseTo(15 / 50, 6);
    [o] = env.step(2); // switch: 3 s yellow, then 2 s of the new green
    expect(o[BASE + 1]).toBeCloseTo(2 / 50, 6);
  });

  it('phase-demand counts vehicles by the phase that protects their movement (lefts vs throughs)', () => {
    const run = (turning: { l: number; s: number; r: number }): Float32Array => {
      const env = make('TrafficSignal-v0', { observationExtras: ['phase-demand'], scenario: { demand: 900, turning } });
      env.reset({ seed: 1 });
      let o = new Float32Array(0);
      for (let k = 0; k < 12; k++) [o] = env.step(0); // NS through green only: queues build everywhere
      return o.slice(BASE);
    };
    const lefts = run({ l: 1, s: 0, r: 0 });
    expect(lefts[0]).toBe(0);
    expect(lefts[2]).toBe(0);
    expect(lefts[1]).toBeGreaterThan(0);
    expect(lefts[3]).toBeGreaterThan(0);
    const throughs = run({ l: 0, s: 1, r: 0 });
    expect(throughs[1]).toBe(0);
    expect(throughs[3]).toBe(0);
    expect(throughs[0]).toBeGreaterThan(0);
    expect(throughs[2]).toBeGreaterThan(0);
    for (const v of [...lefts, ...throughs]) expect(v).toBeLessThanOrEqual(1);
  });

  it('refuses unknown or repeated features, a custom observation with extras, and the grid env', () => {
    expect(() => make('TrafficSignal-v0', { observationExtras: ['speed'] })).toThrow(InvalidConfig);
    expect(() => make('TrafficSignal-v0', { observationExtras: ['time', 'time'] })).toThrow(/listed twice/);
    expect(() => make('TrafficSignal-v0', { observationExtras: ['time'], observation: () => new Float32Array(1) })).toThrow(/custom observation/);
    expect(() => makeParallel('TrafficGrid-v0', { scenario: { rows: 1, cols: 2 }, observationExtras: ['time'] })).toThrow(/TrafficSignal-v0 only/);
  });
});

describe('TrafficSignal-v0 rewardScale (opt-in)', () => {
  it('multiplies every reward and changes nothing else', () => {
    const a = make('TrafficSignal-v0', { reward: 'queue' });
    const b = make('TrafficSignal-v0', { reward: 'queue', rewardScale: 0.1 });
    a.reset({ seed: 5 });
    b.reset({ seed: 5 });
    let seen = 0;
    for (let k = 0; k < 20; k++) {
      const ra = a.step(k % 4);
      const rb = b.step(k % 4);
      expect(rb[1]).toBeCloseTo(0.1 * ra[1], 9);
      expect(Array.from(rb[0])).toEqual(Array.from(ra[0]));
      if (ra[1] < 0) seen++;
    }
    expect(seen).toBeGreaterThan(0); // queues formed, so the check compared non-zero rewards
    expect(() => make('TrafficSignal-v0', { rewardScale: 0 })).toThrow(InvalidConfig);
  });
});
