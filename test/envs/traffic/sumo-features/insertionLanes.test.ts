import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * test/fixtures/sumo/twolane/lanes.sumocfg: a driver stopped for 200 s at 8 m on the right lane of WB
 * leaves no room to insert there. Drivers due on the right lane wait; drivers due on the left lane, queued
 * behind them on the same road, still depart on time (SUMO remembers failed insertions per lane, not per
 * road: MSEdge::insertVehicle).
 */
const CFG = 'twolane/lanes.sumocfg';

describe('insertion on a road with one blocked lane', () => {
  it('departs the other lane\'s drivers on time, and the blocked lane\'s once the stop ends, as SUMO 1.15', () => {
    const e = engineFor(loadFixture(CFG));
    e.reset(1);
    const log = new TripLog(e);
    runUntil(e, 400, log);
    const departs = (lane: string): number[] =>
      [...log.trips.values()].filter((t) => t.departLane === lane && t.depart > 0).map((t) => t.depart).sort((a, b) => a - b);
    expect(departs('WB_1')).toEqual([15, 25, 35, 45, 55, 65, 75, 85, 95]);
    const right = departs('WB_0');
    expect(right).toHaveLength(9);
    expect(right.every((t) => t >= 200)).toBe(true);
    if (!SUMO_AVAILABLE) return;
    const ref = runSumo(fixture(CFG)).trips.filter((t) => t.id.startsWith('right.')).map((t) => t.depart).sort((a, b) => a - b);
    right.forEach((t, k) => expect(Math.abs(t - (ref[k] ?? NaN)), `right.${k}`).toBeLessThanOrEqual(2));
  });
});
