import { describe, expect, it } from 'vitest';
import { PendulumEnv, angleNormalize } from '../../../envs/classic/index.js';
import { checkEnv } from '../../../src/checker/index.js';
import { InvalidAction, InvalidConfig } from '../../../src/core/errors.js';
import { make, spec } from '../../../src/registry/registry.js';

/** Published Pendulum-v1 model: θ'' = 3g/(2l) sin θ + 3/(m l²) u, semi-implicit euler, dt 0.05. */
function handStep(th: number, thdot: number, torque: number, g = 10): { th: number; thdot: number; reward: number } {
  const u = Math.max(-2, Math.min(2, torque));
  let a = th;
  while (a >= Math.PI) a -= 2 * Math.PI;
  while (a < -Math.PI) a += 2 * Math.PI;
  const reward = -(a * a + 0.1 * thdot * thdot + 0.001 * u * u);
  const nd = Math.max(-8, Math.min(8, thdot + (1.5 * g * Math.sin(th) + 3 * u) * 0.05));
  return { th: th + nd * 0.05, thdot: nd, reward };
}

function withState(state: number[], kwargs = {}): PendulumEnv {
  const env = new PendulumEnv(kwargs);
  env.reset({ seed: 0 });
  env.state = state;
  return env;
}

describe('Pendulum-v1 dynamics and reward', () => {
  it('one step by hand', () => {
    const env = withState([1.0, 0.5]);
    const [obs, reward, terminated, truncated, info] = env.step(Float32Array.of(1.5));
    // thdot' = 0.5 + (15 sin 1 + 4.5) 0.05 = 0.5 + (12.62206 + 4.5) 0.05 = 1.356103
    const nd = 0.5 + (15 * Math.sin(1) + 4.5) * 0.05;
    expect(nd).toBeCloseTo(1.356103, 6);
    const st = env.state as Float64Array;
    expect(st[1]).toBeCloseTo(nd, 14);
    expect(st[0]).toBeCloseTo(1 + nd * 0.05, 14);
    // the float32 action takes numpy 2's float32 path for 0.001 u² (see below): equal to ~1e-10
    expect(reward).toBeCloseTo(-(1 + 0.1 * 0.25 + 0.001 * 2.25), 9);
    expect(Array.from(obs)).toEqual([Math.cos(st[0]), Math.sin(st[0]), st[1]].map(Math.fround));
    expect([terminated, truncated, info]).toEqual([false, false, {}]);
  });

  it('follows the published model over 100 steps (g = 9.81 kwarg)', () => {
    const env = withState([2.5, -0.7], { g: 9.81 });
    let s = { th: 2.5, thdot: -0.7, reward: 0 };
    for (let t = 0; t < 100; t++) {
      const u = Math.sin(t * 0.3) * 2.5;
      const r = env.step([u]);
      s = handStep(s.th, s.thdot, u, 9.81);
      const st = env.state as Float64Array;
      expect(st[0]).toBeCloseTo(s.th, 10);
      expect(st[1]).toBeCloseTo(s.thdot, 10);
      expect(r[1]).toBeCloseTo(s.reward, 10);
    }
  });

  it('clips the torque to ±2 (in dynamics and cost) and the speed to ±8', () => {
    const a = withState([0.3, 0.2]);
    const b = withState([0.3, 0.2]);
    const ra = a.step(Float32Array.of(5));
    const rb = b.step(Float32Array.of(2));
    expect(ra[1]).toBe(rb[1]);
    expect(Array.from(a.state as Float64Array)).toEqual(Array.from(b.state as Float64Array));
    expect(ra[1]).toBeCloseTo(-(0.09 + 0.1 * 0.04 + 0.001 * 4), 9);
    const fast = withState([Math.PI / 2, 7.9]);
    fast.step([2]);
    expect((fast.state as Float64Array)[1]).toBe(8);
    const fastNeg = withState([-Math.PI / 2, -7.9]);
    fastNeg.step([-2]);
    expect((fastNeg.state as Float64Array)[1]).toBe(-8);
  });

  it('rounds the torque terms to float32 for a Float32Array action, as numpy 2 does; float64 for number[]', () => {
    const u = Math.fround(1.1); // 3u and 0.001 u² are not float32 numbers
    expect(Math.fround(3 * u)).not.toBe(3 * u);
    const f32 = withState([0.2, 0.1]);
    const f64 = withState([0.2, 0.1]);
    const r32 = f32.step(Float32Array.of(u));
    const r64 = f64.step([u]);
    const base = 0.1 + 1.5 * 10 * Math.sin(0.2) * 0.05; // θdot + (3g/2l) sin θ dt
    expect((f32.state as Float64Array)[1]).toBe(0.1 + (15 * Math.sin(0.2) + Math.fround(3 * u)) * 0.05);
    expect((f64.state as Float64Array)[1]).toBe(0.1 + (15 * Math.sin(0.2) + 3 * u) * 0.05);
    expect((f32.state as Float64Array)[1]).toBeCloseTo(base + 3 * u * 0.05, 6);
    const cost = 0.2 * 0.2 + 0.1 * 0.01;
    // the two differ by ~1e-10; each matches its own rule to 1e-14 (the angle passes through angleNormalize)
    expect(Math.abs((r32[1]) - (r64[1]))).toBeGreaterThan(1e-11);
    expect(r32[1]).toBeCloseTo(-(cost + Math.fround(Math.fround(0.001) * Math.fround(u * u))), 14);
    expect(r64[1]).toBeCloseTo(-(cost + 0.001 * (u * u)), 14);
  });

  it('normalises the angle in the cost but not in the state', () => {
    const env = withState([3 * Math.PI / 2, 0]);
    const [, reward] = env.step([0]);
    expect(reward).toBeCloseTo(-((Math.PI / 2) ** 2), 12);
    expect((env.state as Float64Array)[0]).toBeGreaterThan(Math.PI);
    expect(angleNormalize(Math.PI)).toBeCloseTo(-Math.PI, 15);
    expect(angleNormalize(-Math.PI)).toBeCloseTo(-Math.PI, 15);
    expect(angleNormalize(7)).toBeCloseTo(7 - 2 * Math.PI, 14);
    expect(angleNormalize(-7)).toBeCloseTo(-7 + 2 * Math.PI, 14);
    expect(angleNormalize(0.5)).toBeCloseTo(0.5, 15);
  });

  it('never terminates; TimeLimit truncates at 200 through make', () => {
    const env = make('Pendulum-v1');
    env.reset({ seed: 4 });
    let n = 0;
    let r: unknown[] = [];
    do {
      r = env.step(Float32Array.of(0));
      n++;
      expect(r[2]).toBe(false);
    } while (!r[3]);
    expect(n).toBe(200);
  });
});

