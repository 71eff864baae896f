import { describe, expect, it } from 'vitest';
import { countConflicts, crossingPairs } from './junctionConflicts.js';
import { meanDuration, runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * An unregulated junction (test/fixtures/sumo/unregulated): netconvert writes no right-of-way logic for
 * it (no <request>) and gives every link state 'M', so drivers cross without slowing down, even into each
 * other's path (SUMO does not prevent that either).
 */

describe('unregulated junction', () => {
  it('two drivers arriving together both drive through at free flow (29 s)', () => {
    const net = loadFixture('unregulated/pair.sumocfg');
    expect(new Set(net.spec.connections.map((c) => c.state))).toEqual(new Set(['M']));
    expect(net.spec.connections.every((c) => (c.response ?? []).length === 0)).toBe(true);
    const e = engineFor(net);
    e.reset(1);
    const log = new TripLog(e);
    runUntil(e, 60, log);
    // 394.9 m from the departure (front at 5.1 m) to the end of the exit at 13.89 m/s: 28.4 s, arrival at the 29th step
    expect(log.arrived().map((t) => t.arrival)).toEqual([29, 29]);
    if (SUMO_AVAILABLE) expect(runSumo(fixture('unregulated/pair.sumocfg')).trips.map((t) => t.duration)).toEqual([29, 29]);
  });

  it('random streams from all four arms: nobody waits, travel times as in SUMO, and paths do cross while occupied', () => {
    const net = loadFixture('unregulated/streams.sumocfg');
    const e = engineFor(net);
    e.reset(1);
    const log = new TripLog(e);
    const pairs = crossingPairs(net.spec, e, (c) => c.dir === 's');
    let conflicts = 0;
    runUntil(e, 1800, log, () => (conflicts += countConflicts(e, pairs)));
    const trips = log.arrived();
    const travel = trips.reduce((a, t) => a + t.arrival - t.depart, 0) / trips.length;
    // 4 x 250 veh/h for 30 min; only dawdling (sigma 0.5) and speed factors slow them below free flow
    expect(trips.length).toBeGreaterThan(400);
    expect(travel).toBeGreaterThan(29);
    expect(travel).toBeLessThan(34);
    // with nobody yielding, crossing paths are occupied together now and then (the same check finds none at the priority junction)
    expect(conflicts).toBeGreaterThan(0);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture('unregulated/streams.sumocfg'));
      expect(Math.abs(travel - meanDuration(ref.trips)) / meanDuration(ref.trips)).toBeLessThan(0.05);
    }
  });
});
