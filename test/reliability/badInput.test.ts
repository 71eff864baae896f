// Bad-input matrix, part 1: environment constructors/kwargs (every registered id), reset options and
// actions. Each row: the call, the typed error it must raise, and what its message must name (the bad
// value and the expectation). Siblings: badInput.spaces / .vector / .cli / .files.
import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { Box, Discrete, InvalidAction, InvalidConfig, make, makeParallel, registry, UnknownEnv } from '../../src/index.js';
import type { Env } from '../../src/index.js';
import { expectTyped } from './expectTyped.js';

const ids = [...registry.keys()].filter((id) => !/^Vec/.test(id)); // Vec* are other test files' fixtures

function build(id: string, kwargs: Record<string, unknown>): unknown {
  return registry.get(id)?.parallel ? makeParallel(id, kwargs) : make(id, kwargs);
}

describe('every registered env id refuses bad kwargs with InvalidConfig naming the key', () => {
  it('covers the built-in ids', () => {
    for (const id of ['CartPole-v1', 'MountainCar-v0', 'Acrobot-v1', 'Pendulum-v1', 'FactoryLine-v0', 'JobShop-v0']) expect(ids).toContain(id);
  });
  it.each(ids)('%s: unknown kwarg', (id) => {
    expectTyped(() => build(id, { noSuchKwarg: 1 }), InvalidConfig, [id, "unknown key 'noSuchKwarg'"]);
  });
  it.each(ids)('%s: renderMode of the wrong type', (id) => {
    // either the env has render modes (then the message names the value 42) or it has none (unknown key)
    expectTyped(() => build(id, { renderMode: 42 }), InvalidConfig, [id, /renderMode: .*\(got 42\)|unknown key 'renderMode'/]);
  });
});

type Row = [label: string, id: string, kwargs: Record<string, unknown>, patterns: (string | RegExp)[]];
const kwargRows: Row[] = [
  ['wrong type (string for boolean)', 'CartPole-v1', { suttonBartoReward: 'yes' }, ['suttonBartoReward', 'boolean', '"yes"']],
  ['value outside an enum', 'CartPole-v1', { kinematicsIntegrator: 'rk4' }, ['kinematicsIntegrator', 'euler', 'semi-implicit-euler', '"rk4"']],
  ['NaN number', 'MountainCar-v0', { goalVelocity: Number.NaN }, ['goalVelocity', '(got NaN)']],
  ['Infinity number', 'Pendulum-v1', { g: Number.POSITIVE_INFINITY }, ['g:', '(got Infinity)']],
  ['negative noise', 'Acrobot-v1', { torqueNoiseMax: -0.1 }, ['torqueNoiseMax', '>=0', '-0.1']],
  ['enum typo', 'Acrobot-v1', { bookOrNips: 'paper' }, ['bookOrNips', '"book"', '"nips"', '"paper"']],
  ['negative horizon', 'FactoryLine-v0', { horizon: -1 }, ['horizon', '>0', '-1']],
  ['NaN horizon', 'FactoryLine-v0', { horizon: Number.NaN }, ['horizon', '(got NaN)']],
  ['non-integer k', 'FactoryLine-v0', { mode: 'pick', k: 1.5 }, ['k:', 'int', '1.5']],
  ['k below its minimum', 'FactoryLine-v0', { mode: 'pick', k: 1 }, ['k:', '>=2', '1']],
  ['unknown scenario', 'FactoryLine-v0', { scenario: 'nope' }, ['scenario', 'serial5', '"nope"']],
  ['config that is not JSON', 'FactoryLine-v0', { config: '{"horizon": 10,' }, ['config', 'not valid JSON']],
  [
    'config of the wrong shape',
    'FactoryLine-v0',
    { config: { horizon: 100, stages: [], release: { kind: 'conwip', wipCap: 2 } } },
    ['factory scenario', 'stages', '>=1', '(got [])'],
  ],
  [
    'config with a NaN processing time',
    'FactoryLine-v0',
    { config: { horizon: 100, stages: [{ name: 's', processing: Number.NaN }], release: { kind: 'conwip', wipCap: 2 } } },
    ['factory scenario', 'stages[0].processing', '(got NaN)'],
  ],
  [
    'config with an unknown release kind',
    'FactoryLine-v0',
    { config: { horizon: 100, stages: [{ name: 's', processing: 1 }], release: { kind: 'batch' } } },
    ['factory scenario', 'release.kind', "'poisson'", '"batch"'],
  ],
  [
    'config with a negative buffer',
    'FactoryLine-v0',
    { config: { horizon: 100, stages: [{ name: 's', buffer: -2, processing: 1 }], release: { kind: 'conwip', wipCap: 2 } } },
    ['factory scenario', 'stages[0].buffer', '-2'],
  ],
  ['reward weight NaN', 'FactoryLine-v0', { reward: 'mix', rewardWeights: { throughput: Number.NaN } }, ['rewardWeights.throughput', '(got NaN)']],
  ['unknown instance', 'JobShop-v0', { instance: 'zz99' }, ['instance', "'zz99'", 'ft06']],
  ['negative bestKnown', 'JobShop-v0', { bestKnown: -3 }, ['bestKnown', '>0', '-3']],
  ['empty instance name', 'JobShop-v0', { instance: '' }, ['instance', '""']],
];

