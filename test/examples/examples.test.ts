import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const DIST = join(import.meta.dirname, '../../dist/examples');

/** Runs a compiled example with its short budget (`--quick`) and returns what it printed. */
async function example(name: string): Promise<string> {
  const r = await run('node', [join(DIST, `${name}.js`), '--quick'], {
    env: { ...process.env, TSGYM_TF_BACKEND: 'cpu', TSGYM_TF_QUIET: '1' },
    timeout: 240_000,
  });
  return r.stdout;
}

describe('examples/ run as a user would run them', () => {
  it('customEnv: a new env registers, passes checkEnv, and always-right reaches the goal', async () => {
    const out = await example('customEnv');
    expect(out).toMatch(/GoalWalk-v0, random policy: mean return -?\d/);
    const m = /always-right: return ([-\d.]+) in (\d+) steps/.exec(out);
    expect(m).not.toBeNull();
    // from x in [-5, 5) the goal is at most 10 steps away without slips: the episode ends well before the limit
    expect(Number(m?.[2])).toBeLessThan(100);
  });

  it('customSignalPlan: a hand-written cycle is compared with fixed-time and max-pressure', async () => {
    const out = await example('customSignalPlan');
    for (const p of ['fixed-time', 'max-pressure', 'my-plan']) expect(out).toMatch(new RegExp(`${p}\\s+mean delay \\d`));
    expect(out).toMatch(/my-plan\s+mean delay [\d.]+ s .*vs fixed-time [-+][\d.]+ s/);
  });

  it('factoryDispatching: rules on the two-product line, and ft06 makespans no better than the optimum 55', async () => {
    const out = await example('factoryDispatching');
    for (const rule of ['fifo', 'spt', 'edd', 'cr']) expect(out).toMatch(new RegExp(`${rule}\\s+[\\d.]+ s \\(95% CI`));
    const spans = [...out.matchAll(/makespan (\d+)/g)].map((m) => Number(m[1]));
    expect(spans).toHaveLength(3);
    for (const s of spans) expect(s).toBeGreaterThanOrEqual(55);
  });

  it('jobshopDispatcher: the gnn policy and the rules on random 30x10 instances, the graph observation, a text Gantt chart', async () => {
    const out = await example('jobshopDispatcher');
    for (const p of ['gnn', 'fdd-mwkr', 'mwkr', 'spt']) expect(out).toMatch(new RegExp(`${p}\\s+mean makespan \\d`));
    expect(out).toMatch(/graph observation: 300 operations x 13 features/);
    const rows = out.split('\n').filter((l) => /^M\d /.test(l));
    expect(rows).toHaveLength(3);
    // 30 operations on each machine: every row shows busy time (job indexes in base 36)
    for (const r of rows) expect(r.slice(3)).toMatch(/[0-9a-z]/);
  });

  it('dqnCartPole: trains, evaluates, saves and reloads to the same actions', async () => {
    const out = await example('dqnCartPole');
    expect(out).toMatch(/DQN on CartPole-v1: \d+ steps, last evaluation mean return [\d.]+/);
    expect(out).toMatch(/reloaded model acts the same: true/);
  });

  it('ppoTrafficGrid: one shared network drives every intersection, compared with max-pressure', async () => {
    const out = await example('ppoTrafficGrid');
    expect(out).toMatch(/PPO trained \d+ agent-steps/);
    expect(out).toMatch(/ppo\s+mean delay [\d.]+ s/);
    expect(out).toMatch(/max-pressure\s+mean delay [\d.]+ s/);
  });
});