describe('Pendulum-v1 reset, spaces, errors', () => {
  it('starts with θ uniform in [-π, π) then θdot uniform in [-1, 1)', () => {
    const env = new PendulumEnv();
    let [thLo, thHi, wLo, wHi] = [0, 0, 0, 0];
    for (let seed = 0; seed < 300; seed++) {
      const [obs] = env.reset({ seed });
      const [th, w] = env.state as Float64Array as unknown as [number, number];
      expect(th >= -Math.PI && th < Math.PI).toBe(true);
      expect(w >= -1 && w < 1).toBe(true);
      expect(Array.from(obs)).toEqual([Math.cos(th), Math.sin(th), w].map(Math.fround));
      [thLo, thHi, wLo, wHi] = [Math.min(thLo, th), Math.max(thHi, th), Math.min(wLo, w), Math.max(wHi, w)];
    }
    expect(thLo).toBeLessThan(-3);
    expect(thHi).toBeGreaterThan(3);
    expect(wLo).toBeLessThan(-0.95);
    expect(wHi).toBeGreaterThan(0.95);
    env.reset({ seed: 1, options: { x_init: 0.1, y_init: 0.01 } });
    const [th, w] = env.state as Float64Array as unknown as [number, number];
    expect(Math.abs(th)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(w)).toBeLessThanOrEqual(0.01);
    expect(() => env.reset({ options: { x_init: 'wide' } })).toThrow(InvalidConfig);
  });

  it('has Gymnasium spaces and limit 200', () => {
    const env = new PendulumEnv();
    expect(Array.from(env.observationSpace.high)).toEqual([1, 1, 8]);
    expect(env.actionSpace.toString()).toBe('Box(-2.0, 2.0, [1], float32)');
    expect(spec('Pendulum-v1').maxEpisodeSteps).toBe(200);
    expect(spec('Pendulum-v1').rewardThreshold).toBeUndefined();
  });

  it('accepts a Float32Array or a number[] of length 1, refuses NaN, wrong lengths and scalars', () => {
    const a = withState([0.4, 0.1]);
    const b = withState([0.4, 0.1]);
    expect(a.step(Float32Array.of(0.75))[0]).toEqual(b.step([0.75])[0]); // 3 x 0.75 is exact in float32
    for (const bad of [Float32Array.of(NaN), [NaN], Float32Array.of(1, 2), [], [1, 2], 1, '1', null, ['1']]) {
      expect(() => a.step(bad as number[])).toThrow(InvalidAction);
    }
    expect(() => a.step([NaN])).toThrow('Invalid action Array(1) [NaN]: expected an element of Box(-2.0, 2.0, [1], float32)');
    expect(() => a.step(Float32Array.of(1, 2))).toThrow(/Float32Array\(2\) \[1, 2\]/);
  });

  it('same seed same trajectory; different seeds differ', () => {
    const run = (seed: number): number[] => {
      const env = make('Pendulum-v1');
      const out = [...(env.reset({ seed })[0] as Float32Array)];
      for (let t = 0; t < 10; t++) out.push(...(env.step([1])[0] as Float32Array));
      return out;
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });

  it('refuses unknown or bad kwargs', () => {
    expect(() => make('Pendulum-v1', { maxTorque: 3 })).toThrow(/unknown key 'maxTorque'/);
    expect(() => make('Pendulum-v1', { g: 'earth' })).toThrow(InvalidConfig);
  });

  it('renders the rod', () => {
    const env = new PendulumEnv({ renderMode: 'ansi' });
    env.reset({ seed: 0 });
    env.state = [0, 0];
    const lines = (env.render() as string).split('\n');
    expect(lines[0]).toBe('theta=0.000 thetaDot=0.000 torque=none');
    expect(lines[1]?.[3]).toBe('@'); // upright: bob above the pivot
    expect(lines[4]?.[3]).toBe('o');
    env.state = [Math.PI, 0];
    env.step([1]);
    const down = (env.render() as string).split('\n');
    expect(down[7]?.[3]).toBe('@');
    expect(down[0]).toContain('torque=1.000');
  });

  it('passes checkEnv', () => {
    expect(() => checkEnv(make('Pendulum-v1'))).not.toThrow();
  });
});
