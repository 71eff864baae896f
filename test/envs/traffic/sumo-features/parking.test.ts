import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * Parking stops (test/fixtures/sumo/parking): `p` parks 60 s in a parking area on the first road, `q` 30 s
 * with parking="true" on the second; a flow every 4 s follows them. Parked vehicles leave the lane, so the
 * flow is not held up; leaving, a parked vehicle waits for a gap in the flow.
 */

const CFG = 'parking/parking.sumocfg';

describe('parking stops', () => {
  it('take the vehicle off the lane: the flow behind drives on at full speed, and the parked car comes back after its stop', () => {
    const e = engineFor(loadFixture(CFG));
    e.reset(1);
    const log = new TripLog(e);
    let parkedAt70 = -1;
    const waited = [0, 0];
    runUntil(e, 300, log, () => {
      if (e.time === 70) parkedAt70 = e.parked.length;
      for (const v of [...e.parked, ...e.veh.run.subarray(0, e.veh.runCount)]) {
        const id = e.veh.extId[v] ?? -1;
        if (id === 0 || id === 1) waited[id] = e.veh.waiting[v] ?? 0;
      }
    });
    // at 70 s both stand in their parking places (p 16-76 s, q 59-89 s), off the lane
    expect(parkedAt70).toBe(2);
    const trips = [...log.trips.values()].sort((a, b) => a.depart - b.depart);
    const durations = trips.map((t) => t.arrival - t.depart);
    // by hand: from standing at 5.1 m over 795 m at 13.89 m/s, accelerating at 2.6 m/s2: 57.2 s + 2.7 s lost = 60 steps
    const free = Math.ceil((800 - 5.1) / 13.89 + 13.89 / (2 * 2.6));
    expect(free).toBe(60);
    // the flow's drivers from 12 s on, passing p (parked 16-76 s) and q (parked 59-89 s): none is held up by them
    const flow = trips.filter((t) => t.depart >= 12 && t.depart <= 140);
    expect(flow.length).toBeGreaterThan(30);
    expect(flow.every((t) => t.arrival - t.depart <= free + 1)).toBe(true);
    // p and q: their trips with the stop, and the wait for a gap when leaving (SUMO 1.15: 127 s and 97 s)
    expect(durations.slice(0, 2)).toEqual([127, 97]);
    // each failed try to get back counts as waiting, as in SUMO's trip infos: p tries from 75 s and is back at 78 s, q at 89 s
    expect(waited).toEqual([3, 1]);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture(CFG), { args: ['--end', '300'] }).trips.sort((a, b) => a.depart - b.depart);
      expect(ref.slice(0, 2).map((t) => t.duration)).toEqual([127, 97]);
      expect(ref.slice(0, 2).map((t) => t.waitingTime)).toEqual([3, 1]);
      const theirs = new Map(ref.map((t) => [t.depart, t.duration]));
      // every trip as long as SUMO's
      for (const t of trips) if (theirs.has(t.depart)) expect(t.arrival - t.depart, `depart ${t.depart}`).toBe(theirs.get(t.depart));
    }
  });
});
