import { describe, expect, it } from 'vitest';
import { engineFor, loadFixture, runUntil, trajectory, TripLog } from './tsgymRun.js';

/*
 * Junction blocking avoidance (test/fixtures/sumo/keepclear): a driver enters a keep-clear junction only
 * when the road after it has room for its length and minimum gap behind the last standing vehicle; SUMO
 * 1.15 counts that room up to the standing vehicle's back, plus the distance it still needs to stop.
 */

describe('room behind a keep-clear junction', () => {
  it('a driver enters when the standing vehicle\'s back leaves exactly enough room (SUMO 1.15: onto JE in the step at 23 s, arrives at 120 s)', () => {
    const e = engineFor(loadFixture('keepclear/keepclear.sumocfg'));
    e.reset(1);
    const log = new TripLog(e);
    let enteredJE = Number.NaN;
    runUntil(e, 300, log, () => {
      const vs = e.veh;
      for (let k = 0; k < vs.runCount; k++) {
        const v = vs.run[k] ?? 0;
        const trip = log.trips.get(vs.extId[v] ?? -1);
        const s = vs.seg[v] ?? 0;
        if (trip?.route[0] === 'WJ' && Number.isNaN(enteredJE) && s < e.net.nLanes && e.net.roadIds[e.net.laneRoad[s] ?? 0] === 'JE') {
          enteredJE = e.time - e.dt;
        }
      }
    });
    // counting the room from the standing vehicle's front less its length and gap (5.5 m), the driver waited
    // at the junction until the blocker left and only got onto JE at 109 s
    expect(enteredJE).toBe(23);
    const byRoad = new Map(log.arrived().map((t) => [t.route[0], t.arrival]));
    expect(byRoad.get('JE')).toBe(119);
    expect(byRoad.get('WJ')).toBe(120);
  });

  it('a driver moving on the road after the junction and a red light at the end of the look-ahead do not withdraw the request (SUMO 1.15)', () => {
    // test/fixtures/sumo/keepclearmoving (its README): the room behind lead is short, but there is neither
    // a standing driver nor a closed link before the last one; ego crosses J at full speed (SUMO's fcd)
    const { at, log } = trajectory('keepclearmoving/kcmoving.sumocfg', (t) => t.depart === 3, 80);
    expect(at.get(16)).toBe('WJ_0 185.67 13.89');
    expect(at.get(17)).toBe('junction 6.45 13.58');
    expect(at.get(18)).toBe('JK_0 4.33 9.08');
    expect(at.get(20)).toBe('JK_0 9.00 0.08');
    expect(log.arrived().map((t) => t.arrival).sort((a, b) => a - b)).toEqual([18, 30, 53]);
  });
});
