import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tsgym from '../../src/index.js';
import { makeVec, Rng, type VectorEnv } from '../../src/index.js';
import { ensureBuilt } from '../helpers/ensureBuilt.js';
import { setup, SETUP_MODULE } from '../helpers/vectorTestEnvs.mjs';

// Autoreset semantics of Gymnasium 1.x, case by case, for SyncVectorEnv and AsyncVectorEnv alike.
// VecCounter: obs = [t, resets, u] with u drawn from the env rng at each reset, reward = t + 10 * action,
// terminated at t = termAt (termAtOdd for odd seeds). Expected values are worked out by hand below.

beforeAll(() => {
  ensureBuilt();
  setup(tsgym);
}, 300_000);

const open: VectorEnv[] = [];
afterAll(async () => {
  for (const v of open) await v.close();
}, 120_000);

/** The k-th reset draw (k = 0, 1, ...) of an env seeded with `seed`, as float32. */
function u(seed: number, k: number): number {
  const r = new Rng(seed);
  let v = 0;
  for (let i = 0; i <= k; i++) v = r.uniform(0, 1);
  return Math.fround(v);
}

function rows(obs: ArrayLike<number>, n: number): number[][] {
  const size = obs.length / n;
  return Array.from({ length: n }, (_, i) => Array.from(obs).slice(i * size, (i + 1) * size));
}

function vec(
  mode: 'sync' | 'async',
  id: string,
  n: number,
  autoresetMode: 'next-step' | 'same-step',
  kwargs: Record<string, unknown> = {},
  workers = 1,
): VectorEnv {
  const v = makeVec(id, n, mode === 'sync' ? { mode, autoresetMode, kwargs } : { mode, autoresetMode, kwargs, workers, setupModules: [SETUP_MODULE] });
  open.push(v);
  return v;
}

