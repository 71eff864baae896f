import { describe, expect, it } from 'vitest';
import { meanDuration, runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * A 3-lane motorway near capacity (test/fixtures/sumo/motorway): 6,000 veh/h for 20 min, drivers with
 * sigma 0.5 and SUMO's speed-factor spread, so that lanes run at different speeds and drivers change
 * lanes for speed wherever the gaps allow it. The gaps a change needs decide how often it happens: a
 * driver who cuts into too small a gap makes the one behind brake, and the braking travels back as a
 * jam. SUMO 1.15's figures (seeds 1-3, the README's commands): lane changes 469 / 468 / 510 at 1 s
 * steps and 590 / 615 / 567 at 0.5 s steps (laneData `laneChangedFrom`); mean trip duration 82.3 and
 * 78.6 s.
 */

const CASES = [
  { cfg: 'motorway/dense.sumocfg', step: 1, sumoChanges: (469 + 468 + 510) / 3, sumoDuration: (82.35 + 84.09 + 80.34) / 3 },
  { cfg: 'motorway/halfstep.sumocfg', step: 0.5, sumoChanges: (590 + 615 + 567) / 3, sumoDuration: (79.3 + 78.37 + 78.23) / 3 },
];

/** Lane changes in a trip: consecutive lanes of the same road. */
function laneChanges(segments: readonly string[]): number {
  let n = 0;
  for (let i = 1; i < segments.length; i++) {
    const a = segments[i - 1] ?? '';
    const b = segments[i] ?? '';
    if (!a.startsWith(':') && !b.startsWith(':') && a.slice(0, a.lastIndexOf('_')) === b.slice(0, b.lastIndexOf('_'))) n++;
  }
  return n;
}

describe('a dense 3-lane motorway: lane changes for speed only into gaps the new follower can keep', () => {
  for (const c of CASES) {
    it(`${c.cfg}: as many lane changes as SUMO, and no jam SUMO does not have`, () => {
      const net = loadFixture(c.cfg);
      expect(net.stepLength).toBe(c.step);
      const changes: number[] = [];
      const durations: number[] = [];
      for (const seed of [1, 2, 3]) {
        const e = engineFor(net, { step: c.step });
        e.reset(seed);
        const log = new TripLog(e);
        runUntil(e, 1400, log);
        const m = e.metrics();
        // 2,000 drivers; the last leaves the 3 km road about 110 s after the flow ends at 1,200 s
        expect(m.inserted).toBe(2000);
        expect(m.arrived).toBe(2000);
        changes.push([...log.trips.values()].reduce((a, t) => a + laneChanges(t.segments), 0));
        durations.push(m.meanTravelTime ?? 0);
      }
      const mean = (xs: number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;
      const sumoDuration = SUMO_AVAILABLE ? mean([1, 2, 3].map((seed) => meanDuration(runSumo(fixture(c.cfg), { seed }).trips))) : c.sumoDuration;
      // before drivers accepted gaps only a hard-braking follower could keep: 3.7x SUMO's changes, +69 % duration
      expect(mean(changes) / c.sumoChanges).toBeGreaterThan(0.7);
      expect(mean(changes) / c.sumoChanges).toBeLessThan(1.3);
      expect(Math.abs(mean(durations) - sumoDuration) / sumoDuration).toBeLessThan(0.15);
    });
  }
});
