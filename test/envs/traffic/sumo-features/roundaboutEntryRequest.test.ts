import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { engineFor, fixture, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * A minor entry into a roundabout counts as slowed down for, however close the driver is (SUMO 1.15
 * MSVehicle::planMoveInternal: `couldBrakeForMinor` at a link onto a roundabout edge sets
 * `slowedDownForMinor`), so its later junction entries in the same look-ahead have no request
 * (test/fixtures/sumo/roundaboutabort, its README). `f` (3 m/s) enters the ring at R1 within the
 * link's visibility distance; `g` (3 m/s) enters at R2, yielding to the ring. Where `g` reaches R2 while
 * `f` is still before R1, SUMO lets `g` go (f has not requested R2 yet); tsgym without the rule made `g`
 * wait for `f` (arrivals 7-8 s later).
 */

describe('requests after a roundabout entry', () => {
  it('the next entry is not requested while the driver is still before the roundabout (SUMO 1.15 tripinfo)', () => {
    const e = engineFor(loadFixture('roundaboutabort/r.sumocfg'));
    const log = new TripLog(e);
    runUntil(e, 2100, log);
    const ts = new Map(log.arrived().map((t) => [`${t.route[0] === 'SR1' ? 'f' : 'g'}@${t.depart}`, t.arrival]));
    // the pairs where the rule decides (trip.xml; tsgym without it: 347, 407, 1127, 1187, 1847, 1907)
    expect([ts.get('g@260'), ts.get('g@320'), ts.get('g@1041'), ts.get('g@1101'), ts.get('g@1762'), ts.get('g@1822')]).toEqual([
      340, 399, 1119, 1179, 1840, 1899,
    ]);
    const trip = readFileSync(fixture('roundaboutabort/trip.xml'), 'utf8');
    const sumo = new Map(
      [...trip.matchAll(/<tripinfo id="([fg])\d+" depart="([\d.]+)".*?arrival="([\d.]+)"/g)].map((m) => [`${m[1]}@${Number(m[2])}`, Number(m[3])]),
    );
    expect(sumo.size).toBe(66);
    expect(ts).toEqual(sumo);
  });
});
