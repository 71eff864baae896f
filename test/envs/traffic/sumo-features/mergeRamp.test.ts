import { describe, expect, it } from 'vitest';
import { meanDuration, runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * A motorway on-ramp (test/fixtures/sumo/merge): the ramp joins an acceleration lane that ends 300 m
 * later, so every ramp driver changes left into the motorway traffic (2,600 cars/h and 400 trucks/h on
 * two lanes) before its end. SUMO 1.15, seeds 1-3: all 1,900 drivers arrive, mean duration 92.33 / 92.72
 * / 91.68 s.
 */

const CFG = 'merge/merge.sumocfg';

describe('a motorway on-ramp: ramp drivers merge before the acceleration lane ends', () => {
  it('every driver arrives through the lanes that continue, in about SUMO time', () => {
    const net = loadFixture(CFG);
    const durations: number[] = [];
    for (const seed of [1, 2, 3]) {
      const e = engineFor(net);
      e.reset(seed);
      const log = new TripLog(e);
      runUntil(e, 2000, log);
      const m = e.metrics();
      expect([m.inserted, m.arrived, e.counters.teleports]).toEqual([1900, 1900, 0]);
      for (const t of log.trips.values()) {
        // the acceleration lane BC_0 leads nowhere: the last lane of BC each driver used is 1 or 2
        const onBC = t.segments.filter((s) => s.startsWith('BC_'));
        expect(['BC_1', 'BC_2']).toContain(onBC[onBC.length - 1]);
      }
      durations.push(m.meanTravelTime ?? 0);
    }
    const mean = durations.reduce((a, x) => a + x, 0) / durations.length;
    const sumoRuns = SUMO_AVAILABLE ? [1, 2, 3].map((seed) => meanDuration(runSumo(fixture(CFG), { seed }).trips)) : [92.33, 92.72, 91.68];
    const sumo = sumoRuns.reduce((a, x) => a + x, 0) / sumoRuns.length;
    expect(Math.abs(mean - sumo) / sumo).toBeLessThan(0.05);
  });
});
