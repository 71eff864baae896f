import { describe, expect, it } from 'vitest';
import { InvalidAction } from '../../../src/core/errors.js';
import { checkEnv } from '../../../src/checker/checkEnv.js';
import { make } from '../../../src/registry/registry.js';
import { makePolicy } from '../../../src/policy/policyRegistry.js';
import type { Info } from '../../../src/core/types.js';
import '../../../envs/factory/index.js';
import { FactoryLineEnv } from '../../../envs/factory/FactoryLineEnv.js';
import { DISPATCH_RULES } from '../../../envs/factory/dispatchRules.js';

const agentLine = {
  horizon: 20_000,
  products: [{ name: 'A' }, { name: 'B' }],
  stages: [
    { name: 's1', processing: { kind: 'exponential', mean: 1 } },
    { name: 's2', machines: 2, buffer: 3, processing: { A: 1.5, B: { kind: 'exponential', mean: 2 } } },
  ],
  release: { kind: 'poisson', rate: 0.8, control: 'agent', reviewInterval: 5 },
};

function episode(env: ReturnType<typeof make>, act: (obs: Float32Array, info: Info) => number, seed: number) {
  let [obs, info] = env.reset({ seed }) as [Float32Array, Info];
  let ret = 0;
  let steps = 0;
  let elapsed = 0;
  let maxWip = 0;
  for (;;) {
    const r = env.step(act(obs, info));
    obs = r[0] as Float32Array;
    ret += r[1];
    info = r[4];
    steps++;
    elapsed += info.elapsed as number;
    maxWip = Math.max(maxWip, info.wip as number);
    if (r[2] || r[3]) return { ret, steps, elapsed, info, maxWip, terminated: r[2] };
  }
}

