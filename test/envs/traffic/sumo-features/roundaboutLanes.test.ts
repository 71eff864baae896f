import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runSeeds, runUntil } from './tsgymRun.js';

/*
 * A two-lane roundabout (test/fixtures/sumo/roundabout2: four two-lane arms, the ring's roads listed in the
 * net's <roundabout>), 2,400 veh/h in all, half of each arm's drivers going straight on. SUMO's LC2013 drivers
 * with more than one ring road to go use the inner lane (and count the ring's roads as extra room for their
 * strategic changes); without that the outer lane carries everything and the ring jams.
 */
const CFG = 'roundabout2/busy.sumocfg';
const SEEDS = [1, 2, 3];

describe('two-lane roundabout', () => {
  it('drivers going on around use the inner lane (SUMO 1.15: 41-42 % of the time spent on the ring)', () => {
    for (const seed of SEEDS) {
      const e = engineFor(loadFixture(CFG));
      e.reset(seed);
      const n = e.net;
      let inner = 0;
      let all = 0;
      runUntil(e, 1800, undefined, () => {
        for (let k = 0; k < e.veh.runCount; k++) {
          const s = e.veh.seg[e.veh.run[k] ?? 0] ?? 0;
          if (s >= n.nLanes || n.roadRoundabout[n.laneRoad[s] ?? 0] !== 1) continue;
          all++;
          if (n.laneIndex[s] === 1) inner++;
        }
      });
      expect(inner / all).toBeGreaterThan(0.2);
      expect(inner / all).toBeLessThan(0.6);
    }
  });

  it('serves the demand as SUMO does: arrivals within 2 %, mean travel time within 10 %, no teleports', () => {
    const runs = runSeeds(CFG, SEEDS, 1800);
    expect(runs.teleports.every((x) => x === 0), `teleports ${runs.teleports.join(', ')}`).toBe(true);
    const n = runs.arrived;
    const tt = runs.travelSum;
    // SUMO 1.15, seeds 1-3: 1,157 of 1,200 arrived per run, mean travel time 70.9 s
    let ref = { n: 3 * 1157, tt: 70.9 };
    if (SUMO_AVAILABLE) {
      const trips = SEEDS.flatMap((seed) => runSumo(fixture(CFG), { seed }).trips);
      ref = { n: trips.length, tt: trips.reduce((a, t) => a + t.duration, 0) / trips.length };
    }
    expect(Math.abs(n / ref.n - 1), `arrived ${n} vs SUMO ${ref.n}`).toBeLessThan(0.02);
    expect(Math.abs(tt / n / ref.tt - 1), `travel time ${(tt / n).toFixed(1)} s vs SUMO ${ref.tt.toFixed(1)} s`).toBeLessThan(0.1);
  });
});
