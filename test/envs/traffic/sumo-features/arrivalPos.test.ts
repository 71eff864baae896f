import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * arrivalPos (test/fixtures/sumo/twolane, arrival.sumocfg): three drivers at a constant 13.89 m/s (no
 * dawdling, speed factor 1) along WB (496 m), the junction (11.2 m) and BE (492.8 m), from a front
 * position of 5.1 m. A driver arrives in the step its front reaches the arrival position: after
 * ceil(distance / 13.89) steps.
 */

const CFG = 'twolane/arrival.sumocfg';
const steps = (arrivalOnBE: number): number => Math.ceil((496 - 5.1 + 11.2 + arrivalOnBE) / 13.89);

describe('arrivalPos', () => {
  it('max (the default: the end of the last road), a position, and a position from the end', () => {
    const e = engineFor(loadFixture(CFG));
    e.reset(1);
    const log = new TripLog(e);
    runUntil(e, 400, log);
    const durations = [...log.trips.values()].sort((a, b) => a.depart - b.depart).map((t) => t.arrival - t.depart);
    const expected = [steps(492.8), steps(100), steps(492.8 - 50)];
    expect(expected).toEqual([72, 44, 69]);
    expect(durations).toEqual(expected);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture(CFG)).trips.sort((a, b) => a.depart - b.depart);
      expect(ref.map((t) => t.duration)).toEqual(expected);
      expect(ref.map((t) => t.arrivalPos)).toEqual([492.8, 100, 442.8]);
    }
  });
});
