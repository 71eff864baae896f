import { describe, expect, it } from 'vitest';
import { meanDuration, runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * Networks made with netconvert for features the city scenarios have little of: a single-lane
 * roundabout (entering drivers yield to the ring) and a bus lane (lane permissions by vehicle class).
 * Throughput and mean travel time over seeds 1-3 against SUMO 1.15 (run here when installed, else the
 * figures of each fixture's README).
 */

const CASES = [
  { name: 'roundabout', end: 3600, sumoArrived: [1648, 1635, 1643], sumoDuration: [90.94, 101.4, 92.62] },
  { name: 'buslane', end: 3700, sumoArrived: [2212, 2198, 2220], sumoDuration: [136.52, 151.46, 126.68] },
];

const mean = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;

describe('generated networks against SUMO', () => {
  for (const c of CASES) {
    it(`${c.name}: arrivals within 5 % and mean travel time within 15 % of SUMO's`, () => {
      const cfg = `${c.name}/${c.name}.sumocfg`;
      const net = loadFixture(cfg);
      const arrived: number[] = [];
      const durations: number[] = [];
      for (const seed of [1, 2, 3]) {
        const e = engineFor(net);
        e.reset(seed);
        const log = new TripLog(e);
        runUntil(e, c.end, log);
        const m = e.metrics();
        expect(e.counters.teleports).toBe(0);
        arrived.push(m.arrived ?? 0);
        durations.push(m.meanTravelTime ?? 0);
        if (c.name === 'buslane') {
          // the bus lane: no car ever drives on lane 0 of AB or BC
          for (const t of log.trips.values()) if (t.type !== 'bus') expect(t.segments.filter((s) => s === 'AB_0' || s === 'BC_0')).toEqual([]);
        }
      }
      const ref = SUMO_AVAILABLE ? [1, 2, 3].map((seed) => runSumo(fixture(cfg), { seed }).trips) : undefined;
      const sumoArrived = ref ? mean(ref.map((t) => t.length)) : mean(c.sumoArrived);
      const sumoDuration = ref ? mean(ref.map((t) => meanDuration(t))) : mean(c.sumoDuration);
      expect(Math.abs(mean(arrived) - sumoArrived) / sumoArrived).toBeLessThan(0.05);
      expect(Math.abs(mean(durations) - sumoDuration) / sumoDuration).toBeLessThan(0.15);
    });
  }
});
