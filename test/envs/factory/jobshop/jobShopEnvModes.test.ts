import { describe, expect, it } from 'vitest';
import { checkEnv } from '../../../../src/checker/checkEnv.js';
import { InvalidAction, InvalidConfig } from '../../../../src/core/errors.js';
import { make } from '../../../../src/registry/registry.js';
import '../../../../envs/factory/index.js';
import { JobShopEnv, type JobShopGraphObs } from '../../../../envs/factory/jobshop/JobShopEnv.js';
import { parseJobShop } from '../../../../envs/factory/jobshop/JobShopInstance.js';
import { INSTANCE_TEXTS } from '../../../../envs/factory/jobshop/instanceTexts.js';
import { N_OP_FEATURES, OP_FEATURES } from '../../../../envs/factory/jobshop/opFeatures.js';
import { taillardInstance } from '../../../../envs/factory/jobshop/taillardInstance.js';

const TINY = '3 2\n0 3 1 2\n1 4 0 1\n0 2 1 5\n';
const f = (obs: JobShopGraphObs, op: number, name: (typeof OP_FEATURES)[number]): number =>
  obs.opFeatures[op * N_OP_FEATURES + OP_FEATURES.indexOf(name)];

// ta01 as published in Taillard's format (an independent copy is in test/envs/factory/jobShop.test.ts);
// its header gives the generator seeds 840612802 and 398197754
describe("Taillard's generator", () => {
  it('reproduces ta01-ta10 from the seeds in their headers', () => {
    for (let i = 1; i <= 10; i++) {
      const name = `ta${String(i).padStart(2, '0')}`;
      const text = INSTANCE_TEXTS[name];
      const head = (text.split('\n')[1] ?? '').trim().split(/\s+/).map(Number);
      const gen = taillardInstance(15, 15, head[2], head[3]);
      const pub = parseJobShop(text, name);
      expect(Array.from(gen.time), name).toEqual(Array.from(pub.time));
      expect(Array.from(gen.machine), name).toEqual(Array.from(pub.machine));
    }
  });

  it('random instances: durations 1..99, every job visits every machine once, reproducible by seed', () => {
    const a = make('JobShop-v0', { instance: 'random', jobs: 20, machines: 8 });
    const b = make('JobShop-v0', { instance: 'random', jobs: 20, machines: 8 });
    a.reset({ seed: 5 });
    b.reset({ seed: 5 });
    const ia = (a.unwrapped as JobShopEnv).instance;
    expect(Array.from(ia.time)).toEqual(Array.from((b.unwrapped as JobShopEnv).instance.time));
    expect([ia.nJobs, ia.nMachines]).toEqual([20, 8]);
    expect(Math.min(...ia.time)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...ia.time)).toBeLessThanOrEqual(99);
    for (let j = 0; j < 20; j++) expect(new Set(ia.machine.subarray(j * 8, j * 8 + 8)).size).toBe(8);
    a.reset({ seed: 6 });
    expect(Array.from((a.unwrapped as JobShopEnv).instance.time)).not.toEqual(Array.from(ia.time));
    expect((a.unwrapped as JobShopEnv).bestKnown).toBeUndefined();
  });

  it('refuses bad kwargs with one clear error', () => {
    expect(() => make('JobShop-v0', { instance: 'ta01', jobs: 10 })).toThrow(InvalidConfig);
    expect(() => make('JobShop-v0', { instance: 'random', instanceText: TINY })).toThrow(InvalidConfig);
    expect(() => make('JobShop-v0', { scheme: 'greedy' })).toThrow(/scheme/);
    expect(() => taillardInstance(15, 15, 0, 5)).toThrow(/time seed 0/);
  });
});