describe('FactoryLine-v0', () => {
  it('passes checkEnv in rule and pick modes, built-in and agent-release scenarios', () => {
    checkEnv(make('FactoryLine-v0', { scenario: 'serial5' }));
    checkEnv(make('FactoryLine-v0', { scenario: 'two-product', mode: 'pick', k: 3 }));
    checkEnv(make('FactoryLine-v0', { config: agentLine, reward: 'mix', rewardWeights: { throughput: 1, wip: 0.5 } }));
  });

  it('throughput reward sums to the jobs finished; elapsed times sum to the horizon; metrics at the end', () => {
    const env = make('FactoryLine-v0', { scenario: 'parallel-breakdowns', reward: 'throughput' });
    const r = episode(env, () => DISPATCH_RULES.indexOf('EDD'), 4);
    expect(r.terminated).toBe(true);
    expect(r.ret).toBe(r.info.completed);
    expect(r.elapsed).toBeCloseTo(28_800, 6);
    const m = r.info.metrics as Record<string, number>;
    expect(m.completed).toBe(r.info.completed);
    // Little's law over the shift (edge effects of a started-empty line are small)
    expect(Math.abs((m.wip) - ((m.throughput) / 3600) * (m.meanCycleTime)) / (m.wip)).toBeLessThan(0.1);
    for (const name of ['load', 'cnc.1', 'cnc.3', 'heat.2', 'pack']) {
      const total = ['utilisation', 'setup', 'blocked', 'starved', 'idle', 'down'].reduce((a, k) => a + (m[`${name}.${k}`]), 0);
      expect(total).toBeCloseTo(1, 9);
      expect(m[`${name}.oee`]).toBeGreaterThan(0);
      expect(m[`${name}.oee`]).toBeLessThanOrEqual(1 - (m[`${name}.down`]) + 1e-12);
    }
    expect(m['heat.1.down']).toBeGreaterThan(0); // breakdowns and maintenance happen
  });

  it('wip reward is minus the WIP time integral over the mean work content; tardiness reward matches the metric', () => {
    const env = make('FactoryLine-v0', { scenario: 'two-product', reward: 'wip', horizon: 7200 });
    const inner = env.unwrapped as FactoryLineEnv;
    const r = episode(env, () => 0, 2);
    const md = inner.model;
    const work = (md.nominalWork(0) + md.nominalWork(1)) / 2;
    const m = r.info.metrics as Record<string, number>;
    expect(r.ret).toBeCloseTo((-(m.wip) * 7200) / work, 6);
    const env2 = make('FactoryLine-v0', { scenario: 'two-product', reward: 'tardiness', horizon: 7200 });
    const r2 = episode(env2, () => 0, 2);
    const m2 = r2.info.metrics as Record<string, number>;
    // every finished job's tardiness counts once (no warm-up in the built-in scenarios)
    expect(r2.ret).toBeCloseTo((-(m2.meanTardiness) * (m2.completed)) / work, 6);
  });

  it('refuses actions outside the space and actions the decision does not allow', () => {
    const env = new FactoryLineEnv({ scenario: 'two-product', mode: 'pick', k: 8 });
    let [, info] = env.reset({ seed: 1 });
    expect(() => env.step(8)).toThrow(InvalidAction);
    expect(() => env.step(-1)).toThrow(InvalidAction);
    expect(() => env.step(0.5)).toThrow(InvalidAction);
    // find a decision with fewer than 8 jobs waiting: the positions past them are refused
    for (let i = 0; i < 200 && (info.queueLength as number) >= 8; i++) info = env.step(0)[4];
    const n = info.queueLength as number;
    expect(n).toBeGreaterThanOrEqual(2);
    expect(Array.from(info.actionMask as Int8Array)).toEqual(Array.from({ length: 8 }, (_, i) => (i < n ? 1 : 0)));
    expect(() => env.step(7)).toThrow(/allows \[0, 1/);
    const rule = new FactoryLineEnv({ config: agentLine });
    let [, ri] = rule.reset({ seed: 3 });
    for (let i = 0; i < 500 && ri.decision !== 'release'; i++) ri = rule.step(0)[4];
    expect(ri.decision).toBe('release');
    expect(() => rule.step(2)).toThrow(InvalidAction);
  });

  it('conwip policy keeps the line at or under its cap; SST beats FIFO on the setup-heavy line', () => {
    const env = make('FactoryLine-v0', { config: agentLine });
    const p = makePolicy('conwip', 'FactoryLine-v0', env, { wipCap: 6 });
    const r = episode(env, (o, i) => p.act(o, i) as number, 1);
    expect(r.maxWip).toBeLessThanOrEqual(6);
    const tp = (rule: string): number => {
      const e = make('FactoryLine-v0', { scenario: 'two-product' });
      const pol = makePolicy(rule, 'FactoryLine-v0', e);
      return (episode(e, (o, i) => pol.act(o, i) as number, 7).info.metrics as Record<string, number>).meanCycleTime;
    };
    expect(tp('sst')).toBeLessThan(tp('fifo'));
  });

  it('the same seed and actions give the same episode; the view lists every job in the line once', () => {
    const a = episode(make('FactoryLine-v0', { scenario: 'serial5', mode: 'pick' }), () => 1, 9);
    const b = episode(make('FactoryLine-v0', { scenario: 'serial5', mode: 'pick' }), () => 1, 9);
    expect(a.ret).toBe(b.ret);
    expect(a.info.metrics).toEqual(b.info.metrics);
    const env = new FactoryLineEnv({ scenario: 'parallel-breakdowns' });
    env.reset({ seed: 5 });
    for (let i = 0; i < 300; i++) env.step(i % 7);
    const v = env.view();
    const inLine = v.stations.flatMap((s) => [...s.buffer, ...s.machines.flatMap((m) => (m.job === null ? [] : [m.job]))]);
    expect(new Set(inLine).size).toBe(inLine.length);
    expect(inLine.length).toBe(v.wip);
    expect(v.stations.map((s) => s.machines.length)).toEqual([1, 3, 2, 1]);
    for (const t of v.inTransit) expect(v.stations.find((s) => s.name === t.from)?.machines.find((m) => m.name === t.machine)?.state).toBe('blocked');
    expect(JSON.parse(JSON.stringify(v))).toEqual(v);
  });
});
