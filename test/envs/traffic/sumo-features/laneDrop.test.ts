import { describe, expect, it } from 'vitest';
import { meanDuration, runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * A lane drop (test/fixtures/sumo/lanedrop): a 2-lane road WM (296 m) narrows to the 1-lane ME at a
 * priority node. netconvert connects only WM's left lane (WM_1 -> ME_0), so every driver on the right
 * lane must change to the left lane before the end of WM. 1,200 veh/h on random lanes for 30 min.
 */

const CFG = 'lanedrop/lanedrop.sumocfg';

describe('lane drop: the right lane ends, its drivers change lanes before the end', () => {
  const net = loadFixture(CFG);

  it('imports the single connection from the left lane', () => {
    expect(net.spec.connections.filter((c) => c.from === 'WM').map((c) => [c.fromLane, c.to, c.toLane])).toEqual([[1, 'ME', 0]]);
  });

  it('every driver inserted on the right lane reaches the left lane and leaves through it, nobody teleports', () => {
    const e = engineFor(net);
    e.reset(1);
    const log = new TripLog(e);
    runUntil(e, 1800, log);
    const trips = [...log.trips.values()];
    const right = trips.filter((t) => t.departLane === 'WM_0');
    // departLane="random": about half of the 600 drivers start on the right lane
    expect(right.length).toBeGreaterThan(240);
    expect(right.length).toBeLessThan(360);
    for (const t of trips.filter((x) => !Number.isNaN(x.arrival))) {
      // the last lane of WM each driver used is the left one, and from there it entered the junction
      const onWM = t.segments.filter((s) => s.startsWith('WM_'));
      expect(onWM[onWM.length - 1]).toBe('WM_1');
    }
    expect(e.counters.teleports).toBe(0);
    const m = e.metrics();
    // 1,200 veh/h is well below the capacity of one lane: all are inserted, all but the last minute's arrive
    expect(m.inserted).toBe(600);
    expect(m.arrived).toBeGreaterThan(580);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture(CFG));
      expect(Math.abs((m.arrived ?? 0) - ref.trips.length) / ref.trips.length).toBeLessThan(0.05);
      expect(Math.abs((m.meanTravelTime ?? 0) - meanDuration(ref.trips)) / meanDuration(ref.trips)).toBeLessThan(0.15);
    } else {
      // 494.9 m from the departure (front at 5.1 m) at 13.89 m/s is 36 s of free flow; the merge adds a few seconds
      expect(m.meanTravelTime).toBeGreaterThan(35);
      expect(m.meanTravelTime).toBeLessThan(50);
    }
  });
});
