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

  it('a driver with a stop ahead waits for the blocked lane and makes its stop; departLane="best" takes the free lane on time (SUMO 1.15)', () => {
    // twolane/lanes-stop.sumocfg: the drivers due on WB_0 stop 10 s at 250 m on BE (one after the other);
    // SUMO 1.15: they depart 202, 204, 207, 209, 212, 214, 217, 219 s and arrive 290, 304, ..., 388 s (14 s apart)
    const cfg = 'twolane/lanes-stop.sumocfg';
    const e = engineFor(loadFixture(cfg));
    e.reset(1);
    const log = new TripLog(e);
    runUntil(e, 400, log);
    const trips = [...log.trips.values()];
    const best = trips.filter((t) => t.departLane === 'WB_1').map((t) => t.depart).sort((a, b) => a - b);
    expect(best).toEqual([15, 25, 35, 45, 55, 65, 75, 85, 95]);
    const stoppers = trips.filter((t) => t.departLane === 'WB_0' && t.depart > 0).sort((a, b) => a.depart - b.depart);
    let ref = {
      depart: [202, 204, 207, 209, 212, 214, 217, 219],
      arrival: [290, 304, 318, 332, 346, 360, 374, 388],
    };
    if (SUMO_AVAILABLE) {
      const sumo = runSumo(fixture(cfg)).trips.filter((t) => t.id.startsWith('stopper.')).sort((a, b) => a.depart - b.depart);
      ref = { depart: sumo.map((t) => t.depart), arrival: sumo.map((t) => t.arrival) };
    }
    ref.depart.forEach((t, k) => expect(Math.abs((stoppers[k]?.depart ?? NaN) - t), `stopper ${k} depart`).toBeLessThanOrEqual(2));
    ref.arrival.forEach((t, k) => expect(Math.abs((stoppers[k]?.arrival ?? NaN) - t), `stopper ${k} arrival`).toBeLessThanOrEqual(2));
  });
});
