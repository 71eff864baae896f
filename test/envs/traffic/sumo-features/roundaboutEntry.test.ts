import { describe, expect, it } from 'vitest';
import { engineFor, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * Entering a single-lane roundabout (test/fixtures/sumo/roundabout), no dawdling, against SUMO 1.15
 * (figures in the fixture's README). A ring driver that has passed the entry still covers the ring's
 * internal lane with its back: SUMO counts it as a junction leader of the entering driver (same target
 * lane, merging where the two internal lanes come within 2.5 m of each other), so the entering driver
 * waits until that back has cleared the merge, and the next ring driver is then often too close.
 */

function run(cfg: string, end: number): { log: TripLog; meanTravel: number; arrived: number } {
  const e = engineFor(loadFixture(cfg));
  e.reset(1);
  const log = new TripLog(e);
  runUntil(e, end, log);
  const m = e.metrics();
  return { log, meanTravel: m.meanTravelTime ?? Number.NaN, arrived: m.arrived ?? 0 };
}

describe('entering a roundabout', () => {
  it('a saturated entry against a 450 veh/h ring stream: 74 drivers enter in 30 minutes, the first four arrive at 46, 71, 95 and 119 s (SUMO 1.15)', () => {
    const { log } = run('roundabout/entry.sumocfg', 1800);
    const trips = log.arrived();
    const entering = trips.filter((t) => t.route[0] === 'inN').sort((a, b) => a.depart - b.depart);
    const ring = trips.filter((t) => t.route[0] === 'inE');
    expect(entering.slice(0, 4).map((t) => t.arrival)).toEqual([46, 71, 95, 119]);
    expect(entering).toHaveLength(74);
    expect(ring).toHaveLength(220);
  });

  it('eight steady flows (1,700 veh/h): mean trip time 50.64 s as in SUMO 1.15', () => {
    const { meanTravel, arrived } = run('roundabout/steady.sumocfg', 3600);
    expect(arrived).toBe(1680);
    expect(meanTravel).toBeCloseTo(50.636, 1);
  });
});
