import { describe, expect, it } from 'vitest';
import '../../../envs/classic/index.js';
import { UnknownPolicy } from '../../../src/core/errors.js';
import type { Env } from '../../../src/core/Env.js';
import type { Info } from '../../../src/core/types.js';
import { makePolicy, policiesFor } from '../../../src/policy/index.js';
import type { Policy } from '../../../src/policy/Policy.js';
import { make } from '../../../src/registry/registry.js';

interface Episode {
  ret: number;
  len: number;
  terminated: boolean;
  lastObs: Float32Array;
}

function episode(id: string, policy: Policy<any, any>, seed: number): Episode {
  const env: Env<any, any> = make(id);
  policy.reset?.(seed);
  let [obs, info] = env.reset({ seed }) as [Float32Array, Info];
  let ret = 0;
  let len = 0;
  for (;;) {
    const r = env.step(policy.act(obs, info));
    [obs, , , , info] = r as [Float32Array, number, boolean, boolean, Info];
    ret += r[1];
    len++;
    if (r[2] || r[3]) return { ret, len, terminated: r[2], lastObs: obs };
  }
}

describe('classic baseline policies', () => {
  it('lists the policies of each env', () => {
    expect(policiesFor('CartPole-v1').sort()).toEqual(['pd', 'random']);
    expect(policiesFor('MountainCar-v0').sort()).toEqual(['energy', 'random']);
    expect(policiesFor('Pendulum-v1').sort()).toEqual(['pd', 'random']);
    expect(policiesFor('Acrobot-v1')).toEqual(['random']);
    expect(() => makePolicy('energy', 'CartPole-v1', make('CartPole-v1'))).toThrow(UnknownPolicy);
  });

  it('CartPole pd balances to the 500-step limit on 20 seeds', () => {
    const env = make('CartPole-v1');
    const pd = makePolicy('pd', 'CartPole-v1', env);
    for (let seed = 0; seed < 20; seed++) {
      const e = episode('CartPole-v1', pd, seed);
      expect([e.ret, e.len, e.terminated]).toEqual([500, 500, false]);
    }
  });

  it('CartPole random falls early (the pd result is not the env being easy)', () => {
    const env = make('CartPole-v1');
    const rnd = makePolicy('random', 'CartPole-v1', env);
    let total = 0;
    for (let seed = 0; seed < 20; seed++) total += episode('CartPole-v1', rnd, seed).len;
    // a random policy lasts about 22 steps on average
    expect(total / 20).toBeLessThan(60);
  });

  it('MountainCar energy reaches the flag within the 200-step limit on 20 seeds', () => {
    const env = make('MountainCar-v0');
    const p = makePolicy('energy', 'MountainCar-v0', env);
    for (let seed = 0; seed < 20; seed++) {
      const e = episode('MountainCar-v0', p, seed);
      expect(e.terminated).toBe(true);
      expect(e.lastObs[0]).toBeGreaterThanOrEqual(0.5);
      expect(e.ret).toBe(-e.len);
    }
    const rnd = makePolicy('random', 'MountainCar-v0', env);
    for (let seed = 0; seed < 5; seed++) expect(episode('MountainCar-v0', rnd, seed).terminated).toBe(false);
  });

  it('Pendulum pd swings up and holds the pendulum upright on 20 seeds', () => {
    const env = make('Pendulum-v1');
    const p = makePolicy('pd', 'Pendulum-v1', env);
    const rnd = makePolicy('random', 'Pendulum-v1', env);
    let pdTotal = 0;
    let rndTotal = 0;
    for (let seed = 0; seed < 20; seed++) {
      const e = episode('Pendulum-v1', p, seed);
      expect(e.len).toBe(200);
      expect(e.lastObs[0]).toBeGreaterThan(0.999); // cos θ: upright at the end
      expect(Math.abs(e.lastObs[2])).toBeLessThan(0.05);
      pdTotal += e.ret;
      rndTotal += episode('Pendulum-v1', rnd, seed).ret;
    }
    expect(pdTotal / 20).toBeGreaterThan(-250);
    expect(rndTotal / 20).toBeLessThan(-700);
  });
});
