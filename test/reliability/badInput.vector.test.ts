// Bad-input matrix, part 3: makeVec options, vector actions, RolloutPool options and evaluate options.
// Async pieces run the compiled dist/ in workers (ensureBuilt).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { ClosedEnvironment, InvalidAction, InvalidConfig, InvalidFile, makeVec, RolloutPool, UnknownEnv, UnknownPolicy, WorkerError } from '../../src/index.js';
import type { VectorEnv } from '../../src/index.js';
import { ensureBuilt } from '../helpers/ensureBuilt.js';
import { expectTyped, expectTypedAsync, type ErrorClass } from './expectTyped.js';

beforeAll(() => ensureBuilt());

const opts = (o: Record<string, unknown>): never => o as never;
type Row = [label: string, call: () => unknown, type: ErrorClass, patterns: (string | RegExp)[]];

const makeVecRows: Row[] = [
  ['n = 0', () => makeVec('CartPole-v1', 0), InvalidConfig, ['n must be a positive integer', 'got 0']],
  ['n = NaN', () => makeVec('CartPole-v1', Number.NaN), InvalidConfig, ['got NaN']],
  ['n fractional', () => makeVec('CartPole-v1', 2.5), InvalidConfig, ['got 2.5']],
  ['unknown mode', () => makeVec('CartPole-v1', 2, opts({ mode: 'threads' })), InvalidConfig, ['mode', '"sync"', '"async"', '(got "threads")']],
  ['negative workers', () => makeVec('CartPole-v1', 2, { mode: 'async', workers: -1 }), InvalidConfig, ['workers', '(got -1)']],
  ['fractional workers', () => makeVec('CartPole-v1', 2, { mode: 'async', workers: 1.5 }), InvalidConfig, ['workers', 'int', '(got 1.5)']],
  ['NaN timeout', () => makeVec('CartPole-v1', 2, { mode: 'async', timeoutMs: Number.NaN }), InvalidConfig, ['timeoutMs', '(got NaN)']],
  ['misspelt option', () => makeVec('CartPole-v1', 2, opts({ wrokers: 2 })), InvalidConfig, ["unknown key 'wrokers'"]],
  [
    'unknown autoreset mode',
    () => makeVec('CartPole-v1', 2, opts({ autoresetMode: 'never' })),
    InvalidConfig,
    ['autoresetMode', '"next-step"', '(got "never")'],
  ],
  ['setupModules in sync mode', () => makeVec('CartPole-v1', 2, { setupModules: ['x.mjs'] }), InvalidConfig, ['setupModules', "'async'"]],
  ['wrappers in async mode', () => makeVec('CartPole-v1', 2, { mode: 'async', wrappers: [(e) => e] }), InvalidConfig, ['wrappers', 'worker threads']],
  ['bad env kwargs (sync)', () => makeVec('CartPole-v1', 2, { kwargs: { bogus: 1 } }), InvalidConfig, ["unknown key 'bogus'"]],
  ['unknown env id', () => makeVec('Nope-v0', 2), UnknownEnv, ["'Nope-v0'"]],
  ['RolloutPool workers 0', () => new RolloutPool({ workers: 0 }), InvalidConfig, ['RolloutPool options', 'workers', '(got 0)']],
  ['RolloutPool unknown option', () => new RolloutPool(opts({ threads: 2 })), InvalidConfig, ["unknown key 'threads'"]],
  ['RolloutPool negative retries', () => new RolloutPool({ maxRetries: -1 }), InvalidConfig, ['maxRetries', '(got -1)']],
];

describe('makeVec and RolloutPool constructor options', () => {
  it.each(makeVecRows)('%s', (_l, call, type, patterns) => {
    expectTyped(call, type, patterns);
  });
});

