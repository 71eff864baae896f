// Faults: a worker killed mid-rollout (by the env calling process.exit, or terminated from outside), an
// env that throws, and a worker that keeps dying. The pool must either recover with exactly the
// episodes a fault-free run gives, or stop with a WorkerError that says what happened; close() must
// always return. (AsyncVectorEnv worker death and env errors are covered in test/vector/.)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tsgym from '../../src/index.js';
import { ClosedEnvironment, RolloutPool, WorkerError } from '../../src/index.js';
import type { EpisodeResult } from '../../src/policy/EpisodeResult.js';
import { ensureBuilt } from '../helpers/ensureBuilt.js';
import { setup, SETUP_MODULE } from '../helpers/vectorTestEnvs.mjs';
import { expectTypedAsync } from './expectTyped.js';

let dir: string;
const pools: RolloutPool[] = [];
const pool = (o: ConstructorParameters<typeof RolloutPool>[0]): RolloutPool => {
  const p = new RolloutPool({ setupModules: [SETUP_MODULE], ...o });
  pools.push(p);
  return p;
};

beforeAll(() => {
  ensureBuilt();
  setup(tsgym);
  dir = mkdtempSync(join(tmpdir(), 'tsgym-faults-'));
});
afterAll(async () => {
  for (const p of pools) await p.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Expected results of VecCounter under the random policy, computed in this thread by a serial loop. */
function serial(episodes: number, seed: number, kwargs: Record<string, unknown>): EpisodeResult[] {
  const out: EpisodeResult[] = [];
  for (let i = 0; i < episodes; i++) {
    const env = tsgym.make('VecCounter-v0', kwargs);
    const policy = tsgym.makePolicy('random', 'VecCounter-v0', env);
    out.push({ ...tsgym.runEpisode(env, policy, seed + i), episode: i });
    env.close();
  }
  return out;
}

describe('RolloutPool faults', () => {
  it('a hung env is stopped after the episode timeout with a WorkerError naming episodes and seeds; the pool stays usable', async () => {
    const p = pool({ workers: 1 });
    await expectTypedAsync(
      () =>
        p.evaluate({
          envId: 'VecCounter-v0', kwargs: { termAt: 12, hangSeed: 4, hangAt: 3 }, policy: 'random', episodes: 2, seed: 3, chunkSize: 2, episodeTimeoutMs: 500,
        }),
      WorkerError,
      ['episodes 0..1', 'seeds 3..4', 'did not finish within 1000 ms', 'is the env hung?'],
    );
    const ok = await p.evaluate({ envId: 'VecCounter-v0', kwargs: { termAt: 12 }, policy: 'random', episodes: 2, seed: 3 });
    expect(ok.map((r) => r.length)).toEqual([12, 12]);
  });

  it('a worker that dies mid-episode (process.exit) is replaced and its episodes are replayed: results equal a fault-free serial run', async () => {
    const crashFile = join(dir, 'crash-once');
    writeFileSync(crashFile, '');
    const kwargs = { termAt: 12, exitSeed: 5, exitAt: 4, crashFile };
    const p = pool({ workers: 2 });
    const got = await p.evaluate({ envId: 'VecCounter-v0', kwargs, policy: 'random', episodes: 8, seed: 2, chunkSize: 2 });
    expect(p.retries).toBe(1);
    const want = serial(8, 2, { termAt: 12 });
    expect(got.map((r) => [r.episode, r.seed, r.return, r.length])).toEqual(want.map((r) => [r.episode, r.seed, r.return, r.length]));
  });

  it('a worker that dies every time gives up after maxRetries with a WorkerError naming the episodes and seeds', async () => {
    const p = pool({ workers: 1, maxRetries: 2 });
    const e = await expectTypedAsync(
      () => p.evaluate({ envId: 'VecCounter-v0', kwargs: { termAt: 12, exitSeed: 3, exitAt: 2 }, policy: 'random', episodes: 2, seed: 3, chunkSize: 1 }),
      WorkerError,
      ['episodes 0..0', 'seeds 3..3', 'lost their worker 3 times'],
    );
    expect(e.message).toContain('VecCounter-v0');
    await p.close();
    await expectTypedAsync(() => p.evaluate({ envId: 'VecCounter-v0', policy: 'random', episodes: 1 }), ClosedEnvironment, ['closed']);
  });

  it('a worker terminated from outside while it plays is replaced and no episode is lost or counted twice', async () => {
    const p = pool({ workers: 2 });
    const kwargs = { termAt: 400 };
    const run = p.evaluate({ envId: 'VecCounter-v0', kwargs, policy: 'random', episodes: 40, seed: 0, chunkSize: 2 });
    // let the work start, then kill one thread
    await new Promise((r) => setTimeout(r, 150));
    await p.threads[0]?.terminate();
    const got = await run;
    expect(got.map((r) => r.episode)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    const want = serial(40, 0, kwargs);
    expect(got.map((r) => r.return)).toEqual(want.map((r) => r.return));
  });

  it('an env that throws fails the evaluation with a WorkerError naming episode, seed and the original error; the pool stays usable', async () => {
    const p = pool({ workers: 2 });
    const e = await expectTypedAsync(
      () => p.evaluate({ envId: 'VecCounter-v0', kwargs: { termAt: 10, throwSeed: 4, throwAt: 3 }, policy: 'random', episodes: 6, seed: 0 }),
      WorkerError,
      ['episode 4 (seed 4) of VecCounter-v0', 'VecCounter boom at t=3', 'original stack'],
    );
    expect((e.cause as Error).message).toBe('VecCounter boom at t=3');
    const again = await p.evaluate({ envId: 'VecCounter-v0', kwargs: { termAt: 10 }, policy: 'random', episodes: 3, seed: 0 });
    expect(again.map((r) => r.length)).toEqual([10, 10, 10]);
  });

  it('close() during an evaluation rejects it with ClosedEnvironment and returns', async () => {
    const p = pool({ workers: 1 });
    const run = p.evaluate({ envId: 'VecCounter-v0', kwargs: { termAt: 20_000 }, policy: 'random', episodes: 6, seed: 0, chunkSize: 1 });
    // it rejects while close() is awaited below: mark it handled now (awaiting it later still sees the rejection)
    run.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    await p.close();
    expect(Date.now() - t0).toBeLessThan(10_000);
    await expectTypedAsync(() => run, ClosedEnvironment, ['closed during evaluate()']);
  });
});
