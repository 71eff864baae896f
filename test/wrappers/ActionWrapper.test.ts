import { describe, expect, it } from 'vitest';
import { ActionWrapper } from '../../src/wrappers/ActionWrapper.js';
import { ScriptEnv } from '../core/toyEnvs.js';

class Flip extends ActionWrapper<Float32Array, unknown, number> {
  action(a: number): number {
    return 1 - a;
  }
}

describe('ActionWrapper', () => {
  it('maps actions with action() before the inner step', () => {
    const inner = new ScriptEnv([{}, {}]);
    const env = new Flip(inner);
    env.reset();
    env.step(0);
    env.step(1);
    expect(inner.actions).toEqual([1, 0]);
  });
});
