import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { make } from '../../../../src/registry/registry.js';
import '../../../../envs/traffic/index.js';
import type { TrafficNetworkEnv } from '../../../../envs/traffic/network-env/TrafficNetworkEnv.js';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil } from './tsgymRun.js';

/*
 * max-depart-delay (test/fixtures/sumo/departdelay): drivers due every second, standing starts on one lane.
 * By hand: a driver fits when the one before has moved off its 7.5 m (length and gap) from standing at
 * 2.6 m/s2, 2.4 s later, so insertions fall at 0, 2, 5, 7, 10, ... s (two every 5 s). SUMO tries a driver
 * first and discards it when that fails more than max-depart-delay L after its departure time: the last
 * driver (due 59 s) can still enter at 59 + L + 1 s, so the drivers inserted are the slots up to then.
 */

const slotsUpTo = (t: number): number => Math.floor(t / 5) + 1 + Math.floor((t - 2) / 5) + 1;

describe('max-depart-delay', () => {
  for (const L of [5, 20]) {
    it(`discards the drivers not inserted within ${L} s of their departure time, as SUMO 1.15 does`, () => {
      const cfg = `departdelay/delay${L}.sumocfg`;
      const expected = slotsUpTo(59 + L + 1);
      expect(expected).toBe(L === 5 ? 27 : 33);
      const e = engineFor(loadFixture(cfg));
      e.reset(1);
      runUntil(e, 200);
      expect(e.counters.inserted).toBe(expected);
      expect(e.counters.discarded).toBe(60 - expected);
      expect(e.metrics().pending).toBe(0);
      if (SUMO_AVAILABLE) expect(runSumo(fixture(cfg)).inserted).toBe(expected);
    });
  }

  it("TrafficNetwork-v0 runs with the configuration's max-depart-delay and time-to-impatience; kwargs override them", () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgym-mdd-'));
    try {
      const cfg = join(dir, 'cross.sumocfg');
      const input = `<input><net-file value="${fixture('cross/cross.net.xml')}"/><route-files value="${fixture('cross/cross.rou.xml')}"/></input>`;
      writeFileSync(cfg, `<configuration>${input}<processing><max-depart-delay value="20"/><time-to-impatience value="60"/></processing></configuration>`);
      const engineOf = (kw: Record<string, unknown>) => (make('TrafficNetwork-v0', { network: cfg, ...kw }).unwrapped as TrafficNetworkEnv).engine;
      expect([engineOf({}).opts.maxDepartDelay, engineOf({}).opts.timeToImpatience]).toEqual([20, 60]);
      const overridden = engineOf({ maxDepartDelay: 3, timeToImpatience: 0 }).opts;
      expect([overridden.maxDepartDelay, overridden.timeToImpatience]).toEqual([3, 0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
