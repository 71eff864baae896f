import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * A U-turn waiting at its internal junction and the left turns from the minor road that it must yield to
 * (test/fixtures/sumo/uturnyield): inside the junction, who goes first is decided by SUMO's isLeader, which
 * compares the U-turner's entry into the conflict area (only when it passes its internal junction) with
 * the left turner's entry into the junction, so the U-turner lets every left turner go first.
 */

const CFG = 'uturnyield/uturnyield.sumocfg';

describe('a turn waiting at an internal junction yields to foes it must give way to', () => {
  const net = loadFixture(CFG);
  const e = engineFor(net);
  e.reset(1);
  const log = new TripLog(e);
  runUntil(e, 300, log);
  const trip = (from: string, depart: number): number =>
    [...log.trips.values()].find((t) => t.route[0] === from && t.depart === depart)?.arrival ?? Number.NaN;
  const arrivals = { lt0: trip('-265', 10), ut: trip('-257', 12), lt1: trip('-265', 13), lt2: trip('-265', 16) };

  it('the U-turner, on the junction first, leaves after the three left turners, at SUMO 1.15 times', () => {
    // SUMO 1.15 tripinfo of this fixture: lt0 97 s, lt1 99 s, lt2 101 s, ut 105 s
    expect(arrivals.ut).toBeGreaterThan(arrivals.lt2);
    expect(arrivals.lt0).toBeLessThan(arrivals.lt1);
    expect(arrivals.lt1).toBeLessThan(arrivals.lt2);
    const sumo115 = { lt0: 97, lt1: 99, lt2: 101, ut: 105 };
    for (const k of ['lt0', 'lt1', 'lt2', 'ut'] as const) expect(Math.abs(arrivals[k] - sumo115[k])).toBeLessThanOrEqual(1);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture(CFG));
      for (const k of ['lt0', 'lt1', 'lt2', 'ut'] as const) {
        expect(Math.abs(arrivals[k] - (ref.trips.find((t) => t.id === k)?.arrival ?? Number.NaN))).toBeLessThanOrEqual(1);
      }
    }
  });
});
