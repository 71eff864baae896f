import { spawnSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
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

  it.runIf(haveSumo)('distils the plan of a recording (splits of the observed cycle) and SUMO runs it', async () => {
    const rec = join(dir, 'ft.json');
    const env = ['--env', 'TrafficNetworkParallel-v0', '--set', `network=${join(FIX, 'cross.sumocfg')}`];
    const r0 = await tsgym('record', ...env, '--policy', 'max-pressure', '--seed', '1', '--max-steps', '120', '--out', rec);
    expect(r0.code, r0.stderr).toBe(0);
    // by hand from the recording: the two green state strings of node C, time in each from frame to
    // frame, and the cycle as the mean time between starts of the first one's runs
    const text = readFileSync(rec);
    const recording = JSON.parse((text[0] === 0x1f ? gunzipSync(text) : text).toString('utf8')) as { frames: { t: number; signals: string }[] };
    const frames = recording.frames;
    const time = new Map<string, number>();
    const starts = new Map<string, number[]>();
    frames.forEach((f, i) => {
      const next = frames[i + 1];
      if (!f.signals.includes('g') || f.signals.includes('y') || !next) return;
      time.set(f.signals, (time.get(f.signals) ?? 0) + next.t - f.t);
      if (frames[i - 1]?.signals !== f.signals) starts.set(f.signals, [...(starts.get(f.signals) ?? []), f.t]);
    });
    const first = [...starts.values()].sort((a, b) => b.length - a.length)[0] ?? [];
    const cycle = ((first.at(-1) ?? 0) - (first[0] ?? 0)) / (first.length - 1);
    const greenTotal = [...time.values()].reduce((a, b) => a + b, 0);
    const json = await tsgym('plan', '--from-recording', rec, '--json');
    expect(json.code, json.stderr).toBe(0);
    const plan = (JSON.parse(json.stdout) as { plans: { node: string; cycle: number; greens: number[]; observedCycle: number }[] }).plans[0];
    expect(plan?.observedCycle).toBeCloseTo(cycle, 9);
    // cross.net.xml's program: yellow 3 s after each of the two greens; greens share the rest by green time
    expect(plan?.greens.reduce((a, b) => a + b, 0)).toBeCloseTo(cycle - 6, 9);
    expect(time.size).toBe(2);
    const shares = [...time.values()].map((t) => t / greenTotal).sort();
    expect((plan?.greens ?? []).map((g) => g / (cycle - 6)).sort()).toEqual(shares.map((x) => expect.closeTo(x, 9)));
    // exported and run in SUMO: the program runs those greens (whole seconds) and the yellows
    const out = join(dir, 'distilled.add.xml');
    expect((await tsgym('plan', '--from-recording', rec, '--export', 'sumo', '--out', out)).code).toBe(0);
    const xml = readFileSync(out, 'utf8');
    expect(durations(xml)).toEqual([Math.round(plan?.greens[0] ?? 0), 3, Math.round(plan?.greens[1] ?? 0), 3]);
    const states = join(dir, 'distilled-states.xml');
    writeFileSync(join(dir, 'save2.add.xml'), `<additional><timedEvent type="SaveTLSStates" source="C" dest="${states}"/></additional>\n`);
    const run = spawnSync('sumo', ['-n', join(FIX, 'cross.net.xml'), '-a', `${out},${join(dir, 'save2.add.xml')}`, '--end', '300', '--no-step-log'], {
      encoding: 'utf8',
      env: { ...process.env, SUMO_HOME: process.env.SUMO_HOME ?? '/usr/share/sumo' },
    });
    expect(run.status, run.stderr).toBe(0);
    const rows = [...readFileSync(states, 'utf8').matchAll(/<tlsState time="([\d.]+)" id="C" programID="([^"]+)" phase="(\d+)"/g)];
    expect(new Set(rows.map((m) => m[2]))).toEqual(new Set(['tsgym-distilled']));
    const runs: [number, number][] = [];
    for (const p of rows.map((m) => Number(m[3]))) {
      const last = runs.at(-1);
      if (last && last[0] === p) last[1]++;
      else runs.push([p, 1]);
    }
    const want = durations(xml);
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
