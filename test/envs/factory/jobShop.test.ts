import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidAction, InvalidConfig, InvalidFile } from '../../../src/core/errors.js';
import { checkEnv } from '../../../src/checker/checkEnv.js';
import { make } from '../../../src/registry/registry.js';
import { makePolicy } from '../../../src/policy/policyRegistry.js';
import { Rng } from '../../../src/rng/Rng.js';
import '../../../envs/factory/index.js';
import { JobShopEnv, type JobShopObs, type ScheduledOp } from '../../../envs/factory/jobshop/JobShopEnv.js';
import { makespanLowerBound, parseJobShop, type JobShopInstance } from '../../../envs/factory/jobshop/JobShopInstance.js';
import { INSTANCE_TEXTS } from '../../../envs/factory/jobshop/instanceTexts.js';
import { BEST_KNOWN_MAKESPAN } from '../../../envs/factory/jobshop/bestKnown.js';

const DATA = join(import.meta.dirname, '../../../data/jobshop');

// ta01 in OR-Library form, from an independent public copy (JSSEnv-style instance file)
const TA01_ORLIB = `15 15
 6 94 12 66  4 10  7 53  3 26  2 15 10 65 11 82  8 10 14 27  9 93 13 92  5 96  0 70  1 83
 4 74  5 31  7 88 14 51 13 57  8 78 11  8  9  7  6 91 10 79  0 18  3 51 12 18  1 99  2 33
 1  4  8 82  9 40 12 86  6 50 11 54 13 21  5  6  0 54  2 68  7 82 10 20  4 39  3 35 14 68
 5 73  2 23  9 30  6 30 10 53  0 94 13 58  4 93  7 32 14 91 11 30  8 56 12 27  1 92  3  9
 7 78  8 23  6 21 10 60  4 36  9 29  2 95 14 99 12 79  5 76  1 93 13 42 11 52  0 42  3 96
 5 29  3 61 12 88 13 70 11 16  4 31 14 65  7 83  2 78  1 26 10 50  0 87  9 62  6 14  8 30
12 18  3 75  7 20  8  4 14 91  6 68  1 19 11 54  4 85  5 73  2 43 10 24  0 37 13 87  9 66
11 32  5 52  0  9  7 49 12 61 13 35 14 99  1 62  2  6  8 62  4  7  3 80  9  3  6 57 10  7
10 85 11 30  6 96 14 91  0 13  1 87  2 82  5 83 12 78  4 56  8 85  7  8  9 66 13 88  3 15
 6  5 11 59  9 30  2 60  8 41  0 17 13 66  3 89 10 78  7 88  1 69 12 45 14 82  4  6  5 13
 4 90  7 27 13  1  0  8  5 91 12 80  6 89  8 49 14 32 10 28  3 90  1 93 11  6  9 35  2 73
 2 47 14 43  0 75 12  8  6 51 10  3  7 84  5 34  8 28  9 60 13 69  1 45  3 67 11 58  4 87
 5 65  8 62 10 97  2 20  3 31  6 33  9 33  0 77 13 50  4 80  1 48 11 90 12 75  7 96 14 44
 8 28 14 21  4 51 13 75  5 17  6 89  9 59  1 56 12 63  7 18 11 17 10 30  3 16  2  7  0 35
10 57  8 16 12 42  6 34  4 37  1 26 13 68 14 73 11  5  0  8  7 12  3 87  2 83  9 20  5 97
`;

/** Precedence inside jobs, one operation at a time per machine, durations as in the instance. */
function feasibilityError(inst: JobShopInstance, sched: readonly ScheduledOp[]): string {
  const M = inst.nMachines;
  if (sched.length !== inst.nJobs * M) return `schedule has ${sched.length} operations, expected ${inst.nJobs * M}`;
  const byMachine: ScheduledOp[][] = Array.from({ length: M }, () => []);
  for (const o of sched) {
    const i = o.job * M + o.op;
    if (o.machine !== inst.machine[i] || o.end - o.start !== inst.time[i] || o.start < 0) return `bad op ${JSON.stringify(o)}`;
    byMachine[o.machine]?.push(o);
  }
  for (let j = 0; j < inst.nJobs; j++) {
    const ops = sched.filter((o) => o.job === j).sort((a, b) => a.op - b.op);
    for (let k = 1; k < ops.length; k++) if ((ops[k]).start < (ops[k - 1]).end) return `job ${j} op ${k} starts before op ${k - 1} ends`;
  }
  for (const ops of byMachine) {
    ops.sort((a, b) => a.start - b.start);
    for (let k = 1; k < ops.length; k++) if ((ops[k]).start < (ops[k - 1]).end) return `machine ${(ops[k]).machine} overlaps`;
  }
  return '';
}

function runEpisode(env: ReturnType<typeof make>, act: (obs: JobShopObs) => number, seed: number) {
  let [obs] = env.reset({ seed }) as [JobShopObs, unknown];
  let ret = 0;
  for (;;) {
    const [o, r, term, trunc, info] = env.step(act(obs));
    obs = o as JobShopObs;
    ret += r;
    if (term || trunc) return { ret, info };
  }
}

