import { describe, expect, it } from 'vitest';
import { InvalidConfig } from '../../src/core/errors.js';
import { TimeLimit } from '../../src/wrappers/TimeLimit.js';
import { ScriptEnv } from '../core/toyEnvs.js';

describe('TimeLimit', () => {
  it('sets truncated (not terminated) on the maxEpisodeSteps-th step, and restarts the count on reset', () => {
    const env = new TimeLimit(new ScriptEnv([]), 3);
    env.reset();
    expect(env.step(0).slice(2, 4)).toEqual([false, false]);
    expect(env.step(0).slice(2, 4)).toEqual([false, false]);
    expect(env.step(0).slice(2, 4)).toEqual([false, true]);
    expect(env.elapsed).toBe(3);
    env.reset();
    expect(env.elapsed).toBe(0);
    expect(env.step(0)[3]).toBe(false);
  });

  it('keeps terminated from the env; both flags can be true on the last step (Gymnasium)', () => {
    const env = new TimeLimit(new ScriptEnv([{}, { terminated: true }]), 2);
    env.reset();
    env.step(0);
    expect(env.step(0).slice(2, 4)).toEqual([true, true]);
  });

  it('refuses a non-positive limit', () => {
    expect(() => new TimeLimit(new ScriptEnv([]), 0)).toThrow(InvalidConfig);
    expect(() => new TimeLimit(new ScriptEnv([]), 1.5)).toThrow(/got 1.5/);
  });
});
