import { describe, expect, it } from 'vitest';
import { CartPoleEnv, cartPoleParams, cartPoleStep } from '../../../envs/classic/index.js';
import { checkEnv } from '../../../src/checker/index.js';
import { InvalidAction, InvalidConfig, ResetNeeded } from '../../../src/core/errors.js';
import { make, spec } from '../../../src/registry/registry.js';
import { makePolicy } from '../../../src/policy/policyRegistry.js';

// Published constants (Barto, Sutton & Anderson 1983; Gymnasium's CartPoleEnv)
const G = 9.8;
const MC = 1.0;
const MP = 0.1;
const L = 0.5; // half pole length
const F = 10.0;
const TAU = 0.02;
const THETA_LIMIT = (12 * Math.PI) / 180;

/** Florian (2005), eq. 23-24 with friction 0, written in the textbook arrangement. */
function accelerations(theta: number, thetaDot: number, force: number): [number, number] {
  const s = Math.sin(theta);
  const c = Math.cos(theta);
  const thetaAcc = (G * s + c * ((-force - MP * L * thetaDot * thetaDot * s) / (MC + MP))) / (L * (4 / 3 - (MP * c * c) / (MC + MP)));
  const xAcc = (force + MP * L * (thetaDot * thetaDot * s - thetaAcc * c)) / (MC + MP);
  return [xAcc, thetaAcc];
}

function handStep(s: readonly number[], action: number, semiImplicit = false): number[] {
  const [x, xd, th, thd] = s as [number, number, number, number];
  const [xAcc, thAcc] = accelerations(th, thd, action === 1 ? F : -F);
  if (semiImplicit) {
    const xd1 = xd + TAU * xAcc;
    const thd1 = thd + TAU * thAcc;
    return [x + TAU * xd1, xd1, th + TAU * thd1, thd1];
  }
  return [x + TAU * xd, xd + TAU * xAcc, th + TAU * thd, thd + TAU * thAcc];
}

function unwrappedWith(state: number[], kwargs = {}): CartPoleEnv {
  const env = new CartPoleEnv(kwargs);
  env.reset({ seed: 0 });
  env.state = state;
  return env;
}

describe('CartPole-v1 dynamics', () => {
  it('one euler step from rest pushing right matches the equations', () => {
    const env = unwrappedWith([0, 0, 0, 0]);
    const [obs, reward, terminated, truncated, info] = env.step(1);
    // at rest and upright: thetaAcc = -F/(M) / (L (4/3 - mp/M)), xAcc = F/M - mp L thetaAcc / M
    const M = MC + MP;
    const thAcc = -F / M / (L * (4 / 3 - MP / M));
    const xAcc = F / M - (MP * L * thAcc) / M;
    const want = [0, TAU * xAcc, 0, TAU * thAcc];
    const st = env.state as Float64Array;
    for (let i = 0; i < 4; i++) expect(st[i]).toBeCloseTo(want[i], 14);
    expect(obs).toBeInstanceOf(Float32Array);
    for (let i = 0; i < 4; i++) expect(obs[i]).toBe(Math.fround(st[i]));
    expect(st[1]).toBeCloseTo(0.195121951219512, 12); // 0.02 * 10/1.1 * (1 + 0.1/ (4/3*1.1 - 0.1)) by hand
    expect([reward, terminated, truncated, info]).toEqual([1, false, false, {}]);
  });

  it('matches the published equations from arbitrary states, both actions, 50 steps', () => {
    for (const start of [[0.1, -0.2, 0.05, 0.3], [-1.3, 0.7, -0.15, -0.9], [2.0, 1.5, 0.2, 2.0]]) {
      const env = unwrappedWith(start);
      let want = [...start];
      for (let t = 0; t < 50; t++) {
        const a = (t * 7) % 3 === 0 ? 1 : 0;
        const [obs] = env.step(a);
        want = handStep(want, a);
        const st = env.state as Float64Array;
        for (let i = 0; i < 4; i++) {
          expect(st[i]).toBeCloseTo(want[i], 9);
          expect(Math.abs((obs[i]) - (want[i]))).toBeLessThanOrEqual(Math.abs(want[i]) * 1.2e-7 + 1e-9);
        }
      }
    }
  });

  it('semi-implicit euler updates velocity first', () => {
    const start = [0.3, -0.4, 0.1, -0.5];
    const env = unwrappedWith(start, { kinematicsIntegrator: 'semi-implicit-euler' });
    env.step(0);
    const want = handStep(start, 0, true);
    const st = env.state as Float64Array;
    for (let i = 0; i < 4; i++) expect(st[i]).toBeCloseTo(want[i], 14);
    const euler = handStep(start, 0, false);
    expect(Math.abs((st[0]) - (euler[0]))).toBeGreaterThan(1e-5);
  });

  it('cartPoleStep steps a batch of carts over one flat array, allocation-free', () => {
    const starts = [[0, 0, 0.01, 0], [0.5, -0.1, -0.05, 0.2], [-1, 0.3, 0.1, -0.1]];
    const states = Float64Array.from(starts.flat());
    const out = new Float32Array(12);
    const p = cartPoleParams();
    const actions = [1, 0, 1];
    for (let i = 0; i < 3; i++) cartPoleStep(states, 4 * i, actions[i], p, out, 4 * i);
    for (let i = 0; i < 3; i++) {
      const want = handStep(starts[i], actions[i]);
      for (let j = 0; j < 4; j++) {
        expect(states[4 * i + j]).toBeCloseTo(want[j], 14);
        expect(out[4 * i + j]).toBe(Math.fround(states[4 * i + j]));
      }
    }
  });
});

