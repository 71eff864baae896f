import { describe, expect, it } from 'vitest';
import { MountainCarEnv } from '../../../envs/classic/index.js';
import { checkEnv } from '../../../src/checker/index.js';
import { InvalidAction, InvalidConfig } from '../../../src/core/errors.js';
import { make, spec } from '../../../src/registry/registry.js';

// Published dynamics (Moore 1990; Sutton & Barto 2nd ed., example 10.1; Gymnasium's MountainCarEnv)
const FORCE = 0.001;
const GRAVITY = 0.0025;

function handStep(pos: number, vel: number, action: number): [number, number] {
  let v = vel + (action - 1) * FORCE - GRAVITY * Math.cos(3 * pos);
  v = Math.max(-0.07, Math.min(0.07, v));
  let p = Math.max(-1.2, Math.min(0.6, pos + v));
  if (p === -1.2 && v < 0) v = 0;
  return [p, v];
}

function withState(state: number[], kwargs = {}): MountainCarEnv {
  const env = new MountainCarEnv(kwargs);
  env.reset({ seed: 0 });
  env.state = state;
  return env;
}

describe('MountainCar-v0 dynamics', () => {
  it('one step from the valley pushing right, by hand', () => {
    const env = withState([-0.5, 0]);
    const [obs, reward, terminated, truncated, info] = env.step(2);
    // v = 0 + 0.001 - 0.0025 cos(-1.5) = 0.001 - 0.0025 * 0.0707372 = 0.000823157
    const v = 0.001 - 0.0025 * Math.cos(-1.5);
    expect(v).toBeCloseTo(0.000823157, 8);
    const st = env.state as Float64Array;
    expect(st[1]).toBeCloseTo(v, 15);
    expect(st[0]).toBeCloseTo(-0.5 + v, 15);
    expect(Array.from(obs)).toEqual([Math.fround(st[0]), Math.fround(st[1])]);
    expect([reward, terminated, truncated, info]).toEqual([-1, false, false, {}]);
  });

  it('follows the published update over 150 mixed steps', () => {
    const env = withState([-0.45, 0.01]);
    let [p, v] = [-0.45, 0.01];
    for (let t = 0; t < 150; t++) {
      const a = t % 3;
      const [obs] = env.step(a);
      [p, v] = handStep(p, v, a);
      const st = env.state as Float64Array;
      expect(st[0]).toBeCloseTo(p, 12);
      expect(st[1]).toBeCloseTo(v, 12);
      expect(obs[0]).toBeCloseTo(p, 6);
    }
  });

  it('clips velocity to ±0.07', () => {
    const env = withState([-0.5, 0.07]);
    env.step(2); // 0.07 + 0.001 - 0.0025 cos(-1.5) > 0.07
    expect((env.state as Float64Array)[1]).toBe(0.07);
    const env2 = withState([-0.2, -0.07]);
    env2.step(0); // -0.07 - 0.001 - 0.0025 cos(-0.6) < -0.07
    expect((env2.state as Float64Array)[1]).toBe(-0.07);
  });

  it('stops the car inelastically at the left wall', () => {
    const env = withState([-1.19, -0.05]);
    const [obs] = env.step(0);
    expect(Array.from(env.state as Float64Array)).toEqual([-1.2, 0]);
    expect(Array.from(obs)).toEqual([Math.fround(-1.2), 0]);
    // at the wall moving right: velocity kept
    const env2 = withState([-1.2, 0]);
    env2.step(2);
    expect((env2.state as Float64Array)[1]).toBeGreaterThan(0);
  });

  it('terminates exactly when position >= 0.5 (and velocity >= goalVelocity)', () => {
    // find a start whose next position is exactly 0.5 with positive velocity
    let p0 = 0.49;
    for (let k = 0; k < 20; k++) p0 = 0.5 - handStep(p0, 0.01, 2)[1];
    let hit: number | undefined;
    const ulp = 2 ** -54; // spacing of doubles in [0.25, 0.5)
    for (let d = -64; d <= 64 && hit === undefined; d++) {
      const cand = p0 + d * ulp;
      if (handStep(cand, 0.01, 2)[0] === 0.5) hit = cand;
    }
    expect(hit).toBeDefined();
    expect(withState([hit as number, 0.01]).step(2)[2]).toBe(true);
    // one ulp short of the goal: not terminated
    let below: number | undefined;
    for (let d = -1; d >= -64 && below === undefined; d--) {
      const cand = (hit as number) + d * ulp;
      const np = handStep(cand, 0.01, 2)[0];
      if (np < 0.5 && np > 0.5 - 1e-15) below = cand;
    }
    expect(below).toBeDefined();
    expect(withState([below as number, 0.01]).step(2)[2]).toBe(false);
    // goalVelocity: at the goal but too slow
    expect(withState([0.55, 0.01], { goalVelocity: 0.02 }).step(1)[2]).toBe(false);
    expect(withState([0.55, 0.03], { goalVelocity: 0.02 }).step(1)[2]).toBe(true);
  });
});

