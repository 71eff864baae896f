import { describe, expect, it } from 'vitest';
import { AcrobotEnv } from '../../../envs/classic/index.js';
import { checkEnv } from '../../../src/checker/index.js';
import { InvalidAction, InvalidConfig } from '../../../src/core/errors.js';
import { make, spec } from '../../../src/registry/registry.js';

// Sutton & Barto (book) acrobot equations with Gymnasium's constants
const m1 = 1, m2 = 1, l1 = 1, lc1 = 0.5, lc2 = 0.5, I1 = 1, I2 = 1, g = 9.8;

function derivs(y: readonly number[], tau: number, nips = false): number[] {
  const [t1, t2, w1, w2] = y as [number, number, number, number];
  const d1 = m1 * lc1 ** 2 + m2 * (l1 ** 2 + lc2 ** 2 + 2 * l1 * lc2 * Math.cos(t2)) + I1 + I2;
  const d2 = m2 * (lc2 ** 2 + l1 * lc2 * Math.cos(t2)) + I2;
  const phi2 = m2 * lc2 * g * Math.cos(t1 + t2 - Math.PI / 2);
  const phi1 =
    -m2 * l1 * lc2 * w2 ** 2 * Math.sin(t2) - 2 * m2 * l1 * lc2 * w2 * w1 * Math.sin(t2) + (m1 * lc1 + m2 * l1) * g * Math.cos(t1 - Math.PI / 2) + phi2;
  const extra = nips ? 0 : m2 * l1 * lc2 * w1 ** 2 * Math.sin(t2);
  const a2 = (tau + (d2 / d1) * phi1 - extra - phi2) / (m2 * lc2 ** 2 + I2 - d2 ** 2 / d1);
  const a1 = -(d2 * a2 + phi1) / d1;
  return [w1, w2, a1, a2];
}

/** A tiny textbook RK4 over arrays. */
function rk4(f: (y: number[]) => number[], y: number[], h: number): number[] {
  const add = (a: number[], b: number[], s: number): number[] => a.map((v, i) => v + s * (b[i]));
  const k1 = f(y);
  const k2 = f(add(y, k1, h / 2));
  const k3 = f(add(y, k2, h / 2));
  const k4 = f(add(y, k3, h));
  return y.map((v, i) => v + (h / 6) * ((k1[i]) + 2 * (k2[i]) + 2 * (k3[i]) + (k4[i])));
}

function handStep(s: number[], action: number, nips = false): number[] {
  const y = rk4((v) => derivs(v, action - 1, nips), s, 0.2);
  const wrap = (a: number): number => (a > Math.PI ? a - 2 * Math.PI : a < -Math.PI ? a + 2 * Math.PI : a);
  const clip = (v: number, m: number): number => Math.max(-m, Math.min(m, v));
  return [wrap(y[0]), wrap(y[1]), clip(y[2], 4 * Math.PI), clip(y[3], 9 * Math.PI)];
}

function withState(state: number[], kwargs = {}): AcrobotEnv {
  const env = new AcrobotEnv(kwargs);
  env.reset({ seed: 0 });
  env.state = state;
  return env;
}

function obsOf(s: number[]): number[] {
  return [Math.cos(s[0]), Math.sin(s[0]), Math.cos(s[1]), Math.sin(s[1]), s[2], s[3]].map(Math.fround);
}

