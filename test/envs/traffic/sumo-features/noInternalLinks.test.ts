import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * A net written without internal lanes (test/fixtures/sumo/nointernal, `netconvert --no-internal-links`):
 * SUMO moves a vehicle from the end of one lane straight onto the next, so the junction is crossed in no
 * distance and a turn costs no slowing down. Two drivers at a constant 13.89 m/s (no dawdling, speed
 * factor 1) from a front position of 5.1 m over two lanes of 300 m, straight on and turning left:
 * each arrives after ceil((300 - 5.1 + 300) / 13.89) = 43 steps.
 */

const CFG = 'nointernal/nointernal.sumocfg';

describe('a network without internal lanes', () => {
  it('crosses the junction in no distance, straight on and turning, as SUMO 1.15 does', () => {
    const expected = Math.ceil((300 - 5.1 + 300) / 13.89);
    expect(expected).toBe(43);
    const e = engineFor(loadFixture(CFG));
    e.reset(1);
    const log = new TripLog(e);
    runUntil(e, 200, log);
    const durations = [...log.trips.values()].sort((a, b) => a.depart - b.depart).map((t) => t.arrival - t.depart);
    expect(durations).toEqual([expected, expected]);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture(CFG)).trips.sort((a, b) => a.depart - b.depart);
      expect(ref.map((t) => t.duration)).toEqual([expected, expected]);
    }
  });
});
