import { describe, expect, it } from 'vitest';
import { RewardWrapper } from '../../src/wrappers/RewardWrapper.js';
import { ScriptEnv } from '../core/toyEnvs.js';

class Square extends RewardWrapper<Float32Array, unknown> {
  reward(r: number): number {
    return r * r;
  }
}

describe('RewardWrapper', () => {
  it('maps rewards with reward() and leaves obs, flags and info alone', () => {
    const env = new Square(new ScriptEnv([{ reward: -3, obs: [5], truncated: true, info: { a: 2 } }]));
    env.reset();
    expect(env.step(0)).toEqual([Float32Array.of(5), 9, false, true, { a: 2 }]);
  });
});
