import { describe, expect, it } from 'vitest';
import { ParallelEnv, type ParallelStepResult } from '../../src/core/ParallelEnv.js';
import type { Info, ResetOptions } from '../../src/core/types.js';
import { RandomPolicy } from '../../src/policy/RandomPolicy.js';
import { makePolicy, policiesFor } from '../../src/policy/policyRegistry.js';
import { Box } from '../../src/spaces/Box.js';
import { Discrete } from '../../src/spaces/Discrete.js';
import type { Space } from '../../src/spaces/Space.js';
import { WalkEnv } from '../core/toyEnvs.js';

/** Two agents with different action spaces; agent 'b' leaves after the first step. */
class TwoAgents extends ParallelEnv<'a' | 'b', number, unknown> {
  readonly possibleAgents = ['a', 'b'] as const;
  observationSpace(): Space<number> {
    return new Discrete(1);
  }
  actionSpace(agent: 'a' | 'b'): Space<unknown> {
    return (agent === 'a' ? new Discrete(5) : new Box(-1, 1, [2]));
  }
  reset(opts?: ResetOptions): [Record<'a' | 'b', number>, Record<'a' | 'b', Info>] {
    this.seedRng(opts?.seed);
    this.agents = ['a', 'b'];
    return [{ a: 0, b: 0 }, { a: {}, b: {} }];
  }
  step(): ParallelStepResult<'a' | 'b', number> {
    this.agents = ['a'];
    return [{ a: 0 } as Record<'a' | 'b', number>, { a: 0 } as Record<'a' | 'b', number>, { a: false, b: true }, { a: false, b: false }, { a: {}, b: {} }];
  }
}

describe('RandomPolicy', () => {
  it('samples the action space uniformly, reproducibly per seed', () => {
    const env = new WalkEnv();
    const p = new RandomPolicy(env);
    const draw = (seed: number): number[] => {
      p.reset(seed);
      return Array.from({ length: 3000 }, () => p.act(null, {}) as number);
    };
    const a = draw(5);
    expect(draw(5)).toEqual(a);
    expect(draw(6)).not.toEqual(a);
    const counts = [0, 0, 0];
    for (const x of a) counts[x] = (counts[x]) + 1;
    // each of 3 actions ~1000 +- 3 sd (sd = sqrt(3000 * 1/3 * 2/3) = 25.8)
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(80);
    // reset without a seed continues the stream: the same draws as without the reset
    p.reset(5);
    const first = p.act(null, {});
    p.reset(undefined);
    expect([first, ...Array.from({ length: 20 }, () => p.act(null, {}))]).toEqual(a.slice(0, 21));
  });

  it('uses a stream independent of the env rng with the same seed', () => {
    const env = new WalkEnv();
    env.reset({ seed: 3 });
    const envDraws = Array.from({ length: 20 }, () => env.rng.integers(0, 3));
    const p = new RandomPolicy(env);
    p.reset(3);
    expect(Array.from({ length: 20 }, () => p.act(null, {}))).not.toEqual(envDraws);
  });

  it('gives one action per live agent of a ParallelEnv, each in its own space', () => {
    const env = new TwoAgents();
    const p = new RandomPolicy(env, 1);
    env.reset({ seed: 0 });
    const acts = p.act({}, {}) as Record<string, unknown>;
    expect(Object.keys(acts).sort()).toEqual(['a', 'b']);
    expect(env.actionSpace('a').contains(acts.a)).toBe(true);
    expect(env.actionSpace('b').contains(acts.b)).toBe(true);
    env.step();
    expect(Object.keys(p.act({}, {}) as object)).toEqual(['a']);
  });

  it('is registered as `random` for any env id', () => {
    expect(policiesFor('Anything-v0')).toContain('random');
    const p = makePolicy('random', 'Walk-v0', new WalkEnv());
    expect(p.name).toBe('random');
    expect(new Discrete(3).contains(p.act(null, {}))).toBe(true);
  });
});
