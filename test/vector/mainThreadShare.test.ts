import { beforeAll, describe, expect, it } from 'vitest';
import '../../envs/index.js';
import * as tsgym from '../../src/index.js';
import { AsyncVectorEnv, InvalidConfig, makeVec, ResetNeeded, WorkerError, type VectorEnv } from '../../src/index.js';
import { ensureBuilt } from '../helpers/ensureBuilt.js';
import { setup, SETUP_MODULE } from '../helpers/vectorTestEnvs.mjs';
import { closeAfterAll, trajectory as traj } from '../helpers/vectorTrajectory.js';

// AsyncVectorEnv with `mainThreadShare`: the calling thread steps envs 0 .. m - 1 itself while the
// workers step the rest. Everything observable must be as with SyncVectorEnv / worker-only lanes.

beforeAll(() => {
  ensureBuilt();
  setup(tsgym);
}, 300_000);

const track = closeAfterAll();
const trajectory = (v: VectorEnv, seed: number, steps: number, nActions = 2): unknown[] => traj(v, seed, steps, nActions, 7);

function caught(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('AsyncVectorEnv mainThreadShare', { timeout: 180_000 }, () => {
  it('splits the envs into lanes: 5 envs, main thread + 1 worker -> envs 0..1 here, 2..4 in the worker', () => {
    const v = track(new AsyncVectorEnv({ envId: 'CartPole-v1', numEnvs: 5, workers: 1, mainThreadShare: true }));
    expect(v.numWorkers).toBe(1);
    expect(v.mainThreadEnvs).toBe(2); // floor(1 * 5 / 2)
    const plain = track(new AsyncVectorEnv({ envId: 'CartPole-v1', numEnvs: 5, workers: 1 }));
    expect(plain.mainThreadEnvs).toBe(0);
  });

  it('gives the same trajectories as SyncVectorEnv (CartPole next-step, 1 and 2 workers)', () => {
    const expected = trajectory(track(makeVec('CartPole-v1', 6)), 3, 250);
    // some pole fell, so next-step autoresets happened in both shares
    expect(expected.some((r) => Array.isArray(r) && r.length === 5 && (r[2] as number[]).includes(1))).toBe(true);
    for (const workers of [1, 2]) {
      const v = track(makeVec('CartPole-v1', 6, { mode: 'async', workers, mainThreadShare: true }));
      expect(trajectory(v, 3, 250)).toEqual(expected);
    }
  });

  it('gives the same trajectories and infos as SyncVectorEnv in same-step mode (finalObs/finalInfo from both shares)', () => {
    const kwargs = { termAt: 3, termAtOdd: 4 };
    const sync = track(makeVec('VecCounter-v0', 5, { autoresetMode: 'same-step', kwargs }));
    const async = track(
      makeVec('VecCounter-v0', 5, { mode: 'async', workers: 1, mainThreadShare: true, autoresetMode: 'same-step', kwargs, setupModules: [SETUP_MODULE] }),
    );
    const expected = trajectory(sync, 30, 12, 3);
    // env 0 (seed 30, even) ends at t = 3: the 3rd step's info holds finalObs [3, 1, u]
    expect(((expected[3] as unknown[])[4] as Record<string, unknown>[])[0]).toMatchObject({ resets: 2, finalInfo: { t: 3 } });
    expect(trajectory(async, 30, 12, 3)).toEqual(expected);
  });

  it('an env of the main-thread share that throws gives a WorkerError naming env index, seed and stack; reset recovers', () => {
    // 4 envs, main thread + 1 worker: envs 0, 1 here; reset seed 10 gives env 1 seed 11
    const v = track(
      makeVec('VecCounter-v0', 4, {
        mode: 'async',
        workers: 1,
        mainThreadShare: true,
        kwargs: { termAt: 50, throwSeed: 11, throwAt: 2 },
        setupModules: [SETUP_MODULE],
      }),
    );
    v.reset({ seed: 10 });
    v.step([0, 0, 0, 0]);
    const err = caught(() => v.step([0, 0, 0, 0]));
    expect(err).toBeInstanceOf(WorkerError);
    expect(err.message).toMatch(/^env 1 \(seed 11\) threw during step in the main thread: Error: VecCounter boom at t=2/);
    expect(err.message).toMatch(/original stack[\s\S]*vectorTestEnvs\.mjs/);
    expect((err.cause as Error).message).toBe('VecCounter boom at t=2');
    expect(() => v.step([0, 0, 0, 0])).toThrow(ResetNeeded);
    v.reset({ seed: 20 });
    // every env was reset to t = 0: the next step gives reward t + 10 * action = 1 + 10
    const [, rew] = v.step([1, 1, 1, 1]);
    expect(Array.from(rew)).toEqual([11, 11, 11, 11]);
  });

  it('an env of the worker share still names its global index (env 3 of 5, worker 0)', () => {
    const v = track(
      makeVec('VecCounter-v0', 5, {
        mode: 'async',
        workers: 1,
        mainThreadShare: true,
        kwargs: { termAt: 50, throwSeed: 13, throwAt: 1 },
        setupModules: [SETUP_MODULE],
      }),
    );
    v.reset({ seed: 10 });
    expect(caught(() => v.step([0, 0, 0, 0, 0])).message).toMatch(/^env 3 \(seed 13\) threw during step in worker 0: /);
  });

  it('fails a step when the worker dies and names the worker lane (envs 2..3); close() still works', async () => {
    const v = makeVec('VecCounter-v0', 4, {
      mode: 'async',
      workers: 1,
      mainThreadShare: true,
      kwargs: { termAt: 50, exitSeed: 12, exitAt: 2 },
      setupModules: [SETUP_MODULE],
    });
    v.reset({ seed: 10 });
    v.step([0, 0, 0, 0]);
    expect(() => v.step([0, 0, 0, 0])).toThrow(/worker 0 \(envs 2\.\.3\) died during step/);
    await v.close();
  });

  it('refuses configurations it cannot honour, with the bad value', () => {
    expect(() => new AsyncVectorEnv({ envId: 'CartPole-v1', numEnvs: 2, workers: 2, mainThreadShare: true })).toThrow(
      /workers must be an integer in \[1, numEnvs - 1 = 1 .*got 2/,
    );
    expect(() => new AsyncVectorEnv({ envId: 'CartPole-v1', numEnvs: 1, mainThreadShare: true })).toThrow(InvalidConfig);
    expect(() => new AsyncVectorEnv({ envId: 'OnlyInWorkers-v0', numEnvs: 2, workers: 1, mainThreadShare: true })).toThrow(
      /'OnlyInWorkers-v0' registered in the calling thread/,
    );
    expect(() => new AsyncVectorEnv({ envId: 'CartPole-v1', numEnvs: 2, workers: 1, spinUs: -1 })).toThrow(
      /spinUs must be a number of microseconds >= 0, got -1/,
    );
  });
});
