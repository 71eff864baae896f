import { beforeAll, describe, expect, it } from 'vitest';
import * as tsgym from '../../src/index.js';
import { make, makeParallel, runEpisode, type Policy } from '../../src/index.js';
import { setup } from '../helpers/vectorTestEnvs.mjs';

beforeAll(() => setup(tsgym));

describe('runEpisode', () => {
  it('plays one single-agent episode: return, length, final info.metrics, seed passed to the policy', () => {
    const env = make('VecCounter-v0', { termAt: 4 });
    const seen: (number | undefined)[] = [];
    const policy: Policy<Float32Array, number> = { name: 'one', act: () => 1, reset: (s) => seen.push(s) };
    // rewards t + 10 * action for t = 1..4: 11 + 12 + 13 + 14
    expect(runEpisode(env, policy, 9, { episode: 3 })).toEqual({ episode: 3, seed: 9, return: 50, length: 4, metrics: { t: 4 } });
    expect(seen).toEqual([9]);
    expect(runEpisode(env, policy, 9, { maxSteps: 2 })).toEqual({ episode: 0, seed: 9, return: 23, length: 2, metrics: {} });
  });

  it('for a ParallelEnv sums every agent reward and merges the first agent metrics with the env-level ones', () => {
    const env = makeParallel('VecDuo-v0');
    const policy: Policy<Record<string, Float32Array>, Record<string, number>> = { name: 'fixed', act: () => ({ a: 1, b: 0 }) };
    // per step: a gets 1 + 1, b gets 2 -> 4 per step for 3 steps
    expect(runEpisode(env, policy, 0)).toEqual({ episode: 0, seed: 0, return: 12, length: 3, metrics: { who: 1, t: 3, envSteps: 3 } });
  });
});