describe('CartPole-v1 termination and reward', () => {
  it('terminates only strictly beyond x = ±2.4', () => {
    // with xDot = 0 euler leaves x unchanged for one step
    expect(unwrappedWith([2.4, 0, 0, 0]).step(1)[2]).toBe(false);
    expect(unwrappedWith([-2.4, 0, 0, 0]).step(0)[2]).toBe(false);
    expect(unwrappedWith([2.4, 1e-6, 0, 0]).step(1)[2]).toBe(true);
    expect(unwrappedWith([-2.4, -1e-6, 0, 0]).step(0)[2]).toBe(true);
  });

  it('terminates only strictly beyond 12 degrees', () => {
    expect(unwrappedWith([0, 0, THETA_LIMIT, 0]).step(1)[2]).toBe(false);
    expect(unwrappedWith([0, 0, -THETA_LIMIT, 0]).step(0)[2]).toBe(false);
    expect(unwrappedWith([0, 0, THETA_LIMIT, 1e-6]).step(1)[2]).toBe(true);
    expect(unwrappedWith([0, 0, -THETA_LIMIT, -1e-6]).step(0)[2]).toBe(true);
  });

  it('pays +1 on every step including the terminating one, then 0 when stepped past termination', () => {
    const env = unwrappedWith([0, 0, 0.2, 1]);
    const r1 = env.step(1);
    expect([r1[1], r1[2]]).toEqual([1, true]);
    expect(env.step(1)[1]).toBe(0);
    expect(env.step(1)[1]).toBe(0);
    env.reset({ seed: 1 });
    expect(env.step(0)[1]).toBe(1);
  });

  it('suttonBartoReward: 0 per step, -1 on termination and after it', () => {
    const env = unwrappedWith([0, 0, 0, 0], { suttonBartoReward: true });
    expect(env.step(1)[1]).toBe(0);
    env.state = [0, 0, 0.2, 1];
    const r = env.step(1);
    expect([r[1], r[2]]).toEqual([-1, true]);
    expect(env.step(1)[1]).toBe(-1);
  });
});

