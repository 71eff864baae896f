import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * The simulation window of a .sumocfg (test/fixtures/sumo/twolane, window.sumocfg: begin 100 s, end
 * 400 s): the clock starts at begin, departures before begin are dropped (as SUMO does), departures after
 * end never happen. Demand: a flow every 10 s from 0 s to 290 s, and vehicles at 50, 100, 150 and 450 s.
 */

const CFG = 'twolane/window.sumocfg';

describe('time window: begin and end, departures before begin', () => {
  const net = loadFixture(CFG);

  it('reads begin and end, and counts only the departures inside the window', () => {
    expect([net.begin, net.end]).toEqual([100, 400]);
    // 20 flow departures (100-290 s), atBegin and inside
    expect(net.expectedVehicles).toBeCloseTo(22, 9);
  });

  it('the clock starts at begin: the first step is labelled 100 s and inserts the driver departing then', () => {
    const e = engineFor(net);
    e.reset(1);
    expect(e.time).toBe(100);
    const log = new TripLog(e);
    runUntil(e, 101, log);
    expect([...log.trips.values()].map((t) => t.depart)).toEqual([100]);
    expect(e.metrics().time).toBe(101);
  });

  it('drops the departures before begin and inserts the 22 inside the window', () => {
    const e = engineFor(net);
    e.reset(1);
    const log = new TripLog(e);
    runUntil(e, net.end ?? 0, log);
    const departs = [...log.trips.values()].map((t) => t.depart);
    expect(departs.length).toBe(22);
    expect(Math.min(...departs)).toBe(100);
    expect(Math.max(...departs)).toBeLessThan(300);
    expect(e.metrics()).toMatchObject({ inserted: 22, pending: 0 });
    expect(e.counters.queued).toBe(22);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture(CFG), { fcd: true });
      expect(ref.inserted).toBe(22);
      expect(Math.min(...ref.trips.map((t) => t.depart))).toBe(100);
      expect(ref.fcd[0]?.time).toBe(100);
      expect(ref.trips.some((t) => t.id === 'early' || t.id === 'late')).toBe(false);
    }
  });
});