describe.each(['sync', 'async'] as const)('%s vector env autoreset', { timeout: 180_000 }, (mode) => {
  it('next-step: the step after a done returns the reset obs, reward 0, no flags, and ignores the action', () => {
    const v = vec(mode, 'VecCounter-v0', 2, 'next-step', { termAt: 2, termAtOdd: 3 });
    const [obs0, infos0] = v.reset({ seed: 100 });
    expect(rows(obs0, 2)).toEqual([[0, 1, u(100, 0)], [0, 1, u(101, 0)]]);
    expect(infos0).toEqual([{ resets: 1 }, { resets: 1 }]);

    let [obs, rew, term, trunc, infos] = v.step([1, 0]);
    expect(Array.from(rew)).toEqual([11, 1]);
    expect(Array.from(term)).toEqual([0, 0]);
    expect(infos).toEqual([{ t: 1 }, { t: 1 }]);

    [obs, rew, term, trunc, infos] = v.step([0, 2]);
    expect(rows(obs, 2)).toEqual([[2, 1, u(100, 0)], [2, 1, u(101, 0)]]);
    expect(Array.from(rew)).toEqual([2, 22]);
    expect(Array.from(term)).toEqual([1, 0]);
    expect(infos).toEqual([{ t: 2, metrics: { t: 2 } }, { t: 2 }]);

    // env 0 autoresets: its action 9 (not even valid) is ignored
    [obs, rew, term, trunc, infos] = v.step([9, 1]);
    expect(rows(obs, 2)).toEqual([[0, 2, u(100, 1)], [3, 1, u(101, 0)]]);
    expect(Array.from(rew)).toEqual([0, 13]);
    expect(Array.from(term)).toEqual([0, 1]);
    expect(Array.from(trunc)).toEqual([0, 0]);
    expect(infos).toEqual([{ resets: 2 }, { t: 3, metrics: { t: 3 } }]);

    [obs, rew, term, trunc, infos] = v.step([1, 9]);
    expect(rows(obs, 2)).toEqual([[1, 2, u(100, 1)], [0, 2, u(101, 1)]]);
    expect(Array.from(rew)).toEqual([11, 0]);
    expect(Array.from(term)).toEqual([0, 0]);
    expect(infos).toEqual([{ t: 1 }, { resets: 2 }]);

    [obs, rew, term] = v.step([0, 0]);
    expect(Array.from(rew)).toEqual([2, 1]);
    expect(Array.from(term)).toEqual([1, 0]);
  });

  it('same-step: the done step returns the reset obs and puts finalObs/finalInfo in info', () => {
    const v = vec(mode, 'VecCounter-v0', 2, 'same-step', { termAt: 2, termAtOdd: 3 });
    v.reset({ seed: 100 });
    v.step([1, 0]);
    let [obs, rew, term, trunc, infos] = v.step([0, 2]);
    expect(rows(obs, 2)).toEqual([[0, 2, u(100, 1)], [2, 1, u(101, 0)]]);
    expect(Array.from(rew)).toEqual([2, 22]);
    expect(Array.from(term)).toEqual([1, 0]);
    expect(infos[0]).toEqual({ resets: 2, finalObs: Float32Array.of(2, 1, u(100, 0)), finalInfo: { t: 2, metrics: { t: 2 } } });
    expect(infos[1]).toEqual({ t: 2 });

    [obs, rew, term, trunc, infos] = v.step([1, 1]);
    expect(rows(obs, 2)).toEqual([[1, 2, u(100, 1)], [0, 2, u(101, 1)]]);
    expect(Array.from(rew)).toEqual([11, 13]);
    expect(Array.from(term)).toEqual([0, 1]);
    expect(Array.from(trunc)).toEqual([0, 0]);
    expect(infos[1]).toEqual({ resets: 2, finalObs: Float32Array.of(3, 1, u(101, 0)), finalInfo: { t: 3, metrics: { t: 3 } } });

    [obs, rew, term] = v.step([1, 0]);
    expect(rows(obs, 2)[0]).toEqual([0, 3, u(100, 2)]);
    expect(Array.from(rew)).toEqual([12, 1]);
    expect(Array.from(term)).toEqual([1, 0]);
  });

  it('truncation (TimeLimit) autoresets like termination, with truncated set and terminated clear', () => {
    const next = vec(mode, 'VecCounterTrunc-v0', 1, 'next-step');
    next.reset({ seed: 7 });
    next.step([0]);
    let [obs, rew, term, trunc] = next.step([0]);
    expect([Array.from(term), Array.from(trunc), Array.from(obs)]).toEqual([[0], [1], [2, 1, u(7, 0)]]);
    [obs, rew, term, trunc] = next.step([2]);
    expect([Array.from(rew), Array.from(term), Array.from(trunc), Array.from(obs)]).toEqual([[0], [0], [0], [0, 2, u(7, 1)]]);

    const same = vec(mode, 'VecCounterTrunc-v0', 1, 'same-step');
    same.reset({ seed: 7 });
    same.step([0]);
    const r = same.step([1]);
    expect([Array.from(r[1]), Array.from(r[2]), Array.from(r[3]), Array.from(r[0])]).toEqual([[12], [0], [1], [0, 2, u(7, 1)]]);
    expect(r[4][0]?.finalObs).toEqual(Float32Array.of(2, 1, u(7, 0)));
  });

  it('reset({ seed }) seeds env i with seed + i, and reset() without a seed continues the streams', () => {
    const v = vec(mode, 'VecCounter-v0', 3, 'next-step', {}, 2); // async: envs 0 | 1, 2 on two workers
    const [a] = v.reset({ seed: 40 });
    expect(rows(a, 3).map((r) => r[2])).toEqual([u(40, 0), u(41, 0), u(42, 0)]);
    const [b] = v.reset();
    expect(rows(b, 3).map((r) => r[2])).toEqual([u(40, 1), u(41, 1), u(42, 1)]);
  });
});
