import { describe, expect, it } from 'vitest';
import { NormalizeReward } from '../../src/wrappers/NormalizeReward.js';
import { ScriptEnv } from '../core/toyEnvs.js';

/** Population variance of the prior (mean 0, var 1, weight 1e-4) pooled with xs. */
function pooledVar(xs: number[]): number {
  const eps = 1e-4;
  const n = eps + xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  return (eps + eps * mean * mean + xs.reduce((a, x) => a + (x - mean) ** 2, 0)) / n;
}

describe('NormalizeReward', () => {
  it('divides each reward by the std of the running discounted return (Gymnasium 1.x, gamma 0.99)', () => {
    const rewards = [1, 2, 3, 4, 0.5];
    const terminated = [false, true, false, false, false];
    const env = new NormalizeReward(new ScriptEnv(rewards.map((reward, i) => ({ reward, terminated: terminated[i] }))));
    // discounted return: G_t = G_{t-1} * 0.99 * (1 - terminated_t) + r_t
    // G = [1, 2 (terminated cuts), 2*0.99+3 = 4.98, 4.98*0.99+4 = 8.9302, 8.9302*0.99+0.5 = 9.340898]
    const G = [1, 2, 4.98, 8.9302, 9.340898];
    env.reset();
    for (let i = 0; i < rewards.length; i++) {
      const r = env.step(0)[1];
      expect(env.discountedReward).toBeCloseTo(G[i], 10);
      expect(r).toBeCloseTo(rewards[i] / Math.sqrt(pooledVar(G.slice(0, i + 1)) + 1e-8), 10);
    }
  });

  it('carries the discounted return across reset and truncation, as Gymnasium does', () => {
    const env = new NormalizeReward(new ScriptEnv([{ reward: 1, truncated: true }, { reward: 1 }]), 0.5);
    env.reset();
    env.step(0);
    env.reset();
    env.step(0); // the script continues at its second entry: reward 1
    expect(env.discountedReward).toBeCloseTo(1 * 0.5 + 1, 12);
  });

  it('with updateRunningMean false keeps the statistics', () => {
    const env = new NormalizeReward(new ScriptEnv([{ reward: 3 }]));
    env.updateRunningMean = false;
    env.reset();
    expect(env.step(0)[1]).toBeCloseTo(3 / Math.sqrt(1 + 1e-8), 12);
    expect(env.returnRms.count).toBe(1e-4);
  });
});