describe('CartPole-v1 reset, seeding, state', () => {
  it('draws each state entry uniformly from [-0.05, 0.05), float32 obs of the float64 state', () => {
    const env = new CartPoleEnv();
    const mins = [1, 1, 1, 1];
    const maxs = [-1, -1, -1, -1];
    for (let seed = 0; seed < 300; seed++) {
      const [obs, info] = env.reset({ seed });
      expect(info).toEqual({});
      const st = env.state as Float64Array;
      for (let i = 0; i < 4; i++) {
        const v = st[i];
        expect(v).toBeGreaterThanOrEqual(-0.05);
        expect(v).toBeLessThan(0.05);
        expect(obs[i]).toBe(Math.fround(v));
        mins[i] = Math.min(mins[i], v);
        maxs[i] = Math.max(maxs[i], v);
      }
    }
    for (let i = 0; i < 4; i++) {
      expect(mins[i]).toBeLessThan(-0.045);
      expect(maxs[i]).toBeGreaterThan(0.045);
    }
  });

  it('reset options low/high change the range; low > high is refused', () => {
    const env = new CartPoleEnv();
    for (let seed = 0; seed < 50; seed++) {
      env.reset({ seed, options: { low: 0.2, high: 0.3 } });
      for (const v of env.state as Float64Array) expect(v >= 0.2 && v < 0.3).toBe(true);
    }
    expect(() => env.reset({ options: { low: 1, high: 0 } })).toThrow(InvalidConfig);
    expect(() => env.reset({ options: { low: 'a' } })).toThrow(/low/);
  });

  it('same seed gives the same trajectory, different seeds differ, no seed continues the stream', () => {
    const run = (seed: number): number[] => {
      const env = make('CartPole-v1');
      const out: number[] = [...(env.reset({ seed })[0] as Float32Array)];
      for (let t = 0; t < 30; t++) {
        const r = env.step(t % 2);
        out.push(...(r[0] as Float32Array));
        if (r[2]) break;
      }
      return out;
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    const env = new CartPoleEnv();
    const [a] = env.reset({ seed: 3 });
    const [b] = env.reset();
    const [c] = env.reset({ seed: 3 });
    expect(Array.from(c)).toEqual(Array.from(a));
    expect(Array.from(b)).not.toEqual(Array.from(a));
  });

  it('state is readable as a float64 copy and writable from a Float64Array or number[]', () => {
    const env = new CartPoleEnv();
    expect(env.state).toBeUndefined();
    env.state = Float64Array.of(0.1, 0.2, 0.03, 0.4);
    const s = env.state;
    expect(s).toBeInstanceOf(Float64Array);
    expect(Array.from(s)).toEqual([0.1, 0.2, 0.03, 0.4]);
    s[0] = 99; // a copy: the env is unchanged
    expect((env.state)[0]).toBe(0.1);
    const [obs] = env.step(0);
    expect(obs[0]).toBe(Math.fround(0.1 + 0.02 * 0.2));
    expect(() => (env.state = [1, 2, 3])).toThrow(/CartPole-v1 state must be an array of 4 numbers/);
  });

  it('step returns a fresh observation array each call (safe to store)', () => {
    const env = unwrappedWith([0, 0, 0, 0]);
    const [o1] = env.step(1);
    const copy = Array.from(o1);
    const [o2] = env.step(1);
    expect(o2).not.toBe(o1);
    expect(Array.from(o1)).toEqual(copy);
  });
});

describe('CartPole-v1 spaces, registry, errors', () => {
  it('has Gymnasium spaces, limit 500 and threshold 475', () => {
    const env = new CartPoleEnv();
    expect(env.actionSpace.n).toBe(2);
    expect(Array.from(env.observationSpace.high)).toEqual([4.8, Infinity, 2 * THETA_LIMIT, Infinity].map(Math.fround));
    expect(Array.from(env.observationSpace.low)).toEqual([-4.8, -Infinity, -2 * THETA_LIMIT, -Infinity].map(Math.fround));
    expect(env.observationSpace.dtype).toBe('float32');
    expect(spec('CartPole-v1').maxEpisodeSteps).toBe(500);
    expect(spec('CartPole-v1').rewardThreshold).toBe(475);
    expect(spec('CartPole-v1').description).toMatch(/pole/i);
  });

  it('TimeLimit truncates at 500 through make, then refuses to step', () => {
    const env = make('CartPole-v1');
    const pd = makePolicy('pd', 'CartPole-v1', env);
    let [obs, info] = env.reset({ seed: 11 });
    let steps = 0;
    let last: unknown[] = [];
    for (;;) {
      last = env.step(pd.act(obs, info));
      [obs, , , , info] = last as [Float32Array, number, boolean, boolean, Record<string, unknown>];
      steps++;
      if (last[2] || last[3]) break;
    }
    expect(steps).toBe(500);
    expect([last[2], last[3]]).toEqual([false, true]);
    expect(() => env.step(0)).toThrow(ResetNeeded);
  });

  it('refuses invalid actions with InvalidAction naming action and space', () => {
    const env = unwrappedWith([0, 0, 0, 0]);
    for (const bad of [2, -1, 0.5, NaN, '1', null, [1]]) {
      expect(() => env.step(bad as number)).toThrow(InvalidAction);
    }
    expect(() => env.step(2)).toThrow('Invalid action 2: expected an element of Discrete(2)');
    expect(() => env.step(NaN)).toThrow(/NaN/);
  });

  it('refuses unknown or bad kwargs with InvalidConfig', () => {
    expect(() => make('CartPole-v1', { gravity: 3 })).toThrow(InvalidConfig);
    expect(() => make('CartPole-v1', { gravity: 3 })).toThrow(/unknown key 'gravity'/);
    expect(() => new CartPoleEnv({ suttonBartoReward: 'yes' as unknown as boolean })).toThrow(/suttonBartoReward/);
    expect(() => make('CartPole-v1', {}, { renderMode: 'human' })).toThrow(/renderMode/);
  });

  it('refuses step before reset', () => {
    expect(() => new CartPoleEnv().step(0)).toThrow(ResetNeeded);
    expect(() => make('CartPole-v1').step(0)).toThrow(ResetNeeded);
  });

  it('renders an ansi picture of cart and pole', () => {
    const env = make('CartPole-v1', {}, { renderMode: 'ansi' });
    env.reset({ seed: 0 });
    const u = env.unwrapped as CartPoleEnv;
    u.state = [0, 0, 0, 0];
    const lines = (env.render() as string).split('\n');
    expect(lines[0]).toBe('x=+0.000 v=+0.000 theta=+0.00deg omega=+0.000');
    const track = lines[lines.length - 1];
    expect(track.length).toBe(49);
    expect(track.indexOf('O')).toBe(24); // centre
    expect(lines[1]?.indexOf('|')).toBe(24); // upright pole above the cart
    u.state = [2.4, 0, 0.2, 0];
    const lines2 = (env.render() as string).split('\n');
    expect((lines2[lines2.length - 1]).indexOf('O')).toBe(48);
    expect(lines2[0]).toContain('theta=+11.46deg');
    expect(lines2.join('')).toContain('/');
    expect(new CartPoleEnv().render()).toBeUndefined();
  });

  it('passes checkEnv (wrapped and unwrapped)', () => {
    expect(() => checkEnv(make('CartPole-v1'))).not.toThrow();
    expect(() => checkEnv(new CartPoleEnv({ renderMode: 'ansi' }))).not.toThrow();
  });
});
