// Issue 18, item 9: every seed of the 53-bit integer range is its own stream. `Rng.spawn` used only the
// low 32 bits, so 2^32 and 0 had the same child streams (the first test fails without the fix); the env
// episodes below guard the same property end to end. Near 2^53, seed + i rounds, so consecutive episodes
// shared a seed: refused now.
import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { InvalidConfig, make } from '../../src/index.js';
import { Rng } from '../../src/rng/Rng.js';
import { makePolicy } from '../../src/policy/policyRegistry.js';
import { runEpisode } from '../../src/policy/runEpisode.js';
import { RolloutPool } from '../../src/rollout/RolloutPool.js';
import { expectTypedAsync } from './expectTyped.js';

const draws = (r: Rng): number[] => Array.from({ length: 4 }, () => r.random());

describe('seeds beyond 32 bits', () => {
  it('children of seeds that agree in their low 32 bits differ (0, 2^32, 2^52, -2^32, 2^53 - 1 vs its low word)', () => {
    const pairs: [number, number][] = [
      [0, 2 ** 32],
      [5, 2 ** 52 + 5],
      [0, -(2 ** 32)],
      [2 ** 53 - 1, (2 ** 53 - 1) % 2 ** 32],
    ];
    for (const [a, b] of pairs) {
      const [ca] = new Rng(a).spawn(1);
      const [cb] = new Rng(b).spawn(1);
      expect(ca && cb && draws(ca), `children of ${a} and ${b}`).not.toEqual(cb && draws(cb));
    }
  });

  it('seeds below 2^32 keep the children they always had (recorded runs replay)', () => {
    // mixSeed(7, 0) and mixSeed(7, 1): the splitmix32 finaliser of the parent seed and the child index
    const [a, b] = new Rng(7).spawn(2);
    const again = new Rng(7).spawn(2);
    expect(a?.seed).toBe(again[0]?.seed);
    expect(b?.seed).toBe(again[1]?.seed);
    expect(a?.seed).toBeLessThan(2 ** 32);
  });

  it.each(['FactoryLine-v0', 'JobShop-v0'])('%s: the random-policy episode of seed 2^32 is not that of seed 0', (id) => {
    const episode = (seed: number): string => {
      const env = make(id);
      const r = runEpisode(env, makePolicy('random', id, env), seed);
      env.close();
      return JSON.stringify(r);
    };
    expect(episode(2 ** 32)).not.toBe(episode(0));
    expect(episode(0), 'an episode is a function of its seed').toBe(episode(0));
  });

  it('evaluation seeds that would round above 2^53 are refused', async () => {
    const pool = new RolloutPool({ workers: 1 });
    try {
      await expectTypedAsync(
        () => pool.evaluate({ envId: 'CartPole-v1', policy: 'random', episodes: 10, seed: 2 ** 53 - 5 }),
        InvalidConfig,
        ['safe-integer range'],
      );
    } finally {
      await pool.close();
    }
  });
});
