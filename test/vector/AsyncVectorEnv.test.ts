import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import '../../envs/index.js';
import * as tsgym from '../../src/index.js';
import { AsyncVectorEnv, ClosedEnvironment, makeVec, ResetNeeded, WorkerError } from '../../src/index.js';
import { ensureBuilt, ROOT } from '../helpers/ensureBuilt.js';
import { setup, SETUP_MODULE } from '../helpers/vectorTestEnvs.mjs';
import { closeAfterAll, trajectory as traj } from '../helpers/vectorTrajectory.js';

beforeAll(() => {
  ensureBuilt();
  setup(tsgym);
}, 300_000);

const track = closeAfterAll();
const trajectory = traj;

describe('AsyncVectorEnv', { timeout: 180_000 }, () => {
  it('gives the same trajectories as SyncVectorEnv for the same seeds, identical for 1, 2 and 4 workers (CartPole, next-step)', () => {
    const sync = track(makeVec('CartPole-v1', 4));
    const expected = trajectory(sync, 5, 250);
    // the pole fell at least once in some env, so autoresets were exercised
    expect(expected.some((r) => Array.isArray(r) && r.length === 5 && (r[2] as number[]).includes(1))).toBe(true);
    for (const workers of [1, 2, 4]) {
      const async = track(new AsyncVectorEnv({ envId: 'CartPole-v1', numEnvs: 4, workers }));
      expect(async.observationSpace.equals(sync.observationSpace)).toBe(true);
      expect(async.actionSpace.equals(sync.actionSpace)).toBe(true);
      expect(trajectory(async, 5, 250)).toEqual(expected);
    }
  });

  it('gives the same trajectories and infos as SyncVectorEnv in same-step mode (custom env via setupModules)', () => {
    const kwargs = { termAt: 3, termAtOdd: 4 };
    const sync = track(makeVec('VecCounter-v0', 5, { autoresetMode: 'same-step', kwargs }));
    const async = track(makeVec('VecCounter-v0', 5, { mode: 'async', workers: 2, autoresetMode: 'same-step', kwargs, setupModules: [SETUP_MODULE] }));
    expect(trajectory(async, 30, 40, 3)).toEqual(trajectory(sync, 30, 40, 3));
  });

  it('surfaces an env error as a WorkerError naming the env index, its seed and the original stack', () => {
    const v = track(
      makeVec('VecCounter-v0', 4, { mode: 'async', workers: 2, kwargs: { termAt: 50, throwSeed: 12, throwAt: 2 }, setupModules: [SETUP_MODULE] }),
    );
    v.reset({ seed: 10 });
    v.step([0, 0, 0, 0]);
    let err: unknown;
    try {
      v.step([0, 0, 0, 0]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WorkerError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/^env 2 \(seed 12\) threw during step in worker 1: Error: VecCounter boom at t=2/);
    expect(msg).toMatch(/original stack[\s\S]*vectorTestEnvs\.mjs/);
    expect(((err as Error).cause as Error).message).toBe('VecCounter boom at t=2');
    // after an error the batch must be reset before stepping again
    expect(() => v.step([0, 0, 0, 0])).toThrow(ResetNeeded);
    v.reset({ seed: 20 });
    const [, rew] = v.step([1, 1, 1, 1]);
    expect(Array.from(rew)).toEqual([11, 11, 11, 11]);
  });

  it('reports an unknown env id from the workers at construction', () => {
    expect(() => new AsyncVectorEnv({ envId: 'NoSuchEnv-v0', numEnvs: 2, workers: 1 })).toThrow(/No registered environment with id 'NoSuchEnv-v0'/);
  });

  it('fails a step with a WorkerError when a worker dies (process.exit in an env), then closes cleanly', async () => {
    const v = makeVec('VecCounter-v0', 2, { mode: 'async', workers: 2, kwargs: { termAt: 50, exitSeed: 11, exitAt: 2 }, setupModules: [SETUP_MODULE] });
    v.reset({ seed: 10 });
    v.step([0, 0]);
    expect(() => v.step([0, 0])).toThrow(/worker 1 \(envs 1\.\.1\) died during step/);
    expect(() => v.step([0, 0])).toThrow(WorkerError);
    await v.close();
    expect(() => v.reset()).toThrow(ClosedEnvironment);
  });

  it('close() terminates every worker: a script using AsyncVectorEnv and RolloutPool exits by itself', async () => {
    const script = join(ROOT, 'test/helpers/closeAndExit.mjs');
    const args = [script, pathToFileURL(join(ROOT, 'dist/src/index.js')).href, pathToFileURL(join(ROOT, 'dist/envs/index.js')).href];
    const t0 = Date.now();
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, args, { timeout: 150_000 }, (error, out, err) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout: out, stderr: err }),
      );
      child.stdin?.end();
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(150_000);
    expect(JSON.parse(stdout.trim().split('\n').pop() ?? '{}')).toEqual({ episodes: 4, open: [] });
  });
});
