import { describe, expect, it } from 'vitest';
import { ObservationWrapper } from '../../src/wrappers/ObservationWrapper.js';
import { ScriptEnv } from '../core/toyEnvs.js';

class Double extends ObservationWrapper<Float32Array, unknown, number[]> {
  calls = 0;
  observation(o: Float32Array): number[] {
    this.calls++;
    return Array.from(o, (v) => v * 2);
  }
}

describe('ObservationWrapper', () => {
  it('applies observation() to reset and step observations and passes everything else through', () => {
    const env = new Double(new ScriptEnv([{ obs: [3], reward: 1.5, terminated: true, info: { k: 1 } }], [2]));
    expect(env.reset({ seed: 1 })).toEqual([[4], { reset: true }]);
    expect(env.step(0)).toEqual([[6], 1.5, true, false, { k: 1 }]);
    expect(env.calls).toBe(2);
    expect(env.unwrapped).toBe((env.env as ScriptEnv).unwrapped);
  });
});
