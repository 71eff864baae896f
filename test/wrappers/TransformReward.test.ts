import { describe, expect, it } from 'vitest';
import { TransformReward } from '../../src/wrappers/TransformReward.js';
import { ScriptEnv } from '../core/toyEnvs.js';

describe('TransformReward', () => {
  it('applies fn to every reward', () => {
    const env = new TransformReward(new ScriptEnv([{ reward: 2 }, { reward: -5 }]), (r) => 0.1 * r + 1);
    env.reset();
    expect(env.step(0)[1]).toBeCloseTo(1.2, 12);
    expect(env.step(0)[1]).toBeCloseTo(0.5, 12);
  });
});
