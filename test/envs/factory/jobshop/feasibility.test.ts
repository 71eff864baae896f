import { describe, expect, it } from 'vitest';
import { make } from '../../../../src/registry/registry.js';
import { makePolicy } from '../../../../src/policy/policyRegistry.js';
import { Rng } from '../../../../src/rng/Rng.js';
import '../../../../envs/factory/index.js';
import type { JobShopEnv, ScheduledOp } from '../../../../envs/factory/jobshop/JobShopEnv.js';
import type { JobShopInstance } from '../../../../envs/factory/jobshop/JobShopInstance.js';

/**
 * Feasibility from the instance alone (independent of the env's bookkeeping): each operation exactly
 * once, on its machine, for its duration; job order kept; machines never run two operations at once.
 * Checked by sweeping a timeline per machine and per job.
 */
function violations(inst: JobShopInstance, sched: readonly ScheduledOp[]): string[] {
  const M = inst.nMachines;
  const out: string[] = [];
  const byOp = new Map<number, ScheduledOp>();
  for (const o of sched) {
    const key = o.job * M + o.op;
    if (byOp.has(key)) out.push(`duplicate ${o.job}/${o.op}`);
    byOp.set(key, o);
  }
  if (byOp.size !== inst.nJobs * M) out.push(`${byOp.size} of ${inst.nJobs * M} operations`);
  const events: [number, number, number][] = []; // [time, +1/-1, machine]
  for (const [key, o] of byOp) {
    if (o.machine !== inst.machine[key]) out.push(`op ${key} on machine ${o.machine}`);
    if (o.end - o.start !== inst.time[key]) out.push(`op ${key} lasts ${o.end - o.start}`);
    if (o.start < 0) out.push(`op ${key} starts at ${o.start}`);
    if (o.op > 0) {
      const prev = byOp.get(key - 1);
      if (prev && o.start < prev.end) out.push(`job ${o.job} op ${o.op} starts ${o.start} before ${prev.end}`);
    }
    if (o.end > o.start) events.push([o.start, 1, o.machine], [o.end, -1, o.machine]);
  }
  // ends before starts at equal times: back-to-back operations are fine
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const load = new Array<number>(M).fill(0);
  for (const [t, d, m] of events) {
    load[m] = load[m] + d;
    if (load[m] > 1) out.push(`machine ${m} runs ${load[m]} operations at ${t}`);
  }
  return out;
}

function play(env: ReturnType<typeof make>, choose: (mask: Int8Array) => number, seed: number): { sched: ScheduledOp[]; makespan: number } {
  let [obs] = env.reset({ seed }) as [{ actionMask: Int8Array }, unknown];
  for (;;) {
    const [o, , term, trunc, info] = env.step(choose(obs.actionMask));
    obs = o as { actionMask: Int8Array };
    if (term || trunc) return { sched: info.schedule as ScheduledOp[], makespan: info.makespan as number };
  }
}

describe('every JobShop-v0 schedule is feasible', () => {
  const schemes = ['append', 'left-shift', 'active', 'non-delay'] as const;
  const policies = ['fifo', 'spt', 'lpt', 'mwkr', 'lwkr', 'fdd-mwkr', 'mopnr', 'gnn'];

  for (const scheme of schemes) {
    it(`under ${scheme}: every baseline, the gnn dispatcher and random dispatching on ft06, la01, ta01, ta11 and random instances`, () => {
      const rng = new Rng(7);
      const cases: Record<string, unknown>[] = [
        { instance: 'ft06' },
        { instance: 'la01' },
        { instance: 'ta01' },
        { instance: 'ta11' },
        { instance: 'random', jobs: 12, machines: 7 },
      ];
      for (const kw of cases) {
        const env = make('JobShop-v0', { ...kw, scheme });
        const inner = env.unwrapped as JobShopEnv;
        for (const name of policies) {
          const p = makePolicy(name, 'JobShop-v0', env);
          let [obs, info] = env.reset({ seed: 3 });
          let done = false;
          while (!done) {
            const r = env.step(p.act(obs, info) as number);
            [obs, , done, , info] = r;
          }
          expect(violations(inner.instance, info.schedule as ScheduledOp[]), `${name} on ${JSON.stringify(kw)}`).toEqual([]);
          expect(info.makespan).toBe(Math.max(...(info.schedule as ScheduledOp[]).map((o) => o.end)));
        }
        for (let e = 0; e < 5; e++) {
          const r = play(
            env,
            (mask) => {
              const allowed = Array.from(mask).flatMap((v, i) => (v ? [i] : []));
              return allowed[rng.integers(0, allowed.length)];
            },
            e,
          );
          expect(violations(inner.instance, r.sched), `random on ${JSON.stringify(kw)}`).toEqual([]);
        }
      }
    });
  }

  it('the checker itself flags overlaps, broken precedence and wrong durations', () => {
    const env = make('JobShop-v0', { instance: 'ft06' });
    const inner = env.unwrapped as JobShopEnv;
    const { sched } = play(env, (mask) => mask.indexOf(1), 0);
    const shifted = sched.map((o) => (o.job === 0 && o.op === 1 ? { ...o, start: o.start - 100, end: o.end - 100 } : o));
    expect(violations(inner.instance, shifted).some((v) => v.includes('job 0 op 1'))).toBe(true);
    const longer = sched.map((o, i) => (i === 3 ? { ...o, end: o.end + 1 } : o));
    expect(violations(inner.instance, longer).some((v) => v.includes('lasts'))).toBe(true);
    const m0 = sched.filter((o) => o.machine === 0);
    const clash = sched.map((o) => (o === m0[1] ? { ...o, start: m0[0].start, end: m0[0].start + (o.end - o.start) } : o));
    expect(violations(inner.instance, clash).some((v) => v.includes('machine 0'))).toBe(true);
  });
});
