import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/ensureBuilt.js';
import { tsgym } from '../helpers/runCli.js';

const FIX = join(import.meta.dirname, '../fixtures/sumo/cross');
const NET = ['--env', 'TrafficNetworkParallel-v0', '--set', `network=${join(FIX, 'cross.sumocfg')}`, '--policy', 'fixed-time'];
const haveSumo = spawnSync('sumo', ['--version']).status === 0;
let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'tsgym-plan-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Phase durations of a tlLogic, in order. */
const durations = (xml: string): number[] => [...xml.matchAll(/<phase duration="([\d.]+)"/g)].map((m) => Number(m[1]));

describe('tsgym plan', () => {
  it('exports the Webster plan as a SUMO tlLogic over the imported program (greens replaced, yellows kept)', async () => {
    const json = await tsgym('plan', ...NET, '--json');
    expect(json.code, json.stderr).toBe(0);
    const { plans } = JSON.parse(json.stdout) as { plans: { node: string; cycle: number; greens: number[] }[] };
    expect(plans.map((p) => p.node)).toEqual(['C']);
    const greens = plans[0]?.greens ?? [];
    expect(greens).toHaveLength(2);
    const out = join(dir, 'plan.add.xml');
    const r = await tsgym('plan', ...NET, '--export', 'sumo', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toMatch(/<tlLogic id="C" type="static" programID="tsgym-webster" offset="0">/);
    // cross.net.xml: green 42 / yellow 3 / green 42 / yellow 3; the plan's greens replace the 42 s
    expect(durations(xml)).toEqual([Math.round(greens[0] ?? 0), 3, Math.round(greens[1] ?? 0), 3]);
    expect(xml).toContain('state="GGGgrrrrGGGgrrrr"');
    expect(xml).toContain('state="rrrryyyyrrrryyyy"');
  });

  it.runIf(haveSumo)("loads in SUMO, which then runs the plan's phases for their durations", async () => {
    const out = join(dir, 'run.add.xml');
    expect((await tsgym('plan', ...NET, '--export', 'sumo', '--out', out)).code).toBe(0);
    const states = join(dir, 'states.xml');
    writeFileSync(join(dir, 'save.add.xml'), `<additional><timedEvent type="SaveTLSStates" source="C" dest="${states}"/></additional>\n`);
    const run = spawnSync('sumo', ['-n', join(FIX, 'cross.net.xml'), '-a', `${out},${join(dir, 'save.add.xml')}`, '--end', '200', '--no-step-log'], {
      encoding: 'utf8',
      env: { ...process.env, SUMO_HOME: process.env.SUMO_HOME ?? '/usr/share/sumo' },
    });
    expect(run.status, run.stderr).toBe(0);
    const rows = [...readFileSync(states, 'utf8').matchAll(/<tlsState time="([\d.]+)" id="C" programID="([^"]+)" phase="(\d+)"/g)];
    expect(new Set(rows.map((m) => m[2]))).toEqual(new Set(['tsgym-webster']));
    // lengths of the runs of each phase after the first cycle: exactly the exported durations
    const phases = rows.map((m) => Number(m[3]));
    const runs: [number, number][] = [];
    for (const p of phases) {
      const last = runs.at(-1);
      if (last && last[0] === p) last[1]++;
      else runs.push([p, 1]);
    }
    const want = durations(readFileSync(out, 'utf8'));
    expect(runs.slice(1, 1 + want.length * 2).map((x) => x[1])).toEqual([...want.slice(1), ...want, want[0]].slice(0, want.length * 2));
  });

  it('refuses a network without SUMO link indices, and other policies, in one line', async () => {
    const r = await tsgym('plan', '--env', 'TrafficSignal-v0', '--policy', 'fixed-time', '--export', 'sumo');
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toMatch(/^tsgym: InvalidConfig: Signal 'J0_0' has no SUMO program .*needs a network imported from SUMO/);
    const p = await tsgym('plan', '--env', 'TrafficSignal-v0', '--policy', 'max-pressure');
    expect(p.stderr.trim()).toMatch(/Invalid --policy 'max-pressure': tsgym plan writes fixed-time plans/);
  });
});
