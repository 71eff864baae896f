import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runSeeds, runUntil } from './tsgymRun.js';

/*
 * A two-lane roundabout (test/fixtures/sumo/roundabout2: four two-lane arms, the ring's roads listed in the
 * net's <roundabout>), 2,400 veh/h in all, half of each arm's drivers going straight on. SUMO 1.15's LC2013
 * drivers passing at least two of the ring's junctions before their exit get a bonus of room on their lanes
 * (MSLCHelper::getRoundaboutDistBonus: the distance on the ring times how much fuller the outer lane is
 * than the inner one) and, while they have it, move to the inner lane (already on the arm) and not back;
 * without that the outer lane carries everything and the ring jams.
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
      expect(inner / all).toBeGreaterThan(0.35);
      expect(inner / all).toBeLessThan(0.48);
    }
  });

  it('per driver: the lane it enters the ring on depends on how far it goes around, as in SUMO 1.15', () => {
    // SUMO 1.15 (TraCI, lane index on the first ring road), seeds 1-3: drivers leaving at the first exit
    // enter on the outer lane (0 %), drivers going straight on (two ring roads) on the inner lane 54, 58 and
    // 56 % of the time, drivers going to the third exit (three ring roads) 90, 82 and 88 %
    for (const seed of SEEDS) {
      const e = engineFor(loadFixture(CFG));
      e.reset(seed);
      const n = e.net;
      const first = new Map<number, [number, number]>();
      runUntil(e, 1800, undefined, () => {
        const vs = e.veh;
        for (let k = 0; k < vs.runCount; k++) {
          const v = vs.run[k] ?? 0;
          const id = vs.extId[v] ?? -1;
          const s = vs.seg[v] ?? 0;
          if (first.has(id) || s >= n.nLanes || n.roadRoundabout[n.laneRoad[s] ?? 0] !== 1) continue;
          let ringRoads = 0;
          const r = vs.route[v] ?? 0;
          for (let i = 0; i < e.routes.length(r); i++) if (n.roadRoundabout[e.routes.road(r, i)] === 1) ringRoads++;
          first.set(id, [ringRoads, n.laneIndex[s] ?? 0]);
        }
      });
      const share = (roads: number): number => {
        const xs = [...first.values()].filter((x) => x[0] === roads);
        expect(xs.length).toBeGreaterThan(250);
        return xs.reduce((a, x) => a + x[1], 0) / xs.length;
      };
      expect(share(1)).toBe(0);
      expect(share(2)).toBeGreaterThan(0.45);
      expect(share(2)).toBeLessThan(0.65);
      expect(share(3)).toBeGreaterThan(0.7);
      expect(share(3)).toBeLessThan(0.95);
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