describe('JobShop-v0 graph observation', () => {
  it('passes checkEnv with random instances under every scheme and both observations', () => {
    for (const scheme of ['append', 'left-shift', 'active', 'non-delay']) {
      for (const observation of ['flat', 'graph'])
        checkEnv(make('JobShop-v0', { instance: 'random', jobs: 6, machines: 4, scheme, observation }));
    }
  });

  it('holds the features, machines and fixed machine arcs of the partial schedule (hand-checked)', () => {
    const env = make('JobShop-v0', { instanceText: TINY, instance: 'tiny', scheme: 'non-delay', observation: 'graph' });
    let [obs] = env.reset({ seed: 0 }) as [JobShopGraphObs, unknown];
    expect(Array.from(obs.opMachine)).toEqual([0, 1, 1, 0, 0, 1]);
    expect(Array.from(obs.actionMask)).toEqual([1, 0, 1]);
    // mean time 17/6; mean job length M * pBar = 17/3; bound 11 (machine 1's load)
    expect(f(obs, 0, 'candidate')).toBe(1);
    expect(f(obs, 2, 'candidate')).toBe(0); // job 1 may not start now on machine 0's decision
    expect(f(obs, 0, 'time')).toBeCloseTo(3 / (17 / 6), 6);
    expect(f(obs, 1, 'lbEnd')).toBeCloseTo((3 + 2) / (17 / 3), 6);
    expect(f(obs, 5, 'jobCritical')).toBeCloseTo((2 + 5) / 11, 6);
    expect(f(obs, 1, 'machineCritical')).toBeCloseTo(11 / 11, 6);
    [obs] = env.step(2) as unknown as [JobShopGraphObs]; // job 2 on M0 0-2
    [obs] = env.step(1) as unknown as [JobShopGraphObs]; // job 1 on M1 0-4
    [obs] = env.step(0) as unknown as [JobShopGraphObs]; // job 0 on M0 2-5
    expect(f(obs, 4, 'scheduled')).toBe(1);
    expect(f(obs, 0, 'scheduled')).toBe(1);
    expect(f(obs, 1, 'scheduled')).toBe(0);
    // machine 0 ran job 2's op (4) then job 0's op (0): the arc 4 -> 0
    expect(obs.machinePred[0]).toBe(4);
    expect(obs.machinePred[4]).toBe(-1);
    expect(obs.machinePred[1]).toBe(-1);
    // now = 4 (job 1's M0 op: job ready 4; job 2's M1 op: machine 1 ready 4; job 0's M1 op: ready 5)
    expect(f(obs, 0, 'lbEnd')).toBeCloseTo((5 - 4) / (17 / 3), 6);
    expect(f(obs, 0, 'jobProgress')).toBeCloseTo(3 / 5, 6);
  });

  it('refuses a job the scheme does not allow now', () => {
    const env = new JobShopEnv({ instanceText: TINY, instance: 'tiny', scheme: 'non-delay' });
    env.reset({ seed: 0 });
    expect(() => env.step(1)).toThrow(/may not be dispatched now under scheme 'non-delay'/);
    expect(() => env.step(1)).toThrow(InvalidAction);
  });

  it('snapshot/restore resumes a random left-shift episode exactly', () => {
    const a = new JobShopEnv({ instance: 'random', jobs: 8, machines: 5, scheme: 'left-shift', observation: 'graph' });
    a.reset({ seed: 11 });
    for (let i = 0; i < 13; i++) {
      const j = (i * 3) % 8;
      a.step(a.sim.mask[j] ? j : a.sim.mask.indexOf(1));
    }
    const snap = JSON.parse(JSON.stringify(a.snapshot())) as unknown;
    const b = new JobShopEnv({ instance: 'random', jobs: 8, machines: 5, scheme: 'left-shift', observation: 'graph' });
    b.reset({ seed: 99 });
    b.restore(snap);
    expect(Array.from(b.instance.time)).toEqual(Array.from(a.instance.time));
    for (;;) {
      const act = a.sim.mask.indexOf(1);
      const ra = a.step(act);
      const rb = b.step(act);
      expect(rb[1]).toBe(ra[1]);
      expect(Array.from((rb[0] as JobShopGraphObs).opFeatures)).toEqual(Array.from((ra[0] as JobShopGraphObs).opFeatures));
      if (ra[2]) {
        expect(rb[4].schedule).toEqual(ra[4].schedule);
        break;
      }
    }
    expect(() => new JobShopEnv({ instance: 'ta01' }).restore(snap)).toThrow(/expected a snapshot of instance 'ta01'/);
  });
});