describe('Acrobot-v1 dynamics (RK4, book equations)', () => {
  it('one step of each action matches an independent RK4 of the book equations', () => {
    for (const start of [[0.05, -0.03, 0.02, 0.08], [1.0, -0.5, 2.0, -3.0], [-2.5, 2.0, -5.0, 10.0]]) {
      for (const a of [0, 1, 2]) {
        const env = withState(start);
        const [obs, reward, terminated, truncated, info] = env.step(a);
        const want = handStep(start, a);
        const st = env.state as Float64Array;
        for (let i = 0; i < 4; i++) expect(st[i]).toBeCloseTo(want[i], 12);
        const wo = obsOf(Array.from(st));
        for (let i = 0; i < 6; i++) expect(obs[i]).toBe(wo[i]);
        expect(reward).toBe(terminated ? 0 : -1);
        expect([truncated, info]).toEqual([false, {}]);
      }
    }
  });

  it('tracks the independent integrator over 100 steps', () => {
    const env = withState([0.05, -0.05, 0.0, 0.0]);
    let want = [0.05, -0.05, 0.0, 0.0];
    for (let t = 0; t < 100; t++) {
      const a = [2, 2, 0, 0, 1][t % 5];
      const r = env.step(a);
      want = handStep(want, a);
      const st = env.state as Float64Array;
      for (let i = 0; i < 4; i++) expect(st[i]).toBeCloseTo(want[i], 8);
      if (r[2]) break;
    }
  });

  it('nips dynamics differ from book dynamics and match the paper equation', () => {
    const start = [0.3, 0.4, 1.5, -1.0];
    const book = withState(start);
    const nips = withState(start, { bookOrNips: 'nips' });
    book.step(2);
    nips.step(2);
    const wantNips = handStep(start, 2, true);
    const sn = nips.state as Float64Array;
    for (let i = 0; i < 4; i++) expect(sn[i]).toBeCloseTo(wantNips[i], 12);
    expect(Math.abs(((book.state as Float64Array)[3]) - (sn[3]))).toBeGreaterThan(1e-3);
  });

  it('wraps angles into [-π, π]', () => {
    const start = [Math.PI - 0.01, -Math.PI + 0.01, 1.0, -1.0];
    const env = withState(start);
    env.step(1);
    const st = env.state as Float64Array;
    const raw = rk4((v) => derivs(v, 0), start, 0.2);
    expect(raw[0]).toBeGreaterThan(Math.PI);
    expect(raw[1]).toBeLessThan(-Math.PI);
    expect(st[0]).toBeCloseTo((raw[0]) - 2 * Math.PI, 12);
    expect(st[1]).toBeCloseTo((raw[1]) + 2 * Math.PI, 12);
  });

  it('bounds the joint velocities at 4π and 9π', () => {
    const env = withState([0, 0, 4 * Math.PI, 9 * Math.PI]);
    env.step(2);
    const st = env.state as Float64Array;
    const raw = rk4((v) => derivs(v, 1), [0, 0, 4 * Math.PI, 9 * Math.PI], 0.2);
    expect(Math.abs(raw[2]) > 4 * Math.PI || Math.abs(raw[3]) > 9 * Math.PI).toBe(true);
    expect(Math.abs(st[2])).toBeLessThanOrEqual(4 * Math.PI);
    expect(Math.abs(st[3])).toBeLessThanOrEqual(9 * Math.PI);
    expect(st[2]).toBe(Math.max(-4 * Math.PI, Math.min(4 * Math.PI, raw[2])));
  });

  it('terminates with reward 0 exactly when -cos θ1 - cos(θ1 + θ2) > 1 after the step', () => {
    const up = withState([Math.PI, 0, 0, 0]).step(1); // balanced straight up: height 2
    expect([up[1], up[2]]).toEqual([0, true]);
    const down = withState([0, 0, 0, 0]).step(1);
    expect([down[1], down[2]]).toEqual([-1, false]);
    // the rule itself, over many states near the threshold
    let both = [0, 0];
    for (let i = 0; i < 400; i++) {
      const t1 = 1.6 + (i % 20) * 0.05;
      const t2 = -1 + Math.floor(i / 20) * 0.1;
      const env = withState([t1, t2, 0.3, -0.2]);
      const r = env.step(i % 3);
      const st = env.state as Float64Array;
      const height = -Math.cos(st[0]) - Math.cos((st[1]) + (st[0]));
      expect(r[2]).toBe(height > 1);
      both[r[2] ? 1 : 0]++;
    }
    expect(both[0]).toBeGreaterThan(20);
    expect(both[1]).toBeGreaterThan(20);
  });
});