describe('MountainCar-v0 reset, limits, errors', () => {
  it('starts uniformly in [-0.6, -0.4) at rest', () => {
    const env = new MountainCarEnv();
    let lo = 0;
    let hi = -1;
    for (let seed = 0; seed < 300; seed++) {
      const [obs] = env.reset({ seed });
      const [p, v] = env.state as Float64Array as unknown as [number, number];
      expect(p >= -0.6 && p < -0.4).toBe(true);
      expect(v).toBe(0);
      expect(obs[0]).toBe(Math.fround(p));
      lo = Math.min(lo, p);
      hi = Math.max(hi, p);
    }
    expect(lo).toBeLessThan(-0.59);
    expect(hi).toBeGreaterThan(-0.41);
    env.reset({ seed: 1, options: { low: -0.2, high: -0.1 } });
    const p = (env.state as Float64Array)[0];
    expect(p >= -0.2 && p < -0.1).toBe(true);
  });

  it('has Gymnasium spaces, limit 200 and threshold -110; truncates at 200 through make', () => {
    const env = make('MountainCar-v0');
    expect(Array.from((env.observationSpace as MountainCarEnv['observationSpace']).low)).toEqual([Math.fround(-1.2), Math.fround(-0.07)]);
    expect(Array.from((env.observationSpace as MountainCarEnv['observationSpace']).high)).toEqual([Math.fround(0.6), Math.fround(0.07)]);
    expect(spec('MountainCar-v0').maxEpisodeSteps).toBe(200);
    expect(spec('MountainCar-v0').rewardThreshold).toBe(-110);
    env.reset({ seed: 5 });
    let steps = 0;
    let r: unknown[] = [];
    do {
      r = env.step(1); // never reaches the goal without pumping energy
      steps++;
    } while (!r[2] && !r[3]);
    expect(steps).toBe(200);
    expect([r[1], r[2], r[3]]).toEqual([-1, false, true]);
  });

  it('same seed same trajectory; different seeds differ', () => {
    const run = (seed: number): number[] => {
      const env = make('MountainCar-v0');
      const out = [...(env.reset({ seed })[0] as Float32Array)];
      for (let t = 0; t < 20; t++) out.push(...(env.step(t % 3)[0] as Float32Array));
      return out;
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it('refuses bad actions and kwargs', () => {
    const env = withState([-0.5, 0]);
    for (const bad of [3, -1, 1.5, NaN, '0']) expect(() => env.step(bad as number)).toThrow(InvalidAction);
    expect(() => env.step(3)).toThrow('Invalid action 3: expected an element of Discrete(3)');
    expect(() => make('MountainCar-v0', { force: 0.002 })).toThrow(InvalidConfig);
    expect(() => make('MountainCar-v0', { goalVelocity: 'fast' })).toThrow(/goalVelocity/);
    expect(() => (env.state = [1])).toThrow(InvalidConfig);
  });

  it('renders the car and the flag', () => {
    const env = new MountainCarEnv({ renderMode: 'ansi' });
    env.reset({ seed: 0 });
    env.state = [-1.2, 0];
    const [head, track] = (env.render() as string).split('\n') as [string, string];
    expect(head).toContain('position=-1.2000');
    expect(track.indexOf('C')).toBe(0);
    expect(track.indexOf('F')).toBe(Math.round((1.7 / 1.8) * 45));
    env.state = [0.6, 0];
    expect(((env.render() as string).split('\n')[1]).indexOf('C')).toBe(45);
  });

  it('passes checkEnv', () => {
    expect(() => checkEnv(make('MountainCar-v0'))).not.toThrow();
  });
});
