import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import '../../../../envs/index.js';
import type { Env } from '../../../../src/core/Env.js';
import { make } from '../../../../src/registry/registry.js';
import type { TrafficNetworkEnv } from '../../../../envs/traffic/network-env/TrafficNetworkEnv.js';
import type { SumoSimulation } from '../../../../envs/traffic/sumo/SumoSimulation.js';
import { CROSS, SUMO } from './sumoHelpers.js';

/*
 * A light driven by an agent on the SUMO backend must make SUMO's vehicles drive exactly as SUMO drives
 * them under the same sequence of states played by a static program (SUMO alone, no TraCI): the reference
 * is SUMO itself. The lights' states are taken from SUMO's own SaveTLSStates output of the driven run.
 */

const dir = mkdtempSync(join(tmpdir(), 'tsgym-driven-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each vehicle's arrival time from a vehroute output. */
function arrivals(file: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of readFileSync(file, 'utf8').matchAll(/<vehicle id="([^"]+)"[^>]*? arrival="([\d.]+)"/g)) out.set(m[1] ?? '', Number(m[2]));
  return out;
}

/** The light states SUMO saved, one per step, as a static program of runs of equal states. */
function staticProgram(tlsFile: string, begin: number): string {
  const states = [...readFileSync(tlsFile, 'utf8').matchAll(/<tlsState time="([\d.]+)" id="C"[^>]*? state="(\w+)"/g)].map((m) => ({ t: Number(m[1]), s: m[2] ?? '' }));
  expect(states[0]?.t).toBe(begin);
  const runs: { s: string; d: number }[] = [];
  for (const { s } of states) {
    const last = runs[runs.length - 1];
    if (last && last.s === s) last.d++;
    else runs.push({ s, d: 1 });
  }
  const phases = runs.map((r) => `    <phase duration="${r.d}" state="${r.s}"/>`).join('\n');
  return `<additional>\n  <tlLogic id="C" type="static" programID="replay" offset="${begin}">\n${phases}\n  </tlLogic>\n</additional>\n`;
}

describe.skipIf(!SUMO)('lights driven on the SUMO backend', () => {
  it('move SUMO\'s vehicles exactly as SUMO alone playing the same states as a static program (permitted left turns included)', () => {
    const saveTls = join(dir, 'save.add.xml');
    writeFileSync(saveTls, `<additional>\n  <timedEvent type="SaveTLSStates" source="C" dest="${join(dir, 'tls.xml')}"/>\n</additional>\n`);
    const env = make('TrafficNetwork-v0', {
      network: CROSS,
      backend: 'sumo',
      numSeconds: 1200,
      sumoArgs: ['--additional-files', saveTls, '--vehroute-output', join(dir, 'driven.xml')],
    }) as Env<Float32Array, number>;
    let seed = 0;
    try {
      env.reset({ seed: 4 });
      // short greens and frequent switches: queues, permitted left turners waiting inside the junction
      for (let k = 0; ; k++) {
        const r = env.step(Math.floor(k / 3) % 2);
        if (r[2] || r[3]) break;
      }
      seed = ((env.unwrapped as TrafficNetworkEnv).engine as unknown as SumoSimulation).seed;
    } finally {
      env.close();
    }
    writeFileSync(join(dir, 'replay.add.xml'), staticProgram(join(dir, 'tls.xml'), 0));
    const r = spawnSync(
      'sumo',
      ['-c', resolve(CROSS), '-a', join(dir, 'replay.add.xml'), '--seed', String(seed), '-e', '1200']
        .concat(['--no-step-log', '--no-warnings', '--vehroute-output', join(dir, 'alone.xml')]),
      { encoding: 'utf8', env: { ...process.env, SUMO_HOME: '/usr/share/sumo' } },
    );
    expect(r.status, r.stderr).toBe(0);
    const driven = arrivals(join(dir, 'driven.xml'));
    const alone = arrivals(join(dir, 'alone.xml'));
    expect(driven.size).toBeGreaterThan(100);
    expect([...driven].filter(([id, t]) => alone.get(id) !== t)).toEqual([]);
    expect(driven.size).toBe(alone.size);
  });
});