describe('Acrobot-v1 reset, limits, errors', () => {
  it('starts uniformly in [-0.1, 0.1) with a float32 state', () => {
    const env = new AcrobotEnv();
    for (let seed = 0; seed < 200; seed++) {
      const [obs] = env.reset({ seed });
      const st = Array.from(env.state as Float64Array);
      for (const v of st) {
        expect(v >= -0.1 && v <= 0.1).toBe(true);
        expect(Math.fround(v)).toBe(v);
      }
      expect(Array.from(obs)).toEqual(obsOf(st));
    }
    env.reset({ seed: 2, options: { low: 0.5, high: 0.6 } });
    for (const v of env.state as Float64Array) expect(v >= Math.fround(0.5) && v <= Math.fround(0.6)).toBe(true);
  });

  it('has Gymnasium spaces, limit 500, threshold -100; hanging still truncates at 500', () => {
    const env = make('Acrobot-v1');
    const box = env.observationSpace as AcrobotEnv['observationSpace'];
    expect(Array.from(box.high)).toEqual([1, 1, 1, 1, 4 * Math.PI, 9 * Math.PI].map(Math.fround));
    expect(env.actionSpace.toString()).toBe('Discrete(3)');
    expect(spec('Acrobot-v1').maxEpisodeSteps).toBe(500);
    expect(spec('Acrobot-v1').rewardThreshold).toBe(-100);
    env.reset({ seed: 0 });
    let n = 0;
    let r: unknown[] = [];
    do {
      r = env.step(1);
      n++;
    } while (!r[2] && !r[3]);
    expect(n).toBe(500);
    expect([r[1], r[2], r[3]]).toEqual([-1, false, true]);
  });

  it('same seed same trajectory; different seeds differ', () => {
    const run = (seed: number): number[] => {
      const env = make('Acrobot-v1');
      const out = [...(env.reset({ seed })[0] as Float32Array)];
      for (let t = 0; t < 10; t++) out.push(...(env.step(t % 3)[0] as Float32Array));
      return out;
    };
    expect(run(9)).toEqual(run(9));
    expect(run(9)).not.toEqual(run(10));
  });

  it('torque noise draws from the env rng when enabled', () => {
    const a = withState([0, 0, 0, 0], { torqueNoiseMax: 0.5 });
    const b = withState([0, 0, 0, 0]);
    a.step(1);
    b.step(1);
    // without noise the hanging arm barely moves (cos(-π/2) is 6e-17 in floating point, as in Gymnasium)
    for (const v of b.state as Float64Array) expect(Math.abs(v)).toBeLessThan(1e-15);
    expect(Math.abs((a.state as Float64Array)[3])).toBeGreaterThan(1e-4);
  });

  it('refuses bad actions and kwargs', () => {
    const env = withState([0, 0, 0, 0]);
    for (const bad of [3, -1, 0.5, NaN]) expect(() => env.step(bad)).toThrow(InvalidAction);
    expect(() => env.step(-1)).toThrow('Invalid action -1: expected an element of Discrete(3)');
    expect(() => make('Acrobot-v1', { dt: 0.1 })).toThrow(InvalidConfig);
    expect(() => make('Acrobot-v1', { bookOrNips: 'paper' })).toThrow(/bookOrNips/);
  });

  it('renders both links, the target line and the height', () => {
    const env = new AcrobotEnv({ renderMode: 'ansi' });
    env.reset({ seed: 0 });
    env.state = [0, 0, 0, 0];
    const lines = (env.render() as string).split('\n');
    expect(lines[0]).toContain('tip height=-2.000 (goal > 1)');
    expect(lines[5]?.[4]).toBe('o'); // pivot at the centre
    expect(lines[9]?.[4]).toBe('*'); // tip straight down
    expect(lines[3]).toMatch(/^=+$/); // target line one link above the pivot
  });

  it('passes checkEnv', () => {
    expect(() => checkEnv(make('Acrobot-v1'))).not.toThrow();
  });
});
