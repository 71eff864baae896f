import { describe, expect, it } from 'vitest';
import { countConflicts, crossingPairs } from './junctionConflicts.js';
import { meanDuration, runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * A priority junction (test/fixtures/sumo/priority): the W-E main road (priority 3) crosses the N-S
 * minor road (priority 1); netconvert gives the main road's straight links state 'M' and the minor
 * road's 'm' (yield).
 */

describe('priority junction: the minor road yields', () => {
  it('a main-road and a minor-road driver arriving together: the main one drives on, the minor one waits its turn', () => {
    const net = loadFixture('priority/pair.sumocfg');
    const e = engineFor(net);
    e.reset(1);
    const log = new TripLog(e);
    const conn = (from: string, to: string): number => net.spec.connections.findIndex((c) => c.from === from && c.to === to);
    const majorSeg = e.net.connSegStart[conn('WC', 'CE')] ?? -1;
    const minorSeg = e.net.connSegStart[conn('SC', 'CN')] ?? -1;
    let together = 0;
    runUntil(e, 60, log, () => {
      if ((e.segCount[majorSeg] ?? 0) > 0 && (e.segCount[minorSeg] ?? 0) > 0) together++;
    });
    const trips = [...log.trips.values()];
    const major = trips.find((t) => t.route[0] === 'WC');
    const minor = trips.find((t) => t.route[0] === 'SC');
    expect(trips.length).toBe(2);
    // free flow: 394.9 m from the departure (front at 5.1 m) to the end of CE at 13.89 m/s: 28.4 s, arrival at the 29th step
    expect(major?.arrival).toBe(29);
    // the minor driver gives way: never inside the junction together with the main-road driver, and later
    expect(together).toBe(0);
    expect(minor?.arrival).toBeGreaterThan(29);
    expect(minor?.arrival).toBeLessThanOrEqual(33);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture('priority/pair.sumocfg'));
      expect(ref.trips.find((t) => t.id === 'major')?.arrival).toBe(major?.arrival);
      expect(Math.abs((ref.trips.find((t) => t.id === 'minor')?.arrival ?? 0) - (minor?.arrival ?? 0))).toBeLessThanOrEqual(1);
    }
  });

  it('600 veh/h each way on the main road, 120 on the minor road: no two drivers in a crossing at once; the main road flows freely as in SUMO', () => {
    const net = loadFixture('priority/priority.sumocfg');
    const e = engineFor(net);
    e.reset(1);
    const log = new TripLog(e);
    // each pair of crossing straight paths and where they cross (from the internal lanes' shapes in the net file)
    const pairs = crossingPairs(net.spec, e, (c) => c.dir === 's');
    expect(pairs.length).toBe(4);
    let conflicts = 0;
    runUntil(e, 1800, log, () => {
      conflicts += countConflicts(e, pairs);
    });
    expect(conflicts).toBe(0);
    // the minor road is served through the gaps (120 veh/h each way for 30 min)
    expect(log.arrived().filter((t) => t.route[0] === 'SC' || t.route[0] === 'NC').length).toBeGreaterThan(60);
    const main = log.arrived().filter((t) => t.route[0] === 'WC' || t.route[0] === 'EC');
    const mainTravel = main.reduce((a, t) => a + t.arrival - t.depart, 0) / main.length;
    // 1,200 veh/h in 30 min on the main road, nearly all arrive; free flow takes 29 s, dawdling (sigma 0.5) adds a little
    expect(main.length).toBeGreaterThan(580);
    expect(mainTravel).toBeGreaterThan(29);
    expect(mainTravel).toBeLessThan(35);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture('priority/priority.sumocfg'), { args: ['--collision.check-junctions', 'true'] });
      expect(ref.collisions).toBe(0);
      const refMain = meanDuration(ref.trips.filter((t) => /^(WC|EC)_/.test(t.departLane)));
      expect(Math.abs(mainTravel - refMain) / refMain).toBeLessThan(0.05);
    }
  });
});