describe('vector actions', () => {
  const open: VectorEnv[] = [];
  afterAll(async () => {
    for (const v of open) await v.close();
  });
  for (const mode of ['sync', 'async'] as const) {
    it(`${mode}: too few actions is InvalidAction naming the counts; a bad one names the action and space`, () => {
      const v = makeVec('CartPole-v1', 3, { mode, workers: 1 });
      open.push(v);
      v.reset({ seed: 0 });
      expectTyped(() => v.step([0, 1]), InvalidAction, ['needs 3 actions', 'got 2']);
      // both modes refuse it with the typed error before any env steps (async checks in the main thread and names the env)
      const e = expectTyped(() => v.step([0, 1, 5]), InvalidAction, ['Invalid action 5', 'Discrete(2)']);
      if (mode === 'async') expect(e.message).toMatch(/for env 2/);
      expectTyped(() => v.step(Float64Array.of(0, Number.NaN, 1)), InvalidAction, ['Invalid action NaN']);
      // nothing was stepped: the batch goes on
      const [, r] = v.step([0, 1, 0]);
      expect(Array.from(r)).toEqual([1, 1, 1]);
    });
  }
  it('async: bad kwargs fail construction with the typed error itself (naming the key and the env), a missing setup module with a WorkerError', () => {
    const e = expectTyped(() => makeVec('CartPole-v1', 3, { mode: 'async', workers: 2, kwargs: { bogus: 1 } }), InvalidConfig, [
      "unknown key 'bogus'",
      /^env [01] \(seed unknown\) threw during start in worker [01]: /,
    ]);
    expect(e).not.toBeInstanceOf(WorkerError);
    expect((e.cause as Error).name).toBe('InvalidConfig'); // the worker's original, with its stack
    expect((e.cause as Error).stack).toMatch(/CartPole/);
    const bad = expectTyped(() => makeVec('CartPole-v1', 2, { mode: 'async', workers: 1, kwargs: { suttonBartoReward: 'yes' } }), InvalidConfig, [
      'suttonBartoReward',
      'expected boolean',
      '(got "yes")',
    ]);
    expect(bad.message).toMatch(/^env 0 /);
    expectTyped(() => makeVec('Nope-v0', 2, { mode: 'async', workers: 1 }), UnknownEnv, ["'Nope-v0'", 'env 0']);
    expectTyped(() => makeVec('CartPole-v1', 2, { mode: 'async', workers: 1, setupModules: ['/no/such/module.mjs'] }), WorkerError, ['/no/such/module.mjs']);
  });
});

describe('typed errors raised inside async workers keep their type', () => {
  it('an action the env itself refuses mid-episode (JobShop: a finished job) is InvalidAction naming the env and its seed', () => {
    const v = makeVec('JobShop-v0', 2, { mode: 'async', workers: 2 });
    try {
      v.reset({ seed: 5 });
      for (let i = 0; i < 6; i++) v.step([0, 1]); // ft06: 6 operations per job
      const e = expectTyped(() => v.step([1, 1]), InvalidAction, ['job 1 has no operation left', /^env 1 \(seed 6\) threw during step in worker 1: /]);
      expect((e.cause as Error).name).toBe('InvalidAction');
    } finally {
      void v.close();
    }
  });

  it('the same refusal by an env of the main-thread share keeps its type too, naming the env and the main thread', () => {
    const v = makeVec('JobShop-v0', 2, { mode: 'async', workers: 1, mainThreadShare: true });
    try {
      v.reset({ seed: 5 });
      for (let i = 0; i < 6; i++) v.step([0, 1]);
      const e = expectTyped(() => v.step([0, 0]), InvalidAction, ['job 0 has no operation left', /^env 0 \(seed 5\) threw during step in the main thread: /]);
      expect((e.cause as Error).name).toBe('InvalidAction');
    } finally {
      void v.close();
    }
  });
});

describe('RolloutPool.evaluate options', () => {
  let pool: RolloutPool;
  beforeAll(() => {
    pool = new RolloutPool({ workers: 1 });
  });
  afterAll(async () => {
    await pool.close();
  });
  const base = { envId: 'CartPole-v1', policy: 'pd', episodes: 1 };
  const rows: [string, Record<string, unknown>, ErrorClass, (string | RegExp)[]][] = [
    ['episodes 0', { episodes: 0 }, InvalidConfig, ['episodes', '(got 0)']],
    ['episodes NaN', { episodes: Number.NaN }, InvalidConfig, ['episodes', '(got NaN)']],
    ['fractional seed', { seed: 1.5 }, InvalidConfig, ['seed', '(got 1.5)']],
    ['maxSteps negative', { maxSteps: -3 }, InvalidConfig, ['maxSteps', '(got -3)']],
    ['unknown option', { worker: 2 }, InvalidConfig, ["unknown key 'worker'"]],
    ['empty policy name', { policy: '' }, InvalidConfig, ['policy']],
    ['malformed network', { policy: { kind: 'mlp', network: { layers: 'x' } } }, InvalidFile, ['tsgym-mlp', 'format']],
    ['unknown env (from the worker)', { envId: 'Nope-v0' }, UnknownEnv, ["'Nope-v0'", 'episodes 0..0 (seeds 0..0)']],
    ['unknown policy (from the worker)', { policy: 'nosuch' }, UnknownPolicy, ["Unknown policy 'nosuch'", 'pd']],
    ['bad env kwargs (from the worker)', { kwargs: { bogus: 2 }, seed: 40 }, InvalidConfig, ["unknown key 'bogus'", 'building CartPole-v1', '(seeds 40..40)']],
  ];
  it.each(rows)('%s', async (_l, over, type, patterns) => {
    await expectTypedAsync(() => pool.evaluate({ ...base, ...over }), type, patterns);
  });
  it('a closed pool is ClosedEnvironment', async () => {
    const p = new RolloutPool({ workers: 1 });
    await p.close();
    await expectTypedAsync(() => p.evaluate(base), ClosedEnvironment, ['closed RolloutPool']);
  });
});
