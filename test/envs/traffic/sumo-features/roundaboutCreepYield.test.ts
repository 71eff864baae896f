import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil } from './tsgymRun.js';

/*
 * An IDM driver entering the two-lane roundabout creeps over its stop line (test/fixtures/sumo/idmcreep)
 * onto the junction in the step a ring driver enters it too; the entering driver yields (the slower one of
 * a tie, SUMO 1.15 `MSVehicle::isLeader`) and the ring driver stops for it (it is in its way). SUMO 1.15
 * resolves this: once the entering driver has stood more than 5 s (JUNCTION_BLOCKAGE_TIME) the ring driver
 * withdraws its request, and the entering driver then ignores a foe that will not pass although it enters a
 * roundabout (`MSLink::getLeaderInfo`), 7 s after both stopped. The random trips of
 * roundabout2/medium.rou.xml meet this on seed 2 (tsgym: drivers 716 and 721 at `c3`, 1,106 s); had the
 * entering driver kept the ring driver as its leader, the two would stand until they teleport (740 of 1,173
 * arrivals, 12 teleports). SUMO 1.15, seeds 1-3: 1,172, 1,173, 1,173 arrivals, no teleport.
 */

const SUMO_ARRIVED = [1172, 1173, 1173];

describe('IDM drivers on a two-lane roundabout (random trips, SUMO 1.15)', () => {
  it('no gridlock where an entering driver crept onto the junction beside a ring driver: arrivals within 1 % of SUMO, no teleports', () => {
    const cfg = 'roundabout2/medium-idm.sumocfg';
    const net = loadFixture(cfg);
    const seeds = [1, 2, 3];
    const sumo = SUMO_AVAILABLE ? seeds.map((seed) => runSumo(fixture(cfg), { seed }).trips.length) : SUMO_ARRIVED;
    seeds.forEach((seed, i) => {
      const e = engineFor(net);
      e.reset(seed);
      runUntil(e, 1800);
      expect(e.counters.teleports).toBe(0);
      const arrived = e.metrics().arrived ?? 0;
      expect(Math.abs(arrived - (sumo[i] ?? 0)) / (sumo[i] ?? 1)).toBeLessThan(0.01);
    });
  });
});