describe('kwarg rows', () => {
  it.each(kwargRows)('%s (%s)', (_label, id, kwargs, patterns) => {
    // a scenario given as `config` is reported as 'factory scenario', everything else as '<id> kwargs'
    const what = patterns.includes('factory scenario') ? [] : [`${id} kwargs`];
    expectTyped(() => make(id, kwargs), InvalidConfig, [...what, ...patterns]);
  });
  it('JobShop-v0: a malformed instanceText or missing instanceFile is a typed error naming it', () => {
    const e1 = expectTyped(() => make('JobShop-v0', { instanceText: '2 2\n0 x 1 2\n' }), Error, []);
    expect(e1.name).toMatch(/InvalidConfig|InvalidFile/);
    const e2 = expectTyped(() => make('JobShop-v0', { instanceFile: '/no/such/file.txt' }), Error, ['/no/such/file.txt']);
    expect(e2.name).toMatch(/InvalidConfig|InvalidFile/);
  });
  it('unknown and malformed ids are UnknownEnv naming the id (and a close id)', () => {
    expectTyped(() => make('Cartpole-v1'), UnknownEnv, ["'Cartpole-v1'", 'CartPole-v1']);
    expectTyped(() => make('cart pole'), UnknownEnv, ["'cart pole'", 'Name-vN']);
    expectTyped(() => make(''), UnknownEnv, ["''", 'Name-vN']);
  });
});

describe('reset options', () => {
  const rows: [string, Record<string, unknown>, (string | RegExp)[]][] = [
    ['CartPole-v1', { low: Number.NaN }, ['low', '(got NaN)']],
    ['CartPole-v1', { low: 'a' }, ['low', 'number', '"a"']],
    ['MountainCar-v0', { low: -0.4, high: -0.6 }, ['-0.4', '-0.6', 'lower']],
    ['Acrobot-v1', { high: Number.NaN }, ['high', '(got NaN)']],
  ];
  it.each(rows)('%s reset(%o) is InvalidConfig', (id, options, patterns) => {
    const env = make(id);
    expectTyped(() => env.reset({ seed: 0, options }), InvalidConfig, patterns);
  });
});

/** Bad actions derived from the action space, so every single-agent id gets the same matrix. */
function badActions(space: unknown): [string, unknown][] {
  if (space instanceof Discrete) {
    const { n, start } = space;
    return [
      ['NaN', Number.NaN], ['one past the end', start + n], ['below start', start - 1], ['a fraction', start + 0.5],
      ['Infinity', Number.POSITIVE_INFINITY], ['a numeric string', String(start)], ['null', null], ['undefined', undefined],
      ['an array', [start]], ['a typed array', Int32Array.of(start)], ['a boolean', true], ['an object', { a: start }],
    ];
  }
  if (space instanceof Box) {
    const len = space.size;
    const ok = () => new Float32Array(len);
    const withNaN = ok();
    withNaN[0] = Number.NaN;
    return [
      ['wrong length (+1)', new Float32Array(len + 1)], ['wrong length (0)', new Float32Array(0)], ['NaN entry', withNaN],
      ['a string', 'x'], ['null', null], ['a plain number', 0], ['wrong dtype (Int8Array of 300s is impossible: BigInt64Array)', new BigInt64Array(len)],
      ['an array of strings', Array.from({ length: len }, () => 'a')],
    ];
  }
  return [];
}

describe('actions: wrong type, NaN, out of range, wrong length, wrong dtype -> InvalidAction naming action and space', () => {
  const single = ids.filter((id) => !registry.get(id)?.parallel);
  const rows: [string, string, unknown][] = [];
  for (const id of single) {
    const env = make(id);
    for (const [label, a] of badActions(env.actionSpace)) rows.push([id, label, a]);
    env.close();
  }
  it('every single-agent id has action rows', () => {
    for (const id of single) expect(rows.some((r) => r[0] === id), id).toBe(true);
  });
  it.each(rows)('%s: %s', (id, _label, action) => {
    const env: Env<unknown, unknown> = make(id);
    env.reset({ seed: 0 });
    expectTyped(() => env.step(action), InvalidAction, ['Invalid action', `expected an element of ${env.actionSpace.toString()}`]);
    // the env is still usable after a refused action
    const ok = env.actionSpace.sample(env.unwrapped.rng);
    expect(() => env.step(ok)).not.toThrow();
  });
  it('the message shows the bad value itself', () => {
    const cp = make('CartPole-v1');
    cp.reset({ seed: 0 });
    expectTyped(() => cp.step(Number.NaN), InvalidAction, ['Invalid action NaN', 'Discrete(2)']);
    expectTyped(() => cp.step(7), InvalidAction, ['Invalid action 7']);
    const pd = make('Pendulum-v1');
    pd.reset({ seed: 0 });
    expectTyped(() => pd.step(Float32Array.of(1, 2)), InvalidAction, ['Float32Array(2) [1, 2]', 'Box(-2.0, 2.0, [1], float32)']);
  });
});
