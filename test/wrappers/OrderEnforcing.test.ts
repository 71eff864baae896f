import { describe, expect, it } from 'vitest';
import { ClosedEnvironment, ResetNeeded } from '../../src/core/errors.js';
import { OrderEnforcing } from '../../src/wrappers/OrderEnforcing.js';
import { TimeLimit } from '../../src/wrappers/TimeLimit.js';
import { ScriptEnv } from '../core/toyEnvs.js';

describe('OrderEnforcing', () => {
  it('refuses step before reset', () => {
    const env = new OrderEnforcing(new ScriptEnv([]));
    expect(env.hasResetBefore).toBe(false);
    expect(() => env.step(0)).toThrow(ResetNeeded);
    expect(() => env.step(0)).toThrow('Cannot call env.step() before calling env.reset()');
  });

  it('refuses step after the episode ended (terminated or truncated) until a new reset', () => {
    const env = new OrderEnforcing(new ScriptEnv([{}, { terminated: true }]));
    env.reset();
    env.step(0);
    expect(env.step(0)[2]).toBe(true);
    expect(() => env.step(0)).toThrow(/after the episode ended/);
    env.reset();
    expect(() => env.step(0)).not.toThrow();
    const t = new OrderEnforcing(new TimeLimit(new ScriptEnv([]), 1));
    t.reset();
    expect(t.step(0)[3]).toBe(true);
    expect(() => t.step(0)).toThrow(ResetNeeded);
  });

  it('refuses everything after close, and closes the inner env once', () => {
    const inner = new ScriptEnv([]);
    const env = new OrderEnforcing(inner);
    env.reset();
    env.close();
    env.close();
    expect(inner.closed).toBe(1);
    expect(() => env.step(0)).toThrow(ClosedEnvironment);
    expect(() => env.step(0)).toThrow('Cannot call env.step() after env.close()');
    expect(() => env.reset()).toThrow(ClosedEnvironment);
  });

  it('refuses render before reset unless disableRenderOrderEnforcing', () => {
    expect(() => new OrderEnforcing(new ScriptEnv([])).render()).toThrow(ResetNeeded);
    expect(new OrderEnforcing(new ScriptEnv([]), true).render()).toBe('step 0');
  });
});