describe('shipped job-shop instances', () => {
  const dims: Record<string, [number, number]> = {
    ft06: [6, 6],
    ft10: [10, 10],
    ft20: [20, 5],
    la01: [10, 5],
    la02: [10, 5],
    la03: [10, 5],
    la04: [10, 5],
    la05: [10, 5],
  };
  // Taillard's eight groups of ten (1993) and Demirkol's dmu16-dmu20
  const groups: [number, number][] = [[15, 15], [20, 15], [20, 20], [30, 15], [30, 20], [50, 15], [50, 20], [100, 20]];
  for (let i = 1; i <= 80; i++) dims[`ta${String(i).padStart(2, '0')}`] = groups[Math.floor((i - 1) / 10)];
  for (let i = 16; i <= 20; i++) dims[`dmu${i}`] = [30, 20];

  it('have the published dimensions, and every optimum is at least the trivial lower bound', () => {
    expect(Object.keys(INSTANCE_TEXTS).sort()).toEqual(Object.keys(dims).sort());
    for (const [name, [n, m]] of Object.entries(dims)) {
      const inst = parseJobShop(INSTANCE_TEXTS[name], name);
      expect([inst.nJobs, inst.nMachines], name).toEqual([n, m]);
      expect(BEST_KNOWN_MAKESPAN[name], name).toBeGreaterThanOrEqual(makespanLowerBound(inst));
    }
    // la01's optimum equals its machine-load bound (a published fact about la01)
    expect(makespanLowerBound(parseJobShop(INSTANCE_TEXTS.la01, 'la01'))).toBe(666);
  });

  it('ta01 in Taillard format equals an independent OR-Library copy', () => {
    const a = parseJobShop(INSTANCE_TEXTS.ta01, 'ta01');
    const b = parseJobShop(TA01_ORLIB, 'ta01');
    expect(Array.from(a.machine)).toEqual(Array.from(b.machine));
    expect(Array.from(a.time)).toEqual(Array.from(b.time));
  });

  it('the embedded module matches data/jobshop/*.txt', () => {
    for (const f of readdirSync(DATA).filter((x) => x.endsWith('.txt') && !x.startsWith('LICENSE'))) {
      expect(INSTANCE_TEXTS[f.replace('.txt', '')], f).toBe(readFileSync(join(DATA, f), 'utf8'));
    }
  });

  it('instanceFile loads OR-Library and Taillard files, picks a named instance, and refuses malformed ones naming the line', () => {
    const ft10 = new JobShopEnv({ instanceFile: join(DATA, 'ft10.txt') });
    expect(ft10.instance.name).toBe('ft10');
    expect(ft10.bestKnown).toBe(930);
    expect(new JobShopEnv({ instanceFile: join(DATA, 'ta03.txt') }).instance.nJobs).toBe(15);
    const dir = mkdtempSync(join(tmpdir(), 'jobshop-'));
    const multi = join(dir, 'jobshop1.txt');
    writeFileSync(multi, `header text\n instance ft06\n${INSTANCE_TEXTS.ft06}\n instance la01\n${INSTANCE_TEXTS.la01}`);
    const la01 = new JobShopEnv({ instanceFile: multi, instance: 'la01' });
    expect([la01.instance.nJobs, la01.instance.nMachines, la01.bestKnown]).toEqual([10, 5, 666]);
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, '2 2\n0 3 1 2\n1 4 0\n');
    expect(() => new JobShopEnv({ instanceFile: bad })).toThrow(InvalidFile);
    expect(() => new JobShopEnv({ instanceFile: bad })).toThrow('line 3');
    writeFileSync(bad, '2 2\n0 3 0 2\n1 4 0 1\n');
    expect(() => new JobShopEnv({ instanceFile: bad })).toThrow('visits machine 0 twice');
    expect(() => new JobShopEnv({ instanceFile: join(dir, 'missing.txt') })).toThrow(InvalidFile);
    expect(() => new JobShopEnv({ instance: 'ft99' })).toThrow(InvalidConfig);
  });
});

describe('JobShop-v0', () => {
  it('passes checkEnv', () => {
    checkEnv(make('JobShop-v0', { instance: 'ft06' }));
    checkEnv(make('JobShop-v0', { instance: 'la02' }));
  });

  it('on ft06 every schedule is feasible with makespan >= 55, and the return is -(makespan - initial bound)', () => {
    const env = make('JobShop-v0', { instance: 'ft06' });
    const inner = env.unwrapped as JobShopEnv;
    const rng = new Rng(21);
    const makespans: number[] = [];
    const check = (r: { ret: number; info: Record<string, unknown> }): void => {
      expect(feasibilityError(inner.instance, r.info.schedule as ScheduledOp[])).toBe('');
      const ms = r.info.makespan as number;
      expect(ms).toBeGreaterThanOrEqual(55);
      expect(r.ret).toBeCloseTo(-(ms - inner.lowerBound), 9);
      expect((r.info.metrics as Record<string, number>).gapToBest).toBeCloseTo((ms - 55) / 55, 12);
      makespans.push(ms);
    };
    for (const name of ['fifo', 'spt', 'lpt', 'mwkr', 'lwkr']) {
      const p = makePolicy(name, 'JobShop-v0', env);
      check(runEpisode(env, (o) => p.act(o, {}) as number, 0));
    }
    for (let e = 0; e < 40; e++) {
      check(runEpisode(env, (o) => {
        const allowed = Array.from(o.actionMask).flatMap((v, i) => (v ? [i] : []));
        return allowed[rng.integers(0, allowed.length)];
      }, e));
    }
    expect(new Set(makespans).size).toBeGreaterThan(5);
  });

  it('refuses a job with no operation left and actions outside the space', () => {
    const env = new JobShopEnv({ instance: 'ft06' });
    env.reset({ seed: 0 });
    for (let k = 0; k < 6; k++) env.step(2);
    expect(() => env.step(2)).toThrow(InvalidAction);
    expect(() => env.step(6)).toThrow(InvalidAction);
    expect(env.actionSpace.sample(new Rng(1))).not.toBe(2);
  });
});
