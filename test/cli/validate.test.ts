import { describe, expect, it } from 'vitest';
import { findSumo } from '../../envs/traffic/validate/sumoProcess.js';
import { tsgym } from '../helpers/runCli.js';

const CROSS = new URL('../fixtures/sumo/cross/cross.sumocfg', import.meta.url).pathname;

/** cross.rou.xml over 300 s: 2 x 400 veh/h + 100 veh/h (evenly spaced), period 12 s, probability 0.05 per s, and 3 single vehicles. */
const EXPECTED_300 = (2 * 400 + 100) / 12 + 300 / 12 + 0.05 * 300 + 3; // 118

describe('tsgym validate (compiled dist/)', () => {
  it('bad arguments give one clear line on stderr and a non-zero exit', async () => {
    const cases: [string[], RegExp][] = [
      [['validate', 'no/such/file.sumocfg'], /Cannot read SUMOCFG 'no\/such\/file\.sumocfg': no such file/],
      [['validate', CROSS, '--seeds', '0'], /Invalid --seeds '0': expected an integer >= 1/],
      [['validate', CROSS, '--end', 'soon'], /Invalid --end 'soon': expected a simulation time in seconds > 0/],
      [['validate', CROSS, '--sumo', '/no/such/sumo'], /--sumo '\/no\/such\/sumo': no such file/],
      // a "sumo" that fails without a word: the failure is reported, never a pass
      [['validate', CROSS, '--sumo', '/bin/false', '--end', '60'], /SumoError: sumo failed on .*cross\.sumocfg \(exit 1\): no message/],
    ];
    const results = await Promise.all(cases.map(([args]) => tsgym(...args)));
    for (const [i, [args, msg]] of cases.entries()) {
      const r = results[i] ?? { code: 0, stdout: '', stderr: '' };
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(msg);
      expect(r.stdout).toBe('');
    }
  });

  it('runs SUMO and tsgym on the cross fixture with 2 seeds: one table with both sides and a verdict', async () => {
    const r = await tsgym('validate', CROSS, '--seeds', '2', '--end', '300', '--quiet');
    if (!findSumo()) {
      // no SUMO on this machine (CI installs it): a clear line, never a silent pass
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/sumo was not found .* apt-get install sumo/);
      return;
    }
    expect(r.stdout).toMatch(/SUMO 1\.\d+\.\d+ \(.*sumo\) and tsgym, seeds 1-2, 0-300 s/);
    expect(r.stdout).toMatch(/^figure\s+SUMO\s+tsgym\s+tsgym vs SUMO\s+tolerance\s+verdict$/m);
    for (const label of [
      'inserted',
      'arrived',
      'running at end',
      'teleports',
      'collisions',
      'mean travel time',
      'mean time loss',
      'mean waiting time',
      'mean depart delay',
      'RESCO delay',
      'speed',
    ]) {
      expect(r.stdout).toMatch(new RegExp(`^${label} \\(`, 'm'));
    }
    const verdict = /^verdict: (PASS|FAIL)/m.exec(r.stdout)?.[1];
    expect(verdict).toBeDefined();
    expect(r.code).toBe(verdict === 'PASS' ? 0 : 1);
  });

  it('--json prints one object with both sides per seed, the compared rows and the verdict', async () => {
    const r = await tsgym('validate', CROSS, '--seeds', '2', '--end', '300', '--json');
    if (!findSumo()) {
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe('');
      return;
    }
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const rep = JSON.parse(lines[0] ?? '{}') as {
      seeds: number[];
      end: number;
      pass: boolean;
      rows: { key: string; sumo: { mean: number; values: number[] }; tsgym: { mean: number } }[];
      runs: { sumo: { seed: number; inserted: number }[]; tsgym: { seed: number; inserted: number }[] };
    };
    expect(rep.seeds).toEqual([1, 2]);
    expect(rep.end).toBe(300);
    expect(rep.runs.sumo.map((x) => x.seed)).toEqual([1, 2]);
    expect(rep.runs.tsgym.map((x) => x.seed)).toEqual([1, 2]);
    expect(rep.rows).toHaveLength(12);
    // both simulators insert the demand of the route file (the probability flow varies with the seed)
    for (const x of [...rep.runs.sumo, ...rep.runs.tsgym]) expect(Math.abs(x.inserted - EXPECTED_300)).toBeLessThan(15);
    expect(r.code).toBe(rep.pass ? 0 : 1);
  });
});
