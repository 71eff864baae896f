import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../envs/index.js';
import * as tsgym from '../../src/index.js';
import {
  Box,
  ClosedEnvironment,
  InvalidFile,
  make,
  makePolicy,
  MlpPolicy,
  RolloutPool,
  runEpisode,
  WorkerError,
  type EpisodeResult,
} from '../../src/index.js';
import { cartpoleNetwork } from '../helpers/cartpoleNetwork.js';
import { ensureBuilt } from '../helpers/ensureBuilt.js';
import { setup, SETUP_MODULE } from '../helpers/vectorTestEnvs.mjs';

const pools: RolloutPool[] = [];
let two: RolloutPool;

beforeAll(() => {
  ensureBuilt();
  setup(tsgym);
  two = new RolloutPool({ workers: 2, setupModules: [SETUP_MODULE] });
  pools.push(two);
}, 300_000);

afterAll(async () => {
  for (const p of pools) await p.close();
}, 120_000);

/** The serial reference: episode i played by runEpisode with seed + i in this thread. */
function serial(envId: string, kwargs: Record<string, unknown>, policy: string | MlpPolicy, episodes: number, seed: number): EpisodeResult[] {
  const env = make(envId, kwargs);
  const p = typeof policy === 'string' ? makePolicy(policy, envId, env) : policy;
  return Array.from({ length: episodes }, (_, i) => runEpisode(env, p, seed + i, { episode: i }));
}

const busy = { stepUs: 0, episodeLength: 30 };

describe('RolloutPool', { timeout: 180_000 }, () => {
  it('returns per-episode results in episode order, bit-identical for 1, 2 and 4 workers and equal to a serial run', async () => {
    const expected = serial('BusyStep-v0', busy, 'random', 13, 100);
    const one = new RolloutPool({ workers: 1 });
    const four = new RolloutPool({ workers: 4 });
    pools.push(one, four);
    for (const pool of [one, two, four]) {
      const got = await pool.evaluate({ envId: 'BusyStep-v0', kwargs: busy, policy: 'random', episodes: 13, seed: 100 });
      expect(got).toEqual(expected);
    }
    expect(expected.map((r) => r.episode)).toEqual([...Array(13).keys()]);
    expect(expected[4]?.seed).toBe(104);
    // BusyStep reports its final metrics; lengths lie in [15, 30]
    expect(expected.every((r) => r.metrics.steps === r.length && r.length >= 15 && r.length <= 30)).toBe(true);
  });

  it('rebuilds a serialized network in the workers (stochastic logits, seeded per episode)', async () => {
    const network = cartpoleNetwork();
    const expected = serial('CartPole-v1', {}, new MlpPolicy(network, { deterministic: false }), 8, 7);
    const got = await two.evaluate({ envId: 'CartPole-v1', policy: { kind: 'mlp', network, deterministic: false }, episodes: 8, seed: 7, chunkSize: 1 });
    expect(got).toEqual(expected);
    await expect(two.evaluate({ envId: 'CartPole-v1', policy: { kind: 'mlp', network: { ...network, layers: [] } }, episodes: 1 })).rejects.toThrow(
      InvalidFile,
    );
    const box = { ...network, observationSpace: new Box(-1, 1, [3]).toJSON() };
    await expect(two.evaluate({ envId: 'CartPole-v1', policy: { kind: 'mlp', network: box }, episodes: 1 })).rejects.toThrow(
      /layers\[0\]\.inputSize is 4, expected 3/,
    );
  });

  it('surfaces an env error as a WorkerError naming the episode, its seed and the original stack', async () => {
    const err = await two
      .evaluate({ envId: 'VecCounter-v0', kwargs: { termAt: 5, throwSeed: 105, throwAt: 2 }, policy: 'random', episodes: 10, seed: 100, chunkSize: 2 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerError);
    expect((err as Error).message).toMatch(/^episode 5 \(seed 105\) of VecCounter-v0 failed in a RolloutPool worker: Error: VecCounter boom at t=2/);
    expect((err as Error).message).toMatch(/original stack[\s\S]*vectorTestEnvs\.mjs/);
    // the pool still works afterwards
    const ok = await two.evaluate({ envId: 'VecCounter-v0', kwargs: { termAt: 5 }, policy: 'random', episodes: 3, seed: 100 });
    expect(ok.map((r) => r.length)).toEqual([5, 5, 5]);
  });

  it('replaces a worker that exits mid-episode and plays its episodes again: each episode exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgym-crash-'));
    const crashFile = join(dir, 'crash-once');
    writeFileSync(crashFile, '1');
    const kwargs = { termAt: 6, exitSeed: 203, exitAt: 3 };
    const expected = serial('VecCounter-v0', { ...kwargs, crashFile: join(dir, 'absent') }, 'random', 8, 200);
    const retries = two.retries;
    const done: number[] = [];
    const got = await two.evaluate({
      envId: 'VecCounter-v0',
      kwargs: { ...kwargs, crashFile },
      policy: 'random',
      episodes: 8,
      seed: 200,
      chunkSize: 1,
      onProgress: (d) => done.push(d),
    });
    expect(existsSync(crashFile)).toBe(false); // the env did kill its worker
    expect(two.retries - retries).toBe(1);
    expect(got).toEqual(expected);
    expect(done).toEqual([1, 2, 3, 4, 5, 6, 7, 8]); // 8 tasks counted once each, none twice
  });

  it('survives a worker terminated from outside mid-evaluation', async () => {
    const kw = { stepUs: 300, episodeLength: 20 };
    const expected = serial('BusyStep-v0', { ...kw, stepUs: 0 }, 'random', 24, 300);
    let killed = false;
    const got = await two.evaluate({
      envId: 'BusyStep-v0', kwargs: kw, policy: 'random', episodes: 24, seed: 300, chunkSize: 2,
      onProgress: () => {
        if (!killed) {
          killed = true;
          void two.threads[0]?.terminate();
        }
      },
    });
    expect(killed).toBe(true);
    expect(got).toEqual(expected);
  });

  it('refuses bad options and use after close', async () => {
    await expect(two.evaluate({ envId: 'CartPole-v1', policy: 'random', episodes: 0 })).rejects.toThrow(/episodes/);
    const p = new RolloutPool({ workers: 1 });
    await p.close();
    await expect(p.evaluate({ envId: 'CartPole-v1', policy: 'random', episodes: 1 })).rejects.toThrow(ClosedEnvironment);
    expect(() => new RolloutPool({ workers: 0 })).toThrow(/workers/);
  });
});
